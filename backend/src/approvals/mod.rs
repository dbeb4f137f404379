//! One approval mechanism for every kind of request: requester, approver role, due date,
//! status, decision with comment, history. Deciding is atomic: the status moves from pending
//! exactly once (a concurrent second decision gets 409) and the approved action runs in the
//! same transaction. Approvals knows no domain: each kind (borrowing, policy versions, rating
//! runs) is implemented by its own domain as an [`handler::ApprovalHandler`], installed at start.
pub mod handler;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
