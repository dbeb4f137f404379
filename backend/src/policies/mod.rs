//! 管理办法参数: the measures' numbers as versioned, approved data (docs/policy-parameters.md).
pub mod approval;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
