//! The customer information base (客户信息库): the master record, scope, search.
pub mod export;
pub mod import;
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod scope;
pub mod service;
