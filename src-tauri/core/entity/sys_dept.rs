//! `sys_dept` — 部门(销售一部/客服部等)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 部门(销售一部/客服部等)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_dept")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 部门ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 部门名称
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub dept_name: String,
    /// 上级部门ID
    pub parent_id: Option<i64>,
    /// 排序
    pub sort: Option<i32>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::sys_user::Entity")]
    SysUser,
}

impl Related<super::sys_user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SysUser.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
