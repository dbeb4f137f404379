//! The customer card's ledger section: recent contracts, shipments and payments, the open
//! receivables aged today, and DSO — six queries whatever the customer holds.

use chrono::{Duration, NaiveDate};
use serde::Serialize;
use utoipa::ToSchema;

use super::aging::bucket_of;
use super::repo;
use crate::contracts::model::{premium_bp, ContractStatus};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::shipping::model::NoteStatus;

/// How many recent contracts, shipments and payments the card shows.
const RECENT: i64 = 10;

#[derive(Debug, Serialize, ToSchema)]
pub struct CardContract {
    pub id: i64,
    pub number: String,
    pub status: ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub amount_fen: i64,
    pub premium_bp: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardShipment {
    pub id: i64,
    pub number: String,
    pub contract_id: i64,
    pub status: NoteStatus,
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
    let contracts = crate::contracts::repo::recent(conn, customer_id, RECENT)?;
    let shipments = crate::shipping::repo::recent(conn, customer_id, RECENT)?;
    let open = repo::open_of(conn, customer_id)?;
    let payments = repo::recent_payments(conn, customer_id, RECENT)?;
    let recent_sales = repo::issued_after(conn, customer_id, today - Duration::days(90))?;
    let (_, policy) = crate::policies::service::in_force(conn, today)?;
    let bounds = policy.credit.aging_buckets_days;
    let open_receivables: Vec<CardReceivable> = open
        .into_iter()
        .map(|r| {
            let days = (today - r.due_date).num_days();
            CardReceivable {
                id: r.id,
                contract_id: r.contract_id,
                contract_number: r.contract_number,
                issued_on: r.issued_on,
                due_date: r.due_date,
                amount_fen: r.amount_fen,
                balance_fen: r.balance_fen,
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
                id: c.id,
                number: c.number,
                status: ContractStatus::parse(&c.status),
                signed_on: c.signed_on,
                amount_fen: c.amount_fen,
                premium_bp: premium_bp(c.amount_fen, c.list_amount_fen),
            })
            .collect(),
        shipments: shipments
            .into_iter()
            .map(|s| CardShipment {
                id: s.id,
                number: s.number,
                contract_id: s.contract_id,
                status: NoteStatus::parse(&s.status),
                ship_date: s.ship_date,
                amount_fen: s.amount_fen,
            })
            .collect(),
        payments: payments
            .into_iter()
            .map(|p| CardPayment {
                id: p.id,
                received_on: p.received_on,
                amount_fen: p.amount_fen,
                allocated_fen: p.allocated_fen,
                reversed_on: p.reversed_on,
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
