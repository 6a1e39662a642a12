//! `crm_sales_target` — 销售目标(产品新增):按员工或部门、按年月设定的金额目标。
//! Completion is never stored: it is read from won contracts or confirmed receipts.

use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_sales_target")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 1-员工, 2-部门
    pub target_type: i8,
    /// The user's or the department's id.
    pub target_ref: i64,
    pub target_year: i32,
    /// 1..=12
    pub target_month: i8,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Dec,
    pub updated_by: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
