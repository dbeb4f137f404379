//! 回访: the visits each tier calls for, planned on working days and recorded as interactions.

pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
