//! The customer dossier (README design notes): profile sections and entries, each with author, date
//! and history; personal details of key people and financial statements are restricted, and
//! every read of them is audited.
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
