//! Files kept with a customer's dossier: stored under `JIYUAN_DATA_DIR/attachments`, size
//! limited, type checked by content, listed and downloaded only by users who see the customer
//! in full — and, for a file of a key person or a financial statement, who may read that
//! entry's restricted content — every download audited.
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
