//! Products and their list prices with effective dates (price history). A contract line takes
//! the list price in force on the signing date, so later price changes never alter signed
//! contracts' premiums.

pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
