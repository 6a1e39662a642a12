//! Every decimal column round-trips exactly on both backends.
use crate::common;

use crm_core::entity::enums::QuotationStatus;
use crm_core::entity::{crm_quotation, crm_quotation_item};
use crm_core::money::Dec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};
use std::str::FromStr;

async fn quotation(db: &sea_orm::DatabaseConnection, no: &str, total: Dec) -> crm_quotation::Model {
    let now = crm_core::service::util::now();
    crm_quotation::ActiveModel {
        quotation_no: Set(no.into()),
        opportunity_id: Set(1),
        customer_id: Set(1),
        total_amount: Set(total),
        status: Set(QuotationStatus::Draft),
        created_by: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

fn item(qid: i64, quantity: Dec, unit_price: Dec, discount: Option<Dec>, amount: Dec) -> crm_quotation_item::ActiveModel {
    crm_quotation_item::ActiveModel {
        quotation_id: Set(qid),
        product_id: Set(1),
        quantity: Set(quantity),
        unit: Set("个".into()),
        unit_price: Set(unit_price),
        discount: Set(discount),
        amount: Set(amount),
        ..Default::default()
    }
}

both!(named_values_round_trip, |t| {
    let db = &t.db;
    let cases: Vec<(Dec, &str)> = vec![
        (Dec(dec!(0.01)), "0.01"),
        (Dec(dec!(0.10) + dec!(0.20)), "0.30"),
        (Dec(dec!(99999999999999.99)), "99999999999999.99"),
        (Dec(dec!(-99999999999999.99)), "-99999999999999.99"),
        (Dec(dec!(0)), "0.00"),
    ];
    for (i, (v, text)) in cases.iter().enumerate() {
        let q = quotation(db, &format!("M{i}"), *v).await;
        let back = crm_quotation::Entity::find_by_id(q.id).one(db).await.unwrap().unwrap();
        assert_eq!(back.total_amount.0, v.0, "value {text}");
        assert_eq!(back.total_amount.with_scale(2).to_string(), *text);
    }
    // decimal(18,4) and decimal(10,2)
    let q = quotation(db, "M-items", Dec::ZERO).await;
    let big4 = Dec(dec!(12345678901234.5678));
    let m = item(q.id, big4, Dec(dec!(99999999999999.9999)), Some(Dec(dec!(99999999.99))), Dec(dec!(0.01))).insert(db).await.unwrap();
    let back = crm_quotation_item::Entity::find_by_id(m.id).one(db).await.unwrap().unwrap();
    assert_eq!(back.quantity, big4);
    assert_eq!(back.quantity.to_string(), "12345678901234.5678");
    assert_eq!(back.unit_price.0, dec!(99999999999999.9999));
    assert_eq!(back.discount, Some(Dec(dec!(99999999.99))));
    assert_eq!(back.amount.0, dec!(0.01));
    // the seed default discount (100) applies when the column is omitted
    let mut am = item(q.id, Dec(dec!(1)), Dec(dec!(2)), None, Dec(dec!(2)));
    am.discount = sea_orm::ActiveValue::NotSet;
    let m = am.insert(db).await.unwrap();
    let back = crm_quotation_item::Entity::find_by_id(m.id).one(db).await.unwrap().unwrap();
    assert_eq!(back.discount.map(|d| d.0), Some(dec!(100)));
});

both!(sqlite_stores_text_mysql_stores_decimal, |t| {
    let q = quotation(&t.db, "T1", Dec(dec!(1234.50))).await;
    let row = t.raw_one(&format!("SELECT CAST(total_amount AS CHAR) AS s, created_at FROM crm_quotation WHERE id = {}", q.id)).await.unwrap();
    let s: String = row.try_get("", "s").unwrap();
    assert_eq!(s, "1234.50");
    if t.backend == common::Backend::Sqlite {
        // The stored form of a datetime is MySQL's literal text, UTC, to the second.
        let row = t.raw_one(&format!("SELECT created_at, typeof(created_at) AS ty FROM crm_quotation WHERE id = {}", q.id)).await.unwrap();
        let ts: String = row.try_get("", "created_at").unwrap();
        assert_eq!(ts.len(), 19, "{ts}");
        assert!(chrono::NaiveDateTime::parse_from_str(&ts, "%Y-%m-%d %H:%M:%S").is_ok(), "{ts}");
    }
});

fn dec_strategy(int_digits: u32, scale: u32) -> impl Strategy<Value = Decimal> {
    let max = 10i128.pow(int_digits + scale) - 1;
    (-max..=max).prop_map(move |m| Decimal::from_i128_with_scale(m, scale))
}

both!(property_10000_random_values, |t| {
    let db = &t.db;
    let q = quotation(db, "P", Dec::ZERO).await;
    let mut runner = TestRunner::new(Config { cases: 10_000, ..Config::default() });
    let strategy = (dec_strategy(14, 4), dec_strategy(14, 4), dec_strategy(8, 2), dec_strategy(16, 2));
    let mut values = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let v = strategy.new_tree(&mut runner).unwrap().current();
        values.push(v);
    }
    for chunk in values.chunks(1000) {
        let rows = chunk.iter().map(|(a, b, c, d)| item(q.id, Dec(*a), Dec(*b), Some(Dec(*c)), Dec(*d)));
        crm_quotation_item::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    let back = crm_quotation_item::Entity::find().order_by_asc(crm_quotation_item::Column::Id).all(db).await.unwrap();
    assert_eq!(back.len(), values.len());
    for (row, (a, b, c, d)) in back.iter().zip(values.iter()) {
        assert_eq!(row.quantity.0, *a);
        assert_eq!(row.unit_price.0, *b);
        assert_eq!(row.discount.unwrap().0, *c);
        assert_eq!(row.amount.0, *d);
    }
    // Sanity: the strategy really reaches the extremes that f64 cannot hold.
    assert!(values.iter().any(|(a, ..)| a.abs() > Decimal::from_str("1000000000000").unwrap()));
});
