//! Credit control (信用管理, DOMAIN.md §5): credit profiles and limits with approval, exposure,
//! the credit check of contracts and shipping notes, instruments, investigations, events and
//! holds.

pub mod approval;
pub mod check;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
