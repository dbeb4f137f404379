//! Instants are stored as UTC `TIMESTAMP` with microsecond precision (PostgreSQL's), so a value
//! read back equals the value written — the audit hash depends on it.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().trunc_subsecs(6)
}

pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}
