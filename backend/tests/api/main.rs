//! Integration tests through HTTP, each on SQLite and on PostgreSQL (`name::sqlite`,
//! `name::postgres`).

mod common;

mod admin;
mod approvals;
mod audit;
mod auth;
mod borrowing;
mod calendar;
mod cli;
mod collection;
mod credit;
mod credit_reviews;
mod customer_decisions;
mod customers;
mod deploy;
mod development_plans;
mod dossier;
mod errors;
mod hostile;
mod import;
mod ledger;
mod mail;
mod matrix;
mod openapi;
mod policies;
mod ratings;
mod statements;
