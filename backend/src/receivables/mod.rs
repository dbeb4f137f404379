//! Receivables, payments (回款) with allocation, credit notes, and the AR aging register.
pub mod aging;
pub mod card;
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
