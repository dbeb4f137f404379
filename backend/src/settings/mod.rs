//! System settings kept as data (administration): the customer code pattern and the months
//! after which a dossier counts as stale.
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;
