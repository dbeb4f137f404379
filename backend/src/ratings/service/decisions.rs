//! The approval's callbacks: the VP's decision applies a run (or sends it back to draft), a
//! withdrawal makes it a draft again.

use chrono::NaiveDateTime;

use crate::approvals::model::ApprovalRow;
use crate::approvals::service::Effect;
use crate::audit::{self, Actor, Event};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use crate::ratings::model::RunStatus;
use crate::ratings::repo;

fn run_of(row: &ApprovalRow) -> ApiResult<i64> {
    let payload: serde_json::Value =
        serde_json::from_str(&row.payload).map_err(ApiError::internal)?;
    payload["rating_run_id"]
        .as_i64()
        .ok_or_else(|| ApiError::internal("rating approval without a run"))
}

/// The VP decided (in the decision's transaction): approval applies every final grade and
/// category in one statement each and schedules the revisits; rejection sends the run back to
/// draft for the business manager.
pub fn on_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    decider: i64,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<Effect> {
    let id = run_of(row)?;
    let to = if approve {
        RunStatus::Approved
    } else {
        RunStatus::Draft
    };
    if repo::leave_submitted(conn, id, row.id, to, Some((decider, t)), approve)? != 1 {
        return Err(ApiError::internal(
            "the rating run was not waiting for approval",
        ));
    }
    if !approve {
        return Ok(Effect::Done);
    }
    // Mark what applies: results with a final grade or a category override whose customer is
    // as the run found it (another run approved since keeps its newer grade), then apply
    // those — one statement each, in the approval's transaction.
    let marked = repo::mark_applicable(conn, id)?;
    let changed = crate::customers::service::apply_rating(conn, id, t)?;
    let eligible = repo::count_gradable(conn, id)?;
    let rating_date = repo::rating_date(conn, id)?;
    let scheduled =
        crate::revisits::service::schedule_after_rating(conn, id, crate::time::local_date(t))?;
    audit::record(
        conn,
        &Actor::system(),
        meta,
        Event::new("rating_run.apply", "rating_run", id).after(&serde_json::json!({
            "customers_graded": changed, "rating_date": rating_date, "revisits_scheduled": scheduled,
            "results_applied": marked, "skipped_regraded_since": eligible - changed as i64,
        })),
    )?;
    Ok(Effect::Done)
}

/// The requester withdrew the approval: the run is a draft again.
pub fn on_cancel(conn: &mut DbConn, row: &ApprovalRow) -> ApiResult<()> {
    let id = run_of(row)?;
    repo::leave_submitted(conn, id, row.id, RunStatus::Draft, None, false)?;
    Ok(())
}
