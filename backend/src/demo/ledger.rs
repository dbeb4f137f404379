//! Demo sales ledger for `seed-demo --receivables-per-customer K`: products with list prices,
//! and for each new customer signed contracts of two lines, each line shipped on its own
//! confirmed note, a receivable per note, and payments (most in full, some partial, some not
//! yet) allocated to them, plus strategic influence assessments — deterministic from the seed,
//! in multi-row inserts. Customers follow one of four profiles (a few large, prompt payers with
//! good premiums and influence; many ordinary ones; a few slow payers), so a rating run over the
//! demo spreads over A, B and C as a real customer base would.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::db::schema::{
    allocations, contract_lines, contracts, credit_investigations, credit_profiles,
    influence_assessments, payments, receivables, shipping_note_lines, shipping_notes,
};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

const PRODUCTS: &[(&str, &str, &str, i64)] = &[
    ("LED-RL-060", "LED 路灯 60W", "套", 68_000),
    ("LED-RL-100", "LED 路灯 100W", "套", 98_000),
    ("LED-RL-150", "LED 路灯 150W", "套", 138_000),
    ("LED-TG-200", "LED 投光灯 200W", "套", 156_000),
    ("LED-SD-120", "LED 隧道灯 120W", "套", 112_000),
    ("SOL-ST-040", "太阳能路灯 40W", "套", 210_000),
    ("SOL-PV-450", "光伏组件 450W", "块", 92_000),
    ("POL-08M", "灯杆 8 米", "根", 185_000),
    ("POL-12M", "灯杆 12 米", "根", 326_000),
    ("CTL-SMART", "智能单灯控制器", "个", 26_000),
    ("CAB-YJV", "YJV 电缆", "米", 3_800),
    ("BAT-LFP-100", "磷酸铁锂电池 100Ah", "组", 128_000),
];

/// Customers per round of inserts (a round writes up to ~6 rows per receivable).
const ROUND: usize = 200;

pub struct LedgerSeeded {
    pub contracts: usize,
    pub receivables: usize,
    pub payments: usize,
}

/// A demo product and its list price.
#[derive(Clone, Copy)]
struct Catalogued {
    id: i64,
    list_price_fen: i64,
}

/// The demo products (created once) with their list prices.
fn demo_products(conn: &mut DbConn) -> ApiResult<Vec<Catalogued>> {
    let t = crate::time::now();
    let from = NaiveDate::from_ymd_opt(2015, 1, 1).expect("a date");
    let mut out = Vec::new();
    for (code, name, unit, price) in PRODUCTS {
        let id = match crate::products::repo::id_by_code(conn, code)? {
            Some(id) => id,
            None => {
                let id = crate::products::repo::insert(conn, code, name, unit, t)?;
                crate::products::repo::insert_price(conn, id, *price, from, None, t)?;
                id
            }
        };
        out.push(Catalogued {
            id,
            list_price_fen: *price,
        });
    }
    Ok(out)
}

struct Line {
    product: i64,
    quantity: i64,
    list: i64,
    price: i64,
}

/// A payment planned for a line: its date and amount.
#[derive(Clone, Copy)]
struct Pay {
    on: NaiveDate,
    amount: i64,
}

struct Plan {
    customer: i64,
    number: String,
    signed_on: NaiveDate,
    period: i64,
    lines: Vec<Line>,
    /// Per line: ship date, and the payment if any.
    shipments: Vec<(NaiveDate, Option<Pay>)>,
}

/// One contract line shipped on its own confirmed note, with its receivable and payment.
struct Flat {
    customer: i64,
    contract: i64,
    line: i64,
    ship_date: NaiveDate,
    amount: i64,
    period: i64,
    /// If paid at all.
    payment: Option<Pay>,
    number: String,
    quantity: i64,
}

/// A payment of one receivable in full or in part.
struct Paid {
    customer: i64,
    receivable: i64,
    on: NaiveDate,
    amount: i64,
}

pub fn seed_ledger(
    conn: &mut DbConn,
    customer_ids: &[i64],
    per_customer: usize,
    seed: u64,
    today: NaiveDate,
) -> ApiResult<LedgerSeeded> {
    let mut done = LedgerSeeded {
        contracts: 0,
        receivables: 0,
        payments: 0,
    };
    if per_customer == 0 || customer_ids.is_empty() {
        return Ok(done);
    }
    let catalogue = demo_products(conn)?;
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5EED_1ED6);
    let t = crate::time::now();
    for round in customer_ids.chunks(ROUND) {
        // Plan the round in memory, then write it table by table.
        let mut plans: Vec<Plan> = Vec::new();
        let mut assessed = Vec::new();
        let mut credited = Vec::new();
        let mut investigated = Vec::new();
        for &customer in round {
            // 0: key account, 1: good, 2: ordinary, 3: slow payer.
            let profile = match rng.random_range(0..20) {
                0..=1 => 0,
                2..=6 => 1,
                7..=17 => 2,
                _ => 3,
            };
            let (size, premium_from, late_from, late_to, unpaid_in_10) = match profile {
                0 => (6, 600, -25, 10, 0),
                1 => (3, 100, -20, 25, 1),
                2 => (1, -500, -20, 60, 2),
                _ => (1, -500, 10, 150, 5),
            };
            let influence = match (profile, rng.random_range(0..4)) {
                (0, 0..=1) => Some("industry_leader"),
                (0, _) | (1, 0) => Some("key"),
                (1, _) | (2, 0..=1) => Some("ordinary"),
                (2, 2) | (3, 0) => Some("sporadic"),
                _ => None,
            };
            // Approved credit by payment behaviour (a slow payer has none: prepayment only), each
            // on a bank report (资信调查) of the last year.
            let credit = match profile {
                0 => Some(("AA", 300 * 1_000_000, 60)),
                1 => Some(("A", 100 * 1_000_000, 45)),
                2 => Some(("B", 30 * 1_000_000, 30)),
                _ => None,
            };
            if let Some((grade, limit, days)) = credit {
                credited.push((
                    credit_profiles::customer_id.eq(customer),
                    credit_profiles::grade.eq(grade),
                    credit_profiles::limit_fen.eq(limit),
                    credit_profiles::credit_period_days.eq(days),
                    credit_profiles::request_id.eq(0),
                    credit_profiles::approved_at.eq(t),
                ));
                investigated.push((
                    credit_investigations::customer_id.eq(customer),
                    credit_investigations::source.eq("bank_report"),
                    credit_investigations::investigated_on
                        .eq(today - Duration::days(rng.random_range(10..360))),
                    credit_investigations::findings.eq("演示数据：银行资信良好 / demo data"),
                    credit_investigations::created_at.eq(t),
                ));
            }
            if let Some(level) = influence {
                assessed.push((
                    influence_assessments::customer_id.eq(customer),
                    influence_assessments::level.eq(level),
                    influence_assessments::reason.eq("演示数据 / demo data"),
                    influence_assessments::assessed_on
                        .eq(today - Duration::days(rng.random_range(10..300))),
                    influence_assessments::created_at.eq(t),
                ));
            }
            let mut left = per_customer;
            let mut k = 0;
            while left > 0 {
                k += 1;
                let n_lines = left.min(2);
                left -= n_lines;
                let signed_on = today - Duration::days(rng.random_range(40..760));
                let period = [30, 45, 60, 90][rng.random_range(0..4)];
                let mut lines = Vec::new();
                let mut shipments = Vec::new();
                for _ in 0..n_lines {
                    let Catalogued {
                        id: product,
                        list_price_fen: list,
                    } = catalogue[rng.random_range(0..catalogue.len())];
                    let premium_bp: i64 = rng.random_range(premium_from..1500);
                    let price = list * (10_000 + premium_bp) / 10_000;
                    let quantity = rng.random_range(5..400) * size;
                    let ship = (signed_on + Duration::days(rng.random_range(1..30))).min(today);
                    let due = ship + Duration::days(period);
                    let amount = quantity * price;
                    let paid_on = due + Duration::days(rng.random_range(late_from..late_to));
                    let share = rng.random_range(0..10);
                    let payment = match share {
                        _ if paid_on > today => None,
                        s if s < unpaid_in_10 => {
                            // Unpaid, or paid in part.
                            (s % 2 == 0).then(|| Pay {
                                on: paid_on,
                                amount: amount * rng.random_range(30..95) / 100,
                            })
                        }
                        _ => Some(Pay {
                            on: paid_on,
                            amount,
                        }),
                    };
                    lines.push(Line {
                        product,
                        quantity,
                        list,
                        price,
                    });
                    shipments.push((ship, payment));
                }
                plans.push(Plan {
                    customer,
                    number: format!("HT-D{seed}-{customer}-{k}"),
                    signed_on,
                    period,
                    lines,
                    shipments,
                });
            }
        }

        let rows: Vec<_> = plans
            .iter()
            .map(|p| {
                let amount: i64 = p.lines.iter().map(|l| l.quantity * l.price).sum();
                let list: i64 = p.lines.iter().map(|l| l.quantity * l.list).sum();
                (
                    contracts::number.eq(p.number.clone()),
                    contracts::customer_id.eq(p.customer),
                    contracts::status.eq("completed"),
                    contracts::signed_on.eq(Some(p.signed_on)),
                    contracts::credit_period_days.eq(p.period),
                    contracts::credit_form.eq("open_account"),
                    contracts::amount_fen.eq(amount),
                    contracts::list_amount_fen.eq(list),
                    contracts::review_outcome.eq(Some("approved")),
                    contracts::created_at.eq(t),
                    contracts::updated_at.eq(t),
                )
            })
            .collect();
        let mut contract_ids: Vec<i64> = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(500) {
            contract_ids.extend(db_run!(conn, |c| diesel::insert_into(contracts::table)
                .values(chunk)
                .returning(contracts::id)
                .get_results::<i64>(c))?);
        }
        let line_rows: Vec<_> = plans
            .iter()
            .zip(&contract_ids)
            .flat_map(|(p, cid)| {
                p.lines.iter().enumerate().map(move |(i, l)| {
                    (
                        contract_lines::contract_id.eq(*cid),
                        contract_lines::line_no.eq(i as i64 + 1),
                        contract_lines::product_id.eq(l.product),
                        contract_lines::quantity.eq(l.quantity),
                        contract_lines::list_price_fen.eq(l.list),
                        contract_lines::price_fen.eq(l.price),
                        contract_lines::amount_fen.eq(l.quantity * l.price),
                        contract_lines::shipped_quantity.eq(l.quantity),
                    )
                })
            })
            .collect();
        let mut line_ids: Vec<i64> = Vec::with_capacity(line_rows.len());
        for chunk in line_rows.chunks(500) {
            line_ids.extend(db_run!(conn, |c| diesel::insert_into(
                contract_lines::table
            )
            .values(chunk)
            .returning(contract_lines::id)
            .get_results::<i64>(c))?);
        }
        // One note per line.
        let mut flat: Vec<Flat> = Vec::new();
        let mut li = 0;
        for (p, cid) in plans.iter().zip(&contract_ids) {
            for (k, (l, (ship, pay))) in p.lines.iter().zip(&p.shipments).enumerate() {
                flat.push(Flat {
                    customer: p.customer,
                    contract: *cid,
                    line: line_ids[li],
                    ship_date: *ship,
                    amount: l.quantity * l.price,
                    period: p.period,
                    payment: *pay,
                    number: format!("FH-{}-{}", &p.number[3..], k + 1),
                    quantity: l.quantity,
                });
                li += 1;
            }
        }
        let note_rows: Vec<_> = flat
            .iter()
            .map(|f| {
                (
                    shipping_notes::number.eq(f.number.clone()),
                    shipping_notes::contract_id.eq(f.contract),
                    shipping_notes::customer_id.eq(f.customer),
                    shipping_notes::status.eq("confirmed"),
                    shipping_notes::ship_date.eq(f.ship_date),
                    shipping_notes::amount_fen.eq(f.amount),
                    shipping_notes::issued_at.eq(t),
                    shipping_notes::confirmed_at.eq(Some(t)),
                )
            })
            .collect();
        let mut note_ids: Vec<i64> = Vec::with_capacity(note_rows.len());
        for chunk in note_rows.chunks(500) {
            note_ids.extend(db_run!(conn, |c| diesel::insert_into(
                shipping_notes::table
            )
            .values(chunk)
            .returning(shipping_notes::id)
            .get_results::<i64>(c))?);
        }
        let note_line_rows: Vec<_> = flat
            .iter()
            .zip(&note_ids)
            .map(|(f, n)| {
                (
                    shipping_note_lines::shipping_note_id.eq(*n),
                    shipping_note_lines::contract_line_id.eq(f.line),
                    shipping_note_lines::quantity.eq(f.quantity),
                    shipping_note_lines::amount_fen.eq(f.amount),
                )
            })
            .collect();
        for chunk in note_line_rows.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(shipping_note_lines::table)
                .values(chunk)
                .execute(c))?;
        }
        let receivable_rows: Vec<_> = flat
            .iter()
            .zip(&note_ids)
            .map(|(f, n)| {
                (
                    receivables::customer_id.eq(f.customer),
                    receivables::contract_id.eq(f.contract),
                    receivables::shipping_note_id.eq(Some(*n)),
                    receivables::issued_on.eq(f.ship_date),
                    receivables::due_date.eq(f.ship_date + Duration::days(f.period)),
                    receivables::amount_fen.eq(f.amount),
                    receivables::allocated_fen.eq(f.payment.map(|p| p.amount).unwrap_or(0)),
                    receivables::last_event_on.eq(f.payment.filter(|p| p.amount > 0).map(|p| p.on)),
                    receivables::created_at.eq(t),
                )
            })
            .collect();
        let mut receivable_ids: Vec<i64> = Vec::with_capacity(receivable_rows.len());
        for chunk in receivable_rows.chunks(500) {
            receivable_ids.extend(db_run!(conn, |c| diesel::insert_into(receivables::table)
                .values(chunk)
                .returning(receivables::id)
                .get_results::<i64>(c))?);
        }
        let paid: Vec<Paid> = flat
            .iter()
            .zip(&receivable_ids)
            .filter_map(|(f, r)| {
                f.payment.filter(|p| p.amount > 0).map(|p| Paid {
                    customer: f.customer,
                    receivable: *r,
                    on: p.on,
                    amount: p.amount,
                })
            })
            .collect();
        let payment_rows: Vec<_> = paid
            .iter()
            .map(|p| {
                (
                    payments::customer_id.eq(p.customer),
                    payments::received_on.eq(p.on),
                    payments::amount_fen.eq(p.amount),
                    payments::method.eq("bank_transfer"),
                    payments::allocated_fen.eq(p.amount),
                    payments::created_at.eq(t),
                )
            })
            .collect();
        let mut payment_ids: Vec<i64> = Vec::with_capacity(payment_rows.len());
        for chunk in payment_rows.chunks(500) {
            payment_ids.extend(db_run!(conn, |c| diesel::insert_into(payments::table)
                .values(chunk)
                .returning(payments::id)
                .get_results::<i64>(c))?);
        }
        let allocation_rows: Vec<_> = paid
            .iter()
            .zip(&payment_ids)
            .map(|(paid, p)| {
                (
                    allocations::payment_id.eq(*p),
                    allocations::receivable_id.eq(paid.receivable),
                    allocations::amount_fen.eq(paid.amount),
                    allocations::received_on.eq(paid.on),
                    allocations::created_at.eq(t),
                )
            })
            .collect();
        for chunk in allocation_rows.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(allocations::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in credited.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(credit_profiles::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in investigated.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(credit_investigations::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in assessed.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(influence_assessments::table)
                .values(chunk)
                .execute(c))?;
        }
        done.contracts += contract_ids.len();
        done.receivables += receivable_ids.len();
        done.payments += payment_ids.len();
    }
    Ok(done)
}
