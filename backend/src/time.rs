//! The one clock of the server: every business date ("today") and every stored instant comes
//! from here, so a test — or a training copy of the database — can set the day it runs on and
//! no rule depends on the calendar of the machine.
//!
//! Instants are stored as UTC `TIMESTAMP` with microsecond precision (PostgreSQL's), so a value
//! read back equals the value written — the audit hash depends on it.

use std::sync::RwLock;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;

/// The company's time zone and, when set, the day the clock pretends it is.
#[derive(Clone, Copy)]
struct Clock {
    tz: Tz,
    fixed: Option<FixedDay>,
}

/// A set day: it starts at 07:00 company time when the clock is set and runs on from there, so
/// instants keep their order and the day does not change under a running test. 07:00 in
/// Shanghai is 23:00 UTC of the day before: a business date taken from a UTC instant instead of
/// `local_date` shows up as a wrong day in every test.
#[derive(Clone, Copy)]
struct FixedDay {
    start: NaiveDateTime,
    set_at: Instant,
}

static CLOCK: RwLock<Clock> = RwLock::new(Clock {
    tz: chrono_tz::Asia::Shanghai,
    fixed: None,
});

/// Set the company's time zone and, for tests and training copies, the day it is (`JIYUAN_TODAY`).
/// Called once at start (and by the test harness for each app it builds).
pub fn set_clock(tz: Tz, today: Option<NaiveDate>) {
    let fixed = today.map(|day| {
        let local = day.and_time(NaiveTime::from_hms_opt(7, 0, 0).expect("07:00 is a time"));
        let start = tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.naive_utc())
            .unwrap_or(local);
        FixedDay {
            start,
            set_at: Instant::now(),
        }
    });
    *CLOCK.write().unwrap_or_else(|e| e.into_inner()) = Clock { tz, fixed };
}

fn clock() -> Clock {
    *CLOCK.read().unwrap_or_else(|e| e.into_inner())
}

/// Now, as a UTC instant with microsecond precision.
pub fn now() -> NaiveDateTime {
    let c = clock();
    let t = match c.fixed {
        Some(f) => {
            let elapsed = chrono::Duration::from_std(f.set_at.elapsed()).unwrap_or_default();
            f.start + elapsed
        }
        None => Utc::now().naive_utc(),
    };
    t.trunc_subsecs(6)
}

/// Today in the company's time zone (business dates).
pub fn today() -> NaiveDate {
    local_date(now())
}

/// The company's day of a UTC instant (a timestamp compared with business dates).
pub fn local_date(t: NaiveDateTime) -> NaiveDate {
    clock().tz.from_utc_datetime(&t).date_naive()
}

pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// The UTC instant the company's day `d` begins (for comparing stored instants with business
/// dates: a day's events are those from its start to the next day's).
pub fn start_of_day(d: NaiveDate) -> NaiveDateTime {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    clock()
        .tz
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(midnight)
}
