//! Every statement of collection: the daily job's claim and its set-based passes, tasks,
//! promises, cases and write-offs.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::customers::model::{CustomerLine, CustomerRef};
use crate::customers::scope::Viewer;
use crate::db::dialect::Bind;
use crate::db::schema::{
    collection_case_actions as ca, collection_case_items as ci, collection_cases as cc,
    collection_marks as mk, contracts as ct, customers, follow_up_actions as fa,
    follow_up_task_items as fi, follow_up_tasks as ft, job_runs as jr, payment_promises as pp,
    receivables as rv, write_off_files as wf, write_offs as wo,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::ApiResult;

/// Rows per multi-row insert (at most four values each: far below SQLite's bind limit).
const CHUNK: usize = 2_000;

/// The open-balance condition on receivables aliased `r`.
const OPEN: &str = "r.amount_fen > r.allocated_fen + r.credited_fen + r.written_off_fen";

// ---------------------------------------------------------------------------------------------
// The daily job's claim

/// Claim `job`'s run of `day` for `who` until `lease_until`: a new run, or one whose claimant's
/// lease ran out before it finished. Whether this caller holds it now.
pub fn claim_run(
    conn: &mut DbConn,
    job: &str,
    day: NaiveDate,
    who: &str,
    lease_until: NaiveDateTime,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let inserted = db_run!(conn, |c| diesel::insert_into(jr::table)
        .values((
            jr::job.eq(job),
            jr::run_on.eq(day),
            jr::claimed_by.eq(who),
            jr::lease_until.eq(lease_until),
        ))
        .on_conflict_do_nothing()
        .execute(c))?;
    if inserted == 1 {
        return Ok(true);
    }
    let taken = db_run!(conn, |c| diesel::update(
        jr::table
            .filter(jr::job.eq(job))
            .filter(jr::run_on.eq(day))
            .filter(jr::finished_at.is_null())
            .filter(jr::lease_until.lt(now))
    )
    .set((jr::claimed_by.eq(who), jr::lease_until.eq(lease_until)))
    .execute(c))?;
    Ok(taken == 1)
}

/// Mark the run done (only by its claimant).
pub fn finish_run(
    conn: &mut DbConn,
    job: &str,
    day: NaiveDate,
    who: &str,
    summary: &str,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        jr::table
            .filter(jr::job.eq(job))
            .filter(jr::run_on.eq(day))
            .filter(jr::claimed_by.eq(who))
            .filter(jr::finished_at.is_null())
    )
    .set((jr::finished_at.eq(Some(t)), jr::summary.eq(summary)))
    .execute(c))?;
    Ok(n == 1)
}

/// The day of the last finished run before `day`, and when that run started its claim.
pub fn last_finished(conn: &mut DbConn, job: &str, day: NaiveDate) -> ApiResult<Option<NaiveDate>> {
    Ok(db_run!(conn, |c| jr::table
        .filter(jr::job.eq(job))
        .filter(jr::run_on.lt(day))
        .filter(jr::finished_at.is_not_null())
        .select(diesel::dsl::max(jr::run_on))
        .first::<Option<NaiveDate>>(c))?)
}

/// Whether today's run is done already.
pub fn finished_on(conn: &mut DbConn, job: &str, day: NaiveDate) -> ApiResult<bool> {
    let n: i64 = db_run!(conn, |c| jr::table
        .filter(jr::job.eq(job))
        .filter(jr::run_on.eq(day))
        .filter(jr::finished_at.is_not_null())
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

// ---------------------------------------------------------------------------------------------
// Levels reached

/// Open receivables whose due date lies in one of the windows `(after, upto]` (`after` none:
/// from the beginning), or booked since `booked_since` (a shipment confirmed late with an old
/// date), with the level each had reached. Each window is an index range on `due_date`.
pub fn crossings(
    conn: &mut DbConn,
    windows: &[(Option<NaiveDate>, NaiveDate)],
    booked_since: Option<NaiveDateTime>,
) -> ApiResult<Vec<Crossing>> {
    let mut binds: Vec<Bind> = Vec::new();
    let mut parts = Vec::new();
    for (after, upto) in windows {
        match after {
            Some(a) => {
                binds.push((*a).into());
                binds.push((*upto).into());
                parts.push(format!(
                    "(r.due_date > ${} AND r.due_date <= ${})",
                    binds.len() - 1,
                    binds.len()
                ));
            }
            None => {
                binds.push((*upto).into());
                parts.push(format!("r.due_date <= ${}", binds.len()));
            }
        }
    }
    if let Some(t) = booked_since {
        binds.push(t.into());
        parts.push(format!("r.created_at >= ${}", binds.len()));
    }
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT r.id AS receivable_id, r.customer_id, r.due_date,
                r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen AS balance_fen,
                COALESCE(m.level_days, 0) AS marked_level
         FROM receivables r LEFT JOIN collection_marks m ON m.receivable_id = r.id
         WHERE {OPEN} AND ({})",
        parts.join(" OR ")
    );
    let q = RawQuery::new(sql).bind_all(binds);
    Ok(q.load(conn)?)
}

/// Record the level each receivable reached (a higher one replaces a lower).
pub fn mark(conn: &mut DbConn, marks: &[(i64, i64)], on: NaiveDate) -> ApiResult<()> {
    for chunk in marks.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(r, l)| {
                (
                    mk::receivable_id.eq(*r),
                    mk::level_days.eq(*l),
                    mk::marked_on.eq(on),
                )
            })
            .collect();
        db_run!(conn, |c| diesel::insert_into(mk::table)
            .values(&rows)
            .on_conflict(mk::receivable_id)
            .do_update()
            .set((
                mk::level_days.eq(diesel::upsert::excluded(mk::level_days)),
                mk::marked_on.eq(diesel::upsert::excluded(mk::marked_on)),
            ))
            .execute(c))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Tasks

/// Open the tasks that are not open already (one per customer and level); how many opened.
pub fn open_tasks(conn: &mut DbConn, rows: &[NewTaskRow]) -> ApiResult<usize> {
    let mut n = 0;
    for chunk in rows.chunks(CHUNK) {
        // Tuples, not the struct: a `None` bound as NULL (SQLite's multi-row insert has no
        // DEFAULT).
        let rows: Vec<_> = chunk
            .iter()
            .map(|t| {
                (
                    ft::customer_id.eq(t.customer_id),
                    ft::level_days.eq(t.level_days),
                    ft::action.eq(t.action),
                    ft::opened_on.eq(t.opened_on),
                    ft::due_on.eq(t.due_on),
                    ft::raised_by_promise_id.eq(t.raised_by_promise_id),
                    ft::created_at.eq(t.created_at),
                )
            })
            .collect();
        n += db_run!(conn, |c| diesel::insert_into(ft::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(n)
}

/// The open task of each (customer, level) among these customers.
pub fn open_task_ids(conn: &mut DbConn, customers_: &[i64]) -> ApiResult<HashMap<(i64, i64), i64>> {
    let mut out = HashMap::new();
    for chunk in customers_.chunks(CHUNK) {
        let rows: Vec<(i64, i64, i64)> = db_run!(conn, |c| ft::table
            .filter(ft::status.eq(TaskStatus::Open.as_str()))
            .filter(ft::customer_id.eq_any(chunk))
            .select((ft::customer_id, ft::level_days, ft::id))
            .load(c))?;
        out.extend(rows.into_iter().map(|(cu, l, id)| ((cu, l), id)));
    }
    Ok(out)
}

/// Add receivables (with their balance now) to tasks; a receivable already on a task stays.
pub fn add_task_items(conn: &mut DbConn, items: &[(i64, i64, i64)]) -> ApiResult<()> {
    for chunk in items.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(t, r, b)| {
                (
                    fi::task_id.eq(*t),
                    fi::receivable_id.eq(*r),
                    fi::balance_fen.eq(*b),
                )
            })
            .collect();
        db_run!(conn, |c| diesel::insert_into(fi::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

/// Close open tasks (of these customers, or all with `None`) none of whose receivables is
/// still open: `paid`; then those whose open ones are all with a collection case:
/// `handed_over`. How many closed.
pub fn close_settled_tasks(
    conn: &mut DbConn,
    customers_: Option<&[i64]>,
    on: NaiveDate,
) -> ApiResult<usize> {
    let among = match customers_ {
        Some([]) => return Ok(0),
        Some(ids) => format!(
            " AND t.customer_id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
        None => String::new(),
    };
    let mut n = 0;
    for (reason, still_open) in [
        ("paid", String::new()),
        (
            "handed_over",
            " AND NOT EXISTS (SELECT 1 FROM collection_case_items x WHERE x.receivable_id = r.id)"
                .to_string(),
        ),
    ] {
        n += RawQuery::new(format!(
            "UPDATE follow_up_tasks SET status = 'closed', closed_on = $1, close_reason = '{reason}'
             WHERE id IN (SELECT t.id FROM follow_up_tasks t WHERE t.status = 'open'{among}
               AND NOT EXISTS (SELECT 1 FROM follow_up_task_items i JOIN receivables r ON r.id = i.receivable_id
                               WHERE i.task_id = t.id AND {OPEN}{still_open}))"
        ))
        .bind(on)
        .execute(conn)?;
    }
    Ok(n)
}

/// The list's filters, as read by `list_tasks`.
pub struct TaskFilter<'a> {
    pub viewer: &'a Viewer,
    pub granted: Vec<i64>,
    pub owner: Option<i64>,
    pub query: &'a TaskQuery,
    pub today: NaiveDate,
}

/// A page of tasks (open first, by due day), and how many match.
pub fn list_tasks(
    conn: &mut DbConn,
    f: &TaskFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<TaskLine>, i64)> {
    let (q, viewer, today) = (f.query, f.viewer, f.today);
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                ft::table.inner_join(customers::table).into_boxed(),
                viewer,
                f.granted.clone()
            );
            if let Some(o) = f.owner {
                query = query.filter(customers::owner_user_id.eq(o));
            }
            if let Some(s) = q.status {
                query = query.filter(ft::status.eq(s.as_str()));
            }
            if q.overdue == Some(true) {
                query = query
                    .filter(ft::status.eq(TaskStatus::Open.as_str()))
                    .filter(ft::due_on.lt(today))
                    .filter(diesel::dsl::not(diesel::dsl::exists(
                        fa::table.filter(fa::task_id.eq(ft::id)),
                    )));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(ft::customer_id.eq(id));
            }
            if let Some(o) = q.office_id {
                query = query.filter(customers::office_id.eq(o));
            }
            if let Some(l) = q.level_days {
                query = query.filter(ft::level_days.eq(l));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((ft::status.desc(), ft::due_on.asc(), ft::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((TaskRow::as_select(), CustomerLine::as_select()))
        .load(c))?;
    Ok((rows, total))
}

pub fn find_task(conn: &mut DbConn, id: i64) -> ApiResult<Option<TaskRow>> {
    Ok(db_run!(conn, |c| ft::table
        .find(id)
        .select(TaskRow::as_select())
        .first(c)
        .optional())?)
}

/// Figures of tasks: open balance, receivables, last action, broken promises.
#[derive(Debug, Clone, QueryableByName)]
pub struct TaskFigures {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub task_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub open_fen: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub receivable_count: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    pub last_action_on: Option<NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub broken: i64,
}

pub fn task_figures(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, TaskFigures>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<TaskFigures> = RawQuery::new(format!(
        "SELECT t.id AS task_id,
           CAST(COALESCE((SELECT SUM(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen)
                    FROM follow_up_task_items i JOIN receivables r ON r.id = i.receivable_id
                    WHERE i.task_id = t.id AND {OPEN}), 0) AS BIGINT) AS open_fen,
           CAST((SELECT COUNT(*) FROM follow_up_task_items i WHERE i.task_id = t.id) AS BIGINT) AS receivable_count,
           (SELECT MAX(a.done_on) FROM follow_up_actions a WHERE a.task_id = t.id) AS last_action_on,
           CAST((SELECT COUNT(*) FROM payment_promises p WHERE p.task_id = t.id AND p.status = 'broken') AS BIGINT) AS broken
         FROM follow_up_tasks t WHERE t.id IN ({list})"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|f| (f.task_id, f)).collect())
}

/// The receivables of a task (`case`: false) or a case (true), oldest due first.
pub fn items(conn: &mut DbConn, owner_id: i64, case: bool) -> ApiResult<Vec<ItemRow>> {
    let balance = rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen;
    Ok(if case {
        db_run!(conn, |c| ci::table
            .inner_join(rv::table.inner_join(ct::table))
            .filter(ci::case_id.eq(owner_id))
            .order((rv::due_date.asc(), rv::id.asc()))
            .select((
                ci::case_id,
                rv::id,
                rv::contract_id,
                ct::number,
                rv::shipping_note_id,
                rv::due_date,
                rv::amount_fen,
                ci::balance_fen,
                balance,
            ))
            .load(c))?
    } else {
        db_run!(conn, |c| fi::table
            .inner_join(rv::table.inner_join(ct::table))
            .filter(fi::task_id.eq(owner_id))
            .order((rv::due_date.asc(), rv::id.asc()))
            .select((
                fi::task_id,
                rv::id,
                rv::contract_id,
                ct::number,
                rv::shipping_note_id,
                rv::due_date,
                rv::amount_fen,
                fi::balance_fen,
                balance,
            ))
            .load(c))?
    })
}

/// Which of these receivables are with a collection case.
pub fn handed_over(conn: &mut DbConn, receivables: &[i64]) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| ci::table
        .filter(ci::receivable_id.eq_any(receivables))
        .select(ci::receivable_id)
        .load(c))?)
}

pub fn actions(conn: &mut DbConn, task_id: i64) -> ApiResult<Vec<ActionRow>> {
    Ok(db_run!(conn, |c| fa::table
        .filter(fa::task_id.eq(task_id))
        .order(fa::id.asc())
        .select(ActionRow::as_select())
        .load(c))?)
}

pub fn insert_action(conn: &mut DbConn, new: &NewActionRow) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(fa::table)
        .values(new)
        .execute(c))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Promises

pub fn promises_of_task(conn: &mut DbConn, task_id: i64) -> ApiResult<Vec<PromiseRow>> {
    Ok(db_run!(conn, |c| pp::table
        .filter(pp::task_id.eq(task_id))
        .order(pp::id.asc())
        .select(PromiseRow::as_select())
        .load(c))?)
}

pub fn promises_of_customer(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<PromiseRow>> {
    Ok(db_run!(conn, |c| pp::table
        .filter(pp::customer_id.eq(customer_id))
        .order(pp::id.desc())
        .limit(200)
        .select(PromiseRow::as_select())
        .load(c))?)
}

pub fn insert_promise(conn: &mut DbConn, new: &NewPromiseRow) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(pp::table)
        .values(new)
        .execute(c))?;
    Ok(())
}

/// Open promises (of one customer, or all) with what the customer paid toward each: payments
/// booked after the promise was recorded, received by its date, not reversed.
pub fn open_promises(conn: &mut DbConn, customer: Option<i64>) -> ApiResult<Vec<PromiseStanding>> {
    let mut q = RawQuery::new(format!(
        "SELECT p.id, p.task_id, p.amount_fen, p.promised_on,
           CAST(COALESCE((SELECT SUM(pm.amount_fen) FROM payments pm
                     WHERE pm.customer_id = p.customer_id AND pm.reversed_on IS NULL
                       AND pm.created_at >= p.created_at AND pm.received_on <= p.promised_on), 0) AS BIGINT) AS paid_fen
         FROM payment_promises p WHERE p.status = 'open'{}",
        if customer.is_some() {
            " AND p.customer_id = $1"
        } else {
            ""
        }
    ));
    if let Some(c) = customer {
        q = q.bind(c);
    }
    Ok(q.load(conn)?)
}

/// Settle open promises as kept or broken (conditional: a settled one stays); how many.
pub fn settle_promises(
    conn: &mut DbConn,
    ids: &[i64],
    status: PromiseStatus,
    on: NaiveDate,
) -> ApiResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(CHUNK) {
        n += db_run!(conn, |c| diesel::update(
            pp::table
                .filter(pp::id.eq_any(chunk))
                .filter(pp::status.eq(PromiseStatus::Open.as_str()))
        )
        .set((pp::status.eq(status.as_str()), pp::settled_on.eq(Some(on))))
        .execute(c))?;
    }
    Ok(n)
}

/// The still-open receivables of these tasks with their balance and level reached.
#[derive(Debug, Clone, Queryable)]
pub struct OpenItem {
    pub task_id: i64,
    pub customer_id: i64,
    pub receivable_id: i64,
    pub balance_fen: i64,
    pub marked_level: Option<i64>,
}

pub fn open_items_of(conn: &mut DbConn, task_ids: &[i64]) -> ApiResult<Vec<OpenItem>> {
    let mut out = Vec::new();
    for chunk in task_ids.chunks(CHUNK) {
        let rows: Vec<OpenItem> = db_run!(conn, |c| fi::table
            .inner_join(ft::table)
            .inner_join(rv::table.left_join(mk::table))
            .filter(fi::task_id.eq_any(chunk))
            .filter((rv::allocated_fen + rv::credited_fen + rv::written_off_fen).lt(rv::amount_fen))
            .select((
                fi::task_id,
                ft::customer_id,
                rv::id,
                rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen,
                mk::level_days.nullable(),
            ))
            .load(c))?;
        out.extend(rows);
    }
    Ok(out)
}

/// (task id, level) of tasks.
pub fn task_levels(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<(i64, i64)> = db_run!(conn, |c| ft::table
            .filter(ft::id.eq_any(chunk))
            .select((ft::id, ft::level_days))
            .load(c))?;
        out.extend(rows);
    }
    Ok(out)
}

/// Tasks of a customer (the customer card), newest first.
pub fn tasks_of_customer(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<TaskRow>> {
    Ok(db_run!(conn, |c| ft::table
        .filter(ft::customer_id.eq(customer_id))
        .order(ft::id.desc())
        .limit(200)
        .select(TaskRow::as_select())
        .load(c))?)
}

// ---------------------------------------------------------------------------------------------
// Cases

/// Open the cases that are not open already (one per customer); how many opened.
pub fn open_cases(
    conn: &mut DbConn,
    customers_: &[i64],
    on: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    let mut n = 0;
    for chunk in customers_.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|cu| {
                (
                    cc::customer_id.eq(*cu),
                    cc::opened_on.eq(on),
                    cc::created_at.eq(t),
                    cc::updated_at.eq(t),
                )
            })
            .collect();
        n += db_run!(conn, |c| diesel::insert_into(cc::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(n)
}

/// The open case of each of these customers.
pub fn open_case_ids(conn: &mut DbConn, customers_: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    let mut out = HashMap::new();
    for chunk in customers_.chunks(CHUNK) {
        let rows: Vec<(i64, i64)> = db_run!(conn, |c| cc::table
            .filter(cc::status.eq(CaseStatus::Open.as_str()))
            .filter(cc::customer_id.eq_any(chunk))
            .select((cc::customer_id, cc::id))
            .load(c))?;
        out.extend(rows);
    }
    Ok(out)
}

pub fn add_case_items(conn: &mut DbConn, items: &[(i64, i64, i64)]) -> ApiResult<()> {
    for chunk in items.chunks(CHUNK) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(k, r, b)| {
                (
                    ci::case_id.eq(*k),
                    ci::receivable_id.eq(*r),
                    ci::balance_fen.eq(*b),
                )
            })
            .collect();
        db_run!(conn, |c| diesel::insert_into(ci::table)
            .values(&rows)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(())
}

pub struct CaseFilter<'a> {
    pub viewer: &'a Viewer,
    pub granted: Vec<i64>,
    pub assigned: Option<i64>,
    pub query: &'a CaseQuery,
}

pub fn list_cases(
    conn: &mut DbConn,
    f: &CaseFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<CaseLine>, i64)> {
    let (q, viewer) = (f.query, f.viewer);
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                cc::table.inner_join(customers::table).into_boxed(),
                viewer,
                f.granted.clone()
            );
            if let Some(s) = q.status {
                query = query.filter(cc::status.eq(s.as_str()));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(cc::customer_id.eq(id));
            }
            if let Some(a) = f.assigned {
                query = query.filter(cc::assigned_to.eq(a));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((cc::status.desc(), cc::opened_on.asc(), cc::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((CaseRow::as_select(), CustomerLine::as_select()))
        .load(c))?;
    Ok((rows, total))
}

pub fn find_case(conn: &mut DbConn, id: i64) -> ApiResult<Option<CaseRow>> {
    Ok(db_run!(conn, |c| cc::table
        .find(id)
        .select(CaseRow::as_select())
        .first(c)
        .optional())?)
}

/// Figures of cases: open balance, receivables, costs.
#[derive(Debug, Clone, QueryableByName)]
pub struct CaseFigures {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub case_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub open_fen: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub receivable_count: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub cost_fen: i64,
}

pub fn case_figures(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, CaseFigures>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<CaseFigures> = RawQuery::new(format!(
        "SELECT k.id AS case_id,
           CAST(COALESCE((SELECT SUM(r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen)
                    FROM collection_case_items i JOIN receivables r ON r.id = i.receivable_id
                    WHERE i.case_id = k.id AND {OPEN}), 0) AS BIGINT) AS open_fen,
           CAST((SELECT COUNT(*) FROM collection_case_items i WHERE i.case_id = k.id) AS BIGINT) AS receivable_count,
           CAST(COALESCE((SELECT SUM(a.cost_fen) FROM collection_case_actions a WHERE a.case_id = k.id), 0) AS BIGINT) AS cost_fen
         FROM collection_cases k WHERE k.id IN ({list})"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|f| (f.case_id, f)).collect())
}

pub fn update_case(
    conn: &mut DbConn,
    id: i64,
    analysis: Option<&str>,
    method: Option<RecoveryMethod>,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    /// The fields given (`None` leaves a column as it is), in one statement.
    #[derive(AsChangeset)]
    #[diesel(table_name = cc)]
    struct CaseChange<'a> {
        analysis: Option<&'a str>,
        method: Option<&'a str>,
        updated_at: NaiveDateTime,
    }
    let change = CaseChange {
        analysis,
        method: method.map(RecoveryMethod::as_str),
        updated_at: t,
    };
    let n = db_run!(conn, |c| diesel::update(
        cc::table
            .filter(cc::id.eq(id))
            .filter(cc::status.eq(CaseStatus::Open.as_str()))
    )
    .set(&change)
    .execute(c))?;
    Ok(n == 1)
}

/// Take an open case that nobody holds (or that the taker holds already).
pub fn take_case(conn: &mut DbConn, id: i64, user: i64, t: NaiveDateTime) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        cc::table
            .filter(cc::id.eq(id))
            .filter(cc::status.eq(CaseStatus::Open.as_str()))
            .filter(cc::assigned_to.is_null().or(cc::assigned_to.eq(user)))
    )
    .set((cc::assigned_to.eq(Some(user)), cc::updated_at.eq(t)))
    .execute(c))?;
    Ok(n == 1)
}

pub fn close_case(
    conn: &mut DbConn,
    id: i64,
    outcome: CaseOutcome,
    note: &str,
    on: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        cc::table
            .filter(cc::id.eq(id))
            .filter(cc::status.eq(CaseStatus::Open.as_str()))
    )
    .set((
        cc::status.eq(CaseStatus::Closed.as_str()),
        cc::outcome.eq(Some(outcome.as_str())),
        cc::outcome_note.eq(note),
        cc::closed_on.eq(Some(on)),
        cc::updated_at.eq(t),
    ))
    .execute(c))?;
    Ok(n == 1)
}

pub fn case_actions(conn: &mut DbConn, case_id: i64) -> ApiResult<Vec<CaseActionRow>> {
    Ok(db_run!(conn, |c| ca::table
        .filter(ca::case_id.eq(case_id))
        .order(ca::id.asc())
        .select(CaseActionRow::as_select())
        .load(c))?)
}

pub fn insert_case_action(conn: &mut DbConn, new: &NewCaseActionRow) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(ca::table)
        .values(new)
        .execute(c))?;
    Ok(())
}

/// The open case holding a receivable, if any.
pub fn case_of_receivable(conn: &mut DbConn, receivable_id: i64) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| ci::table
        .inner_join(cc::table)
        .filter(ci::receivable_id.eq(receivable_id))
        .filter(cc::status.eq(CaseStatus::Open.as_str()))
        .select(ci::case_id)
        .first(c)
        .optional())?)
}

// ---------------------------------------------------------------------------------------------
// Write-offs

pub fn insert_write_off(conn: &mut DbConn, new: &NewWriteOffRow) -> QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(wo::table)
        .values(new)
        .returning(wo::id)
        .get_result(c))
}

pub fn add_write_off_files(conn: &mut DbConn, id: i64, files: &[i64]) -> ApiResult<()> {
    let rows: Vec<_> = files
        .iter()
        .map(|a| (wf::write_off_id.eq(id), wf::attachment_id.eq(*a)))
        .collect();
    if !rows.is_empty() {
        db_run!(conn, |c| diesel::insert_into(wf::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}

pub fn write_off_files(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, Vec<i64>>> {
    let rows: Vec<(i64, i64)> = db_run!(conn, |c| wf::table
        .filter(wf::write_off_id.eq_any(ids))
        .order((wf::write_off_id.asc(), wf::attachment_id.asc()))
        .select((wf::write_off_id, wf::attachment_id))
        .load(c))?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (w, a) in rows {
        out.entry(w).or_default().push(a);
    }
    Ok(out)
}

pub fn set_write_off_approval(conn: &mut DbConn, id: i64, approval: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(wo::table.find(id))
        .set(wo::approval_id.eq(Some(approval)))
        .execute(c))?;
    Ok(())
}

pub fn find_write_off(conn: &mut DbConn, id: i64) -> ApiResult<Option<WriteOffRow>> {
    Ok(db_run!(conn, |c| wo::table
        .find(id)
        .select(WriteOffRow::as_select())
        .first(c)
        .optional())?)
}

/// Decide a pending write-off (conditional: a decided one stays); whether it was pending.
pub fn decide_write_off(
    conn: &mut DbConn,
    id: i64,
    status: WriteOffStatus,
    by: Option<i64>,
    on: Option<NaiveDate>,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        wo::table
            .filter(wo::id.eq(id))
            .filter(wo::status.eq(WriteOffStatus::Pending.as_str()))
    )
    .set((
        wo::status.eq(status.as_str()),
        wo::decided_by.eq(by),
        wo::decided_at.eq(Some(t)),
        wo::written_off_on.eq(on),
    ))
    .execute(c))?;
    Ok(n == 1)
}

pub fn write_offs_of_case(conn: &mut DbConn, case_id: i64) -> ApiResult<Vec<WriteOffLine>> {
    Ok(db_run!(conn, |c| wo::table
        .inner_join(rv::table.inner_join(ct::table))
        .inner_join(customers::table.on(customers::id.eq(wo::customer_id)))
        .filter(wo::case_id.eq(case_id))
        .order(wo::id.desc())
        .select((
            WriteOffRow::as_select(),
            ContractNumber::as_select(),
            CustomerRef::as_select(),
        ))
        .load(c))?)
}

pub fn list_write_offs(
    conn: &mut DbConn,
    q: &WriteOffQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<WriteOffLine>, i64, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = wo::table
                .inner_join(rv::table.inner_join(ct::table))
                .inner_join(customers::table.on(customers::id.eq(wo::customer_id)))
                .into_boxed();
            if let Some(s) = q.status {
                query = query.filter(wo::status.eq(s.as_str()));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(wo::customer_id.eq(id));
            }
            if let Some(d) = q.from {
                query = query.filter(wo::written_off_on.ge(d));
            }
            if let Some(d) = q.to {
                query = query.filter(wo::written_off_on.le(d));
            }
            query
        }};
    }
    // How many match and their sum, in one statement over the same filters.
    let (total, sum): (i64, i64) = db_run!(conn, |c| filtered!()
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "CAST(COALESCE(SUM(write_offs.amount_fen), 0) AS BIGINT)"
            ),
        ))
        .first(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((wo::written_off_on.desc(), wo::id.desc()))
        .limit(limit)
        .offset(offset)
        .select((
            WriteOffRow::as_select(),
            ContractNumber::as_select(),
            CustomerRef::as_select(),
        ))
        .load(c))?;
    Ok((rows, total, sum))
}

/// Cases of a customer (the customer card), newest first.
pub fn cases_of_customer(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<CaseRow>> {
    Ok(db_run!(conn, |c| cc::table
        .filter(cc::customer_id.eq(customer_id))
        .order(cc::id.desc())
        .limit(50)
        .select(CaseRow::as_select())
        .load(c))?)
}

// ---------------------------------------------------------------------------------------------
// Letters

pub fn letter_template(conn: &mut DbConn, kind: &str) -> ApiResult<Option<LetterTemplateRow>> {
    use crate::db::schema::letter_templates as lt;
    Ok(db_run!(conn, |c| lt::table
        .find(kind)
        .select(LetterTemplateRow::as_select())
        .first(c)
        .optional())?)
}

pub fn save_letter_template(
    conn: &mut DbConn,
    kind: &str,
    title: &str,
    body: &str,
    by: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    use crate::db::schema::letter_templates as lt;
    db_run!(conn, |c| diesel::insert_into(lt::table)
        .values((
            lt::kind.eq(kind),
            lt::title.eq(title),
            lt::body.eq(body),
            lt::updated_by.eq(Some(by)),
            lt::updated_at.eq(t),
        ))
        .on_conflict(lt::kind)
        .do_update()
        .set((
            lt::title.eq(title),
            lt::body.eq(body),
            lt::updated_by.eq(Some(by)),
            lt::updated_at.eq(t),
        ))
        .execute(c))?;
    Ok(())
}

/// The customer's receivables open and past due on `today`, oldest first (at most 1,000).
pub fn overdue_of(
    conn: &mut DbConn,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<Vec<OverdueRow>> {
    Ok(db_run!(conn, |c| rv::table
        .inner_join(ct::table)
        .filter(rv::customer_id.eq(customer_id))
        .filter(rv::due_date.lt(today))
        .filter((rv::allocated_fen + rv::credited_fen + rv::written_off_fen).lt(rv::amount_fen))
        .order((rv::due_date.asc(), rv::id.asc()))
        .limit(1000)
        .select((
            rv::id,
            ct::number,
            rv::issued_on,
            rv::due_date,
            rv::amount_fen,
            rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen,
        ))
        .load(c))?)
}
