//! Credit control's kinds of approval: a limit request is decided by the VP
//! (`LimitApproval(ApprovalKind::CreditLimit)`), and above the policy's amount by the GM after
//! him (`LimitApproval(ApprovalKind::CreditLimitGm)`).

use chrono::NaiveDateTime;

use super::service;
use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

pub struct LimitApproval(pub ApprovalKind);

impl ApprovalHandler for LimitApproval {
    fn kind(&self) -> ApprovalKind {
        self.0
    }
    fn approver_role(&self) -> Role {
        if self.0 == ApprovalKind::CreditLimitGm {
            Role::GeneralManager
        } else {
            Role::VicePresident
        }
    }
    fn area(&self) -> Area {
        Area::CreditLimits
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
        let gm = self.0 == ApprovalKind::CreditLimitGm;
        let effect = service::on_limit_decision(conn, meta, row, approve, gm, t)?;
        if approve && effect == Effect::Done {
            // A new limit may make room: the customer's blocked notes are checked again.
            if let Some(customer) = row.customer_id {
                let today = crate::time::local_date(t);
                crate::shipping::service::recheck_customer(conn, customer, today)?;
            }
        }
        Ok(effect)
    }
    fn on_cancel(&self, conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
        service::on_limit_cancel(conn, row, t)
    }
}
