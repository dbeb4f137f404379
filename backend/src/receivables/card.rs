//! The customer card's ledger section: recent contracts, shipments and payments, the open
//! receivables aged today, and DSO — six queries whatever the customer holds.

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use super::aging::bucket_of;
use crate::db::schema::{contracts as ct, payments as pm, receivables as rv, shipping_notes as sn};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// How many recent contracts, shipments and payments the card shows.
const RECENT: i64 = 10;

#[derive(Debug, Serialize, ToSchema)]
pub struct CardContract {
    pub id: i64,
    pub number: String,
    pub status: crate::contracts::model::ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub amount_fen: i64,
    pub premium_bp: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardShipment {
    pub id: i64,
    pub number: String,
    pub contract_id: i64,
    pub status: crate::shipping::NoteStatus,
    pub ship_date: NaiveDate,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardReceivable {
    pub id: i64,
    pub contract_id: i64,
    pub contract_number: String,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub balance_fen: i64,
    pub days_overdue: i64,
    /// Index into `buckets` (None: not yet due).
    pub bucket: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardPayment {
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub allocated_fen: i64,
    pub reversed_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardLedger {
    /// The latest 10 contracts (the contracts list has them all).
    pub contracts: Vec<CardContract>,
    /// The latest 10 shipping notes.
    pub shipments: Vec<CardShipment>,
    /// Every open receivable, oldest due first.
    pub open_receivables: Vec<CardReceivable>,
    /// The latest 10 payments.
    pub payments: Vec<CardPayment>,
    /// The aging buckets of the policy in force (`1-30`, …, `>365`).
    pub buckets: Vec<String>,
    pub open_fen: i64,
    pub overdue_fen: i64,
    /// Days sales outstanding: open receivables ÷ receivables issued in the last 90 days × 90
    /// (None without sales in that period).
    pub dso_days: Option<i64>,
}

pub fn ledger(conn: &mut DbConn, customer_id: i64, today: NaiveDate) -> ApiResult<CardLedger> {
    let contracts: Vec<(i64, String, String, Option<NaiveDate>, i64, i64)> =
        db_run!(conn, |c| ct::table
            .filter(ct::customer_id.eq(customer_id))
            .order(ct::id.desc())
            .limit(RECENT)
            .select((
                ct::id,
                ct::number,
                ct::status,
                ct::signed_on,
                ct::amount_fen,
                ct::list_amount_fen
            ))
            .load(c))?;
    let shipments: Vec<(i64, String, i64, String, NaiveDate, i64)> = db_run!(conn, |c| sn::table
        .filter(sn::customer_id.eq(customer_id))
        .order(sn::id.desc())
        .limit(RECENT)
        .select((
            sn::id,
            sn::number,
            sn::contract_id,
            sn::status,
            sn::ship_date,
            sn::amount_fen
        ))
        .load(c))?;
    let open: Vec<(i64, i64, String, NaiveDate, NaiveDate, i64, i64)> =
        db_run!(conn, |c| rv::table
            .inner_join(ct::table.on(ct::id.eq(rv::contract_id)))
            .filter(rv::customer_id.eq(customer_id))
            .filter((rv::allocated_fen + rv::credited_fen).lt(rv::amount_fen))
            .order((rv::due_date, rv::id))
            .select((
                rv::id,
                rv::contract_id,
                ct::number,
                rv::issued_on,
                rv::due_date,
                rv::amount_fen,
                rv::amount_fen - rv::allocated_fen - rv::credited_fen,
            ))
            .load(c))?;
    let payments: Vec<(i64, NaiveDate, i64, i64, Option<NaiveDate>)> =
        db_run!(conn, |c| pm::table
            .filter(pm::customer_id.eq(customer_id))
            .order((pm::received_on.desc(), pm::id.desc()))
            .limit(RECENT)
            .select((
                pm::id,
                pm::received_on,
                pm::amount_fen,
                pm::allocated_fen,
                pm::reversed_on
            ))
            .load(c))?;
    let recent_sales: Vec<i64> = db_run!(conn, |c| rv::table
        .filter(rv::customer_id.eq(customer_id))
        .filter(rv::issued_on.gt(today - Duration::days(90)))
        .select(rv::amount_fen)
        .load(c))?;
    let (_, policy) = crate::policies::service::in_force(conn, today)?;
    let bounds = policy.credit.aging_buckets_days;
    let open_receivables: Vec<CardReceivable> = open
        .into_iter()
        .map(|r| {
            let days = (today - r.4).num_days();
            CardReceivable {
                id: r.0,
                contract_id: r.1,
                contract_number: r.2,
                issued_on: r.3,
                due_date: r.4,
                amount_fen: r.5,
                balance_fen: r.6,
                days_overdue: days.max(0),
                bucket: match bucket_of(&bounds, days) {
                    0 => None,
                    b => Some(b - 1),
                },
            }
        })
        .collect();
    let open_fen: i64 = open_receivables.iter().map(|r| r.balance_fen).sum();
    let overdue_fen = open_receivables
        .iter()
        .filter(|r| r.days_overdue > 0)
        .map(|r| r.balance_fen)
        .sum();
    let sales: i64 = recent_sales.iter().sum();
    Ok(CardLedger {
        contracts: contracts
            .into_iter()
            .map(|c| CardContract {
                id: c.0,
                number: c.1,
                status: crate::contracts::model::ContractStatus::parse(&c.2),
                signed_on: c.3,
                amount_fen: c.4,
                premium_bp: crate::contracts::model::premium_bp(c.4, c.5),
            })
            .collect(),
        shipments: shipments
            .into_iter()
            .map(|s| CardShipment {
                id: s.0,
                number: s.1,
                contract_id: s.2,
                status: crate::shipping::NoteStatus::parse(&s.3),
                ship_date: s.4,
                amount_fen: s.5,
            })
            .collect(),
        payments: payments
            .into_iter()
            .map(|p| CardPayment {
                id: p.0,
                received_on: p.1,
                amount_fen: p.2,
                allocated_fen: p.3,
                reversed_on: p.4,
            })
            .collect(),
        buckets: super::aging::bucket_labels(&bounds),
        open_receivables,
        open_fen,
        overdue_fen,
        dso_days: (sales > 0).then(|| {
            ((i128::from(open_fen) * 90 + i128::from(sales) / 2) / i128::from(sales)) as i64
        }),
    })
}
