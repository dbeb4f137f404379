//! The data-scope rule (docs/roles.md, "scope"): which customers a user reaches, written once and
//! read three ways — a check on one customer (`Reach::contains`), a SQL condition on customers
//! aliased `c` for reports written in SQL (`Reach::sql`), and a diesel filter on a boxed
//! `customers` query (`customer_scope_filter!`). Customers lent to the user (资料借阅 grants)
//! are reached besides.

use crate::auth::policy::Scope;

/// The customers a scope reaches, before loans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every customer.
    All,
    /// The customers of one office.
    Office(i64),
    /// The customers one salesman owns.
    Owner(i64),
    /// Only those lent to the user (an office scope without an office).
    Lent,
    /// None at all, loans included.
    Nothing,
}

impl Reach {
    /// What a scope reaches in full; `listed` counts a limited scope as reaching every customer
    /// (it finds them in lists and sees their limited view).
    pub fn of(scope: Scope, user_id: i64, office_id: Option<i64>, listed: bool) -> Reach {
        match scope {
            Scope::All => Reach::All,
            Scope::Limited if listed => Reach::All,
            Scope::Office => office_id.map_or(Reach::Lent, Reach::Office),
            Scope::Own => Reach::Owner(user_id),
            Scope::Limited | Scope::None => Reach::Nothing,
        }
    }

    /// Is a customer of this office and owner reached (`lent`: the user holds a loan of it)?
    pub fn contains(self, office_id: Option<i64>, owner_user_id: Option<i64>, lent: bool) -> bool {
        match self {
            Reach::All => true,
            Reach::Office(o) => office_id == Some(o) || lent,
            Reach::Owner(u) => owner_user_id == Some(u) || lent,
            Reach::Lent => lent,
            Reach::Nothing => false,
        }
    }

    /// The rule as a SQL condition on customers aliased `c`. Numbers only, formatted here; with
    /// no loans the condition is the plain column test, which an index can serve.
    pub fn sql(self, lent: &[i64]) -> String {
        let ids = lent
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let or_lent = |own: String| {
            if lent.is_empty() {
                own
            } else {
                format!("({own} OR c.id IN ({ids}))")
            }
        };
        match self {
            Reach::All => "1 = 1".to_string(),
            Reach::Office(o) => or_lent(format!("c.office_id = {o}")),
            Reach::Owner(u) => or_lent(format!("c.owner_user_id = {u}")),
            Reach::Lent if lent.is_empty() => "1 = 0".to_string(),
            Reach::Lent => format!("c.id IN ({ids})"),
            Reach::Nothing => "1 = 0".to_string(),
        }
    }
}

/// Filter a boxed query joined to `customers` to what a viewer finds in lists (used inside
/// `db_run!`; `$viewer` has a `reach()`); `$lent` are the ids of customers lent to the user.
#[macro_export]
macro_rules! customer_scope_filter {
    ($query:expr, $viewer:expr, $lent:expr) => {{
        use $crate::db::schema::customers as c;
        use $crate::db::scope::Reach;
        let lent: Vec<i64> = $lent;
        match $viewer.reach() {
            Reach::All => $query,
            Reach::Office(o) if lent.is_empty() => $query.filter(c::office_id.eq(o)),
            Reach::Office(o) => $query.filter(c::office_id.eq(o).or(c::id.eq_any(lent))),
            Reach::Owner(u) if lent.is_empty() => $query.filter(c::owner_user_id.eq(u)),
            Reach::Owner(u) => $query.filter(c::owner_user_id.eq(u).or(c::id.eq_any(lent))),
            Reach::Lent => $query.filter(c::id.eq_any(lent)),
            Reach::Nothing => $query.filter(c::id.eq(-1i64)),
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check and the SQL condition say the same of every scope.
    #[test]
    fn the_check_and_the_condition_agree() {
        let cases = [
            (Scope::All, false, "1 = 1"),
            (Scope::Office, false, "(c.office_id = 7 OR c.id IN (5,6))"),
            (Scope::Own, false, "(c.owner_user_id = 3 OR c.id IN (5,6))"),
            (Scope::Limited, true, "1 = 1"),
            (Scope::Limited, false, "1 = 0"),
            (Scope::None, false, "1 = 0"),
        ];
        for (scope, listed, sql) in cases {
            let reach = Reach::of(scope, 3, Some(7), listed);
            assert_eq!(reach.sql(&[5, 6]), sql, "{scope:?}");
        }
        assert_eq!(Reach::Office(7).sql(&[]), "c.office_id = 7");
        assert_eq!(
            Reach::of(Scope::Office, 3, None, false).sql(&[5]),
            "c.id IN (5)"
        );
        assert_eq!(Reach::of(Scope::Office, 3, None, false).sql(&[]), "1 = 0");
        assert!(Reach::Office(7).contains(Some(7), None, false));
        assert!(!Reach::Office(7).contains(Some(8), Some(3), false));
        assert!(Reach::Office(7).contains(Some(8), None, true));
        assert!(Reach::Owner(3).contains(None, Some(3), false));
        assert!(!Reach::Nothing.contains(Some(7), Some(3), true));
    }
}
