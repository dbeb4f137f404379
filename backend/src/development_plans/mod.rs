//! 新客户开发计划: offices nominate key prospects (name, reason, target date, owner) for a
//! period and submit the plan to the business department, which comments.
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
