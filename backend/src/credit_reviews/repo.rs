//! The review campaigns' SQL: the campaign and its lease, the customers with credit slice by
//! slice, their behaviour in grouped statements (one per table and slice), the items list under
//! scope, and the conditional updates of the review and the decisions.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::model::*;
use crate::customers::model::CustomerLine;
use crate::customers::scope::Viewer;
use crate::db::schema::{credit_review_items as ri, credit_reviews as rv, customers};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::{duplicate_on, ApiResult};

/// Rows per multi-row insert (21 values each: far below SQLite's bind limit).
const CHUNK: usize = 1_000;

// ---------------------------------------------------------------------------------------------
// Campaigns

pub fn insert_review(conn: &mut DbConn, new: &NewReviewRow) -> ApiResult<i64> {
    db_run!(conn, |c| diesel::insert_into(rv::table)
        .values(new)
        .returning(rv::id)
        .get_result(c))
    .map_err(duplicate_on(
        "review_month",
        "this month's review campaign exists already",
    ))
}

pub fn find_review(conn: &mut DbConn, id: i64) -> ApiResult<Option<ReviewRow>> {
    Ok(db_run!(conn, |c| rv::table
        .find(id)
        .select(ReviewRow::as_select())
        .first(c)
        .optional())?)
}

/// The month's campaign, unless it failed (a failed one gives way to a new start).
pub fn review_of_month(conn: &mut DbConn, month: &str) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| rv::table
        .filter(rv::review_month.eq(month))
        .filter(rv::status.ne(ReviewStatus::Failed.as_str()))
        .select(rv::id)
        .first(c)
        .optional())?)
}

pub fn list_reviews(conn: &mut DbConn) -> ApiResult<Vec<ReviewRow>> {
    Ok(db_run!(conn, |c| rv::table
        .order(rv::review_month.desc())
        .limit(100)
        .select(ReviewRow::as_select())
        .load(c))?)
}

pub fn set_total(conn: &mut DbConn, id: i64, total: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(rv::table.find(id))
        .set(rv::total.eq(total))
        .execute(c))?;
    Ok(())
}

/// A generating campaign whose cursor is still `cursor` is open for review.
pub fn finish_generating(
    conn: &mut DbConn,
    id: i64,
    cursor: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        rv::table
            .filter(rv::id.eq(id))
            .filter(rv::status.eq(ReviewStatus::Generating.as_str()))
            .filter(rv::cursor_id.eq(cursor))
    )
    .set((
        rv::status.eq(ReviewStatus::Open.as_str()),
        rv::generated_at.eq(Some(t)),
        rv::lease_until.eq(None::<NaiveDateTime>),
        rv::total.eq(rv::done),
    ))
    .execute(c))?)
}

// ---------------------------------------------------------------------------------------------
// Gathering

/// The condition "has credit on the day `$n`" on credit profiles aliased `p`.
fn with_credit(conn: &DbConn, n: usize) -> String {
    let day = conn.kind().date_param(n);
    format!("(p.valid_until IS NULL OR p.valid_until >= {day})")
}

pub fn count_subjects(conn: &mut DbConn, as_of: NaiveDate) -> ApiResult<i64> {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM credit_profiles p WHERE {}",
        with_credit(conn, 1)
    );
    let rows: Vec<N> = RawQuery::new(sql).bind(as_of).load(conn)?;
    Ok(rows.first().map(|r| r.n).unwrap_or(0))
}

/// The next `limit` customers with credit after `cursor`, by id.
pub fn next_subjects(
    conn: &mut DbConn,
    as_of: NaiveDate,
    cursor: i64,
    limit: i64,
) -> ApiResult<Vec<Subject>> {
    let sql = format!(
        "SELECT p.customer_id, p.grade, p.limit_fen, p.credit_period_days FROM credit_profiles p \
         WHERE p.customer_id > $2 AND {} ORDER BY p.customer_id LIMIT $3",
        with_credit(conn, 1)
    );
    Ok(RawQuery::new(sql)
        .bind(as_of)
        .bind(cursor)
        .bind(limit)
        .load(conn)?)
}

#[derive(Debug, Clone, Default, QueryableByName)]
struct Sums {
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = BigInt)]
    a: i64,
    #[diesel(sql_type = BigInt)]
    b: i64,
    #[diesel(sql_type = BigInt)]
    c: i64,
    #[diesel(sql_type = BigInt)]
    d: i64,
}

/// One grouped statement over customers `$1..=$2`, with `dates` bound from `$3` on.
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

/// The behaviour of customers `lo..=hi` over `from..=to`, with their position on `as_of`:
/// four grouped statements (receivables, late receivables, promises, events).
pub fn behaviour(
    conn: &mut DbConn,
    lo: i64,
    hi: i64,
    from: NaiveDate,
    to: NaiveDate,
    as_of: NaiveDate,
    limit_forms: &str,
) -> ApiResult<HashMap<i64, Behaviour>> {
    let d = conn.kind();
    let (from_p, to_p, as_of_p) = (d.date_param(3), d.date_param(4), d.date_param(5));
    let balance = "(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen)";
    let ar = sums(
        conn,
        &format!(
            "SELECT r.customer_id, \
               CAST(COALESCE(SUM(CASE WHEN r.issued_on >= {from_p} AND r.issued_on <= {to_p} THEN r.amount_fen ELSE 0 END), 0) AS BIGINT) AS a, \
               CAST(COALESCE(SUM({balance}), 0) AS BIGINT) AS b, \
               CAST(COALESCE(SUM(CASE WHEN r.due_date < {as_of_p} THEN {balance} ELSE 0 END), 0) AS BIGINT) AS c, \
               CAST(COALESCE(SUM(CASE WHEN k.credit_form IN ({limit_forms}) THEN {balance} ELSE 0 END), 0) AS BIGINT) AS d \
             FROM receivables r JOIN contracts k ON k.id = r.contract_id \
             WHERE r.customer_id BETWEEN $1 AND $2 \
             GROUP BY r.customer_id"
        ),
        lo,
        hi,
        &[from, to, as_of],
    )?;
    // Late: due in the period (before the day of the figures) and either still open (or
    // written off) then, or paid by a last allocation after the due date.
    let open_days = d.days_between(&as_of_p, "r.due_date");
    let paid_days = d.days_between(
        "(SELECT MAX(al.received_on) FROM allocations al \
           WHERE al.receivable_id = r.id AND al.reversed_on IS NULL)",
        "r.due_date",
    );
    let late = sums(
        conn,
        &format!(
            "SELECT x.customer_id, CAST(COUNT(*) AS BIGINT) AS a, CAST(MAX(x.days) AS BIGINT) AS b, \
                    CAST(0 AS BIGINT) AS c, CAST(0 AS BIGINT) AS d \
             FROM (SELECT r.customer_id, \
                     CASE WHEN {balance} > 0 OR r.written_off_fen > 0 THEN {open_days} \
                          ELSE COALESCE({paid_days}, 0) END AS days \
                   FROM receivables r \
                   WHERE r.customer_id BETWEEN $1 AND $2 AND r.due_date >= {from_p} \
                     AND r.due_date <= {to_p} AND r.due_date < {as_of_p}) x \
             WHERE x.days > 0 \
             GROUP BY x.customer_id"
        ),
        lo,
        hi,
        &[from, to, as_of],
    )?;
    let promises = sums(
        conn,
        &format!(
            "SELECT pp.customer_id, CAST(COUNT(*) AS BIGINT) AS a, CAST(0 AS BIGINT) AS b, \
                    CAST(0 AS BIGINT) AS c, CAST(0 AS BIGINT) AS d \
             FROM payment_promises pp \
             WHERE pp.customer_id BETWEEN $1 AND $2 AND pp.status = 'broken' \
               AND pp.promised_on >= {from_p} AND pp.promised_on <= {to_p} \
             GROUP BY pp.customer_id"
        ),
        lo,
        hi,
        &[from, to],
    )?;
    // Events recorded from the start of the period's first day to the end of its last (company
    // days, the instants stored in UTC).
    let events: Vec<Sums> = RawQuery::new(
        "SELECT e.customer_id, CAST(COUNT(*) AS BIGINT) AS a, \
                CAST(SUM(CASE WHEN e.severity = 'severe' THEN 1 ELSE 0 END) AS BIGINT) AS b, \
                CAST(0 AS BIGINT) AS c, CAST(0 AS BIGINT) AS d \
         FROM credit_events e \
         WHERE e.customer_id BETWEEN $1 AND $2 AND e.created_at >= $3 AND e.created_at < $4 \
         GROUP BY e.customer_id",
    )
    .bind(lo)
    .bind(hi)
    .bind(crate::time::start_of_day(from))
    .bind(crate::time::start_of_day(to + Duration::days(1)))
    .load(conn)?;
    let events: HashMap<i64, Sums> = events.into_iter().map(|r| (r.customer_id, r)).collect();

    let mut out: HashMap<i64, Behaviour> = HashMap::new();
    for (id, s) in ar {
        let b = out.entry(id).or_default();
        (b.sales_fen, b.open_ar_fen, b.overdue_fen, b.limit_ar_fen) = (s.a, s.b, s.c, s.d);
    }
    for (id, s) in late {
        let b = out.entry(id).or_default();
        (b.late_receivables, b.worst_days_late) = (s.a, s.b);
    }
    for (id, s) in promises {
        out.entry(id).or_default().broken_promises = s.a;
    }
    for (id, s) in events {
        let b = out.entry(id).or_default();
        (b.events, b.severe_events) = (s.a, s.b);
    }
    Ok(out)
}

/// Insert a slice's items, in the transaction that moved the cursor past them (so no other
/// instance writes the same slice; the unique (campaign, customer) stands guard besides).
pub fn insert_items(conn: &mut DbConn, rows: &[NewItemRow]) -> ApiResult<()> {
    for chunk in rows.chunks(CHUNK) {
        db_run!(conn, |c| diesel::insert_into(ri::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Items

/// An item with its customer.
pub type ItemLine = (ItemRow, CustomerLine);

pub struct ItemFilter<'a> {
    pub viewer: &'a Viewer,
    pub granted: Vec<i64>,
    pub query: &'a ItemQuery,
}

/// A page of a campaign's items in scope, by customer code, and how many match.
pub fn list_items(
    conn: &mut DbConn,
    review_id: i64,
    f: &ItemFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ItemLine>, i64)> {
    let q = f.query;
    let like =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                format!(
                    "%{}%",
                    s.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                )
            });
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                ri::table
                    .inner_join(customers::table)
                    .filter(ri::review_id.eq(review_id))
                    .into_boxed(),
                f.viewer,
                f.granted.clone()
            );
            if let Some(s) = q.status {
                query = query.filter(ri::status.eq(s.as_str()));
            }
            if let Some(p) = q.proposal {
                query = query.filter(ri::proposal.eq(p.as_str()));
            }
            if let Some(o) = q.office_id {
                query = query.filter(customers::office_id.eq(o));
            }
            if let Some(l) = like.clone() {
                query = query.filter(
                    customers::name
                        .like(l.clone())
                        .escape('\\')
                        .or(customers::code.like(l).escape('\\')),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((customers::code.asc(), ri::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((ItemRow::as_select(), CustomerLine::as_select()))
        .load(c))?;
    Ok((rows, total))
}

pub fn find_item(conn: &mut DbConn, review_id: i64, id: i64) -> ApiResult<Option<ItemLine>> {
    Ok(db_run!(conn, |c| ri::table
        .inner_join(customers::table)
        .filter(ri::id.eq(id))
        .filter(ri::review_id.eq(review_id))
        .select((ItemRow::as_select(), CustomerLine::as_select()))
        .first(c)
        .optional())?)
}

/// The customer's items, newest campaign first.
pub fn items_of_customer(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<ItemLine>> {
    Ok(db_run!(conn, |c| ri::table
        .inner_join(customers::table)
        .filter(ri::customer_id.eq(customer_id))
        .order(ri::review_id.desc())
        .limit(100)
        .select((ItemRow::as_select(), CustomerLine::as_select()))
        .load(c))?)
}

/// Items of these campaigns by status and proposal, within the viewer's reach: one grouped
/// statement.
pub fn counts(
    conn: &mut DbConn,
    review_ids: &[i64],
    viewer: &Viewer,
    lent: &[i64],
) -> ApiResult<Vec<CountRow>> {
    if review_ids.is_empty() {
        return Ok(Vec::new());
    }
    let reach = viewer.reach().sql(lent);
    let marks: Vec<String> = (1..=review_ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT i.review_id, i.status, i.proposal, CAST(COUNT(*) AS BIGINT) AS n, \
                MAX(i.reviewed_at) AS last_reviewed_at \
         FROM credit_review_items i JOIN customers c ON c.id = i.customer_id \
         WHERE i.review_id IN ({}) AND {reach} GROUP BY i.review_id, i.status, i.proposal",
        marks.join(", ")
    );
    Ok(RawQuery::new(sql)
        .bind_all(review_ids.iter().copied())
        .load(conn)?)
}

/// These campaigns (for the items that show their month and period).
pub fn find_reviews(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<ReviewRow>> {
    Ok(db_run!(conn, |c| rv::table
        .filter(rv::id.eq_any(ids))
        .select(ReviewRow::as_select())
        .load(c))?)
}

/// The business department's review, if the item is still undecided and of the version read;
/// how many rows changed.
pub struct Reviewed<'a> {
    pub decision: &'a str,
    pub new_grade: &'a str,
    pub new_limit_fen: i64,
    pub new_period_days: i64,
    pub opinion: &'a str,
    pub reviewed_by: i64,
    pub reviewed_at: NaiveDateTime,
    /// The credit profile's approving request the form was filled against.
    pub basis_request_id: Option<i64>,
}

pub fn save_review(conn: &mut DbConn, id: i64, version: i64, r: &Reviewed) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        ri::table
            .filter(ri::id.eq(id))
            .filter(ri::version.eq(version))
            .filter(
                ri::status.eq_any([ItemStatus::Proposed.as_str(), ItemStatus::Reviewed.as_str()])
            )
    )
    .set((
        ri::status.eq(ItemStatus::Reviewed.as_str()),
        ri::decision.eq(Some(r.decision)),
        ri::new_grade.eq(Some(r.new_grade)),
        ri::new_limit_fen.eq(Some(r.new_limit_fen)),
        ri::new_period_days.eq(Some(r.new_period_days)),
        ri::opinion.eq(r.opinion),
        ri::reviewed_by.eq(Some(r.reviewed_by)),
        ri::reviewed_at.eq(Some(r.reviewed_at)),
        ri::basis_request_id.eq(r.basis_request_id),
        ri::version.eq(ri::version + 1),
    ))
    .execute(c))?)
}

/// The VP's decision on reviewed items of a campaign: `only` one item, or every reviewed item
/// but `except`; never an item the decider reviewed himself.
pub struct Decision<'a> {
    pub only: Option<i64>,
    /// With `only`: the form's version the decider read (a form saved again meanwhile is not
    /// decided unseen).
    pub version: Option<i64>,
    pub except: &'a [i64],
    /// Only forms saved at or before this instant.
    pub reviewed_before: Option<NaiveDateTime>,
    pub approve: bool,
    pub decider: i64,
    pub note: &'a str,
    pub t: NaiveDateTime,
}

/// Record a decision (see [`Decision`]); how many rows changed.
pub fn decide(conn: &mut DbConn, review_id: i64, d: &Decision) -> ApiResult<usize> {
    let status = if d.approve {
        ItemStatus::Approved
    } else {
        ItemStatus::Rejected
    };
    macro_rules! target {
        () => {{
            let mut q = diesel::update(ri::table)
                .filter(ri::review_id.eq(review_id))
                .filter(ri::status.eq(ItemStatus::Reviewed.as_str()))
                .filter(ri::reviewed_by.ne(d.decider))
                .into_boxed();
            if let Some(id) = d.only {
                q = q.filter(ri::id.eq(id));
            }
            if let Some(v) = d.version {
                q = q.filter(ri::version.eq(v));
            }
            if !d.except.is_empty() {
                q = q.filter(ri::id.ne_all(d.except.to_vec()));
            }
            if let Some(before) = d.reviewed_before {
                q = q.filter(ri::reviewed_at.le(before));
            }
            if d.approve {
                // Only forms filled against the credit profile as it still is.
                q = q.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(BASIS_HOLDS));
            }
            q
        }};
    }
    Ok(db_run!(conn, |c| target!()
        .set((
            ri::status.eq(status.as_str()),
            ri::decided_by.eq(Some(d.decider)),
            ri::decided_at.eq(Some(d.t)),
            ri::decision_note.eq(d.note),
            ri::version.eq(ri::version + 1),
        ))
        .execute(c))?)
}

/// On `credit_review_items`: the customer's credit profile is still the one the form was
/// filled against.
const BASIS_HOLDS: &str = "EXISTS (SELECT 1 FROM credit_profiles p \
     WHERE p.customer_id = credit_review_items.customer_id \
       AND p.request_id = credit_review_items.basis_request_id)";

/// Reviewed items of a campaign left by a batch approval: saved after `before`, and (of the
/// others) filled against a credit profile that has changed since.
pub fn left_by_batch(
    conn: &mut DbConn,
    review_id: i64,
    decider: i64,
    except: &[i64],
    before: Option<NaiveDateTime>,
) -> ApiResult<(i64, i64)> {
    macro_rules! left {
        () => {{
            let mut q = ri::table
                .filter(ri::review_id.eq(review_id))
                .filter(ri::status.eq(ItemStatus::Reviewed.as_str()))
                .filter(ri::reviewed_by.ne(decider))
                .into_boxed();
            if !except.is_empty() {
                q = q.filter(ri::id.ne_all(except.to_vec()));
            }
            q
        }};
    }
    let later: i64 = match before {
        Some(b) => db_run!(conn, |c| left!()
            .filter(ri::reviewed_at.gt(b))
            .count()
            .get_result(c))?,
        None => 0,
    };
    let changed: i64 = db_run!(conn, |c| {
        let mut q = left!();
        if let Some(b) = before {
            q = q.filter(ri::reviewed_at.le(b));
        }
        q.filter(diesel::dsl::not(
            diesel::dsl::sql::<diesel::sql_types::Bool>(BASIS_HOLDS),
        ))
        .count()
        .get_result(c)
    })?;
    Ok((later, changed))
}

/// The items of a campaign the decider decided at `t` (one batch), by id.
pub fn decided_at(
    conn: &mut DbConn,
    review_id: i64,
    decider: i64,
    t: NaiveDateTime,
) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| ri::table
        .filter(ri::review_id.eq(review_id))
        .filter(ri::decided_by.eq(decider))
        .filter(ri::decided_at.eq(t))
        .order(ri::id)
        .select(ri::id)
        .load(c))?)
}

/// Reviewed items of a campaign left undecided, of which the decider's own reviews and those
/// listed.
pub fn left_reviewed(
    conn: &mut DbConn,
    review_id: i64,
    decider: i64,
    except: &[i64],
) -> ApiResult<(i64, i64)> {
    let reviewed = ri::table
        .filter(ri::review_id.eq(review_id))
        .filter(ri::status.eq(ItemStatus::Reviewed.as_str()));
    let own: i64 = db_run!(conn, |c| reviewed
        .filter(ri::reviewed_by.eq(decider))
        .count()
        .get_result(c))?;
    let excepted: i64 = db_run!(conn, |c| reviewed
        .filter(ri::reviewed_by.ne(decider))
        .filter(ri::id.eq_any(except.to_vec()))
        .count()
        .get_result(c))?;
    Ok((own, excepted))
}

/// Approved items of a campaign not applied yet, with the customer's owner and office, for
/// the notifications: the owners and office directors of those customers, with their counts.
pub fn recipients_of_unapplied(conn: &mut DbConn, review_id: i64) -> ApiResult<Vec<Recipient>> {
    // An owner who is also the office's director counts each customer once.
    let sql = "SELECT x.user_id, CAST(COUNT(DISTINCT x.item_id) AS BIGINT) AS n FROM ( \
                 SELECT c.owner_user_id AS user_id, i.id AS item_id FROM credit_review_items i \
                   JOIN customers c ON c.id = i.customer_id \
                   JOIN users u ON u.id = c.owner_user_id \
                  WHERE i.review_id = $1 AND i.status = 'approved' AND i.applied_request_id IS NULL \
                    AND u.active = TRUE \
                 UNION ALL \
                 SELECT ur.user_id, i.id FROM credit_review_items i \
                   JOIN customers c ON c.id = i.customer_id \
                   JOIN users u ON u.office_id = c.office_id \
                   JOIN user_roles ur ON ur.user_id = u.id AND ur.role = 'office_director' \
                  WHERE i.review_id = $1 AND i.status = 'approved' AND i.applied_request_id IS NULL \
                    AND u.active = TRUE \
               ) x GROUP BY x.user_id";
    Ok(RawQuery::new(sql).bind(review_id).load(conn)?)
}

/// Link approved items of a campaign to the limit requests that applied them.
pub fn mark_applied(conn: &mut DbConn, review_id: i64) -> ApiResult<usize> {
    Ok(RawQuery::new(
        "UPDATE credit_review_items SET applied_request_id = \
           (SELECT q.id FROM credit_limit_requests q WHERE q.review_item_id = credit_review_items.id) \
         WHERE review_id = $1 AND status = 'approved' AND applied_request_id IS NULL",
    )
    .bind(review_id)
    .execute(conn)?)
}
