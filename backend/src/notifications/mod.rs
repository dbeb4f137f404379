//! In-app notifications: created by approvals (requested, decided) and every later area.
pub mod mailer;
pub mod model;
pub mod repo;
pub mod routes;
pub mod service;

pub use model::{Notification, NotificationRow};
pub use service::{holders_of, notify};
