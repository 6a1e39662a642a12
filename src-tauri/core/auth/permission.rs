//! Permission keys `module:action`. A role holds a list of keys; `*` grants all,
//! `module:*` grants every action of a module.

use serde::Serialize;
use std::collections::BTreeSet;

/// One module and the actions that can be granted on it (the UI's permission matrix).
#[derive(Clone, Copy, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PermissionModule {
    pub module: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub actions: &'static [&'static str],
}

const CRUD: &[&str] = &["read", "create", "update", "delete"];
const CRUD_EXPORT: &[&str] = &["read", "create", "update", "delete", "export"];

pub const PERMISSION_CATALOG: &[PermissionModule] = &[
    PermissionModule {
        module: "lead",
        label_zh: "线索",
        label_en: "Leads",
        actions: &["read", "create", "update", "delete", "assign", "claim", "import", "export"],
    },
    PermissionModule {
        module: "customer",
        label_zh: "客户",
        label_en: "Customers",
        actions: &["read", "create", "update", "delete", "transfer", "claim", "import", "export"],
    },
    PermissionModule { module: "contact", label_zh: "联系人", label_en: "Contacts", actions: &["read", "create", "update", "delete", "import", "export"] },
    PermissionModule { module: "follow_up", label_zh: "跟进记录", label_en: "Follow-ups", actions: CRUD_EXPORT },
    PermissionModule { module: "opportunity", label_zh: "商机", label_en: "Opportunities", actions: CRUD_EXPORT },
    PermissionModule {
        module: "quotation", label_zh: "报价单", label_en: "Quotations", actions: &["read", "create", "update", "delete", "approve", "export"]
    },
    PermissionModule { module: "contract", label_zh: "合同", label_en: "Contracts", actions: &["read", "create", "update", "delete", "approve", "export"] },
    PermissionModule { module: "payment", label_zh: "回款", label_en: "Payments", actions: &["read", "create", "update", "delete", "confirm"] },
    PermissionModule { module: "invoice", label_zh: "发票", label_en: "Invoices", actions: &["read", "create", "update", "delete", "request"] },
    PermissionModule { module: "marketing", label_zh: "市场营销", label_en: "Marketing", actions: &["read", "create", "update", "delete", "send"] },
    PermissionModule { module: "service", label_zh: "客户服务", label_en: "Service", actions: &["read", "create", "update", "delete", "assign", "export"] },
    PermissionModule {
        module: "product",
        label_zh: "产品",
        label_en: "Products",
        actions: &["read", "create", "update", "delete", "cost", "import", "export"],
    },
    PermissionModule { module: "report", label_zh: "报表", label_en: "Reports", actions: &["read"] },
    PermissionModule { module: "user", label_zh: "用户", label_en: "Users", actions: CRUD },
    PermissionModule { module: "dept", label_zh: "部门", label_en: "Departments", actions: CRUD },
    PermissionModule { module: "role", label_zh: "角色", label_en: "Roles", actions: CRUD },
    PermissionModule { module: "settings", label_zh: "系统设置", label_en: "Settings", actions: &["read", "update"] },
    PermissionModule { module: "oplog", label_zh: "操作日志", label_en: "Operation log", actions: &["read"] },
];

/// Is `key` a permission the catalog knows (or a wildcard)?
pub fn is_known(key: &str) -> bool {
    if key == "*" {
        return true;
    }
    let Some((m, a)) = key.split_once(':') else { return false };
    PERMISSION_CATALOG.iter().any(|pm| pm.module == m && (a == "*" || pm.actions.contains(&a)))
}

pub fn has_permission(granted: &BTreeSet<String>, wanted: &str) -> bool {
    if granted.contains("*") || granted.contains(wanted) {
        return true;
    }
    match wanted.split_once(':') {
        Some((module, _)) => granted.contains(&format!("{module}:*")),
        None => false,
    }
}

/// Parse the comma-separated list stored in `sys_role.permissions`.
pub fn parse_list(s: Option<&str>) -> BTreeSet<String> {
    s.unwrap_or("").split(',').map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        let g = parse_list(Some("customer:read, lead:*"));
        assert!(has_permission(&g, "customer:read"));
        assert!(!has_permission(&g, "customer:delete"));
        assert!(has_permission(&g, "lead:assign"));
        assert!(has_permission(&parse_list(Some("*")), "contract:approve"));
        assert!(is_known("contract:approve"));
        assert!(!is_known("contract:fly"));
        assert!(is_known("lead:*"));
    }
}
