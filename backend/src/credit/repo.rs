//! Every statement of credit control. The check's figures are one statement of scalar
//! subqueries over the ledger's tables, each served by an index on `customer_id`.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::db::schema::{
    credit_checks as ck, credit_events as ev, credit_holds as hd, credit_instruments as ins,
    credit_investigations as inv, credit_limit_requests as rq, credit_profiles as pf,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::ApiResult;
use crate::policies::model::CreditPolicy;

/// The credit forms whose documents consume the limit under `policy`, as an SQL list of
/// constants (never request text). Prepayment and cash on delivery never do.
pub fn limit_forms_sql(policy: &CreditPolicy) -> String {
    let mut forms = vec!["'open_account'"];
    if policy.limit_forms.acceptance_bill {
        forms.push("'acceptance_bill'");
    }
    if policy.limit_forms.letter_of_credit {
        forms.push("'letter_of_credit'");
    }
    forms.join(", ")
}

/// The instrument kinds the policy counts, as an SQL list of constants.
fn counted_kinds_sql(policy: &CreditPolicy) -> String {
    let kinds: Vec<String> = policy
        .counted_instruments
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect();
    if kinds.is_empty() {
        "''".into()
    } else {
        kinds.join(", ")
    }
}

/// The statement of every figure a check or the exposure needs: `$1` the customer, `$2`
/// today, `$3` a shipping note left out of the shipped-not-invoiced part (-1: none), `$4` a
/// contract whose own notes and receivables are summed apart (-1: none).
pub fn figures_sql(d: crate::db::DbKind, policy: &CreditPolicy) -> String {
    let forms = limit_forms_sql(policy);
    let kinds = counted_kinds_sql(policy);
    let today_p = d.date_param(2);
    let overdue = d.days_between(&today_p, "r.due_date");
    format!(
        "SELECT \
           (SELECT CAST(COALESCE(SUM(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen), 0) AS BIGINT) \
              FROM receivables r JOIN contracts c ON c.id = r.contract_id \
             WHERE r.customer_id = $1 AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen \
               AND c.credit_form IN ({forms})) AS open_receivables_fen, \
           (SELECT CAST(COALESCE(SUM(n.amount_fen), 0) AS BIGINT) \
              FROM shipping_notes n JOIN contracts c ON c.id = n.contract_id \
             WHERE n.customer_id = $1 AND n.status = 'issued' AND n.id <> $3 \
               AND c.credit_form IN ({forms})) AS shipped_not_invoiced_fen, \
           (SELECT CAST(COALESCE(SUM((l.quantity - l.shipped_quantity) * l.price_fen), 0) AS BIGINT) \
              FROM contracts c JOIN contract_lines l ON l.contract_id = c.id \
             WHERE c.customer_id = $1 AND c.status = 'signed' AND l.quantity > l.shipped_quantity \
               AND c.credit_form IN ({forms})) AS unshipped_contracts_fen, \
           (SELECT CAST(COALESCE(SUM((l.quantity - l.shipped_quantity) * l.price_fen), 0) AS BIGINT) \
              FROM contracts c JOIN contract_lines l ON l.contract_id = c.id \
             WHERE c.customer_id = $1 AND c.status = 'signed' AND l.quantity > l.shipped_quantity \
               AND c.credit_form IN ({forms}) AND c.credit_state = 'special_approved') AS special_unshipped_fen, \
           (SELECT CAST(COALESCE(SUM(n.amount_fen), 0) AS BIGINT) \
              FROM shipping_notes n JOIN contracts c ON c.id = n.contract_id \
             WHERE n.customer_id = $1 AND n.status = 'issued' AND n.id <> $3 AND n.credit_state = 'blocked' \
               AND c.credit_form IN ({forms})) AS blocked_issued_fen, \
           (SELECT CAST(COALESCE(SUM(n.amount_fen), 0) AS BIGINT) \
              FROM shipping_notes n JOIN contracts c ON c.id = n.contract_id \
             WHERE n.contract_id = $4 AND n.status = 'issued' AND n.id <> $3 \
               AND (n.credit_state IS NULL OR n.credit_state <> 'blocked') \
               AND c.credit_form IN ({forms})) AS own_issued_fen, \
           (SELECT CAST(COALESCE(SUM(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen), 0) AS BIGINT) \
              FROM receivables r JOIN contracts c ON c.id = r.contract_id \
             WHERE r.contract_id = $4 AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen \
               AND c.credit_form IN ({forms})) AS own_open_fen, \
           (SELECT p.limit_fen FROM credit_profiles p \
             WHERE p.customer_id = $1 AND (p.valid_until IS NULL OR p.valid_until >= {today_p})) AS approved_limit_fen, \
           (SELECT CAST(COALESCE(SUM(i.amount_fen), 0) AS BIGINT) FROM credit_instruments i \
             WHERE i.customer_id = $1 AND i.expires_on >= {today_p} AND i.voided_at IS NULL \
               AND i.kind IN ({kinds})) AS instruments_fen, \
           (SELECT MAX({overdue}) FROM receivables r \
             WHERE r.customer_id = $1 AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen \
               AND r.due_date < {today_p}) AS worst_overdue_days, \
           (SELECT h.id FROM credit_holds h WHERE h.customer_id = $1 AND h.lifted_at IS NULL) AS hold_id, \
           (SELECT u.registration_date FROM customers u WHERE u.id = $1) AS registration_date, \
           (SELECT MAX(v.investigated_on) FROM credit_investigations v WHERE v.customer_id = $1) AS latest_investigation"
    )
}

/// Every figure a check or the exposure needs, on `today`, in one statement. `leave_out_note`
/// is a shipping note whose own amount the caller adds (or not) itself; `own_contract` the
/// contract whose notes and receivables are summed apart.
pub fn figures(
    conn: &mut DbConn,
    customer_id: i64,
    today: NaiveDate,
    policy: &CreditPolicy,
    leave_out_note: Option<i64>,
    own_contract: Option<i64>,
) -> ApiResult<FiguresRow> {
    let mut rows: Vec<FiguresRow> = RawQuery::new(figures_sql(conn.kind(), policy))
        .bind(customer_id)
        .bind(today)
        .bind(leave_out_note.unwrap_or(-1))
        .bind(own_contract.unwrap_or(-1))
        .load(conn)?;
    Ok(rows.remove(0))
}

/// The documents behind one part of the exposure (at most 1,000, largest first).
pub fn exposure_documents(
    conn: &mut DbConn,
    customer_id: i64,
    part: ExposurePart,
    policy: &CreditPolicy,
) -> ApiResult<Vec<ExposureDocumentRow>> {
    let forms = limit_forms_sql(policy);
    let sql = match part {
        ExposurePart::OpenReceivables => format!(
            "SELECT 'receivable' AS document_type, r.id AS id, c.number AS number, \
                    r.contract_id AS contract_id, c.number AS contract_number, r.due_date AS date, \
                    r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen AS amount_fen \
               FROM receivables r JOIN contracts c ON c.id = r.contract_id \
              WHERE r.customer_id = $1 AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen \
                AND c.credit_form IN ({forms}) \
              ORDER BY r.due_date, r.id LIMIT 1000"
        ),
        ExposurePart::ShippedNotInvoiced => format!(
            "SELECT 'shipping_note' AS document_type, n.id AS id, n.number AS number, \
                    n.contract_id AS contract_id, c.number AS contract_number, n.ship_date AS date, \
                    n.amount_fen AS amount_fen \
               FROM shipping_notes n JOIN contracts c ON c.id = n.contract_id \
              WHERE n.customer_id = $1 AND n.status = 'issued' AND c.credit_form IN ({forms}) \
              ORDER BY n.ship_date, n.id LIMIT 1000"
        ),
        ExposurePart::UnshippedContracts => format!(
            "SELECT 'contract' AS document_type, c.id AS id, c.number AS number, \
                    c.id AS contract_id, c.number AS contract_number, c.signed_on AS date, \
                    CAST(SUM((l.quantity - l.shipped_quantity) * l.price_fen) AS BIGINT) AS amount_fen \
               FROM contracts c JOIN contract_lines l ON l.contract_id = c.id \
              WHERE c.customer_id = $1 AND c.status = 'signed' AND l.quantity > l.shipped_quantity \
                AND c.credit_form IN ({forms}) \
              GROUP BY c.id, c.number, c.signed_on \
              ORDER BY c.signed_on, c.id LIMIT 1000"
        ),
    };
    Ok(RawQuery::new(sql).bind(customer_id).load(conn)?)
}

pub fn profile(conn: &mut DbConn, customer_id: i64) -> ApiResult<Option<ProfileRow>> {
    Ok(db_run!(conn, |c| pf::table
        .find(customer_id)
        .select(ProfileRow::as_select())
        .first(c)
        .optional())?)
}

/// Write the approved credit of a customer (insert or replace).
pub fn save_profile(conn: &mut DbConn, p: &ProfileRow) -> ApiResult<()> {
    let exists = profile(conn, p.customer_id)?.is_some();
    let values = (
        pf::grade.eq(&p.grade),
        pf::limit_fen.eq(p.limit_fen),
        pf::credit_period_days.eq(p.credit_period_days),
        pf::valid_until.eq(p.valid_until),
        pf::next_review_on.eq(p.next_review_on),
        pf::request_id.eq(p.request_id),
        pf::approved_at.eq(p.approved_at),
    );
    if exists {
        db_run!(conn, |c| diesel::update(pf::table.find(p.customer_id))
            .set(values)
            .execute(c))?;
    } else {
        db_run!(conn, |c| diesel::insert_into(pf::table)
            .values((pf::customer_id.eq(p.customer_id), values))
            .execute(c))?;
    }
    Ok(())
}

pub fn requests_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<LimitRequestRow>> {
    Ok(db_run!(conn, |c| rq::table
        .filter(rq::customer_id.eq(customer_id))
        .order(rq::id.desc())
        .limit(200)
        .select(LimitRequestRow::as_select())
        .load(c))?)
}

pub fn find_request(conn: &mut DbConn, id: i64) -> ApiResult<Option<LimitRequestRow>> {
    Ok(db_run!(conn, |c| rq::table
        .find(id)
        .select(LimitRequestRow::as_select())
        .first(c)
        .optional())?)
}

/// A duplicate-key error when the customer has a pending request already (a unique index).
pub fn insert_request(
    conn: &mut DbConn,
    new: &NewLimitRequestRow,
) -> Result<i64, diesel::result::Error> {
    db_run!(conn, |c| diesel::insert_into(rq::table)
        .values(new)
        .returning(rq::id)
        .get_result(c))
}

pub fn set_request_approval(conn: &mut DbConn, id: i64, approval_id: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(rq::table.find(id))
        .set(rq::approval_id.eq(approval_id))
        .execute(c))?;
    Ok(())
}

/// Close a pending request; how many rows changed (0: it was not pending any more).
pub fn close_request(
    conn: &mut DbConn,
    id: i64,
    status: RequestStatus,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        rq::table
            .filter(rq::id.eq(id))
            .filter(rq::status.eq("pending"))
    )
    .set((rq::status.eq(status.as_str()), rq::decided_at.eq(t)))
    .execute(c))?)
}

pub fn instruments_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<InstrumentRow>> {
    Ok(db_run!(conn, |c| ins::table
        .filter(ins::customer_id.eq(customer_id))
        .order((ins::expires_on.desc(), ins::id.desc()))
        .limit(200)
        .select(InstrumentRow::as_select())
        .load(c))?)
}

/// How many live (not voided) instruments the customer has.
pub fn count_instruments(conn: &mut DbConn, customer_id: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| ins::table
        .filter(ins::customer_id.eq(customer_id))
        .filter(ins::voided_at.is_null())
        .count()
        .get_result(c))?)
}

/// Void a live instrument of the customer; whether there was one.
pub fn void_instrument(
    conn: &mut DbConn,
    customer_id: i64,
    id: i64,
    by: i64,
    reason: &str,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        ins::table
            .filter(ins::id.eq(id))
            .filter(ins::customer_id.eq(customer_id))
            .filter(ins::voided_at.is_null())
    )
    .set((
        ins::voided_at.eq(t),
        ins::voided_by.eq(by),
        ins::void_reason.eq(reason),
    ))
    .execute(c))?;
    Ok(n == 1)
}

pub fn insert_instrument(conn: &mut DbConn, new: &NewInstrumentRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(ins::table)
        .values(new)
        .returning(ins::id)
        .get_result(c))?)
}

pub fn investigations_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<InvestigationRow>> {
    Ok(db_run!(conn, |c| inv::table
        .filter(inv::customer_id.eq(customer_id))
        .order((inv::investigated_on.desc(), inv::id.desc()))
        .limit(200)
        .select(InvestigationRow::as_select())
        .load(c))?)
}

pub fn insert_investigation(conn: &mut DbConn, new: &NewInvestigationRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(inv::table)
        .values(new)
        .returning(inv::id)
        .get_result(c))?)
}

pub fn events_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<EventRow>> {
    Ok(db_run!(conn, |c| ev::table
        .filter(ev::customer_id.eq(customer_id))
        .order(ev::id.desc())
        .limit(200)
        .select(EventRow::as_select())
        .load(c))?)
}

pub fn insert_event(conn: &mut DbConn, new: &NewEventRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(ev::table)
        .values(new)
        .returning(ev::id)
        .get_result(c))?)
}

pub fn holds_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<HoldRow>> {
    Ok(db_run!(conn, |c| hd::table
        .filter(hd::customer_id.eq(customer_id))
        .order(hd::id.desc())
        .limit(200)
        .select(HoldRow::as_select())
        .load(c))?)
}

/// Customers of `ids` on credit hold now.
pub fn held(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| hd::table
        .filter(hd::customer_id.eq_any(ids))
        .filter(hd::lifted_at.is_null())
        .select(hd::customer_id)
        .load(c))?)
}

/// Put a customer on hold; a duplicate-key error when it is on hold already (one active hold
/// per customer, a unique index).
pub fn insert_hold(conn: &mut DbConn, new: &NewHoldRow) -> Result<i64, diesel::result::Error> {
    db_run!(conn, |c| diesel::insert_into(hd::table)
        .values(new)
        .returning(hd::id)
        .get_result(c))
}

/// Lift the active hold; how many rows changed (0: none was active).
pub fn lift_hold(
    conn: &mut DbConn,
    customer_id: i64,
    by: i64,
    reason: &str,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        hd::table
            .filter(hd::customer_id.eq(customer_id))
            .filter(hd::lifted_at.is_null())
    )
    .set((
        hd::lifted_at.eq(t),
        hd::lifted_by.eq(by),
        hd::lift_reason.eq(reason),
    ))
    .execute(c))?)
}

pub fn insert_check(conn: &mut DbConn, new: &NewCheckRow) -> ApiResult<CheckRow> {
    Ok(db_run!(conn, |c| diesel::insert_into(ck::table)
        .values(new)
        .returning(CheckRow::as_returning())
        .get_result(c))?)
}

/// The latest check of each document of a type: the newest ids per document, then their rows
/// (re-checks keep their history without slowing the pages that show the latest).
pub fn latest_checks(
    conn: &mut DbConn,
    document: CheckedDocument,
    ids: &[i64],
) -> ApiResult<HashMap<i64, CheckRow>> {
    let latest: Vec<Option<i64>> = db_run!(conn, |c| ck::table
        .filter(ck::document_type.eq(document.as_str()))
        .filter(ck::document_id.eq_any(ids))
        .group_by(ck::document_id)
        .select(diesel::dsl::max(ck::id))
        .load(c))?;
    let latest: Vec<i64> = latest.into_iter().flatten().collect();
    let rows: Vec<CheckRow> = db_run!(conn, |c| ck::table
        .filter(ck::id.eq_any(&latest))
        .select(CheckRow::as_select())
        .load(c))?;
    Ok(rows.into_iter().map(|r| (r.document_id, r)).collect())
}

/// The payment performance of these customers on `today`, one grouped statement per table.
pub fn payment_performance(
    conn: &mut DbConn,
    customer_ids: &[i64],
    today: NaiveDate,
) -> ApiResult<HashMap<i64, PaymentPerformance>> {
    if customer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let d = conn.kind();
    let today_p = d.date_param(1);
    let since = d.add_days(&today_p, -90);
    let overdue = d.days_between(&today_p, "r.due_date");
    let list: Vec<String> = customer_ids.iter().map(|i| i.to_string()).collect();
    let ids = list.join(", ");
    let sql = format!(
        "SELECT u.id AS customer_id, \
           (SELECT CAST(COALESCE(SUM(p.amount_fen), 0) AS BIGINT) FROM payments p \
             WHERE p.customer_id = u.id AND p.reversed_on IS NULL AND p.received_on >= {since}) AS paid_last_90_days_fen, \
           (SELECT CAST(COALESCE(SUM(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen), 0) AS BIGINT) FROM receivables r \
             WHERE r.customer_id = u.id AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen AND r.due_date < {today_p}) AS overdue_fen, \
           (SELECT MAX({overdue}) FROM receivables r \
             WHERE r.customer_id = u.id AND r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen AND r.due_date < {today_p}) AS worst_overdue_days, \
           (SELECT MAX(p.received_on) FROM payments p WHERE p.customer_id = u.id AND p.reversed_on IS NULL) AS last_payment_on \
         FROM customers u WHERE u.id IN ({ids})"
    );
    let rows: Vec<PaymentPerformance> = RawQuery::new(sql).bind(today).load(conn)?;
    Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
}

/// How many of `ids` are live attachments of the customer.
pub fn count_attachments_of(conn: &mut DbConn, customer_id: i64, ids: &[i64]) -> ApiResult<i64> {
    use crate::db::schema::attachments as at;
    Ok(db_run!(conn, |c| at::table
        .filter(at::customer_id.eq(customer_id))
        .filter(at::id.eq_any(ids))
        .filter(at::deleted_at.is_null())
        .count()
        .get_result(c))?)
}

/// Link files to an investigation or an event.
pub fn link_files(
    conn: &mut DbConn,
    record_type: &str,
    record_id: i64,
    attachment_ids: &[i64],
) -> ApiResult<()> {
    use crate::db::schema::credit_record_files as rf;
    let rows: Vec<_> = attachment_ids
        .iter()
        .map(|a| {
            (
                rf::record_type.eq(record_type),
                rf::record_id.eq(record_id),
                rf::attachment_id.eq(*a),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(rf::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

/// The live files of the customer's investigations and events.
pub fn files_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<RecordFile>> {
    let sql = "SELECT f.record_type AS record_type, f.record_id AS record_id, \
                      a.id AS attachment_id, a.filename AS filename \
                 FROM credit_record_files f JOIN attachments a ON a.id = f.attachment_id \
                WHERE a.customer_id = $1 AND a.deleted_at IS NULL \
                ORDER BY f.id";
    Ok(RawQuery::new(sql).bind(customer_id).load(conn)?)
}

/// The condition "approved in credit review `$1` and not applied yet" on review items `i`.
const REVIEW_UNAPPLIED: &str =
    "i.review_id = $1 AND i.status = 'approved' AND i.applied_request_id IS NULL";

/// Customers of a review's approved, unapplied items whose new limit is above the current one
/// and who have shipping notes blocked by the credit check (those to check again).
pub fn review_raises(conn: &mut DbConn, review_id: i64) -> ApiResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        customer_id: i64,
    }
    let sql = format!(
        "SELECT i.customer_id FROM credit_review_items i \
           JOIN credit_profiles p ON p.customer_id = i.customer_id \
          WHERE {REVIEW_UNAPPLIED} AND i.new_limit_fen > p.limit_fen \
            AND EXISTS (SELECT 1 FROM shipping_notes n WHERE n.customer_id = i.customer_id \
                           AND n.credit_state = 'blocked' AND n.status = 'issued')"
    );
    let rows: Vec<Id> = RawQuery::new(sql).bind(review_id).load(conn)?;
    Ok(rows.into_iter().map(|r| r.customer_id).collect())
}

/// A review's approved, unapplied items as approved limit requests (old values from the
/// profile now, the reason naming the review month), then the profiles from those requests:
/// two statements whatever the number of customers. How many profiles changed.
pub fn apply_review(
    conn: &mut DbConn,
    review_id: i64,
    next_review_on: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    let d = conn.kind();
    let requests = format!(
        "INSERT INTO credit_limit_requests (customer_id, status, old_grade, new_grade, old_limit_fen, \
             new_limit_fen, old_period_days, credit_period_days, valid_until, reason, requested_by, \
             requested_at, decided_at, review_item_id) \
         SELECT i.customer_id, 'approved', p.grade, i.new_grade, p.limit_fen, i.new_limit_fen, \
             p.credit_period_days, i.new_period_days, p.valid_until, \
             '信用评审 ' || v.review_month || '：' || i.opinion, i.reviewed_by, i.reviewed_at, $2, i.id \
         FROM credit_review_items i \
           JOIN credit_reviews v ON v.id = i.review_id \
           JOIN credit_profiles p ON p.customer_id = i.customer_id \
         WHERE {REVIEW_UNAPPLIED}"
    );
    RawQuery::new(requests)
        .bind(review_id)
        .bind(t)
        .execute(conn)?;
    let next = d.date_param(3);
    let profiles = format!(
        "INSERT INTO credit_profiles (customer_id, grade, limit_fen, credit_period_days, valid_until, \
             next_review_on, request_id, approved_at) \
         SELECT q.customer_id, q.new_grade, q.new_limit_fen, q.credit_period_days, q.valid_until, \
             {next}, q.id, $2 \
         FROM credit_limit_requests q JOIN credit_review_items i ON i.id = q.review_item_id \
         WHERE {REVIEW_UNAPPLIED} \
         ON CONFLICT (customer_id) DO UPDATE SET grade = excluded.grade, limit_fen = excluded.limit_fen, \
             credit_period_days = excluded.credit_period_days, next_review_on = excluded.next_review_on, \
             request_id = excluded.request_id, approved_at = excluded.approved_at"
    );
    Ok(RawQuery::new(profiles)
        .bind(review_id)
        .bind(t)
        .bind(next_review_on)
        .execute(conn)?)
}
