//! 管理办法参数: the measures' numbers as versioned, approved data (DOMAIN.md §2).
pub mod approval;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
