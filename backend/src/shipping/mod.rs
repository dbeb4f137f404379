//! 发货单: the warehouse issues shipping notes against a signed contract's lines (never more than
//! ordered: a CHECK on the line and a conditional update), the shipper confirms them, and the
//! confirmation creates the receivable due `ship date + credit period`. The warehouse's queue is
//! ordered by the customer's shipping priority (its tier in the policy in force), then date.

pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
