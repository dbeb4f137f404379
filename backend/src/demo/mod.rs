//! `jiyuan-crm seed-demo`: realistic, deterministic demo data at the sizes `cargo xtask bench` measures
//! (offices, salesmen and directors, customers with registration data, tags and statuses).
//! The same seed always gives the same data. Rows go in with multi-row inserts.

pub mod ledger;

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::audit::{self, Actor, Event};
use crate::auth::policy::Role;
use crate::customers::model::CustomerRow;
use crate::customers::rules;
use crate::db::schema::{customer_tags, customers};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use diesel::prelude::*;

const REGIONS: &[(&str, &str, &str)] = &[
    ("HB-SJZ", "石家庄", "河北"),
    ("HB-TS", "唐山", "河北"),
    ("HB-BD", "保定", "河北"),
    ("BJ", "北京", "北京"),
    ("TJ", "天津", "天津"),
    ("SD-JN", "济南", "山东"),
    ("HN-ZZ", "郑州", "河南"),
    ("SX-TY", "太原", "山西"),
    ("JS-NJ", "南京", "江苏"),
    ("ZJ-HZ", "杭州", "浙江"),
    ("GD-GZ", "广州", "广东"),
    ("SC-CD", "成都", "四川"),
];
const WORDS: &[&str] = &[
    "华", "金", "恒", "瑞", "鑫", "盛", "泰", "宏", "信", "达", "昌", "隆", "兴", "光", "明", "辉",
    "远", "新", "博", "安", "润", "丰", "源", "通", "汇", "晨", "星", "宇", "天", "中", "东", "方",
    "正", "德", "嘉", "康", "海", "江", "峰", "林", "立", "科", "创", "智",
];
const TRADES: &[(&str, &str)] = &[
    ("光电", "光电"),
    ("照明", "照明"),
    ("电子", "电子"),
    ("科技", "科技"),
    ("能源", "新能源"),
    ("光伏", "光伏"),
    ("电气", "电气"),
    ("建材", "建材"),
    ("工程", "工程"),
    ("贸易", "贸易"),
    ("机电", "机电"),
    ("显示", "显示"),
];
const SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"];
const NATURES: &[&str] = &["民营", "国有", "股份制", "外资", "合资", "集体"];
const SIZES: &[&str] = &["小型", "中型", "大型"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞",
    "平", "刚",
];
const TAGS: &[&str] = &[
    "光伏",
    "路灯",
    "工程项目",
    "经销商",
    "出口",
    "政府采购",
    "老客户",
    "重点跟进",
];

pub struct Seeded {
    pub offices: usize,
    pub users: usize,
    pub customers: usize,
    pub contracts: usize,
    pub receivables: usize,
    pub payments: usize,
}

fn person(rng: &mut StdRng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.random_range(0..SURNAMES.len())],
        GIVEN[rng.random_range(0..GIVEN.len())]
    )
}

/// A valid unified social credit code from random digits (check digit computed).
fn credit_code(rng: &mut StdRng, province: usize) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut base = format!("91{:02}{:02}00", 11 + province * 2, rng.random_range(1..20));
    while base.len() < 17 {
        base.push(CHARS[rng.random_range(0..CHARS.len())] as char);
    }
    for c in CHARS {
        let candidate = format!("{base}{}", *c as char);
        if rules::uscc_problem(&candidate).is_none() {
            return candidate;
        }
    }
    unreachable!("one check character always fits")
}

pub const DEMO_PASSWORD: &str = "jiyuan-demo-2026";

/// Create offices, people and `customers` customers with `receivables_per_customer` shipped
/// contract lines each (see [`ledger`]); every demo person's password is `DEMO_PASSWORD`.
pub fn seed(
    conn: &mut DbConn,
    customers_wanted: usize,
    receivables_per_customer: usize,
    seed: u64,
    password_hash: &str,
) -> ApiResult<Seeded> {
    let mut rng = StdRng::seed_from_u64(seed);
    let meta = RequestMeta::system("seed-demo");
    let actor = Actor {
        id: None,
        name: "seed-demo".into(),
    };
    let today = crate::time::today();
    // Offices with a director and four salesmen each.
    let mut owners: Vec<(i64, i64)> = Vec::new();
    let mut users = 0;
    for (i, (code, city, _)) in REGIONS.iter().enumerate() {
        let office = match crate::offices::repo::find_by_code(conn, code)? {
            Some(o) => o.id,
            None => crate::offices::repo::insert(
                conn,
                code,
                &format!("{city}办事处"),
                city,
                None,
                crate::time::now(),
            )?,
        };
        let mut make = |username: String, name: String, role: Role| -> ApiResult<i64> {
            if let Some(u) = crate::users::repo::find_by_username(conn, &username)? {
                return Ok(u.id);
            }
            // Display names are unique: a namesake gets the office's city, as people would.
            let name = match crate::users::repo::display_name_holder(conn, &name, None)? {
                Some(_) => format!("{name}（{city}{}）", users + 1),
                None => name,
            };
            users += 1;
            crate::users::service::create_person(
                conn,
                &actor,
                &meta,
                &username,
                &name,
                &[role],
                Some(office),
                password_hash,
                false,
            )
        };
        make(
            format!("director{}", i + 1),
            format!("{city}主任{}", person(&mut rng)),
            Role::OfficeDirector,
        )?;
        for s in 0..4 {
            let id = make(
                format!("sales{}_{}", i + 1, s + 1),
                person(&mut rng),
                Role::Salesman,
            )?;
            owners.push((id, office));
        }
    }
    for (username, name, role) in [
        ("staff", "业务统计", Role::BusinessStaff),
        ("manager", "业务部经理", Role::BusinessManager),
        ("vp", "主管副总", Role::VicePresident),
        ("gm", "总经理", Role::GeneralManager),
        ("finance", "财务部", Role::Finance),
        ("planning", "企划部", Role::Planning),
        ("technical", "技术部", Role::Technical),
        ("production", "生产部", Role::Production),
        ("warehouse", "库管员", Role::Warehouse),
    ] {
        if crate::users::repo::find_by_username(conn, username)?.is_none() {
            crate::users::service::create_person(
                conn,
                &actor,
                &meta,
                username,
                name,
                &[role],
                None,
                password_hash,
                false,
            )?;
            users += 1;
        }
    }

    // Customers, in batches, with codes from one reserved block of the code counter.
    let mut codes =
        crate::customers::service::reserve_codes(conn, today, customers_wanted)?.into_iter();
    let mut names: HashSet<String> = db_run!(conn, |c| customers::table
        .select(customers::name_key)
        .load::<String>(c))?
    .into_iter()
    .collect();
    let t = crate::time::now();
    let mut batch: Vec<CustomerRow> = Vec::with_capacity(500);
    let mut tag_rows: Vec<(usize, &str)> = Vec::new();
    let mut created = 0;
    let mut new_ids: Vec<i64> = Vec::with_capacity(customers_wanted);
    let mut attempts = 0;
    while created < customers_wanted {
        attempts += 1;
        if attempts > customers_wanted * 20 + 1000 {
            return Err(ApiError::internal("ran out of distinct demo names"));
        }
        let region = rng.random_range(0..REGIONS.len());
        let (_, city, province) = REGIONS[region];
        let w1 = WORDS[rng.random_range(0..WORDS.len())];
        let w2 = WORDS[rng.random_range(0..WORDS.len())];
        let w3 = if rng.random_bool(0.6) {
            WORDS[rng.random_range(0..WORDS.len())]
        } else {
            ""
        };
        let (trade, industry) = TRADES[rng.random_range(0..TRADES.len())];
        let place = if rng.random_bool(0.5) { city } else { province };
        let name = format!(
            "{place}{w1}{w2}{w3}{trade}{}",
            SUFFIXES[rng.random_range(0..SUFFIXES.len())]
        );
        let key = rules::name_key(&name);
        if !names.insert(key.clone()) {
            continue;
        }
        let (owner, office) = owners[rng.random_range(0..owners.len())];
        let code = codes.next().expect("one code per wanted customer");
        let phone = format!(
            "0{}-{}",
            [311, 315, 312, 10, 22, 531, 371, 351, 25, 571, 20, 28][region],
            rng.random_range(60000000..89999999)
        );
        let credit = credit_code(&mut rng, region);
        let status = [
            "prospect", "new", "active", "active", "active", "dormant", "lost",
        ][rng.random_range(0..7)];
        let first_deal =
            (status != "prospect").then(|| today - Duration::days(rng.random_range(30..3000)));
        let capital = rng.random_range(50..50000) as i64 * 1_000_000;
        let mut row = CustomerRow {
            id: 0,
            code: code.clone(),
            name: name.clone(),
            name_key: key,
            search_text: rules::search_text(&name, &code, &phone, "", Some(&credit)),
            credit_code: Some(credit),
            address: format!(
                "{province}省{city}市{}路{}号",
                WORDS[rng.random_range(0..WORDS.len())],
                rng.random_range(1..999)
            ),
            enterprise_nature: NATURES[rng.random_range(0..NATURES.len())].into(),
            postal_code: format!("{:06}", rng.random_range(100000..850000)),
            industry: industry.into(),
            phone,
            fax: String::new(),
            superior_authority: String::new(),
            registered_capital_fen: Some(capital),
            legal_representative: person(&mut rng),
            registration_date: NaiveDate::from_ymd_opt(
                rng.random_range(1995..2024),
                rng.random_range(1..13),
                rng.random_range(1..29),
            ),
            enterprise_size: SIZES[rng.random_range(0..SIZES.len())].into(),
            business_term: "长期".into(),
            employees: Some(rng.random_range(10..3000)),
            registration_authority: format!("{city}市市场监督管理局"),
            annual_revenue_fen: Some(capital * rng.random_range(1..8)),
            net_assets_fen: Some(capital / 2 * rng.random_range(1..4)),
            rmb_bank: format!("中国工商银行{city}分行"),
            rmb_account: format!(
                "{}",
                rng.random_range(1_000_000_000_000_000i64..9_000_000_000_000_000)
            ),
            fx_bank: String::new(),
            fx_account: String::new(),
            bank_rating: ["AAA", "AA", "A", "BBB", ""][rng.random_range(0..5)].into(),
            business_scope: format!("{industry}产品的生产、销售及技术服务"),
            owner_user_id: Some(owner),
            office_id: Some(office),
            category: if rng.random_bool(0.15) {
                "big"
            } else {
                "general"
            }
            .into(),
            grade: None,
            status: status.into(),
            key_customer: rng.random_bool(0.1),
            first_deal_date: first_deal,
            tags: String::new(),
            dossier_updated_at: t - Duration::days(rng.random_range(0..720)),
            version: 1,
            created_by: None,
            created_at: t,
            updated_at: t,
        };
        if rng.random_bool(0.3) {
            let tag = TAGS[rng.random_range(0..TAGS.len())];
            row.tags = tag.into();
            tag_rows.push((batch.len(), tag));
        }
        batch.push(row);
        created += 1;
        if batch.len() == 500 || created == customers_wanted {
            let ids: Vec<i64> = db_run!(conn, |c| diesel::insert_into(customers::table)
                .values(&batch)
                .returning(customers::id)
                .get_results(c))?;
            new_ids.extend(&ids);
            let tags: Vec<_> = tag_rows
                .iter()
                .map(|(i, t)| {
                    (
                        customer_tags::customer_id.eq(ids[*i]),
                        customer_tags::tag.eq(*t),
                    )
                })
                .collect();
            if !tags.is_empty() {
                db_run!(conn, |c| diesel::insert_into(customer_tags::table)
                    .values(&tags)
                    .execute(c))?;
            }
            batch.clear();
            tag_rows.clear();
        }
    }
    let ledger = ledger::seed_ledger(conn, &new_ids, receivables_per_customer, seed, today)?;
    audit::record(
        conn,
        &actor,
        &meta,
        Event::new("demo.seed", "demo", seed).after(&serde_json::json!({
            "customers": created, "users": users, "contracts": ledger.contracts,
            "receivables": ledger.receivables, "payments": ledger.payments})),
    )?;
    Ok(Seeded {
        offices: REGIONS.len(),
        users,
        customers: created,
        contracts: ledger.contracts,
        receivables: ledger.receivables,
        payments: ledger.payments,
    })
}
