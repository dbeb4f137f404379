//! 对账单 by e-mail: each customer's statement address (kept by finance), statements mailed on
//! request with the .xlsx attached, and the monthly run to every customer with an open balance.
//! The statement itself is drawn by `receivables::statement`.

pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
