use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::model::{CalendarDay, DayKind};
use crate::error::FieldError;

pub fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The calendar over a range of dates, answering without further queries.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    pub(super) exceptions: HashMap<NaiveDate, (bool, String)>,
    /// Exceptions are known for these dates; beyond, only the weekly rule applies.
    pub(super) until: Option<NaiveDate>,
}

impl WorkCalendar {
    pub fn from_days(days: &[CalendarDay]) -> WorkCalendar {
        WorkCalendar {
            exceptions: days
                .iter()
                .map(|d| (d.date, (d.kind.working(), d.name.clone())))
                .collect(),
            until: None,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some((working, _)) => *working,
            None => !weekend(d),
        }
    }

    /// The holiday's or make-up day's name, if `d` is an exception.
    pub fn name_of(&self, d: NaiveDate) -> Option<&str> {
        self.exceptions.get(&d).map(|(_, n)| n.as_str())
    }

    /// The date `n` working days after `d` (`n = 0`: `d` itself if it is a working day, else the
    /// next working day). "Within 3 working days of Friday" = `add_working_days(friday, 3)`.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        debug_assert!(self.until.is_none_or(|u| d <= u));
        let mut day = d;
        if n == 0 {
            while !self.is_working_day(day) {
                day += Duration::days(1);
            }
            return day;
        }
        let mut left = n;
        while left > 0 {
            day += Duration::days(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in `(from, to]`: how late something is, in working days.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut n = 0;
        let mut day = from;
        while day < to {
            day += Duration::days(1);
            if self.is_working_day(day) {
                n += 1;
            }
        }
        n
    }
}

pub fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year"),
        NaiveDate::from_ymd_opt(year, 12, 31).expect("valid year"),
    )
}

/// Check a year's list: dates in the year, no date twice, holidays on weekdays and make-up days
/// on weekends (anything else would change nothing and hides a typo). `field` prefixes paths.
pub fn check_year(year: i32, days: &[CalendarDay], field: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut seen = HashMap::new();
    for (i, d) in days.iter().enumerate() {
        let at = format!("{field}[{i}].date");
        if d.date.year() != year {
            errors.push(FieldError::new(
                at,
                "out_of_range",
                format!("{} is not in {year}", d.date),
            ));
        } else if let Some(first) = seen.insert(d.date, i) {
            errors.push(FieldError::new(
                at,
                "duplicate",
                format!("{} is listed twice (also item {first})", d.date),
            ));
        } else if d.kind == DayKind::Holiday && weekend(d.date) {
            errors.push(FieldError::new(
                at,
                "calendar.weekend_holiday",
                format!("{} is a weekend day: it is off already", d.date),
            ));
        } else if d.kind == DayKind::Workday && !weekend(d.date) {
            errors.push(FieldError::new(
                at,
                "calendar.weekday_workday",
                format!("{} is a weekday: it is a working day already", d.date),
            ));
        }
        if d.name.chars().count() > 50 {
            errors.push(FieldError::new(
                format!("{field}[{i}].name"),
                "too_long",
                "must be at most 50 characters",
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 2025 Spring Festival (国办发明电〔2024〕12号): 1月28日至2月4日放假调休，共8天；
    /// 1月26日（周日）、2月8日（周六）上班.
    fn spring_festival_2025() -> WorkCalendar {
        let mut days: Vec<CalendarDay> = (28..=31)
            .map(|x| format!("2025-01-{x}"))
            .chain((1..=4).map(|x| format!("2025-02-0{x}")))
            .map(|s| CalendarDay {
                date: d(&s),
                kind: DayKind::Holiday,
                name: "春节".into(),
            })
            .filter(|c| !weekend(c.date))
            .collect();
        for s in ["2025-01-26", "2025-02-08"] {
            days.push(CalendarDay {
                date: d(s),
                kind: DayKind::Workday,
                name: "春节调休".into(),
            });
        }
        assert!(check_year(2025, &days, "days").is_empty());
        WorkCalendar::from_days(&days)
    }

    #[test]
    fn spring_festival_week_with_its_make_up_days() {
        let cal = spring_festival_2025();
        // (date, is a working day)
        let table = [
            ("2025-01-24", true),  // Friday
            ("2025-01-25", false), // Saturday
            ("2025-01-26", true),  // Sunday, make-up day
            ("2025-01-27", true),  // Monday
            ("2025-01-28", false), // 除夕
            ("2025-02-01", false), // Saturday inside the holiday
            ("2025-02-04", false), // last holiday
            ("2025-02-05", true),  // back to work
            ("2025-02-08", true),  // Saturday, make-up day
            ("2025-02-09", false), // Sunday
        ];
        for (date, working) in table {
            assert_eq!(cal.is_working_day(d(date)), working, "{date}");
        }
        // (from, n, expected): N working days after D.
        let table = [
            ("2025-01-24", 1, "2025-01-26"), // Friday + 1 = the make-up Sunday
            ("2025-01-24", 2, "2025-01-27"),
            ("2025-01-27", 1, "2025-02-05"), // across the whole holiday
            ("2025-01-27", 3, "2025-02-07"),
            ("2025-02-07", 1, "2025-02-08"), // the make-up Saturday counts
            ("2025-02-07", 2, "2025-02-10"),
            ("2025-01-30", 0, "2025-02-05"), // 0 from a holiday: the next working day
            ("2025-01-27", 0, "2025-01-27"),
        ];
        for (from, n, want) in table {
            assert_eq!(cal.add_working_days(d(from), n), d(want), "{from} + {n}");
        }
        assert_eq!(
            cal.working_days_between(d("2025-01-24"), d("2025-02-10")),
            7,
            "26, 27 Jan; 5, 6, 7, 8, 10 Feb"
        );
    }

    #[test]
    fn plain_weeks_without_exceptions() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_days(d("2026-11-27"), 1), d("2026-11-30"));
        assert_eq!(cal.add_working_days(d("2026-11-28"), 0), d("2026-11-30"));
        assert_eq!(cal.add_working_days(d("2026-11-23"), 10), d("2026-12-07"));
    }

    #[test]
    fn a_year_list_that_would_change_nothing_is_refused() {
        let day = |s: &str, kind| CalendarDay {
            date: d(s),
            kind,
            name: String::new(),
        };
        let errors = check_year(
            2025,
            &[
                day("2025-02-01", DayKind::Holiday),
                day("2025-02-05", DayKind::Workday),
                day("2026-01-01", DayKind::Holiday),
                day("2025-01-28", DayKind::Holiday),
                day("2025-01-28", DayKind::Holiday),
            ],
            "days",
        );
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("days[0].date", "calendar.weekend_holiday"),
                ("days[1].date", "calendar.weekday_workday"),
                ("days[2].date", "out_of_range"),
                ("days[4].date", "duplicate"),
            ]
        );
    }
}
