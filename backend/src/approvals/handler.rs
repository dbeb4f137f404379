//! How a kind of request plugs into the approvals mechanism: the domain that files requests of
//! a kind implements [`ApprovalHandler`] for it (who decides, when the decision is due, what a
//! decision or a withdrawal does), and the app installs every handler once at start
//! ([`install`], called while the app state is built). Approvals itself knows no domain.

use std::sync::OnceLock;

use chrono::NaiveDateTime;

use super::model::{ApprovalKind, ApprovalRow};
use crate::auth::policy::{Area, Role};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;

/// What an approval led to: done, or passed on to a further approver (the requester is told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Done,
    /// Approved here and filed anew for a further approver; `verdict` tells the requester
    /// (in Chinese and English).
    Forwarded {
        verdict: &'static str,
    },
}

/// One kind of request, implemented by the domain that files it.
pub trait ApprovalHandler: Send + Sync {
    fn kind(&self) -> ApprovalKind;
    /// Whose inbox the request goes to.
    fn approver_role(&self) -> Role;
    /// The area whose `approve` permission a decider needs.
    fn area(&self) -> Area;
    /// Working days of the company calendar the decider has before a request counts as overdue.
    fn decision_working_days(&self) -> u32 {
        3
    }
    /// When a request filed at `submitted` counts as overdue.
    fn due_at(&self, conn: &mut DbConn, submitted: NaiveDateTime) -> ApiResult<NaiveDateTime> {
        crate::calendar::service::working_days_after(conn, submitted, self.decision_working_days())
    }
    /// What a decision does, in the decision's transaction (the approval is claimed already).
    fn on_decision(
        &self,
        conn: &mut DbConn,
        meta: &RequestMeta,
        row: &ApprovalRow,
        decider: i64,
        approve: bool,
        t: NaiveDateTime,
    ) -> ApiResult<Effect>;
    /// The requester withdrew the request from the inbox (in the same transaction); by default
    /// nothing else changes.
    fn on_cancel(
        &self,
        _conn: &mut DbConn,
        _row: &ApprovalRow,
        _t: NaiveDateTime,
    ) -> ApiResult<()> {
        Ok(())
    }
}

static HANDLERS: OnceLock<&'static [&'static dyn ApprovalHandler]> = OnceLock::new();

/// Install the app's handlers (one per kind). The first call wins; later ones (every app a
/// test builds) install the same list.
pub fn install(handlers: &'static [&'static dyn ApprovalHandler]) {
    debug_assert!(
        ApprovalKind::ALL
            .iter()
            .all(|k| handlers.iter().filter(|h| h.kind() == *k).count() == 1),
        "one approval handler per kind"
    );
    let _ = HANDLERS.set(handlers);
}

/// Every installed handler.
pub fn handlers() -> &'static [&'static dyn ApprovalHandler] {
    HANDLERS.get().copied().unwrap_or(&[])
}

/// The handler of a kind.
pub fn handler(kind: ApprovalKind) -> ApiResult<&'static dyn ApprovalHandler> {
    handlers()
        .iter()
        .copied()
        .find(|h| h.kind() == kind)
        .ok_or_else(|| ApiError::internal(format!("no approval handler for {}", kind.as_str())))
}
