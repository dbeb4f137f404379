//! 资料借阅: a user asks for temporary access to a customer outside its scope; the business
//! manager approves in the approvals inbox; the grant expires by itself (checked on every request).
pub mod approval;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
