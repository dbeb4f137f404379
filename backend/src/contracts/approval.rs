//! Contracts' kind of approval: a special contract (超过信用范围的特殊合同) — one that failed the
//! credit check at review — is decided by the general manager alone.

use chrono::NaiveDateTime;

use super::service;
use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

pub struct SpecialContractApproval;

impl ApprovalHandler for SpecialContractApproval {
    fn kind(&self) -> ApprovalKind {
        ApprovalKind::SpecialContract
    }
    fn approver_role(&self) -> Role {
        Role::GeneralManager
    }
    fn area(&self) -> Area {
        Area::SpecialContracts
    }
    fn decision_working_days(&self) -> u32 {
        2
    }
    fn on_decision(
        &self,
        conn: &mut DbConn,
        meta: &RequestMeta,
        row: &ApprovalRow,
        decider: i64,
        approve: bool,
        _t: NaiveDateTime,
    ) -> ApiResult<Effect> {
        service::on_special_decision(conn, meta, row, decider, approve)
    }
    fn on_cancel(&self, conn: &mut DbConn, row: &ApprovalRow, _t: NaiveDateTime) -> ApiResult<()> {
        service::on_special_cancel(conn, row)
    }
}
