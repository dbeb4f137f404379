//! The policy version's two kinds of approval: the VP decides a version (管理办法修订), the GM
//! its credit and service parts after the VP. What a decision does stays in
//! [`super::service::on_decision`].

use chrono::NaiveDateTime;

use super::service;
use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

/// `PolicyApproval(ApprovalKind::PolicyVersion)` (the VP) or
/// `PolicyApproval(ApprovalKind::CreditPolicy)` (the GM).
pub struct PolicyApproval(pub ApprovalKind);

impl ApprovalHandler for PolicyApproval {
    fn kind(&self) -> ApprovalKind {
        self.0
    }
    fn approver_role(&self) -> Role {
        if self.0 == ApprovalKind::CreditPolicy {
            Role::GeneralManager
        } else {
            Role::VicePresident
        }
    }
    fn area(&self) -> Area {
        Area::PolicyVersions
    }
    fn on_decision(
        &self,
        conn: &mut DbConn,
        meta: &RequestMeta,
        row: &ApprovalRow,
        _decider: i64,
        approve: bool,
        t: NaiveDateTime,
    ) -> ApiResult<Effect> {
        service::on_decision(conn, meta, row, approve, t)
    }
    fn on_cancel(&self, conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
        service::on_cancel(conn, row, t)
    }
}
