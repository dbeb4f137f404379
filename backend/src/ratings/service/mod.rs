//! Rating runs: created as a background job that computes slice by slice (progress, cancel,
//! resumed by any instance after a crash through a lease), reviewed as a draft (overrides with a
//! reason), submitted to the VP through the approvals inbox, and on approval applied to every
//! customer in one statement — or sent back to draft. Strategic influence assessments and each
//! customer's rating history and treatment live here too.
//!
//! By concern: `runs` (create, compute, resume, submit, cancel), `results` (list, override,
//! by office, export), `assessments` (strategic influence), `history` (a customer's tier and
//! approved ratings), `decisions` (the approval's callbacks).

mod assessments;
mod decisions;
mod history;
mod results;
mod runs;

pub use assessments::{assess, assessments};
pub use decisions::{on_cancel, on_decision};
pub use history::customer_rating;
pub use results::{by_office, export_results, list_results, override_result};
pub use runs::{
    cancel, claim_stalled, compute_slice, create_run, drive, fail, get_run, list_runs,
    spawn_resumer, submit, SLICE,
};
