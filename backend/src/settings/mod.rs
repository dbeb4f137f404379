//! System settings kept as data (administration): the customer code pattern and the months
//! after which a dossier counts as stale.
pub mod routes;
