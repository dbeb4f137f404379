//! 催收 (DOMAIN.md §5): within the normal collection period, a follow-up task per customer and
//! level of days overdue for the owner salesman (the office director sees the office's), with
//! actions and promises to pay; beyond it, the planning department's collection case; bad-debt
//! write-offs decided by the GM.
//!
//! The daily job (`run_daily`) runs once per working day of the company calendar, whichever
//! server instance claims the day first (`job_runs`, with a lease). It reads only receivables
//! whose due date lies in a window that crossed a level since the last finished run (and those
//! booked since), marks the level each reached (`collection_marks`) so that nothing is created
//! twice, and settles promises and tasks.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::model::*;
use super::repo;
use crate::approvals::model::{ApprovalPayload, ApprovalRow, WriteOffPayload};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Role};
use crate::auth::AuthUser;
use crate::calendar::WorkCalendar;
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{all_valid, checked_text, duplicate_on, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::{FollowUpAction, PolicyDocument};
use crate::time::now;

/// The daily job's name in `job_runs`.
pub const JOB: &str = "collection.daily";
/// How long a claim of the daily job holds before another instance may take the day over.
const LEASE_MINUTES: i64 = 15;
/// Longest free text kept.
/// The largest amount a promise or a case cost may name (100 亿元 in fen).
const AMOUNT_MAX_FEN: i64 = 1_000_000_000_000;

/// A date of something done: not in the future, not before a year ago.
fn done_date(field: &str, d: NaiveDate, today: NaiveDate, errors: &mut Vec<FieldError>) {
    if d > today || d < today - Duration::days(366) {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            "today or within the past year",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Levels

/// The follow-up levels of the policy (days overdue, action), ascending, and the hand-off level
/// (`normal_collection_days + 1`: the first day beyond the normal period).
pub fn levels(doc: &PolicyDocument) -> (Vec<(i64, FollowUpAction)>, i64) {
    let handoff = doc.credit.normal_collection_days + 1;
    let mut levels: Vec<(i64, FollowUpAction)> = doc
        .credit
        .follow_up
        .iter()
        .filter(|f| f.days_overdue < handoff)
        .map(|f| (f.days_overdue, f.action))
        .collect();
    levels.sort_by_key(|l| l.0);
    (levels, handoff)
}

/// The highest level (days overdue; the hand-off level included) a receivable due on `due`
/// has reached on `today`; 0 for none.
pub fn reached(
    levels: &[(i64, FollowUpAction)],
    handoff: i64,
    due: NaiveDate,
    today: NaiveDate,
) -> i64 {
    let overdue = (today - due).num_days();
    if overdue >= handoff {
        return handoff;
    }
    levels
        .iter()
        .rev()
        .find(|(days, _)| overdue >= *days)
        .map_or(0, |(days, _)| *days)
}

// ---------------------------------------------------------------------------------------------
// The daily job

/// Run today's job if it is a working day and no instance has run it: claim the day (own
/// transaction, so that the other instances see it), then do the work and mark it finished in
/// one transaction, so a crash leaves nothing half-done and the lease lets another take over.
pub fn run_if_due(conn: &mut DbConn, today: NaiveDate, who: &str) -> ApiResult<CollectionRun> {
    let idle = CollectionRun {
        run_on: today,
        ..CollectionRun::default()
    };
    let working = WorkCalendar::load(conn, today, 0)?.is_working_day(today);
    if !working || repo::finished_on(conn, JOB, today)? {
        return Ok(idle);
    }
    let t = now();
    let claimed =
        conn.tx(|c| repo::claim_run(c, JOB, today, who, t + Duration::minutes(LEASE_MINUTES), t))?;
    if !claimed {
        return Ok(idle);
    }
    conn.tx(|c| {
        let run = run_daily(c, today)?;
        let summary = serde_json::to_string(&run).unwrap_or_default();
        // A claim lost to another instance meanwhile (a lease run out): this work is undone.
        if !repo::finish_run(c, JOB, today, who, &summary, now())? {
            return Err(ApiError::internal(
                "the daily collection run was taken over",
            ));
        }
        Ok(run)
    })
}

/// Run the day's work now (an administrator, after restoring or importing data): the same
/// passes as the scheduled run and as idempotent — what was reached already is marked.
pub fn run_now(conn: &mut DbConn, today: NaiveDate) -> ApiResult<CollectionRun> {
    conn.tx(|c| run_daily(c, today))
}

/// The day's work, in the caller's transaction: levels reached, tasks and cases opened,
/// promises settled, tasks closed.
pub fn run_daily(conn: &mut DbConn, today: NaiveDate) -> ApiResult<CollectionRun> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let (levels, handoff) = levels(&doc);
    let last = repo::last_finished(conn, JOB, today)?;
    let mut all: Vec<i64> = levels.iter().map(|l| l.0).collect();
    all.push(handoff);
    // Receivables that reached a level after the last run's day, up to today.
    let windows: Vec<(Option<NaiveDate>, NaiveDate)> = all
        .iter()
        .map(|l| {
            (
                last.map(|d| d - Duration::days(*l)),
                today - Duration::days(*l),
            )
        })
        .collect();
    let booked_since = last.and_then(|d| d.and_hms_opt(0, 0, 0));
    let crossings = repo::crossings(conn, &windows, booked_since)?;
    let mut run = CollectionRun {
        run_on: today,
        ran: true,
        ..CollectionRun::default()
    };
    let reached_now: Vec<(Crossing, i64)> = crossings
        .into_iter()
        .filter_map(|c| {
            let l = reached(&levels, handoff, c.due_date, today);
            (l > c.marked_level).then_some((c, l))
        })
        .collect();
    let cal = WorkCalendar::load(conn, today, 31)?;
    let act_days = u32::try_from(doc.credit.follow_up_act_working_days.clamp(1, 30)).unwrap_or(3);
    let due_on = cal.add_working_days(today, act_days);
    let t = now();

    // Follow-up tasks: one per customer and level.
    let mut by_level: BTreeMap<(i64, i64), Vec<(i64, i64)>> = BTreeMap::new();
    let mut to_case: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
    for (c, l) in &reached_now {
        if *l == handoff {
            to_case
                .entry(c.customer_id)
                .or_default()
                .push((c.receivable_id, c.balance_fen));
        } else {
            by_level
                .entry((c.customer_id, *l))
                .or_default()
                .push((c.receivable_id, c.balance_fen));
        }
    }
    let action_of: HashMap<i64, FollowUpAction> = levels.iter().copied().collect();
    let new_tasks: Vec<NewTaskRow> = by_level
        .keys()
        .map(|(customer, l)| NewTaskRow {
            customer_id: *customer,
            level_days: *l,
            action: action_str(action_of[l]),
            opened_on: today,
            due_on,
            raised_by_promise_id: None,
            created_at: t,
        })
        .collect();
    run.tasks_opened = repo::open_tasks(conn, &new_tasks)? as i64;
    let task_customers: Vec<i64> = by_level
        .keys()
        .map(|k| k.0)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let open = repo::open_task_ids(conn, &task_customers)?;
    let items: Vec<(i64, i64, i64)> = by_level
        .iter()
        .flat_map(|(k, rs)| {
            let task = open[k];
            rs.iter().map(move |(r, b)| (task, *r, *b))
        })
        .collect();
    repo::add_task_items(conn, &items)?;

    // Collection cases: one open per customer, for the planning department.
    let case_customers: Vec<i64> = to_case.keys().copied().collect();
    run.cases_opened = repo::open_cases(conn, &case_customers, today, t)? as i64;
    let cases = repo::open_case_ids(conn, &case_customers)?;
    let case_items: Vec<(i64, i64, i64)> = to_case
        .iter()
        .flat_map(|(customer, rs)| {
            let case = cases[customer];
            rs.iter().map(move |(r, b)| (case, *r, *b))
        })
        .collect();
    repo::add_case_items(conn, &case_items)?;
    run.receivables_handed_over = case_items.len() as i64;

    let marks: Vec<(i64, i64)> = reached_now
        .iter()
        .map(|(c, l)| (c.receivable_id, *l))
        .collect();
    repo::mark(conn, &marks, today)?;
    run.receivables_marked = marks.len() as i64;

    // Promises: kept when paid, broken when their day passed unpaid (the next level at once).
    let day = DayPass {
        levels: &levels,
        due_on,
    };
    let (kept, broken) = settle_promises(conn, None, today, Some(&day))?;
    run.promises_kept = kept;
    run.promises_broken = broken;
    run.tasks_closed = repo::close_settled_tasks(conn, None, today)? as i64;

    tell_holders(conn, &by_level, &case_customers, run.cases_opened)?;
    Ok(run)
}

/// Tell each owner salesman of his new tasks, and the planning department of new cases.
fn tell_holders(
    conn: &mut DbConn,
    by_level: &BTreeMap<(i64, i64), Vec<(i64, i64)>>,
    case_customers: &[i64],
    cases_opened: i64,
) -> ApiResult<()> {
    if !by_level.is_empty() {
        let ids: Vec<i64> = by_level.keys().map(|k| k.0).collect();
        let owners = crate::customers::service::owners(conn, &ids)?;
        let mut per_owner: BTreeMap<i64, usize> = BTreeMap::new();
        for (customer, _) in by_level.keys() {
            if let Some(Some(o)) = owners.get(customer) {
                *per_owner.entry(*o).or_default() += 1;
            }
        }
        for (owner, n) in per_owner {
            crate::notifications::notify(
                conn,
                &[owner],
                "collection.tasks",
                &format!("{n} 项催收任务 / follow-up tasks"),
                "客户应收款已逾期，请跟进 / Receivables are overdue: follow up",
                "/collection/tasks?mine=true",
            )?;
        }
    }
    if cases_opened > 0 {
        let planning = crate::notifications::holders_of(conn, Role::Planning.as_str())?;
        crate::notifications::notify(
            conn,
            &planning,
            "collection.cases",
            &format!(
                "{} 个客户移交企划部追收 / customers handed over for collection",
                case_customers.len()
            ),
            "超过正常收款期的应收款 / Receivables beyond the normal collection period",
            "/collection/cases?status=open",
        )?;
    }
    Ok(())
}

/// What the daily pass settles broken promises with: the policy's levels and the day a task
/// opened today is to be acted on (read once by the pass).
struct DayPass<'a> {
    levels: &'a [(i64, FollowUpAction)],
    due_on: NaiveDate,
}

/// Settle open promises (of one customer, or all): kept when the customer paid their amount
/// from the day they were made to their date; in the daily pass, broken when their day passed
/// without that, raising the next level of their task at once.
fn settle_promises(
    conn: &mut DbConn,
    customer: Option<i64>,
    today: NaiveDate,
    day: Option<&DayPass>,
) -> ApiResult<(i64, i64)> {
    let standing = repo::open_promises(conn, customer)?;
    let kept: Vec<i64> = standing
        .iter()
        .filter(|p| p.paid_fen >= p.amount_fen)
        .map(|p| p.id)
        .collect();
    let kept_n = repo::settle_promises(conn, &kept, PromiseStatus::Kept, today)? as i64;
    let Some(day) = day else {
        return Ok((kept_n, 0));
    };
    let broken: Vec<&PromiseStanding> = standing
        .iter()
        .filter(|p| p.paid_fen < p.amount_fen && p.promised_on < today)
        .collect();
    let ids: Vec<i64> = broken.iter().map(|p| p.id).collect();
    let broken_n = repo::settle_promises(conn, &ids, PromiseStatus::Broken, today)? as i64;
    raise_next_level(conn, &broken, today, day)?;
    Ok((kept_n, broken_n))
}

/// A level raised by a broken promise: the promise, and the (receivable, balance) it carries.
struct Raised {
    promise_id: i64,
    items: Vec<(i64, i64)>,
}

/// A broken promise raises its task's next level at once: a task at that level for the
/// customer, carrying the task's still-open receivables below it.
fn raise_next_level(
    conn: &mut DbConn,
    broken: &[&PromiseStanding],
    today: NaiveDate,
    day: &DayPass,
) -> ApiResult<()> {
    let levels = day.levels;
    if broken.is_empty() {
        return Ok(());
    }
    let task_ids: Vec<i64> = broken.iter().map(|p| p.task_id).collect();
    let task_level = repo::task_levels(conn, &task_ids)?;
    let promise_of: HashMap<i64, i64> = broken.iter().map(|p| (p.task_id, p.id)).collect();
    let items = repo::open_items_of(conn, &task_ids)?;
    let next_of = |l: i64| levels.iter().find(|(d, _)| *d > l).copied();
    let t = now();
    let mut raised: BTreeMap<(i64, i64), Raised> = BTreeMap::new();
    for it in &items {
        let Some((next, _)) = task_level.get(&it.task_id).and_then(|l| next_of(*l)) else {
            continue;
        };
        if it.marked_level.unwrap_or(0) >= next {
            continue;
        }
        raised
            .entry((it.customer_id, next))
            .or_insert_with(|| Raised {
                promise_id: promise_of[&it.task_id],
                items: Vec::new(),
            })
            .items
            .push((it.receivable_id, it.balance_fen));
    }
    if raised.is_empty() {
        return Ok(());
    }
    let action_of: HashMap<i64, FollowUpAction> = levels.iter().copied().collect();
    let rows: Vec<NewTaskRow> = raised
        .iter()
        .map(|((customer, l), r)| NewTaskRow {
            customer_id: *customer,
            level_days: *l,
            action: action_str(action_of[l]),
            opened_on: today,
            due_on: day.due_on,
            raised_by_promise_id: Some(r.promise_id),
            created_at: t,
        })
        .collect();
    repo::open_tasks(conn, &rows)?;
    let customers_: Vec<i64> = raised.keys().map(|k| k.0).collect();
    let open = repo::open_task_ids(conn, &customers_)?;
    let mut task_items = Vec::new();
    let mut marks = Vec::new();
    for (k, r) in &raised {
        for (r, b) in &r.items {
            task_items.push((open[k], *r, *b));
            marks.push((*r, k.1));
        }
    }
    repo::add_task_items(conn, &task_items)?;
    repo::mark(conn, &marks, today)?;
    Ok(())
}

/// After money or a credit note reached the customer's ledger (in its transaction): promises
/// the payments cover are kept, tasks whose receivables are settled close.
pub fn after_ledger_change(conn: &mut DbConn, customer_id: i64, today: NaiveDate) -> ApiResult<()> {
    settle_promises(conn, Some(customer_id), today, None)?;
    repo::close_settled_tasks(conn, Some(&[customer_id]), today)?;
    Ok(())
}

/// Spawn the scheduler: every ten minutes, run the day's job if it is due (the first instance
/// to claim a day runs it; the others find it claimed or finished).
pub fn spawn(state: actix_web::web::Data<crate::state::AppState>) {
    let who = format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            let (today, who) = (state.today(), who.clone());
            match state.db(move |c| run_if_due(c, today, &who)).await {
                Ok(run) if run.ran => tracing::info!(?run, "daily collection run"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "daily collection run failed"),
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Tasks

fn task_dtos(
    conn: &mut DbConn,
    rows: Vec<TaskLine>,
    today: NaiveDate,
) -> ApiResult<Vec<FollowUpTask>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.task.id).collect();
    let figures = repo::task_figures(conn, &ids)?;
    let offices: Vec<i64> = rows.iter().filter_map(|r| r.customer.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &offices)?;
    let owners: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.customer.owner_user_id)
        .collect();
    let names = crate::users::repo::display_names(conn, &owners)?;
    Ok(rows
        .into_iter()
        .map(|TaskLine { task: r, customer }| {
            let (office, owner) = (customer.office_id, customer.owner_user_id);
            let f = figures.get(&r.id);
            let status = TaskStatus::parse(&r.status).unwrap_or(TaskStatus::Open);
            let last_action_on = f.and_then(|f| f.last_action_on);
            FollowUpTask {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: customer.code,
                customer_name: customer.name,
                office_id: office,
                office_name: office.and_then(|o| office_names.get(&o).cloned()),
                owner_id: owner,
                owner_name: owner.and_then(|o| names.get(&o).cloned()),
                level_days: r.level_days,
                action: parse_action(&r.action),
                status,
                opened_on: r.opened_on,
                due_on: r.due_on,
                overdue: status == TaskStatus::Open && r.due_on < today && last_action_on.is_none(),
                closed_on: r.closed_on,
                close_reason: r.close_reason.as_deref().and_then(CloseReason::parse),
                raised_by_promise_id: r.raised_by_promise_id,
                open_fen: f.map_or(0, |f| f.open_fen),
                receivable_count: f.map_or(0, |f| f.receivable_count),
                last_action_on,
                has_broken_promise: f.is_some_and(|f| f.broken > 0),
            }
        })
        .collect())
}

pub fn list_tasks(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &TaskQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<FollowUpTask>, i64)> {
    let viewer = Viewer::of(auth);
    let filter = repo::TaskFilter {
        viewer: &viewer,
        granted: crate::customers::service::lent_to(conn, auth)?,
        owner: (q.mine == Some(true)).then_some(auth.id),
        query: q,
        today,
    };
    let (rows, total) = repo::list_tasks(conn, &filter, limit, offset)?;
    Ok((task_dtos(conn, rows, today)?, total))
}

/// The task's customer in the user's scope (404 otherwise), and the task.
fn task_in_scope(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<TaskRow> {
    let row = repo::find_task(conn, id)?.ok_or(ApiError::NotFound)?;
    crate::customers::service::require_full_view(conn, auth, row.customer_id)
        .map_err(|_| ApiError::NotFound)?;
    Ok(row)
}

fn item_dtos(
    conn: &mut DbConn,
    rows: Vec<ItemRow>,
    today: NaiveDate,
) -> ApiResult<Vec<CollectionItem>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.receivable_id).collect();
    let handed: HashSet<i64> = repo::handed_over(conn, &ids)?.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|r| CollectionItem {
            receivable_id: r.receivable_id,
            contract_id: r.contract_id,
            contract_number: r.contract_number,
            shipping_note_id: r.shipping_note_id,
            due_date: r.due_date,
            days_overdue: (today - r.due_date).num_days().max(0),
            amount_fen: r.amount_fen,
            balance_then_fen: r.balance_then_fen,
            balance_fen: r.balance_fen,
            handed_over: handed.contains(&r.receivable_id),
        })
        .collect())
}

fn promise_dtos(conn: &mut DbConn, rows: Vec<PromiseRow>) -> ApiResult<Vec<PaymentPromise>> {
    let people: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|r| PaymentPromise {
            id: r.id,
            task_id: r.task_id,
            customer_id: r.customer_id,
            amount_fen: r.amount_fen,
            made_on: r.made_on,
            promised_on: r.promised_on,
            note: r.note,
            status: PromiseStatus::parse(&r.status).unwrap_or(PromiseStatus::Open),
            settled_on: r.settled_on,
            created_by_name: r.created_by.and_then(|u| names.get(&u).cloned()),
        })
        .collect())
}

/// Whether the user records actions and promises on the customer's tasks: collection tasks
/// written by a holder of the customer in his own scope (the owner salesman, the office's
/// director), not by a reader or a borrower.
fn can_act(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<bool> {
    Ok(auth.can(Area::CollectionTasks, Access::Write)
        && crate::customers::service::require_writable(conn, auth, customer_id).is_ok())
}

pub fn task_detail(
    conn: &mut DbConn,
    auth: &AuthUser,
    id: i64,
    today: NaiveDate,
) -> ApiResult<FollowUpTaskDetail> {
    let row = task_in_scope(conn, auth, id)?;
    let customer = crate::customers::service::line(conn, row.customer_id)?;
    let task = task_dtos(
        conn,
        vec![TaskLine {
            task: row.clone(),
            customer,
        }],
        today,
    )?
    .remove(0);
    let items = repo::items(conn, id, false)?;
    let items = item_dtos(conn, items, today)?;
    let actions = repo::actions(conn, id)?;
    let people: Vec<i64> = actions.iter().filter_map(|a| a.created_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let actions = actions
        .into_iter()
        .map(|a| FollowUpActionEntry {
            id: a.id,
            kind: parse_action(&a.kind),
            done_on: a.done_on,
            contact: a.contact,
            outcome: a.outcome,
            created_by_name: a.created_by.and_then(|u| names.get(&u).cloned()),
            created_at: a.created_at.and_utc(),
        })
        .collect();
    let promises = repo::promises_of_task(conn, id)?;
    let promises = promise_dtos(conn, promises)?;
    let can_act = row.status == TaskStatus::Open.as_str() && can_act(conn, auth, row.customer_id)?;
    Ok(FollowUpTaskDetail {
        task,
        items,
        actions,
        promises,
        can_act,
    })
}

/// An open task the user acts on (the owner salesman or the office director).
fn actable(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<TaskRow> {
    let row = task_in_scope(conn, auth, id)?;
    if !can_act(conn, auth, row.customer_id)? {
        return Err(ApiError::Forbidden);
    }
    if row.status != TaskStatus::Open.as_str() {
        return Err(ApiError::field(
            "status",
            "collection.task_closed",
            "the task is closed",
        ));
    }
    Ok(row)
}

pub fn add_action(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &NewFollowUpAction,
    today: NaiveDate,
) -> ApiResult<FollowUpTaskDetail> {
    let row = actable(conn, auth, id)?;
    let mut errors = Vec::new();
    let contact = checked_text("contact", &input.contact, true, &mut errors);
    let outcome = checked_text("outcome", &input.outcome, true, &mut errors);
    done_date("done_on", input.done_on, today, &mut errors);
    if input.done_on < row.opened_on {
        errors.push(FieldError::new(
            "done_on",
            "out_of_range",
            "on or after the day the task opened",
        ));
    }
    all_valid(errors)?;
    repo::insert_action(
        conn,
        &NewActionRow {
            task_id: id,
            kind: action_str(input.kind),
            done_on: input.done_on,
            contact,
            outcome,
            created_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.action", "customer", row.customer_id).after(&serde_json::json!({
            "task_id": id, "kind": action_str(input.kind), "done_on": input.done_on,
            "contact": contact, "outcome": outcome,
        })),
    )?;
    task_detail(conn, auth, id, today)
}

pub fn add_promise(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &NewPaymentPromise,
    today: NaiveDate,
) -> ApiResult<FollowUpTaskDetail> {
    let row = actable(conn, auth, id)?;
    let mut errors = Vec::new();
    if !(1..=AMOUNT_MAX_FEN).contains(&input.amount_fen) {
        errors.push(FieldError::new(
            "amount_fen",
            "out_of_range",
            "more than 0, at most 100 亿元",
        ));
    }
    if input.promised_on < today || input.promised_on > today + Duration::days(366) {
        errors.push(FieldError::new(
            "promised_on",
            "out_of_range",
            "today or within the next year",
        ));
    }
    let note = checked_text("note", &input.note, false, &mut errors);
    all_valid(errors)?;
    repo::insert_promise(
        conn,
        &NewPromiseRow {
            task_id: id,
            customer_id: row.customer_id,
            amount_fen: input.amount_fen,
            made_on: today,
            promised_on: input.promised_on,
            note,
            created_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.promise", "customer", row.customer_id).after(&serde_json::json!({
            "task_id": id, "amount_fen": input.amount_fen, "promised_on": input.promised_on,
            "note": note,
        })),
    )?;
    task_detail(conn, auth, id, today)
}

// ---------------------------------------------------------------------------------------------
// Cases

fn case_dtos(conn: &mut DbConn, rows: Vec<CaseLine>) -> ApiResult<Vec<CollectionCase>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.case.id).collect();
    let figures = repo::case_figures(conn, &ids)?;
    let offices: Vec<i64> = rows.iter().filter_map(|r| r.customer.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &offices)?;
    let people: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.customer.owner_user_id, r.case.assigned_to])
        .flatten()
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|CaseLine { case: r, customer }| {
            let (office, owner) = (customer.office_id, customer.owner_user_id);
            let f = figures.get(&r.id);
            CollectionCase {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: customer.code,
                customer_name: customer.name,
                office_id: office,
                office_name: office.and_then(|o| office_names.get(&o).cloned()),
                owner_name: owner.and_then(|o| names.get(&o).cloned()),
                status: CaseStatus::parse(&r.status).unwrap_or(CaseStatus::Open),
                opened_on: r.opened_on,
                assigned_to: r.assigned_to,
                assigned_name: r.assigned_to.and_then(|u| names.get(&u).cloned()),
                analysis: r.analysis,
                method: r.method.as_deref().and_then(RecoveryMethod::parse),
                outcome: r.outcome.as_deref().and_then(CaseOutcome::parse),
                outcome_note: r.outcome_note,
                closed_on: r.closed_on,
                open_fen: f.map_or(0, |f| f.open_fen),
                receivable_count: f.map_or(0, |f| f.receivable_count),
                cost_fen: f.map_or(0, |f| f.cost_fen),
            }
        })
        .collect())
}

pub fn list_cases(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &CaseQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<CollectionCase>, i64)> {
    let viewer = Viewer::of(auth);
    let filter = repo::CaseFilter {
        viewer: &viewer,
        granted: crate::customers::service::lent_to(conn, auth)?,
        assigned: (q.mine == Some(true)).then_some(auth.id),
        query: q,
    };
    let (rows, total) = repo::list_cases(conn, &filter, limit, offset)?;
    Ok((case_dtos(conn, rows)?, total))
}

fn case_in_scope(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<CaseRow> {
    let row = repo::find_case(conn, id)?.ok_or(ApiError::NotFound)?;
    crate::customers::service::require_full_view(conn, auth, row.customer_id)
        .map_err(|_| ApiError::NotFound)?;
    Ok(row)
}

fn write_off_dtos(conn: &mut DbConn, rows: Vec<WriteOffLine>) -> ApiResult<Vec<WriteOff>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.write_off.id).collect();
    let files = repo::write_off_files(conn, &ids)?;
    let people: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.write_off.proposed_by, r.write_off.decided_by])
        .flatten()
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(
            |WriteOffLine {
                 write_off: w,
                 contract,
                 customer,
             }| WriteOff {
                id: w.id,
                receivable_id: w.receivable_id,
                customer_id: w.customer_id,
                customer_code: customer.code,
                customer_name: customer.name,
                contract_id: contract.id,
                contract_number: contract.number,
                case_id: w.case_id,
                amount_fen: w.amount_fen,
                reason: w.reason,
                status: WriteOffStatus::parse(&w.status).unwrap_or(WriteOffStatus::Pending),
                approval_id: w.approval_id,
                proposed_by_name: w.proposed_by.and_then(|u| names.get(&u).cloned()),
                proposed_at: w.proposed_at.and_utc(),
                decided_by_name: w.decided_by.and_then(|u| names.get(&u).cloned()),
                written_off_on: w.written_off_on,
                attachment_ids: files.get(&w.id).cloned().unwrap_or_default(),
            },
        )
        .collect())
}

pub fn case_detail(
    conn: &mut DbConn,
    auth: &AuthUser,
    id: i64,
    today: NaiveDate,
) -> ApiResult<CollectionCaseDetail> {
    let row = case_in_scope(conn, auth, id)?;
    let customer = crate::customers::service::line(conn, row.customer_id)?;
    let open = row.status == CaseStatus::Open.as_str();
    let case = case_dtos(
        conn,
        vec![CaseLine {
            case: row,
            customer,
        }],
    )?
    .remove(0);
    let items = repo::items(conn, id, true)?;
    let items = item_dtos(conn, items, today)?;
    let actions = repo::case_actions(conn, id)?;
    let people: Vec<i64> = actions.iter().filter_map(|a| a.created_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let actions = actions
        .into_iter()
        .map(|a| CaseAction {
            id: a.id,
            done_on: a.done_on,
            method: RecoveryMethod::parse(&a.method).unwrap_or(RecoveryMethod::Other),
            note: a.note,
            cost_fen: a.cost_fen,
            created_by_name: a.created_by.and_then(|u| names.get(&u).cloned()),
        })
        .collect();
    let write_offs = repo::write_offs_of_case(conn, id)?;
    let write_offs = write_off_dtos(conn, write_offs)?;
    Ok(CollectionCaseDetail {
        case,
        items,
        actions,
        write_offs,
        can_work: open && auth.can(Area::CollectionCases, Access::Write),
        can_propose_write_off: open && auth.can(Area::WriteOffs, Access::Write),
    })
}

/// An open case the planning department works.
fn workable(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<CaseRow> {
    let row = case_in_scope(conn, auth, id)?;
    if row.status != CaseStatus::Open.as_str() {
        return Err(ApiError::field(
            "status",
            "collection.case_closed",
            "the case is closed",
        ));
    }
    Ok(row)
}

pub fn update_case(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &CaseUpdate,
    today: NaiveDate,
) -> ApiResult<CollectionCaseDetail> {
    let row = workable(conn, auth, id)?;
    let mut errors = Vec::new();
    let analysis = input
        .analysis
        .as_deref()
        .map(|a| checked_text("analysis", a, false, &mut errors));
    if input.method == Some(RecoveryMethod::Other) {
        errors.push(FieldError::new(
            "method",
            "invalid",
            "negotiation, lawyer's letter, litigation, settlement or instalment plan",
        ));
    }
    all_valid(errors)?;
    if !repo::update_case(conn, id, analysis, input.method, now())? {
        return Err(ApiError::field(
            "status",
            "collection.case_closed",
            "the case is closed",
        ));
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.case_update", "customer", row.customer_id).after(
            &serde_json::json!({
                "case_id": id, "analysis": analysis, "method": input.method.map(|m| m.as_str()),
            }),
        ),
    )?;
    case_detail(conn, auth, id, today)
}

pub fn take_case(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<CollectionCaseDetail> {
    let row = workable(conn, auth, id)?;
    if !repo::take_case(conn, id, auth.id, now())? {
        return Err(ApiError::field(
            "assigned_to",
            "collection.case_held",
            "another member of the planning department holds the case",
        ));
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.case_take", "customer", row.customer_id)
            .after(&serde_json::json!({"case_id": id})),
    )?;
    case_detail(conn, auth, id, today)
}

pub fn add_case_action(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &NewCaseAction,
    today: NaiveDate,
) -> ApiResult<CollectionCaseDetail> {
    let row = workable(conn, auth, id)?;
    let mut errors = Vec::new();
    let note = checked_text("note", &input.note, true, &mut errors);
    done_date("done_on", input.done_on, today, &mut errors);
    if !(0..=AMOUNT_MAX_FEN).contains(&input.cost_fen) {
        errors.push(FieldError::new(
            "cost_fen",
            "out_of_range",
            "0 or more, at most 100 亿元",
        ));
    }
    all_valid(errors)?;
    repo::insert_case_action(
        conn,
        &NewCaseActionRow {
            case_id: id,
            done_on: input.done_on,
            method: input.method.as_str(),
            note,
            cost_fen: input.cost_fen,
            created_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    // Whoever works the case first holds it.
    repo::take_case(conn, id, auth.id, now())?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.case_action", "customer", row.customer_id).after(
            &serde_json::json!({
                "case_id": id, "method": input.method.as_str(), "done_on": input.done_on,
                "note": note, "cost_fen": input.cost_fen,
            }),
        ),
    )?;
    case_detail(conn, auth, id, today)
}

pub fn close_case(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &CloseCase,
    today: NaiveDate,
) -> ApiResult<CollectionCaseDetail> {
    let row = workable(conn, auth, id)?;
    let mut errors = Vec::new();
    let note = checked_text("note", &input.note, false, &mut errors);
    all_valid(errors)?;
    let figures = repo::case_figures(conn, &[id])?;
    let open_fen = figures.get(&id).map_or(0, |f| f.open_fen);
    // Recovered in full means nothing is left open; the other outcomes say what became of a
    // balance that is left.
    if input.outcome == CaseOutcome::RecoveredFull && open_fen > 0 {
        return Err(ApiError::field(
            "outcome",
            "collection.balance_open",
            "receivables of the case are still open",
        ));
    }
    if input.outcome == CaseOutcome::WrittenOff && open_fen > 0 {
        return Err(ApiError::field(
            "outcome",
            "collection.balance_open",
            "write the open balance off first (the GM approves each write-off)",
        ));
    }
    if !repo::close_case(conn, id, input.outcome, note, today, now())? {
        return Err(ApiError::field(
            "status",
            "collection.case_closed",
            "the case is closed",
        ));
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.case_close", "customer", row.customer_id).after(&serde_json::json!({
            "case_id": id, "outcome": input.outcome.as_str(), "note": note, "open_fen": open_fen,
        })),
    )?;
    case_detail(conn, auth, id, today)
}

// ---------------------------------------------------------------------------------------------
// Write-offs

/// Propose writing a receivable off (planning, finance): the receivable is with a collection
/// case, the amount within its open balance, evidence among the customer's attachments; filed
/// for the GM. One pending proposal per receivable.
pub fn propose_write_off(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewWriteOff,
) -> ApiResult<WriteOff> {
    let unknown = || ApiError::field("receivable_id", "unknown", "no receivable has this id");
    let customer =
        crate::receivables::service::customer_of(conn, input.receivable_id)?.ok_or_else(unknown)?;
    crate::customers::service::require_full_view(conn, auth, customer).map_err(|_| unknown())?;
    let Some(case_id) = repo::case_of_receivable(conn, input.receivable_id)? else {
        return Err(ApiError::field(
            "receivable_id",
            "collection.not_handed_over",
            "only a receivable of an open collection case of the planning department is written off",
        ));
    };
    let mut errors = Vec::new();
    let reason = checked_text("reason", &input.reason, true, &mut errors);
    let balance = crate::receivables::service::balance_of(conn, input.receivable_id)?;
    if input.amount_fen <= 0 || input.amount_fen > balance {
        errors.push(FieldError::new(
            "amount_fen",
            "out_of_range",
            format!("more than 0, at most the open balance {balance} fen"),
        ));
    }
    crate::credit::service::check_customer_files(
        conn,
        customer,
        &input.attachment_ids,
        &mut errors,
    )?;
    all_valid(errors)?;
    let t = now();
    let id = repo::insert_write_off(
        conn,
        &NewWriteOffRow {
            receivable_id: input.receivable_id,
            customer_id: customer,
            case_id: Some(case_id),
            amount_fen: input.amount_fen,
            reason,
            proposed_by: Some(auth.id),
            proposed_at: t,
        },
    )
    .map_err(duplicate_on(
        "receivable_id",
        "a write-off of this receivable is waiting for the GM's decision",
    ))?;
    repo::add_write_off_files(conn, id, &input.attachment_ids)?;
    let (_, contract_number) = crate::receivables::service::contract_of(conn, input.receivable_id)?;
    let approval = crate::approvals::service::file(
        conn,
        auth,
        meta,
        &ApprovalPayload::WriteOff(WriteOffPayload {
            write_off_id: id,
            receivable_id: input.receivable_id,
            customer_id: customer,
            amount_fen: input.amount_fen,
            reason: reason.to_string(),
            contract_number,
        }),
        Some(customer),
        &format!(
            "坏账核销 / Bad-debt write-off {}",
            crate::receivables::format_yuan(input.amount_fen)
        ),
    )?;
    repo::set_write_off_approval(conn, id, approval)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.write_off_propose", "customer", customer).after(
            &serde_json::json!({
                "write_off_id": id, "receivable_id": input.receivable_id,
                "amount_fen": input.amount_fen, "reason": reason,
            }),
        ),
    )?;
    let row = repo::find_write_off(conn, id)?.ok_or(ApiError::NotFound)?;
    one_write_off(conn, row)
}

fn one_write_off(conn: &mut DbConn, row: WriteOffRow) -> ApiResult<WriteOff> {
    let (id, number) = crate::receivables::service::contract_of(conn, row.receivable_id)?;
    let c = crate::customers::service::line(conn, row.customer_id)?;
    let line = WriteOffLine {
        contract: ContractNumber { id, number },
        customer: crate::customers::model::CustomerRef {
            id: row.customer_id,
            code: c.code,
            name: c.name,
        },
        write_off: row,
    };
    Ok(write_off_dtos(conn, vec![line])?.remove(0))
}

fn write_off_of(row: &ApprovalRow) -> ApiResult<i64> {
    match row.payload()? {
        ApprovalPayload::WriteOff(p) => Ok(p.write_off_id),
        _ => Err(ApiError::internal("not a write-off")),
    }
}

/// The GM's decision, in the approval's transaction: on approval the receivable is written
/// off today (its own entry: it leaves the AR aging and stays in the register), a credit event
/// is recorded on the customer, and tasks it settles close.
pub fn on_write_off_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    decider: i64,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let id = write_off_of(row)?;
    let w = repo::find_write_off(conn, id)?.ok_or(ApiError::NotFound)?;
    let today = crate::time::local_date(t);
    if !approve {
        repo::decide_write_off(conn, id, WriteOffStatus::Rejected, Some(decider), None, t)?;
        return Ok(());
    }
    if !crate::receivables::service::write_off(conn, w.receivable_id, w.amount_fen, today)? {
        return Err(ApiError::field(
            "amount_fen",
            "collection.balance_changed",
            "the receivable's open balance is now less than the write-off: reject it and propose again",
        ));
    }
    if !repo::decide_write_off(
        conn,
        id,
        WriteOffStatus::Approved,
        Some(decider),
        Some(today),
        t,
    )? {
        return Err(ApiError::AlreadyDecided);
    }
    crate::credit::service::record_write_off_event(
        conn,
        meta,
        w.customer_id,
        &format!(
            "坏账核销 {}（应收 #{}）：{} / Bad debt written off",
            crate::receivables::format_yuan(w.amount_fen),
            w.receivable_id,
            w.reason
        ),
        decider,
        t,
    )?;
    repo::close_settled_tasks(conn, Some(&[w.customer_id]), today)?;
    Ok(())
}

pub fn on_write_off_cancel(
    conn: &mut DbConn,
    row: &ApprovalRow,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let id = write_off_of(row)?;
    repo::decide_write_off(conn, id, WriteOffStatus::Cancelled, None, None, t)?;
    Ok(())
}

pub fn list_write_offs(
    conn: &mut DbConn,
    q: &WriteOffQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<WriteOff>, i64, i64)> {
    let (rows, total, sum) = repo::list_write_offs(conn, q, limit, offset)?;
    Ok((write_off_dtos(conn, rows)?, total, sum))
}

// ---------------------------------------------------------------------------------------------
// The customer card

pub fn of_customer(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<CustomerCollection> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let customer = crate::customers::service::line(conn, customer_id)?;
    let tasks = repo::tasks_of_customer(conn, customer_id)?;
    let tasks = tasks
        .into_iter()
        .map(|task| TaskLine {
            task,
            customer: customer.clone(),
        })
        .collect();
    let tasks = task_dtos(conn, tasks, today)?;
    let cases = repo::cases_of_customer(conn, customer_id)?;
    let cases = cases
        .into_iter()
        .map(|case| CaseLine {
            case,
            customer: customer.clone(),
        })
        .collect();
    let cases = case_dtos(conn, cases)?;
    let promises = repo::promises_of_customer(conn, customer_id)?;
    let promises = promise_dtos(conn, promises)?;
    Ok(CustomerCollection {
        tasks,
        cases,
        promises,
    })
}

// ---------------------------------------------------------------------------------------------
// The dunning letter (催款函)

const DUNNING: &str = "dunning";
/// The placeholders a dunning letter's body may name.
const PLACEHOLDERS: [&str; 6] = [
    "customer_name",
    "customer_code",
    "date",
    "total",
    "count",
    "oldest_due_date",
];
const DEFAULT_TITLE: &str = "催款函";
const DEFAULT_BODY: &str = "{customer_name}：\n\n承蒙贵司惠顾，深表感谢。截至{date}，贵司尚有{count}笔货款逾期未付，合计{total}，明细如下。\n\n请贵司于收到本函后七日内安排付款；如已付款，请将付款凭证传真或邮寄我司，以便核对。如有疑问，请与我司业务员联系。\n\n特此函告。";

/// The placeholders named in `body` that are not known, in order of appearance.
fn unknown_placeholders(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
        rest = &after[close + 1..];
    }
    out
}

fn chinese_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Whether the user edits letter templates: the business department.
fn edits_templates(auth: &AuthUser) -> bool {
    auth.roles
        .iter()
        .any(|r| matches!(r, Role::BusinessStaff | Role::BusinessManager))
}

pub fn letter_template(conn: &mut DbConn, auth: &AuthUser) -> ApiResult<LetterTemplate> {
    let row = repo::letter_template(conn, DUNNING)?;
    let names = crate::users::repo::display_names(
        conn,
        &row.iter().filter_map(|r| r.updated_by).collect::<Vec<_>>(),
    )?;
    Ok(LetterTemplate {
        title: row
            .as_ref()
            .map_or(DEFAULT_TITLE.into(), |r| r.title.clone()),
        body: row.as_ref().map_or(DEFAULT_BODY.into(), |r| r.body.clone()),
        placeholders: PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect(),
        updated_by_name: row
            .as_ref()
            .and_then(|r| r.updated_by)
            .and_then(|u| names.get(&u).cloned()),
        updated_at: row.as_ref().map(|r| r.updated_at.and_utc()),
        can_edit: edits_templates(auth),
    })
}

pub fn save_letter_template(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &LetterTemplateUpdate,
) -> ApiResult<LetterTemplate> {
    if !edits_templates(auth) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Vec::new();
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", "required", "1–200 characters"));
    }
    let body = input.body.trim();
    if body.is_empty() || body.chars().count() > 10_000 {
        errors.push(FieldError::new("body", "required", "1–10,000 characters"));
    }
    let unknown = unknown_placeholders(body);
    if !unknown.is_empty() {
        errors.push(FieldError::new(
            "body",
            "template.unknown_placeholder",
            format!(
                "unknown placeholders {}: use {}",
                unknown
                    .iter()
                    .map(|u| format!("{{{u}}}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                PLACEHOLDERS
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ));
    }
    all_valid(errors)?;
    repo::save_letter_template(conn, DUNNING, title, body, auth.id, now())?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("collection.letter_template", "letter_template", DUNNING)
            .after(&serde_json::json!({"title": title, "body": body})),
    )?;
    letter_template(conn, auth)
}

/// The customer's dunning letter as of `today`: the template filled in, and the overdue
/// receivables.
pub fn dunning_letter(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<DunningLetter> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let customer = crate::customers::service::line(conn, customer_id)?;
    let template = letter_template(conn, auth)?;
    let rows = repo::overdue_of(conn, customer_id, today)?;
    let total_fen = rows
        .iter()
        .try_fold(0i64, |sum, r| sum.checked_add(r.balance_fen))
        .ok_or_else(|| ApiError::internal("overdue total out of range"))?;
    let oldest = rows
        .first()
        .map(|r| chinese_date(r.due_date))
        .unwrap_or_default();
    let body = template
        .body
        .replace("{customer_name}", &customer.name)
        .replace("{customer_code}", &customer.code)
        .replace("{date}", &chinese_date(today))
        .replace("{total}", &crate::receivables::format_yuan(total_fen))
        .replace("{count}", &rows.len().to_string())
        .replace("{oldest_due_date}", &oldest);
    Ok(DunningLetter {
        customer_id,
        customer_code: customer.code,
        customer_name: customer.name,
        date: today,
        title: template.title,
        body,
        items: rows
            .into_iter()
            .map(|r| DunningItem {
                receivable_id: r.receivable_id,
                contract_number: r.contract_number,
                issued_on: r.issued_on,
                due_date: r.due_date,
                days_overdue: (today - r.due_date).num_days(),
                amount_fen: r.amount_fen,
                balance_fen: r.balance_fen,
            })
            .collect(),
        total_fen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_placeholders_pass() {
        assert!(unknown_placeholders(DEFAULT_BODY).is_empty());
        assert_eq!(
            unknown_placeholders("{customer_name} owes {amount} since {since} {amount}"),
            ["amount", "since"]
        );
        assert!(unknown_placeholders("no placeholder { at all").is_empty());
    }

    #[test]
    fn levels_reach_the_highest_crossed_and_the_hand_off_after_the_normal_period() {
        let levels = [
            (7, FollowUpAction::Reminder),
            (30, FollowUpAction::Phone),
            (60, FollowUpAction::Letter),
            (90, FollowUpAction::Visit),
        ];
        let due = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let on = |days: i64| reached(&levels, 91, due, due + Duration::days(days));
        assert_eq!(
            [0, 6, 7, 29, 30, 59, 60, 89, 90, 91, 400].map(on),
            [0, 0, 7, 7, 30, 30, 60, 60, 90, 91, 91]
        );
    }
}
