//! API tokens for integration scripts. Each token belongs to its own service account, which
//! carries the role (and office) chosen at creation, so scopes and audit work as for people.
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
