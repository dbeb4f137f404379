//! The rating run's kind of approval (客户评级): decided by the VP within
//! three working days; what a decision or a withdrawal does stays in
//! [`crate::ratings::service`].

use chrono::NaiveDateTime;

use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

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
