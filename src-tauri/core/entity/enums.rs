//! 状态/类型枚举:映射种子库中的 tinyint 编码。
//!
//! 数据库中以 tinyint 存储(`DeriveActiveEnum`,`rs_type = "i8"`,
//! `db_type = "TinyInteger"`);JSON 中以 snake_case 名称序列化
//! (例如 `UserStatus::Enabled` ⇄ `"enabled"`),不使用数字编码。
//!
//! 每个枚举都提供:
//! - `code(self) -> i8`:数据库编码;
//! - `from_code(i8) -> Option<Self>`:由编码还原;
//! - `label_zh(self)` / `label_en(self)`:界面显示文字;
//! - `ALL`:按编码顺序列出全部取值(用于下拉框等)。

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 定义一个映射 tinyint 编码的状态枚举,并生成编码/标签辅助方法。
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $code:tt => ($zh:literal, $en:literal)
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize,
            Deserialize, ts_rs::TS,
        )]
        #[sea_orm(rs_type = "i8", db_type = "TinyInteger")]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $(
                $(#[$vmeta])*
                $variant = $code,
            )+
        }

        impl $name {
            /// 全部取值(按定义顺序)。
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// 数据库中的 tinyint 编码。
            pub fn code(self) -> i8 {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// 由 tinyint 编码还原;未知编码返回 `None`。
            pub fn from_code(code: i8) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// 中文显示名。
            pub fn label_zh(self) -> &'static str {
                match self {
                    $($name::$variant => $zh,)+
                }
            }

            /// 英文显示名。
            pub fn label_en(self) -> &'static str {
                match self {
                    $($name::$variant => $en,)+
                }
            }
        }

        impl CodeEnum for $name {
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn label(self, zh: bool) -> &'static str {
                if zh { self.label_zh() } else { self.label_en() }
            }
        }
    };
}

/// What every code enum offers, for code that handles them generically (spreadsheet
/// import and export turn JSON names into labels and back).
pub trait CodeEnum: Sized + Copy + Serialize + 'static {
    fn all() -> &'static [Self];
    fn label(self, zh: bool) -> &'static str;
    /// The JSON name (`"potential"`).
    fn json_name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
    /// The label for a JSON name, if it is one of ours.
    fn label_of(name: &str, zh: bool) -> Option<&'static str> {
        Self::all().iter().find(|v| v.json_name() == name).map(|v| v.label(zh))
    }
}

code_enum! {
    /// 用户状态(sys_user.status):0-禁用,1-启用。
    UserStatus {
        /// 禁用
        Disabled = 0 => ("禁用", "Disabled"),
        /// 启用
        Enabled = 1 => ("启用", "Enabled"),
    }
}

code_enum! {
    /// 线索状态(crm_lead.status):1-新增,2-跟进中,3-已转化,4-失效。
    LeadStatus {
        /// 新增
        New = 1 => ("新增", "New"),
        /// 跟进中
        Following = 2 => ("跟进中", "Following"),
        /// 已转化
        Converted = 3 => ("已转化", "Converted"),
        /// 失效
        Invalid = 4 => ("失效", "Invalid"),
    }
}

code_enum! {
    /// 客户状态(crm_customer.status):1-潜在,2-成交,3-流失。
    CustomerStatus {
        /// 潜在
        Potential = 1 => ("潜在", "Potential"),
        /// 成交
        Deal = 2 => ("成交", "Deal"),
        /// 流失
        Lost = 3 => ("流失", "Lost"),
    }
}

code_enum! {
    /// 客户类型(crm_customer.customer_type):1-个人,2-企业。
    CustomerType {
        /// 个人
        Personal = 1 => ("个人", "Personal"),
        /// 企业
        Enterprise = 2 => ("企业", "Enterprise"),
    }
}

code_enum! {
    /// 客户等级(crm_customer.level):1-A,2-B,3-C。
    CustomerLevel {
        /// A 级
        A = 1 => ("A级", "A"),
        /// B 级
        B = 2 => ("B级", "B"),
        /// C 级
        C = 3 => ("C级", "C"),
    }
}

code_enum! {
    /// 意向度(crm_lead.intent_level):1-低,2-中,3-高。
    IntentLevel {
        /// 低
        Low = 1 => ("低", "Low"),
        /// 中
        Medium = 2 => ("中", "Medium"),
        /// 高
        High = 3 => ("高", "High"),
    }
}

code_enum! {
    /// 拜访计划状态(crm_visit_plan.status):1-计划中,2-已完成,3-已取消。
    VisitPlanStatus {
        /// 计划中
        Planned = 1 => ("计划中", "Planned"),
        /// 已完成
        Done = 2 => ("已完成", "Done"),
        /// 已取消
        Cancelled = 3 => ("已取消", "Cancelled"),
    }
}

code_enum! {
    /// 回访状态(crm_return_visit.status):1-待执行,2-已完成,3-已取消。
    ReturnVisitStatus {
        /// 待执行
        Pending = 1 => ("待执行", "Pending"),
        /// 已完成
        Done = 2 => ("已完成", "Done"),
        /// 已取消
        Cancelled = 3 => ("已取消", "Cancelled"),
    }
}

code_enum! {
    /// 产品状态(crm_product.status):0-下架,1-上架。
    ProductStatus {
        /// 下架
        OffShelf = 0 => ("下架", "Off shelf"),
        /// 上架
        OnShelf = 1 => ("上架", "On shelf"),
    }
}

code_enum! {
    /// 商机状态(crm_opportunity.status):1-进行中,2-已赢单,3-已输单。
    OpportunityStatus {
        /// 进行中
        InProgress = 1 => ("进行中", "In progress"),
        /// 已赢单
        Won = 2 => ("已赢单", "Won"),
        /// 已输单
        Lost = 3 => ("已输单", "Lost"),
    }
}

code_enum! {
    /// 报价单状态(crm_quotation.status):1-草稿,2-已发送,3-已接受,4-已拒绝。
    QuotationStatus {
        /// 草稿
        Draft = 1 => ("草稿", "Draft"),
        /// 已发送
        Sent = 2 => ("已发送", "Sent"),
        /// 已接受
        Accepted = 3 => ("已接受", "Accepted"),
        /// 已拒绝
        Rejected = 4 => ("已拒绝", "Rejected"),
    }
}

code_enum! {
    /// 合同状态(crm_contract.status):1-草稿,2-已审核,3-已签约,4-已终止。
    ContractStatus {
        /// 草稿
        Draft = 1 => ("草稿", "Draft"),
        /// 已审核
        Approved = 2 => ("已审核", "Approved"),
        /// 已签约
        Signed = 3 => ("已签约", "Signed"),
        /// 已终止
        Terminated = 4 => ("已终止", "Terminated"),
    }
}

code_enum! {
    /// 回款计划状态(crm_payment_plan.status):1-未回款,2-部分回款,3-全部回款。
    PaymentPlanStatus {
        /// 未回款
        Unpaid = 1 => ("未回款", "Unpaid"),
        /// 部分回款
        Partial = 2 => ("部分回款", "Partially paid"),
        /// 全部回款
        Paid = 3 => ("全部回款", "Paid"),
    }
}

code_enum! {
    /// 发票状态(crm_invoice.status):1-已开票,2-已寄达,3-已认证。
    InvoiceStatus {
        /// 已开票
        Issued = 1 => ("已开票", "Issued"),
        /// 已寄达
        Delivered = 2 => ("已寄达", "Delivered"),
        /// 已认证
        Certified = 3 => ("已认证", "Certified"),
        /// 作废/红冲(保留记录,不计入开票合计;产品新增的编码 9)
        Voided = 9 => ("已作废", "Voided"),
    }
}

code_enum! {
    /// 回款记录状态(crm_payment_record.status,产品新增):1-待确认,2-已确认。
    ReceiptStatus {
        /// 待确认
        Pending = 1 => ("待确认", "Pending"),
        /// 已确认
        Confirmed = 2 => ("已确认", "Confirmed"),
    }
}

code_enum! {
    /// 开票申请状态(crm_invoice_request.status,产品新增):1-待开票,2-已开票,3-已驳回。
    InvoiceRequestStatus {
        /// 待开票
        Pending = 1 => ("待开票", "Pending"),
        /// 已开票
        Issued = 2 => ("已开票", "Issued"),
        /// 已驳回
        Rejected = 3 => ("已驳回", "Rejected"),
    }
}

code_enum! {
    /// 市场活动状态(crm_marketing_activity.status):1-策划中,2-进行中,3-已结束。
    ActivityStatus {
        /// 策划中
        Planning = 1 => ("策划中", "Planning"),
        /// 进行中
        Running = 2 => ("进行中", "Running"),
        /// 已结束
        Ended = 3 => ("已结束", "Ended"),
    }
}

code_enum! {
    /// 工单状态(crm_work_order.status):1-待处理,2-处理中,3-已解决,4-已关闭。
    WorkOrderStatus {
        /// 待处理
        Pending = 1 => ("待处理", "Pending"),
        /// 处理中
        Processing = 2 => ("处理中", "Processing"),
        /// 已解决
        Resolved = 3 => ("已解决", "Resolved"),
        /// 已关闭
        Closed = 4 => ("已关闭", "Closed"),
    }
}

code_enum! {
    /// 工单优先级(crm_work_order.priority):1-紧急,2-普通,3-低。
    WorkOrderPriority {
        /// 紧急
        Urgent = 1 => ("紧急", "Urgent"),
        /// 普通
        Normal = 2 => ("普通", "Normal"),
        /// 低
        Low = 3 => ("低", "Low"),
    }
}

code_enum! {
    /// 角色状态(sys_role.status):0-禁用,1-启用。
    RoleStatus {
        /// 禁用
        Disabled = 0 => ("禁用", "Disabled"),
        /// 启用
        Enabled = 1 => ("启用", "Enabled"),
    }
}

code_enum! {
    /// 数据权限范围(sys_role.data_scope):
    /// 1-本人,2-本人及下属,3-本部门,4-本部门及下级部门,5-全部。
    DataScope {
        /// 仅本人数据
        Own = 1 => ("本人", "Own"),
        /// 本人及下属数据
        OwnAndSubordinates = 2 => ("本人及下属", "Own and subordinates"),
        /// 本部门数据
        Department = 3 => ("本部门", "Department"),
        /// 本部门及下级部门数据
        DepartmentTree = 4 => ("本部门及下级部门", "Department and sub-departments"),
        /// 全部数据
        All = 5 => ("全部", "All"),
    }
}

code_enum! {
    /// 编号规则重置周期(sys_number_rule.reset_period):0-不重置,1-每日,2-每月,3-每年。
    ResetPeriod {
        /// 不重置
        Never = 0 => ("不重置", "Never"),
        /// 每日重置
        Daily = 1 => ("每日", "Daily"),
        /// 每月重置
        Monthly = 2 => ("每月", "Monthly"),
        /// 每年重置
        Yearly = 3 => ("每年", "Yearly"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Value, ValueType};
    use sea_orm::{ActiveEnum, Iterable};
    use std::collections::HashSet;

    /// 每个取值:编码 ⇄ 变体、JSON ⇄ 变体、ActiveEnum 值 ⇄ 变体均可往返。
    fn check<E>(code: fn(E) -> i8, from_code: fn(i8) -> Option<E>, zh: fn(E) -> &'static str, en: fn(E) -> &'static str, all: &[E])
    where
        E: Copy
            + std::fmt::Debug
            + Eq
            + std::hash::Hash
            + Serialize
            + serde::de::DeserializeOwned
            + ActiveEnum<Value = i8>
            + Iterable
            + ValueType
            + Into<Value>,
    {
        let iterated: Vec<E> = E::iter().collect();
        assert_eq!(iterated, all, "ALL must list every variant in order");

        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for &v in all {
            // code ⇄ variant
            let c = code(v);
            assert!(codes.insert(c), "duplicate code {c} for {v:?}");
            assert_eq!(from_code(c), Some(v));

            // ActiveEnum (database) value matches code
            assert_eq!(v.to_value(), c);
            assert_eq!(E::try_from_value(&c).unwrap(), v);
            let db: Value = v.into();
            assert_eq!(db, Value::TinyInt(Some(c)));
            assert_eq!(<E as ValueType>::try_from(db).unwrap(), v);

            // JSON: a snake_case string, never the number
            let json = serde_json::to_string(&v).unwrap();
            assert!(json.starts_with('"') && json.ends_with('"'), "{json}");
            let name = &json[1..json.len() - 1];
            assert!(name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'), "not snake_case: {json}");
            assert!(names.insert(json.clone()), "duplicate JSON name {json}");
            assert_eq!(serde_json::from_str::<E>(&json).unwrap(), v);
            assert!(serde_json::from_str::<E>(&c.to_string()).is_err());

            // labels
            assert!(!zh(v).is_empty());
            assert!(!en(v).is_empty());
        }

        // unknown codes are rejected
        for c in [-1i8, 6, 99, i8::MIN, i8::MAX] {
            if !codes.contains(&c) {
                assert_eq!(from_code(c), None);
                assert!(E::try_from_value(&c).is_err());
            }
        }
        assert!(serde_json::from_str::<E>("\"no_such_variant\"").is_err());
    }

    macro_rules! check_all {
        ($($e:ident),+ $(,)?) => {
            $(check::<$e>($e::code, $e::from_code, $e::label_zh, $e::label_en, $e::ALL);)+
        };
    }

    #[test]
    fn every_enum_round_trips() {
        check_all!(
            UserStatus,
            LeadStatus,
            CustomerStatus,
            CustomerType,
            CustomerLevel,
            IntentLevel,
            VisitPlanStatus,
            ReturnVisitStatus,
            ProductStatus,
            OpportunityStatus,
            QuotationStatus,
            ContractStatus,
            PaymentPlanStatus,
            InvoiceStatus,
            ReceiptStatus,
            InvoiceRequestStatus,
            ActivityStatus,
            WorkOrderStatus,
            WorkOrderPriority,
            RoleStatus,
            DataScope,
            ResetPeriod,
        );
    }

    #[test]
    fn codes_match_seed_schema() {
        assert_eq!(UserStatus::Disabled.code(), 0);
        assert_eq!(UserStatus::Enabled.code(), 1);
        assert_eq!(LeadStatus::Invalid.code(), 4);
        assert_eq!(CustomerLevel::C.code(), 3);
        assert_eq!(ProductStatus::OffShelf.code(), 0);
        assert_eq!(WorkOrderPriority::Normal.code(), 2);
        assert_eq!(DataScope::All.code(), 5);
        assert_eq!(ResetPeriod::Never.code(), 0);
        assert_eq!(ResetPeriod::Yearly.code(), 3);
    }

    #[test]
    fn json_names() {
        assert_eq!(serde_json::to_string(&UserStatus::Enabled).unwrap(), "\"enabled\"");
        assert_eq!(serde_json::to_string(&ProductStatus::OffShelf).unwrap(), "\"off_shelf\"");
        assert_eq!(serde_json::to_string(&DataScope::OwnAndSubordinates).unwrap(), "\"own_and_subordinates\"");
        assert_eq!(serde_json::to_string(&CustomerLevel::A).unwrap(), "\"a\"");
        assert_eq!(serde_json::from_str::<OpportunityStatus>("\"in_progress\"").unwrap(), OpportunityStatus::InProgress);
        // Option<Enum> (nullable columns) serializes as null / name.
        assert_eq!(serde_json::to_string(&None::<IntentLevel>).unwrap(), "null");
        assert_eq!(serde_json::to_string(&Some(IntentLevel::High)).unwrap(), "\"high\"");
    }

    #[test]
    fn labels() {
        assert_eq!(LeadStatus::Following.label_zh(), "跟进中");
        assert_eq!(LeadStatus::Following.label_en(), "Following");
        assert_eq!(DataScope::DepartmentTree.label_zh(), "本部门及下级部门");
    }
}

/// What a follow-up (crm_follow_up.relation_type) is attached to. Stored as the words
/// `lead` / `customer`, as in the seed data.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum RelationKind {
    Lead,
    Customer,
}

impl RelationKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            RelationKind::Lead => "lead",
            RelationKind::Customer => "customer",
        }
    }
    pub fn parse(s: &str) -> Option<RelationKind> {
        match s {
            "lead" => Some(RelationKind::Lead),
            "customer" => Some(RelationKind::Customer),
            _ => None,
        }
    }
}
