//! 信用培训 (DOMAIN.md §5): credit-risk training sessions (date, topic, trainer, materials,
//! attendees), each user's training history, and who is due for training under the policy.

pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
