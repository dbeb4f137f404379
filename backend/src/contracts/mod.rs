//! 合同: contracts with lines and premiums, contract review, status by explicit actions.
pub mod approval;
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
