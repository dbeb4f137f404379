//! 催收与核销: follow-up tasks and promises to pay within the normal collection period, the
//! planning department's collection cases beyond it, and bad-debt write-offs (DOMAIN.md §5).
pub mod approval;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
