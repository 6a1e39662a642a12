//! `sys_user` — 系统用户(销售/客服等)
//!
//! The password hash is deliberately not part of this model: only the login code reads
//! it, through [`super::sys_user_credential`], so no list, view or log ever selects it
//! (and on MySQL the column is unreadable to non-administrators' database accounts).

use super::enums::UserStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 系统用户(销售/客服等)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_user")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 用户ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 登录账号
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub username: String,
    /// 姓名
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub full_name: String,
    /// 所属部门ID
    pub dept_id: i64,
    /// 角色ID,逗号分隔
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub role_ids: Option<String>,
    /// 手机号
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub phone: Option<String>,
    /// 邮箱
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub email: Option<String>,
    /// 状态:0-禁用,1-启用
    pub status: UserStatus,
    /// 最后登录时间(UTC)
    pub last_login_time: Option<chrono::NaiveDateTime>,
    /// 直属上级用户ID
    pub supervisor_id: Option<i64>,
    /// 连续登录失败次数
    pub login_fail_count: i32,
    /// 锁定截止时间(UTC)
    pub locked_until: Option<chrono::NaiveDateTime>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 会话标记:改密码、重置密码或停用时更换,各桌面上的旧会话随之失效(不是秘密)
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub session_nonce: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::sys_dept::Entity", from = "Column::DeptId", to = "super::sys_dept::Column::Id")]
    SysDept,
}

impl Related<super::sys_dept::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SysDept.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
