//! `sys_user` seen by the login code only: the id and the password hash. A second
//! entity on the same table, so that the everyday [`super::sys_user`] model never
//! selects the hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sys_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 密码哈希(argon2,PHC 字符串);空串表示未设置密码(MySQL 按用户账号登录时不用)
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub password_hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
