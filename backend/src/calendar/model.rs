use chrono::NaiveDate;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::calendar_days;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// 放假: a weekday off.
    Holiday,
    /// 调休上班: a weekend day worked.
    Workday,
}

impl DayKind {
    pub fn parse(s: &str) -> DayKind {
        if s == "workday" {
            DayKind::Workday
        } else {
            DayKind::Holiday
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }
    pub fn working(self) -> bool {
        self == DayKind::Workday
    }
}

/// One exception to the weekly rule.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2025-01-28", "kind": "holiday", "name": "春节"}))]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// 春节, 国庆节, … (for make-up days, the holiday they belong to).
    #[serde(default)]
    pub name: String,
}

/// A stored exception.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar_days)]
pub struct DayRow {
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
}

impl From<DayRow> for CalendarDay {
    fn from(r: DayRow) -> CalendarDay {
        CalendarDay {
            date: r.day,
            kind: DayKind::parse(&r.kind),
            name: r.name,
        }
    }
}

/// A year of the company calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// The exceptions to Monday–Friday, in date order.
    pub days: Vec<CalendarDay>,
    /// Working days in the year with these exceptions.
    pub working_days: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"days": [
    {"date": "2025-01-26", "kind": "workday", "name": "春节调休"},
    {"date": "2025-01-28", "kind": "holiday", "name": "春节"}]}))]
pub struct CalendarYearInput {
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkingDaysQuery {
    /// The start date.
    #[param(example = "2025-01-27")]
    pub from: NaiveDate,
    /// Working days to add (0: `from` itself if it is a working day, else the next one).
    #[param(example = 3)]
    pub add: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingDays {
    pub from: NaiveDate,
    pub from_is_working_day: bool,
    /// The holiday or make-up day `from` is, if any.
    pub from_name: Option<String>,
    pub add: u32,
    /// `add` working days after `from`.
    pub date: NaiveDate,
}
