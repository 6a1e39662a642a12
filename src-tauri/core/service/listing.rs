//! Ordering of server-side lists. Every list sorts on its main columns; money columns
//! sort numerically on both backends (SQLite stores decimals as exact text, which would
//! otherwise sort "100.00" before "9.50").

use super::PageReq;
use crate::error::AppResult;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Order, PaginatorTrait, QueryOrder, QuerySelect, Select};

/// What a list is sorted by.
pub(crate) enum SortKey<C> {
    /// Text, dates and codes: the column as stored.
    Plain(C),
    /// A decimal column holding money or quantities.
    Money(C),
}

/// Order `q` by `key` (descending when `desc`), then by `tie` in the same direction so
/// pages never overlap.
pub(crate) fn ordered<E, C>(q: Select<E>, conn: &C, key: SortKey<E::Column>, desc: bool, tie: E::Column) -> Select<E>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let ord = if desc { Order::Desc } else { Order::Asc };
    let q = match key {
        SortKey::Plain(col) => q.order_by(col, ord.clone()),
        SortKey::Money(col) if conn.get_database_backend() == DbBackend::Sqlite => q.order_by(Expr::col(col).cast_as("REAL"), ord.clone()),
        SortKey::Money(col) => q.order_by(col, ord.clone()),
    };
    q.order_by(tie, ord)
}

/// One page of `q`: the total count, then the rows of `page` in the order asked for.
pub(crate) async fn fetch<E, C>(conn: &C, q: Select<E>, page: PageReq, key: SortKey<E::Column>, desc: bool, tie: E::Column) -> AppResult<(Vec<E::Model>, u64)>
where
    E: EntityTrait,
    E::Model: Sync,
    C: ConnectionTrait,
{
    let page = page.normalized();
    let total = q.clone().count(conn).await?;
    let list = ordered(q, conn, key, desc, tie).offset(page.offset()).limit(page.page_size).all(conn).await?;
    Ok((list, total))
}
