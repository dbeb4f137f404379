//! Offices (办事处): the sales offices salesmen and directors belong to.
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
