//! 信用升降级评审: the twice-yearly credit review campaign — every customer with credit, its
//! payment behaviour over the period, the policy's proposal, the business department's review
//! form and the VP's decision applied to the credit profile (DOMAIN.md §5).
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
