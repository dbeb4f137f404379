//! One approval mechanism for every kind of request: requester, approver role, due date,
//! status, decision with comment, history. Deciding is atomic: the status moves from pending
//! exactly once (a concurrent second decision gets 409) and the approved action runs in the
//! same transaction. Borrowing (资料借阅) is the first kind; ratings, credit limits, special
//! contracts, shipment releases, policy versions and write-offs plug in through `ApprovalKind`.
pub mod model;
pub mod routes;
pub mod service;
