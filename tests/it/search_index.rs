//! The search token index, on both backends: after random sequences of creates, updates,
//! deletes, transfers and imports every list's keyword filter returns exactly the live
//! records containing the keyword (checked against a plain substring scan), global search
//! never returns a deleted record or one outside the caller's scope, `reindex` restores an
//! emptied index, and rows written by SQL are caught up.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope};
use crm_core::service::contact::{self, ContactFilter, ContactInput};
use crm_core::service::customer::{self, CustomerFilter, CustomerInput};
use crm_core::service::lead::{self, LeadFilter, LeadInput};
use crm_core::service::opportunity::{self, OpportunityFilter, OpportunityInput};
use crm_core::service::search::{search, HitKind};
use crm_core::service::{search_index, Ctx, PageReq};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, BTreeSet};

const BIG: PageReq = PageReq { page: 1, page_size: 2000 };

/// A small deterministic generator (xorshift): the same sequence on both backends.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const PARTS: &[&str] = &["北京", "科技", "华为", "星辰", "物流", "有限", "公司", "Acme", "DATA", "王", "李", "伟", "贸易", "深圳", "云", "Soft ware"];

fn name(r: &mut Rng) -> String {
    (0..2 + r.below(3)).map(|_| *r.pick(PARTS)).collect::<Vec<_>>().concat()
}

fn phone(r: &mut Rng) -> String {
    format!("1{}", (0..10).map(|_| char::from(b'0' + r.below(10) as u8)).collect::<String>())
}

fn cust(n: &str, owner: Option<i64>) -> CustomerInput {
    CustomerInput {
        customer_name: n.into(),
        customer_type: CustomerType::Enterprise,
        industry: None,
        scale: None,
        address: None,
        status: CustomerStatus::Potential,
        level: None,
        owner_id: owner,
        activity_id: None,
    }
}

fn lead_in(n: &str, company: Option<String>, phone: Option<String>) -> LeadInput {
    LeadInput {
        lead_name: n.into(),
        phone,
        company,
        position: None,
        source: None,
        intent_product: None,
        intent_level: None,
        remark: None,
        pool_id: None,
        to_pool: false,
        activity_id: None,
    }
}

fn contact_in(n: &str, phone: &str) -> ContactInput {
    ContactInput {
        contact_name: n.into(),
        position: None,
        phone: phone.into(),
        email: None,
        is_key: false,
        communication_preference: None,
        birthday: None,
        remark: None,
    }
}

fn opp_in(customer_id: i64, n: &str) -> OpportunityInput {
    OpportunityInput {
        customer_id,
        opportunity_name: n.into(),
        estimated_amount: "1000.00".parse().unwrap(),
        stage: None,
        win_probability: None,
        expected_close_time: None,
        product_ids: vec![],
    }
}

/// What the database should hold: id → the indexed texts, per kind.
#[derive(Default)]
struct Model {
    customers: BTreeMap<i64, Vec<String>>,
    leads: BTreeMap<i64, Vec<String>>,
    contacts: BTreeMap<i64, (i64, Vec<String>)>,
    opps: BTreeMap<i64, (i64, Vec<String>)>,
    deleted: BTreeSet<(u8, i64)>,
}

fn contains(texts: &[String], k: &str) -> bool {
    let k = k.to_lowercase();
    if k.chars().count() == 1 {
        texts.iter().any(|t| t.to_lowercase().starts_with(&k))
    } else {
        texts.iter().any(|t| t.to_lowercase().contains(&k))
    }
}

fn substrings(r: &mut Rng, text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![];
    for _ in 0..n {
        if chars.len() < 2 {
            break;
        }
        let len = 2 + r.below((chars.len() - 1).min(6));
        let start = r.below(chars.len() - len + 1);
        let s: String = chars[start..start + len].iter().collect();
        if s.trim() == s {
            out.push(s);
        }
    }
    out
}

async fn ids_customers(ctx: &Ctx, k: &str) -> BTreeSet<i64> {
    customer::list(ctx, CustomerFilter { keyword: Some(k.into()), ..Default::default() }, BIG).await.unwrap().items.iter().map(|c| c.id).collect()
}
async fn ids_leads(ctx: &Ctx, k: &str) -> BTreeSet<i64> {
    lead::list(ctx, LeadFilter { keyword: Some(k.into()), ..Default::default() }, BIG).await.unwrap().items.iter().map(|c| c.id).collect()
}
async fn ids_contacts(ctx: &Ctx, k: &str) -> BTreeSet<i64> {
    contact::list_all(ctx, ContactFilter { keyword: Some(k.into()), ..Default::default() }, BIG).await.unwrap().items.iter().map(|c| c.contact.id).collect()
}
async fn ids_opps(ctx: &Ctx, k: &str) -> BTreeSet<i64> {
    opportunity::list(ctx, OpportunityFilter { keyword: Some(k.into()), ..Default::default() }, BIG).await.unwrap().items.iter().map(|c| c.id).collect()
}

/// Every keyword: each list returns exactly the live records whose texts contain it.
async fn check_lists(ctx: &Ctx, m: &Model, keywords: &BTreeSet<String>) {
    for k in keywords {
        let want: BTreeSet<i64> = m.customers.iter().filter(|(_, t)| contains(t, k)).map(|(i, _)| *i).collect();
        assert_eq!(ids_customers(ctx, k).await, want, "customers {k:?}");
        let want: BTreeSet<i64> = m.leads.iter().filter(|(_, t)| contains(t, k)).map(|(i, _)| *i).collect();
        assert_eq!(ids_leads(ctx, k).await, want, "leads {k:?}");
        let want: BTreeSet<i64> = m.contacts.iter().filter(|(_, (_, t))| contains(t, k)).map(|(i, _)| *i).collect();
        assert_eq!(ids_contacts(ctx, k).await, want, "contacts {k:?}");
        let want: BTreeSet<i64> = m.opps.iter().filter(|(_, (_, t))| contains(t, k)).map(|(i, _)| *i).collect();
        assert_eq!(ids_opps(ctx, k).await, want, "opportunities {k:?}");
    }
}

both!(token_index_follows_every_write, |t| {
    let db = &t.db;
    let d = dept(db, "总公司", None).await;
    let boss_role = role(db, "boss", "*", DataScope::All).await;
    let rep_role = role(db, "rep", "customer:*,lead:*,contact:*,opportunity:*", DataScope::Own).await;
    let boss = user(db, "boss", d, boss_role, None).await;
    let rep = user(db, "rep", d, rep_role, None).await;
    let (admin, rep_ctx) = (ctx_for(db, boss).await, ctx_for(db, rep).await);
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let mut m = Model::default();
    let mut owner: BTreeMap<i64, i64> = BTreeMap::new();

    for step in 0..90 {
        match r.below(12) {
            0 | 1 => {
                let n = name(&mut r);
                let o = if r.below(3) == 0 { rep } else { boss };
                let c = customer::create(&admin, cust(&n, Some(o))).await.unwrap();
                m.customers.insert(c.id, vec![n]);
                m.deleted.remove(&(HitKind::Customer as u8, c.id));
                owner.insert(c.id, o);
            }
            2 => {
                let (n, co, ph) = (name(&mut r), name(&mut r), phone(&mut r));
                let l = lead::create(&admin, lead_in(&n, Some(co.clone()), Some(ph.clone()))).await.unwrap();
                m.leads.insert(l.id, vec![n, co, ph]);
                m.deleted.remove(&(HitKind::Lead as u8, l.id));
            }
            3 if !m.customers.is_empty() => {
                let cid = *r.pick(&m.customers.keys().copied().collect::<Vec<_>>());
                let (n, ph) = (name(&mut r), phone(&mut r));
                let c = contact::create(&admin, cid, contact_in(&n, &ph)).await.unwrap();
                m.contacts.insert(c.id, (cid, vec![n, ph]));
                m.deleted.remove(&(HitKind::Contact as u8, c.id));
            }
            4 if !m.customers.is_empty() => {
                let cid = *r.pick(&m.customers.keys().copied().collect::<Vec<_>>());
                let n = name(&mut r);
                let o = opportunity::create(&admin, opp_in(cid, &n)).await.unwrap();
                m.opps.insert(o.id, (cid, vec![n]));
                m.deleted.remove(&(HitKind::Opportunity as u8, o.id));
            }
            5 if !m.customers.is_empty() => {
                let id = *r.pick(&m.customers.keys().copied().collect::<Vec<_>>());
                let n = name(&mut r);
                customer::update(&admin, id, cust(&n, Some(owner[&id]))).await.unwrap();
                m.customers.insert(id, vec![n]);
            }
            6 if !m.leads.is_empty() => {
                let id = *r.pick(&m.leads.keys().copied().collect::<Vec<_>>());
                let (n, ph) = (name(&mut r), phone(&mut r));
                lead::update(&admin, id, lead_in(&n, None, Some(ph.clone()))).await.unwrap();
                m.leads.insert(id, vec![n, ph]);
            }
            7 if !m.contacts.is_empty() => {
                let id = *r.pick(&m.contacts.keys().copied().collect::<Vec<_>>());
                let n = name(&mut r);
                let ph = m.contacts[&id].1[1].clone();
                contact::update(&admin, id, contact_in(&n, &ph)).await.unwrap();
                m.contacts.get_mut(&id).unwrap().1 = vec![n, ph];
            }
            8 if !m.opps.is_empty() => {
                let id = *r.pick(&m.opps.keys().copied().collect::<Vec<_>>());
                opportunity::delete(&admin, id).await.unwrap();
                m.opps.remove(&id);
                m.deleted.insert((HitKind::Opportunity as u8, id));
            }
            9 => {
                // A customer without deals, with its contacts.
                let free: Vec<i64> = m.customers.keys().copied().filter(|c| !m.opps.values().any(|(oc, _)| oc == c)).collect();
                if let Some(&id) = free.first() {
                    customer::delete(&admin, id).await.unwrap();
                    m.customers.remove(&id);
                    m.deleted.insert((HitKind::Customer as u8, id));
                    let gone: Vec<i64> = m.contacts.iter().filter(|(_, (c, _))| *c == id).map(|(i, _)| *i).collect();
                    for g in gone {
                        m.contacts.remove(&g);
                        m.deleted.insert((HitKind::Contact as u8, g));
                    }
                }
            }
            10 if !m.leads.is_empty() => {
                let id = *r.pick(&m.leads.keys().copied().collect::<Vec<_>>());
                lead::delete(&admin, id).await.unwrap();
                m.leads.remove(&id);
                m.deleted.insert((HitKind::Lead as u8, id));
            }
            11 if !m.customers.is_empty() => {
                let id = *r.pick(&m.customers.keys().copied().collect::<Vec<_>>());
                let to = if owner[&id] == boss { rep } else { boss };
                customer::transfer(&admin, id, to).await.unwrap();
                owner.insert(id, to);
            }
            _ => {}
        }
        // Now and then, and at the end: every list agrees with a plain substring scan.
        if step % 30 == 29 {
            let mut keys: BTreeSet<String> = ["王", "a", "云", "科技", "acme", "e d", "Soft ware", "00", "5678"].iter().map(|s| s.to_string()).collect();
            let texts: Vec<String> = m
                .customers
                .values()
                .chain(m.leads.values())
                .flatten()
                .chain(m.contacts.values().flat_map(|(_, t)| t))
                .chain(m.opps.values().flat_map(|(_, t)| t))
                .cloned()
                .collect();
            for text in texts.iter().take(40) {
                keys.extend(substrings(&mut r, text, 2));
            }
            check_lists(&admin, &m, &keys).await;
        }
    }

    // Global search: a deleted record never comes back; a rep sees no one else's customer.
    for text in m.customers.values().flatten().take(20) {
        let hits = search(&admin, text, 20).await.unwrap();
        for h in &hits {
            assert!(!m.deleted.contains(&(h.kind as u8, h.id)), "deleted {:?} {} returned for {text:?}", h.kind, h.id);
        }
        for h in search(&rep_ctx, text, 20).await.unwrap() {
            if h.kind == HitKind::Customer {
                assert_eq!(owner[&h.id], rep, "{text:?} showed the boss's customer {} to the rep", h.id);
            }
        }
    }
    // A unique text is found by search (the newest 20 of each kind are enough here).
    let c = customer::create(&admin, cust("独一无二测试客户Zeta", Some(boss))).await.unwrap();
    for q in ["一无二测", "zeta", "独"] {
        assert!(search(&admin, q, 20).await.unwrap().iter().any(|h| h.kind == HitKind::Customer && h.id == c.id), "{q}");
    }
});

both!(one_character_phone_pieces_and_latin, |t| {
    let db = &t.db;
    let d = dept(db, "总公司", None).await;
    let boss_role = role(db, "boss", "*", DataScope::All).await;
    let boss = user(db, "boss", d, boss_role, None).await;
    let admin = ctx_for(db, boss).await;
    let a = customer::create(&admin, cust("王府井百货", None)).await.unwrap();
    let b = customer::create(&admin, cust("老王烧烤", None)).await.unwrap();
    let c = customer::create(&admin, cust("ACME Data Systems", None)).await.unwrap();
    // One character: "starts with".
    assert_eq!(ids_customers(&admin, "王").await, BTreeSet::from([a.id]));
    assert_eq!(ids_customers(&admin, "老").await, BTreeSet::from([b.id]));
    // Two or more: "contains", Latin in any case, across a space through the scan.
    assert_eq!(ids_customers(&admin, "王烧").await, BTreeSet::from([b.id]));
    assert_eq!(ids_customers(&admin, "acme").await, BTreeSet::from([c.id]));
    assert_eq!(ids_customers(&admin, "me da").await, BTreeSet::from([c.id]));
    assert!(ids_customers(&admin, "无此名称").await.is_empty());
    // A phone by any four or more of its digits.
    let l = lead::create(&admin, lead_in("赵先生", None, Some("13800138000".into()))).await.unwrap();
    for q in ["0138", "8001", "13800138000", "380013"] {
        assert_eq!(ids_leads(&admin, q).await, BTreeSet::from([l.id]), "{q}");
        assert!(search(&admin, q, 5).await.unwrap().iter().any(|h| h.kind == HitKind::Lead && h.id == l.id), "{q}");
    }
    assert!(ids_leads(&admin, "9999").await.is_empty());
});

both!(reindex_restores_an_emptied_index_and_catch_up_finds_sql_rows, |t| {
    let db = &t.db;
    let d = dept(db, "总公司", None).await;
    let boss_role = role(db, "boss", "*", DataScope::All).await;
    let boss = user(db, "boss", d, boss_role, None).await;
    let admin = ctx_for(db, boss).await;
    let mut r = Rng(42);
    let mut names = vec![];
    for _ in 0..30 {
        let n = name(&mut r);
        customer::create(&admin, cust(&n, Some(boss))).await.unwrap();
        names.push(n);
    }
    let keys: Vec<String> = names.iter().flat_map(|n| substrings(&mut r, n, 2)).collect();
    let mut before = vec![];
    for k in &keys {
        before.push(ids_customers(&admin, k).await);
    }
    assert!(before.iter().any(|s| !s.is_empty()));
    db.execute_unprepared("DELETE FROM crm_search_token").await.unwrap();
    assert!(ids_customers(&admin, &keys[0]).await.is_empty(), "an emptied index finds nothing");
    let n = search_index::reindex(&t.system()).await.unwrap();
    assert_eq!(n, 30);
    for (k, want) in keys.iter().zip(&before) {
        assert_eq!(&ids_customers(&admin, k).await, want, "{k}");
    }
    // Rows written by SQL: the first pass sets the watermark, the next one indexes them.
    search_index::catch_up(db).await.unwrap();
    let now = crm_core::service::util::now().format("%Y-%m-%d %H:%M:%S").to_string();
    db.execute_unprepared(&format!(
        "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at, lock_version) \
         VALUES ('外部写入测试公司', 1, 1, {boss}, 0, {boss}, '{now}', '{now}', 0)"
    ))
    .await
    .unwrap();
    assert!(ids_customers(&admin, "外部写入").await.is_empty());
    // The new row, and those changed in the last minutes (a pass re-reads a margin).
    assert!(search_index::catch_up(db).await.unwrap() >= 1);
    assert_eq!(ids_customers(&admin, "外部写入").await.len(), 1);
    db.execute_unprepared(&format!("UPDATE crm_customer SET customer_name = '内部改名测试', updated_at = '{now}' WHERE customer_name = '外部写入测试公司'"))
        .await
        .unwrap();
    search_index::catch_up(db).await.unwrap();
    assert_eq!(ids_customers(&admin, "内部改名").await.len(), 1);
    assert!(ids_customers(&admin, "外部写入").await.is_empty());
});
