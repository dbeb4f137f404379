//! Raw SQL on both backends, in one place: a statement written once with PostgreSQL's `$n`
//! placeholders and bound values (`RawQuery`), and the few expressions the two dialects spell
//! differently (`DbKind::days_between`, …). Domains write set-based reports and bulk updates in
//! SQL text through these and never match on the connection themselves.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::pg::Pg;
use diesel::query_builder::BoxedSqlQuery;
use diesel::query_dsl::RunQueryDsl;
use diesel::sql_types::{BigInt, Bool, Date, Nullable, Text, Timestamp};
use diesel::sqlite::Sqlite;
use diesel::QueryResult;
use diesel::QueryableByName;

use super::{DbConn, DbKind};

/// A value bound to a raw statement.
#[derive(Debug, Clone)]
pub enum Bind {
    BigInt(i64),
    Text(String),
    OptText(Option<String>),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    OptTimestamp(Option<NaiveDateTime>),
    Bool(bool),
}

impl From<i64> for Bind {
    fn from(v: i64) -> Bind {
        Bind::BigInt(v)
    }
}
impl From<&str> for Bind {
    fn from(v: &str) -> Bind {
        Bind::Text(v.to_string())
    }
}
impl From<String> for Bind {
    fn from(v: String) -> Bind {
        Bind::Text(v)
    }
}
impl From<Option<String>> for Bind {
    fn from(v: Option<String>) -> Bind {
        Bind::OptText(v)
    }
}
impl From<NaiveDate> for Bind {
    fn from(v: NaiveDate) -> Bind {
        Bind::Date(v)
    }
}
impl From<NaiveDateTime> for Bind {
    fn from(v: NaiveDateTime) -> Bind {
        Bind::Timestamp(v)
    }
}
impl From<Option<NaiveDateTime>> for Bind {
    fn from(v: Option<NaiveDateTime>) -> Bind {
        Bind::OptTimestamp(v)
    }
}
impl From<bool> for Bind {
    fn from(v: bool) -> Bind {
        Bind::Bool(v)
    }
}

/// One raw statement with its bound values, run on whichever backend the connection is.
/// Placeholders are PostgreSQL's `$1`, `$2`, … (SQLite reads them as `?1`, `?2`), so no other
/// `$` may appear in the text.
#[derive(Debug, Clone)]
pub struct RawQuery {
    sql: String,
    binds: Vec<Bind>,
}

macro_rules! boxed {
    ($sql:expr, $binds:expr, $db:ty) => {{
        let mut q: BoxedSqlQuery<'static, $db, diesel::query_builder::SqlQuery> =
            diesel::sql_query($sql).into_boxed::<$db>();
        for b in $binds {
            q = match b.clone() {
                Bind::BigInt(v) => q.bind::<BigInt, _>(v),
                Bind::Text(v) => q.bind::<Text, _>(v),
                Bind::OptText(v) => q.bind::<Nullable<Text>, _>(v),
                Bind::Date(v) => q.bind::<Date, _>(v),
                Bind::Timestamp(v) => q.bind::<Timestamp, _>(v),
                Bind::OptTimestamp(v) => q.bind::<Nullable<Timestamp>, _>(v),
                Bind::Bool(v) => q.bind::<Bool, _>(v),
            };
        }
        q
    }};
}

impl RawQuery {
    pub fn new(sql: impl Into<String>) -> RawQuery {
        RawQuery {
            sql: sql.into(),
            binds: Vec::new(),
        }
    }

    pub fn bind(mut self, value: impl Into<Bind>) -> RawQuery {
        self.binds.push(value.into());
        self
    }

    pub fn bind_all<V: Into<Bind>>(mut self, values: impl IntoIterator<Item = V>) -> RawQuery {
        self.binds.extend(values.into_iter().map(Into::into));
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    /// The rows, read into a `QueryableByName` struct.
    pub fn load<T>(&self, conn: &mut DbConn) -> QueryResult<Vec<T>>
    where
        T: QueryableByName<Pg> + QueryableByName<Sqlite> + 'static,
    {
        match conn {
            DbConn::Pg(c) => boxed!(self.sql.clone(), &self.binds, Pg).load::<T>(&mut **c),
            DbConn::Sqlite(c) => {
                boxed!(sqlite_placeholders(&self.sql), &self.binds, Sqlite).load::<T>(&mut **c)
            }
        }
    }

    /// How many rows the statement changed.
    pub fn execute(&self, conn: &mut DbConn) -> QueryResult<usize> {
        match conn {
            DbConn::Pg(c) => boxed!(self.sql.clone(), &self.binds, Pg).execute(&mut **c),
            DbConn::Sqlite(c) => {
                boxed!(sqlite_placeholders(&self.sql), &self.binds, Sqlite).execute(&mut **c)
            }
        }
    }
}

/// SQL written with PostgreSQL's `$n` placeholders, as SQLite writes them (`?n`).
pub fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

/// The expressions the two dialects spell differently. Dates are ISO text on SQLite and `DATE`
/// on PostgreSQL; every argument is SQL text the caller built from numbers, column names,
/// placeholders or chrono dates — never from request text.
impl DbKind {
    /// A date constant (`DATE '2026-12-02'` / `'2026-12-02'`).
    pub fn date_literal(self, d: NaiveDate) -> String {
        match self {
            DbKind::Postgres => format!("DATE '{d}'"),
            DbKind::Sqlite => format!("'{d}'"),
        }
    }

    /// A bound date parameter used in arithmetic (`$1::date` / `$1`).
    pub fn date_param(self, n: usize) -> String {
        match self {
            DbKind::Postgres => format!("${n}::date"),
            DbKind::Sqlite => format!("${n}"),
        }
    }

    /// `date` moved by a whole number of days.
    pub fn add_days(self, date: &str, days: i64) -> String {
        match self {
            DbKind::Postgres => format!("({date} + {days})"),
            DbKind::Sqlite => format!("date({date}, '{days:+} days')"),
        }
    }

    /// Whole days from `earlier` to `later`, as a 64-bit integer.
    pub fn days_between(self, later: &str, earlier: &str) -> String {
        match self {
            DbKind::Postgres => format!("CAST({later} - {earlier} AS BIGINT)"),
            DbKind::Sqlite => {
                format!("CAST(julianday({later}) - julianday({earlier}) AS INTEGER)")
            }
        }
    }

    /// The later of two dates, a NULL one not counting (PostgreSQL's `GREATEST`; SQLite's
    /// two-argument `max` would answer NULL).
    pub fn greatest(self, a: &str, b: &str) -> String {
        match self {
            DbKind::Postgres => format!("GREATEST({a}, {b})"),
            DbKind::Sqlite => format!("max(COALESCE({a}, {b}), COALESCE({b}, {a}))"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialects_spell_dates_their_own_way() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(DbKind::Postgres.date_literal(d), "DATE '2026-12-02'");
        assert_eq!(DbKind::Sqlite.date_literal(d), "'2026-12-02'");
        assert_eq!(
            DbKind::Sqlite.add_days("r.due_date", 30),
            "date(r.due_date, '+30 days')"
        );
        assert_eq!(
            DbKind::Sqlite.add_days("r.due_date", -1),
            "date(r.due_date, '-1 days')"
        );
        assert_eq!(
            DbKind::Postgres.add_days("r.due_date", 30),
            "(r.due_date + 30)"
        );
        assert_eq!(
            sqlite_placeholders("a = $1 AND b = $2"),
            "a = ?1 AND b = ?2"
        );
    }
}
