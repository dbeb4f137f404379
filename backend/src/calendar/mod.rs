//! The company's working-day calendar: Monday–Friday work, Saturday and Sunday off, except the
//! days the administrator lists — public holidays on weekdays and make-up working days (调休) on
//! weekends. Every "N working days" deadline of the product asks [`WorkCalendar`].

pub mod import;
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;

pub use rules::WorkCalendar;
