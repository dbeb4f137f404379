use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::db::schema::{
    customers, statement_mails as sm, statement_recipients as sr, statement_runs as run,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::{duplicate_on, ApiResult};

pub fn recipient(conn: &mut DbConn, customer_id: i64) -> ApiResult<Option<RecipientRow>> {
    Ok(db_run!(conn, |c| sr::table
        .find(customer_id)
        .select(RecipientRow::as_select())
        .first(c)
        .optional())?)
}

pub fn save_recipient(conn: &mut DbConn, row: &RecipientRow) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(sr::table)
        .values(row)
        .on_conflict(sr::customer_id)
        .do_update()
        .set(row)
        .execute(c))?;
    Ok(())
}

pub fn remove_recipient(conn: &mut DbConn, customer_id: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::delete(sr::table.find(customer_id))
        .execute(c))?;
    Ok(())
}

pub fn insert_mail(conn: &mut DbConn, new: &NewMailRow) -> ApiResult<MailRow> {
    Ok(db_run!(conn, |c| diesel::insert_into(sm::table)
        .values(new)
        .returning(MailRow::as_returning())
        .get_result(c))?)
}

/// A mail with its customer's code and name.
pub type MailLine = (MailRow, String, String);

/// The customer's latest mails, newest first.
pub fn mails_of_customer(
    conn: &mut DbConn,
    customer_id: i64,
    limit: i64,
) -> ApiResult<Vec<MailLine>> {
    Ok(db_run!(conn, |c| sm::table
        .inner_join(customers::table)
        .filter(sm::customer_id.eq(customer_id))
        .order(sm::id.desc())
        .limit(limit)
        .select((MailRow::as_select(), customers::code, customers::name))
        .load(c))?)
}

/// A page of a run's mails (optionally in one state), by customer code, and the total.
pub fn mails_of_run(
    conn: &mut DbConn,
    run_id: i64,
    status: Option<StatementMailStatus>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<MailLine>, i64)> {
    let status = status.map(|s| match s {
        StatementMailStatus::Pending => "pending",
        StatementMailStatus::Sending => "sending",
        StatementMailStatus::Sent => "sent",
        StatementMailStatus::Failed => "failed",
    });
    macro_rules! filtered {
        () => {{
            let mut q = sm::table
                .inner_join(customers::table)
                .filter(sm::run_id.eq(run_id))
                .into_boxed();
            if let Some(s) = status {
                q = q.filter(sm::email_status.eq(s));
            }
            q
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((customers::code, sm::id))
        .limit(limit)
        .offset(offset)
        .select((MailRow::as_select(), customers::code, customers::name))
        .load(c))?;
    Ok((rows, total))
}

/// What the claimed mails' statements need.
pub fn due_mails(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<DueMail>> {
    Ok(db_run!(conn, |c| sm::table
        .filter(sm::id.eq_any(ids))
        .select((
            sm::id,
            sm::customer_id,
            sm::period_from,
            sm::period_to,
            sm::to_address,
        ))
        .load(c))?)
}

pub fn insert_run(conn: &mut DbConn, new: &NewRunRow) -> ApiResult<RunRow> {
    db_run!(conn, |c| diesel::insert_into(run::table)
        .values(new)
        .returning(RunRow::as_returning())
        .get_result(c))
    .map_err(duplicate_on(
        "month",
        "this month's statements have been run already",
    ))
}

pub fn run_of_month(conn: &mut DbConn, month: &str) -> ApiResult<Option<RunRow>> {
    Ok(db_run!(conn, |c| run::table
        .filter(run::month.eq(month))
        .select(RunRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_run(conn: &mut DbConn, id: i64) -> ApiResult<Option<RunRow>> {
    Ok(db_run!(conn, |c| run::table
        .find(id)
        .select(RunRow::as_select())
        .first(c)
        .optional())?)
}

/// A page of runs, latest month first, and the total.
pub fn runs(conn: &mut DbConn, limit: i64, offset: i64) -> ApiResult<(Vec<RunRow>, i64)> {
    let total: i64 = db_run!(conn, |c| run::table.count().get_result(c))?;
    let rows = db_run!(conn, |c| run::table
        .order(run::month.desc())
        .limit(limit)
        .offset(offset)
        .select(RunRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// One statement per customer in the monthly run with an open balance today, queued in one
/// statement; how many.
pub fn queue_run(
    conn: &mut DbConn,
    run_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<i64> {
    let n = RawQuery::new(
        "INSERT INTO statement_mails (customer_id, run_id, period_from, period_to, to_address,
                                      requested_by, created_at, email_status, email_attempts)
         SELECT r.customer_id, $1, $2, $3, r.email, NULL, $4, 'pending', 0
           FROM statement_recipients r
          WHERE r.monthly = $5
            AND EXISTS (SELECT 1 FROM receivables x
                         WHERE x.customer_id = r.customer_id
                           AND x.amount_fen - x.allocated_fen - x.credited_fen - x.written_off_fen > 0)",
    )
    .bind(run_id)
    .bind(from)
    .bind(to)
    .bind(t)
    .bind(true)
    .execute(conn)?;
    let n = n as i64;
    db_run!(conn, |c| diesel::update(run::table.find(run_id))
        .set(run::queued.eq(n))
        .execute(c))?;
    Ok(n)
}

/// The runs' mails counted by state, one grouped statement.
pub fn run_counts(conn: &mut DbConn, run_ids: &[i64]) -> ApiResult<Vec<RunCounts>> {
    if run_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = run_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(RawQuery::new(format!(
        "SELECT run_id,
                CAST(SUM(CASE WHEN email_status = 'sent' THEN 1 ELSE 0 END) AS BIGINT) AS sent,
                CAST(SUM(CASE WHEN email_status = 'failed' THEN 1 ELSE 0 END) AS BIGINT) AS failed,
                CAST(SUM(CASE WHEN email_status IN ('pending', 'sending') THEN 1 ELSE 0 END) AS BIGINT) AS waiting
           FROM statement_mails WHERE run_id IN ({list}) GROUP BY run_id"
    ))
    .load(conn)?)
}
