//! Document numbers (customer codes, contract and shipping note numbers): named counters
//! advanced atomically in SQL, and the patterns (`C{YYYY}{SEQ:5}`) that format them.

use diesel::prelude::*;

use super::schema::counters;
use super::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// Advance a named counter by `n` (≥ 1) atomically (row lock / SQLite's single writer) and
/// return its new value: the caller owns `new - n + 1 ..= new`.
pub fn advance_counter(conn: &mut DbConn, name: &str, n: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(counters::table)
        .values((counters::name.eq(name), counters::value.eq(n)))
        .on_conflict(counters::name)
        .do_update()
        .set(counters::value.eq(counters::value + n))
        .returning(counters::value)
        .get_result::<i64>(c))?)
}

/// Expand a numbering pattern (customer codes, contract and shipping note numbers): `{YYYY}` year, `{YY}`, `{MM}`, `{SEQ:n}` the sequence
/// zero-padded to n digits. Anything else is literal.
pub fn expand_code(pattern: &str, year: i32, month: u32, seq: i64) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let token = &rest[start + 1..start + end];
        match token {
            "YYYY" => out.push_str(&format!("{year:04}")),
            "YY" => out.push_str(&format!("{:02}", year % 100)),
            "MM" => out.push_str(&format!("{month:02}")),
            t if t.starts_with("SEQ") => {
                let width: usize = t
                    .strip_prefix("SEQ:")
                    .and_then(|w| w.parse().ok())
                    .unwrap_or(1);
                out.push_str(&format!("{seq:0width$}"));
            }
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// A pattern is usable when it has a sequence and only known placeholders.
pub fn pattern_problem(pattern: &str) -> Option<&'static str> {
    if !pattern.contains("{SEQ") {
        return Some("must contain {SEQ:n}");
    }
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            return Some("unclosed {");
        };
        let token = &rest[start + 1..start + end];
        let ok = matches!(token, "YYYY" | "YY" | "MM" | "SEQ")
            || token
                .strip_prefix("SEQ:")
                .is_some_and(|w| w.parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)));
        if !ok {
            return Some("unknown placeholder; use {YYYY}, {YY}, {MM}, {SEQ:n}");
        }
        rest = &rest[start + end + 1..];
    }
    if pattern.chars().count() > 40 {
        return Some("at most 40 characters");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_patterns() {
        assert_eq!(expand_code("C{YYYY}{SEQ:5}", 2026, 11, 42), "C202600042");
        assert_eq!(
            expand_code("JY-{YY}{MM}-{SEQ:3}", 2026, 3, 7),
            "JY-2603-007"
        );
        assert_eq!(pattern_problem("C{YYYY}{SEQ:5}"), None);
        assert!(pattern_problem("C{YYYY}").is_some());
        assert!(pattern_problem("C{DAY}{SEQ}").is_some());
    }
}
