//! The four indicator inputs for a slice of customers, gathered set-based: five grouped
//! statements per slice of customer ids (whatever the slice's size), never one per customer.
//! Contract amounts come from the contracts' totals (amount and list amount), so the lines are
//! not re-read; receivables open on the rating date and receivables paid late are computed from
//! the allocations and credit notes dated on or before the day in question.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text};

use crate::db::{DbConn, RawQuery};
use crate::error::ApiResult;
use crate::ratings::engine::{Influence, Inputs};

/// A customer of the slice as it stands before the run.
#[derive(Debug, Clone, QueryableByName)]
pub struct Subject {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Nullable<Text>)]
    pub grade: Option<String>,
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Nullable<Date>)]
    pub first_deal_date: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Date>)]
    pub first_contract: Option<NaiveDate>,
}

/// Two sums of a customer (what `a` and `b` are depends on the statement).
#[derive(Debug, Clone, Copy, Default, QueryableByName)]
struct Sums {
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    a: i64,
    #[diesel(sql_type = BigInt)]
    b: i64,
}

#[derive(QueryableByName)]
struct Assessed {
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = Text)]
    level: String,
    #[diesel(sql_type = Date)]
    assessed_on: NaiveDate,
}

const DEALT: &str = "k.status IN ('signed', 'completed')";

/// Who a run over all customers covers: every customer `c` with a deal that is not lost.
fn eligible() -> String {
    format!(
        "c.status <> 'lost' AND (c.first_deal_date IS NOT NULL OR EXISTS \
         (SELECT 1 FROM contracts k WHERE k.customer_id = c.id AND {DEALT}))"
    )
}

/// The next slice of the run's customers after `cursor` (by id): every customer with a deal
/// that is not lost, or the run's chosen customers.
pub fn next_subjects(
    conn: &mut DbConn,
    run_id: i64,
    chosen: bool,
    cursor: i64,
    limit: i64,
) -> ApiResult<Vec<Subject>> {
    let (join, filter) = if chosen {
        (
            format!(
                "JOIN rating_run_customers rc ON rc.customer_id = c.id AND rc.run_id = {run_id}"
            ),
            String::new(),
        )
    } else {
        (String::new(), format!("AND {}", eligible()))
    };
    let sql = format!(
        "SELECT c.id, c.grade, c.category, c.first_deal_date,
                (SELECT MIN(k.signed_on) FROM contracts k WHERE k.customer_id = c.id AND {DEALT})
                    AS first_contract
         FROM customers c {join}
         WHERE c.id > $1 {filter}
         ORDER BY c.id LIMIT {limit}"
    );
    Ok(RawQuery::new(sql).bind(cursor).load(conn)?)
}

/// How many customers a run covers (its progress total).
pub fn count_subjects(conn: &mut DbConn, run_id: i64, chosen: bool) -> ApiResult<i64> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = if chosen {
        format!("SELECT COUNT(*) AS n FROM rating_run_customers WHERE run_id = {run_id}")
    } else {
        format!("SELECT COUNT(*) AS n FROM customers c WHERE {}", eligible())
    };
    let rows: Vec<N> = RawQuery::new(sql).load(conn)?;
    Ok(rows.first().map(|r| r.n).unwrap_or(0))
}

fn sums(
    conn: &mut DbConn,
    sql: &str,
    lo: i64,
    hi: i64,
    dates: &[NaiveDate],
) -> ApiResult<HashMap<i64, Sums>> {
    let rows: Vec<Sums> = RawQuery::new(sql)
        .bind(lo)
        .bind(hi)
        .bind_all(dates.iter().copied())
        .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
}

/// The inputs of every subject for a rating date, window and grace period.
pub fn gather(
    conn: &mut DbConn,
    subjects: &[Subject],
    rating_date: NaiveDate,
    window_start: NaiveDate,
    grace_days: i64,
) -> ApiResult<HashMap<i64, Inputs>> {
    let (Some(lo), Some(hi)) = (
        subjects.first().map(|s| s.id),
        subjects.last().map(|s| s.id),
    ) else {
        return Ok(HashMap::new());
    };
    let dialect = conn.kind();
    // 协议金额 and the same at list prices: signed contracts in the window.
    let contracts = sums(
        conn,
        &format!(
            "SELECT k.customer_id, CAST(SUM(k.amount_fen) AS BIGINT) AS a,
                    CAST(SUM(k.list_amount_fen) AS BIGINT) AS b
             FROM contracts k
             WHERE k.customer_id BETWEEN $1 AND $2 AND {DEALT}
               AND k.signed_on >= $4 AND k.signed_on <= $3
             GROUP BY k.customer_id"
        ),
        lo,
        hi,
        &[rating_date, window_start],
    )?;
    // 年终应收账款: open on the rating date (later payments and credit notes ignored).
    let open = sums(
        conn,
        "SELECT r.customer_id,
                CAST(SUM(r.amount_fen - COALESCE(a.paid, 0) - COALESCE(n.credited, 0)) AS BIGINT) AS a,
                CAST(0 AS BIGINT) AS b
         FROM receivables r
         LEFT JOIN (SELECT al.receivable_id, SUM(al.amount_fen) AS paid
                    FROM allocations al JOIN receivables r2 ON r2.id = al.receivable_id
                    WHERE r2.customer_id BETWEEN $1 AND $2 AND al.received_on <= $3
                      AND (al.reversed_on IS NULL OR al.reversed_on > $3)
                    GROUP BY al.receivable_id) a ON a.receivable_id = r.id
         LEFT JOIN (SELECT cn.receivable_id, SUM(cn.amount_fen) AS credited
                    FROM credit_notes cn
                    WHERE cn.customer_id BETWEEN $1 AND $2 AND cn.issued_on <= $3
                    GROUP BY cn.receivable_id) n ON n.receivable_id = r.id
         WHERE r.customer_id BETWEEN $1 AND $2 AND r.issued_on <= $3
         GROUP BY r.customer_id",
        lo,
        hi,
        &[rating_date],
    )?;
    // Paid late: a receivable still open at the end of its last day of grace (due + grace), or
    // at the eve of the window when that day came earlier, with that day before the rating date.
    let g = grace_days.max(0);
    let grace_end = dialect.add_days("r.due_date", g);
    let cut = dialect.greatest(&grace_end, "$4");
    // The balance at the end of day `d` is above zero (payments after it, and allocations
    // reversed by then, not counted).
    let open_at = |d: &str| {
        format!(
            "r.amount_fen >
                 COALESCE((SELECT SUM(al.amount_fen) FROM allocations al
                           WHERE al.receivable_id = r.id AND al.received_on <= {d}
                             AND (al.reversed_on IS NULL OR al.reversed_on > {d})), 0)
               + COALESCE((SELECT SUM(cn.amount_fen) FROM credit_notes cn
                           WHERE cn.receivable_id = r.id AND cn.issued_on <= {d}), 0)"
        )
    };
    // A balance only grows again when a payment is reversed: besides the cut, the receivable
    // is late if it was open at the end of a reversal day after the cut, up to the rating date.
    let late = sums(
        conn,
        &format!(
            "SELECT r.customer_id, CAST(COUNT(*) AS BIGINT) AS a, CAST(0 AS BIGINT) AS b
             FROM receivables r
             WHERE r.customer_id BETWEEN $1 AND $2 AND {grace_end} < $3
               AND ({at_cut}
                    OR EXISTS (SELECT 1 FROM allocations x
                               WHERE x.receivable_id = r.id AND x.reversed_on > {cut}
                                 AND x.reversed_on <= $3 AND {at_reversal}))
             GROUP BY r.customer_id",
            at_cut = open_at(&cut),
            at_reversal = open_at("x.reversed_on"),
        ),
        lo,
        hi,
        &[rating_date, window_start - Duration::days(1)],
    )?;
    // 战略影响: the latest assessment on or before the rating date.
    let sql = "SELECT customer_id, level, assessed_on FROM influence_assessments
               WHERE customer_id BETWEEN $1 AND $2 AND assessed_on <= $3
               ORDER BY customer_id, assessed_on, id";
    let assessed: Vec<Assessed> = RawQuery::new(sql)
        .bind(lo)
        .bind(hi)
        .bind(rating_date)
        .load(conn)?;
    let mut influence: HashMap<i64, (Influence, NaiveDate)> = HashMap::new();
    for a in assessed {
        if let Some(level) = Influence::parse(&a.level) {
            influence.insert(a.customer_id, (level, a.assessed_on));
        }
    }
    Ok(subjects
        .iter()
        .map(|s| {
            let amounts = contracts.get(&s.id).copied().unwrap_or_default();
            let first_deal = match (s.first_deal_date, s.first_contract) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            (
                s.id,
                Inputs {
                    first_deal,
                    contract_amount_fen: amounts.a,
                    list_amount_fen: amounts.b,
                    late_receivables: late.get(&s.id).map(|x| x.a).unwrap_or(0),
                    open_receivables_fen: open.get(&s.id).map(|x| x.a).unwrap_or(0),
                    influence: influence.get(&s.id).copied(),
                },
            )
        })
        .collect())
}
