//! Data scope: which owners' records a user may see and change.
//!
//! One mechanism for every owned record: a service resolves the caller's
//! [`OwnerScope`] once, then [`OwnerScope::filter`] narrows every list / get /
//! update / delete query to those owners, and [`OwnerScope::allows`] checks a
//! single loaded record.

use super::SessionUser;
use crate::entity::enums::DataScope;
use crate::entity::{sys_dept, sys_user};
use crate::error::AppResult;
use sea_orm::sea_query::IntoCondition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerScope {
    /// Every record.
    All,
    /// Records owned by one of these users.
    Owners(BTreeSet<i64>),
}

impl OwnerScope {
    pub fn allows(&self, owner_id: i64) -> bool {
        match self {
            OwnerScope::All => true,
            OwnerScope::Owners(ids) => ids.contains(&owner_id),
        }
    }

    /// Narrow a query to records whose `owner_col` is in scope.
    pub fn filter<Q: QueryFilter, C: ColumnTrait>(&self, q: Q, owner_col: C) -> Q {
        match self {
            OwnerScope::All => q,
            OwnerScope::Owners(ids) => q.filter(owner_col.is_in(ids.iter().copied())),
        }
    }

    /// The same restriction written so that no index is used for it (`owner_id + 0 IN
    /// (...)`). For substring searches that scan the table anyway: an index on the owner
    /// would only turn the scan into many random reads (SQLite's MULTI-INDEX OR).
    pub fn condition_scan<C: ColumnTrait>(&self, owner_col: C) -> sea_orm::Condition {
        use sea_orm::sea_query::{Expr, ExprTrait};
        match self {
            OwnerScope::All => sea_orm::Condition::all(),
            OwnerScope::Owners(ids) => Expr::col(owner_col).add(0).is_in(ids.iter().copied()).into_condition(),
        }
    }
}

/// Resolve a user's scope from their widest role scope, the supervisor relation and the dept tree.
pub async fn resolve<C: ConnectionTrait>(db: &C, user: &SessionUser) -> AppResult<OwnerScope> {
    let ids: BTreeSet<i64> = match user.data_scope {
        DataScope::All => return Ok(OwnerScope::All),
        DataScope::Own => [user.id].into_iter().collect(),
        DataScope::OwnAndSubordinates => {
            let pairs: Vec<(i64, Option<i64>)> =
                sys_user::Entity::find().select_only().column(sys_user::Column::Id).column(sys_user::Column::SupervisorId).into_tuple().all(db).await?;
            let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
            for (id, sup) in pairs {
                if let Some(s) = sup {
                    children.entry(s).or_default().push(id);
                }
            }
            descendants(user.id, &children)
        }
        DataScope::Department | DataScope::DepartmentTree => {
            let depts: BTreeSet<i64> = if user.data_scope == DataScope::Department {
                [user.dept_id].into_iter().collect()
            } else {
                let pairs: Vec<(i64, Option<i64>)> =
                    sys_dept::Entity::find().select_only().column(sys_dept::Column::Id).column(sys_dept::Column::ParentId).into_tuple().all(db).await?;
                let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
                for (id, parent) in pairs {
                    if let Some(p) = parent {
                        children.entry(p).or_default().push(id);
                    }
                }
                descendants(user.dept_id, &children)
            };
            let mut users: BTreeSet<i64> = sys_user::Entity::find()
                .select_only()
                .column(sys_user::Column::Id)
                .filter(sys_user::Column::DeptId.is_in(depts.iter().copied()))
                .into_tuple::<i64>()
                .all(db)
                .await?
                .into_iter()
                .collect();
            users.insert(user.id);
            users
        }
    };
    Ok(OwnerScope::Owners(ids))
}

/// `root` and everything below it in a parent→children map (cycle-safe).
pub fn descendants(root: i64, children: &HashMap<i64, Vec<i64>>) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if out.insert(n) {
            if let Some(cs) = children.get(&n) {
                stack.extend(cs.iter().copied());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descendants_handles_cycles() {
        let mut m = HashMap::new();
        m.insert(1, vec![2, 3]);
        m.insert(3, vec![4]);
        m.insert(4, vec![1]);
        assert_eq!(descendants(1, &m), [1, 2, 3, 4].into_iter().collect());
        assert_eq!(descendants(3, &m), [1, 2, 3, 4].into_iter().collect());
        assert_eq!(descendants(2, &m), [2].into_iter().collect());
    }
}
