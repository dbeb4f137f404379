//! 客户分类与评分: strategic influence, rating runs (background job, review, VP approval),
//! the explainable scoring engine, and each customer's tier, treatment and rating history.

pub mod approval;
pub mod engine;
pub mod export;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
