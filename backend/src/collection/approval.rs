//! Collection's kind of approval: a bad-debt write-off (坏账核销) is decided by the general
//! manager.

use chrono::NaiveDateTime;

use super::service;
use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

pub struct WriteOffApproval;

impl ApprovalHandler for WriteOffApproval {
    fn kind(&self) -> ApprovalKind {
        ApprovalKind::WriteOff
    }
    fn approver_role(&self) -> Role {
        Role::GeneralManager
    }
    fn area(&self) -> Area {
        Area::WriteOffs
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
        service::on_write_off_decision(conn, meta, row, decider, approve, t)?;
        Ok(Effect::Done)
    }
    fn on_cancel(&self, conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
        service::on_write_off_cancel(conn, row, t)
    }
}
