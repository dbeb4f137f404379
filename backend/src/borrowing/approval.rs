//! Borrowing's kind of approval (资料借阅): decided by the business manager within
//! three working days; approval writes the loan.

use chrono::NaiveDateTime;

use super::service;
use crate::approvals::handler::{ApprovalHandler, Effect};
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

pub struct Borrowing;

impl ApprovalHandler for Borrowing {
    fn kind(&self) -> ApprovalKind {
        ApprovalKind::DossierBorrowing
    }
    fn approver_role(&self) -> Role {
        Role::BusinessManager
    }
    fn area(&self) -> Area {
        Area::DossierBorrowing
    }
    fn on_decision(
        &self,
        conn: &mut DbConn,
        _meta: &RequestMeta,
        row: &ApprovalRow,
        _decider: i64,
        approve: bool,
        t: NaiveDateTime,
    ) -> ApiResult<Effect> {
        if approve {
            service::grant(conn, row, t)?;
        }
        Ok(Effect::Done)
    }
}
