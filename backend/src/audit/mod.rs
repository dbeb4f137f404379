//! The audit trail: append-only and hash-chained. Each row stores the hash of the previous row
//! and its own hash over its content; `audit verify` recomputes the chain and names the first
//! row that does not match. Appends happen in the caller's transaction and serialise on the
//! single `audit_head` row, so the chain has one order even with concurrent writers.

pub mod model;
pub mod repo;
pub mod routes;
pub mod service;

pub use model::{Actor, Event, Verdict};
pub use service::{now, record, verify};
