//! `sys_role` — 系统角色(权限与数据范围)

use super::enums::{DataScope, RoleStatus};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 系统角色(权限与数据范围)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_role")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 角色ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 角色名称
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub role_name: String,
    /// 权限键,逗号分隔
    #[sea_orm(column_type = "Text")]
    pub permissions: Option<String>,
    /// 数据范围:1-本人,2-本人及下属,3-本部门,4-本部门及下级部门,5-全部
    pub data_scope: DataScope,
    /// 状态:0-禁用,1-启用
    pub status: RoleStatus,
    /// 备注
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub remark: Option<String>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
