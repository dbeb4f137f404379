//! The rating run's kind of approval (客户评级): decided by the VP within
//! [`DECISION_WORKING_DAYS`]; what a decision or a withdrawal does stays in
//! [`crate::ratings::service`].

use chrono::NaiveDateTime;

use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

/// Working days the VP has before a rating run counts as overdue.
pub const DECISION_WORKING_DAYS: u32 = 3;

pub struct RatingRunApproval;

impl ApprovalHandler for RatingRunApproval {
    fn kind(&self) -> ApprovalKind {
        ApprovalKind::RatingRun
    }
    fn approver_role(&self) -> Role {
        Role::VicePresident
    }
    fn area(&self) -> Area {
        Area::RatingRuns
    }
    fn due_at(&self, conn: &mut DbConn, submitted: NaiveDateTime) -> ApiResult<NaiveDateTime> {
        crate::calendar::service::working_days_after(conn, submitted, DECISION_WORKING_DAYS)
    }
    fn on_decision(
        &self,
        conn: &mut DbConn,
        meta: &RequestMeta,
        row: &ApprovalRow,
        decider: i64,
        approve: bool,
        t: NaiveDateTime,
    ) -> ApiResult<Effect> {
        crate::ratings::service::on_decision(conn, meta, row, decider, approve, t)
    }
    fn on_cancel(&self, conn: &mut DbConn, row: &ApprovalRow, _t: NaiveDateTime) -> ApiResult<()> {
        crate::ratings::service::on_cancel(conn, row)
    }
}
