//! 管理办法参数: the measures' numbers as versioned, approved data (DOMAIN.md §2).
pub mod model;
pub mod routes;
pub mod service;
