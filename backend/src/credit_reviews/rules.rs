//! What the policy's rules propose for one customer, and the review period of a review month:
//! pure functions, tested at each rule's boundary.

use chrono::{Datelike, NaiveDate};

use super::model::{Behaviour, Proposal, ReviewReason};
use crate::policies::model::{CreditGrade, CreditGradeTerms, ReviewRules};

/// The rules' proposal for a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub proposal: Proposal,
    pub grade: CreditGrade,
    pub limit_fen: i64,
    pub period_days: i64,
    pub reasons: Vec<ReviewReason>,
    pub utilisation_pct: Option<i64>,
    pub dso_days: Option<i64>,
}

/// The customer's current terms.
#[derive(Debug, Clone, Copy)]
pub struct Current {
    pub grade: CreditGrade,
    pub limit_fen: i64,
    pub period_days: i64,
}

/// The grade one step up (`up`) or down, if there is one.
pub fn step(grade: CreditGrade, up: bool) -> Option<CreditGrade> {
    let i = CreditGrade::ALL.iter().position(|g| *g == grade)?;
    if up {
        i.checked_sub(1).map(|j| CreditGrade::ALL[j])
    } else {
        CreditGrade::ALL.get(i + 1).copied()
    }
}

/// Whether `a` is a higher grade than `b` (AAA highest).
pub fn above(a: CreditGrade, b: CreditGrade) -> bool {
    let rank = |g: CreditGrade| CreditGrade::ALL.iter().position(|x| *x == g);
    rank(a) < rank(b)
}

/// Open receivables as a whole percentage of the limit, rounded down (none without a limit).
pub fn utilisation_pct(limit_ar_fen: i64, limit_fen: i64) -> Option<i64> {
    (limit_fen > 0).then(|| {
        let pct = i128::from(limit_ar_fen.max(0)) * 100 / i128::from(limit_fen);
        i64::try_from(pct).unwrap_or(i64::MAX)
    })
}

/// Days sales outstanding over a period of `days` (none without sales).
pub fn dso_days(open_ar_fen: i64, sales_fen: i64, days: i64) -> Option<i64> {
    (sales_fen > 0).then(|| {
        let dso = i128::from(open_ar_fen.max(0)) * i128::from(days) / i128::from(sales_fen);
        i64::try_from(dso).unwrap_or(i64::MAX)
    })
}

/// The proposal of the rules for a customer with `current` terms and behaviour `b` over a
/// period of `period_days` days. Downgrade rules win over the upgrade rule. An upgrade raises
/// the limit at most to `raise_cap_fen` (the amount the VP decides; a larger raise is a limit
/// request for the GM).
pub fn propose(
    rules: &ReviewRules,
    grades: &[CreditGradeTerms],
    current: Current,
    b: &Behaviour,
    period_days: i64,
    raise_cap_fen: i64,
) -> Proposed {
    let utilisation = utilisation_pct(b.limit_ar_fen, current.limit_fen);
    let dso = dso_days(b.open_ar_fen, b.sales_fen, period_days);
    let mut down = Vec::new();
    if b.worst_days_late >= rules.downgrade_worst_days_late {
        down.push(ReviewReason::LatePayment);
    }
    if b.late_receivables >= rules.downgrade_late_receivables {
        down.push(ReviewReason::ManyLate);
    }
    if b.broken_promises >= rules.downgrade_broken_promises {
        down.push(ReviewReason::BrokenPromises);
    }
    if rules.downgrade_on_severe_event && b.severe_events > 0 {
        down.push(ReviewReason::SevereEvent);
    }
    // Utilisation at or above the percentage, compared exactly (not the rounded figure).
    let high_use = current.limit_fen > 0
        && i128::from(b.limit_ar_fen) * 100
            >= i128::from(rules.upgrade_min_utilisation_pct) * i128::from(current.limit_fen);
    let up = down.is_empty()
        && high_use
        && b.late_receivables <= rules.upgrade_max_late_receivables
        && b.broken_promises <= rules.upgrade_max_broken_promises;
    let keep = |reasons: Vec<ReviewReason>| Proposed {
        proposal: Proposal::Keep,
        grade: current.grade,
        limit_fen: current.limit_fen,
        period_days: current.period_days,
        reasons,
        utilisation_pct: utilisation,
        dso_days: dso,
    };
    let terms = |g: CreditGrade| grades.iter().find(|t| t.grade == g);
    if !down.is_empty() {
        let Some((grade, t)) = step(current.grade, false).and_then(|g| Some((g, terms(g)?))) else {
            down.push(ReviewReason::BottomGrade);
            return keep(down);
        };
        return Proposed {
            proposal: Proposal::Downgrade,
            grade,
            limit_fen: current.limit_fen.min(t.limit_fen),
            period_days: current.period_days.min(t.credit_period_days),
            reasons: down,
            utilisation_pct: utilisation,
            dso_days: dso,
        };
    }
    if up {
        let Some((grade, t)) = step(current.grade, true).and_then(|g| Some((g, terms(g)?))) else {
            return keep(vec![
                ReviewReason::GoodPaymentHighUse,
                ReviewReason::TopGrade,
            ]);
        };
        return Proposed {
            proposal: Proposal::Upgrade,
            grade,
            limit_fen: current.limit_fen.max(t.limit_fen.min(raise_cap_fen)),
            period_days: current.period_days.max(t.credit_period_days),
            reasons: vec![ReviewReason::GoodPaymentHighUse],
            utilisation_pct: utilisation,
            dso_days: dso,
        };
    }
    keep(Vec::new())
}

/// The review period of the campaign of `year`-`month`: from the first day of the previous
/// review month to the last day of the month before this one (June's campaign: December to
/// May; December's: June to November).
pub fn period(year: i32, month: u32, review_months: &[i64]) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to = first.pred_opt()?;
    let m = i64::from(month);
    let (prev_year, prev_month) = match review_months.iter().filter(|x| **x < m).max() {
        Some(p) => (year, *p),
        None => (year - 1, *review_months.iter().max()?),
    };
    let from = NaiveDate::from_ymd_opt(prev_year, u32::try_from(prev_month).ok()?, 1)?;
    Some((from, to))
}

/// `YYYY-MM` as a year and month.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    if y.len() != 4 || m.len() != 2 || !(y.chars().chain(m.chars()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    let (y, m) = (y.parse().ok()?, m.parse().ok()?);
    NaiveDate::from_ymd_opt(y, m, 1).map(|d| (d.year(), d.month()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policies::model::PolicyDocument;

    fn policy() -> (ReviewRules, Vec<CreditGradeTerms>) {
        let doc = PolicyDocument::default();
        (doc.credit.review, doc.credit.grades)
    }

    /// The default policy's GM amount: 100 万元.
    const CAP: i64 = 100_000_000;

    const A: Current = Current {
        grade: CreditGrade::A,
        limit_fen: 100_000_000,
        period_days: 45,
    };

    fn with(f: impl FnOnce(&mut Behaviour)) -> Behaviour {
        // 80 % used, nothing late: the upgrade rule's edge.
        let mut b = Behaviour {
            sales_fen: 300_000_000,
            open_ar_fen: 80_000_000,
            limit_ar_fen: 80_000_000,
            ..Behaviour::default()
        };
        f(&mut b);
        b
    }

    #[test]
    fn upgrade_at_exactly_the_utilisation_and_not_one_fen_below() {
        let (rules, grades) = policy();
        let p = propose(&rules, &grades, A, &with(|_| {}), 183, CAP);
        assert_eq!(p.proposal, Proposal::Upgrade);
        assert_eq!(p.grade, CreditGrade::AA);
        // AA's default (300 万) is capped at the VP's 100 万; its period 60 is above 45.
        assert_eq!((p.limit_fen, p.period_days), (CAP, 60));
        let small = Current {
            limit_fen: 1_000_000,
            ..A
        };
        let b = with(|b| b.limit_ar_fen = 800_000);
        assert_eq!(
            propose(&rules, &grades, small, &b, 183, 400_000_000).limit_fen,
            300_000_000
        );
        assert_eq!(p.utilisation_pct, Some(80));
        assert_eq!(p.dso_days, Some(48));
        let p = propose(
            &rules,
            &grades,
            A,
            &with(|b| b.limit_ar_fen = 79_999_999),
            183,
            CAP,
        );
        assert_eq!((p.proposal, p.utilisation_pct), (Proposal::Keep, Some(79)));
    }

    #[test]
    fn one_late_receivable_or_broken_promise_stops_the_upgrade() {
        let (rules, grades) = policy();
        let p = propose(
            &rules,
            &grades,
            A,
            &with(|b| b.late_receivables = 1),
            183,
            CAP,
        );
        assert_eq!(p.proposal, Proposal::Keep);
        let p = propose(
            &rules,
            &grades,
            A,
            &with(|b| b.broken_promises = 1),
            183,
            CAP,
        );
        assert_eq!(p.proposal, Proposal::Keep);
    }

    #[test]
    fn downgrade_at_each_rule_boundary() {
        let (rules, grades) = policy();
        // (the behaviour, downgraded?, the reason)
        type Case = (fn(&mut Behaviour), bool, ReviewReason);
        let cases: [Case; 8] = [
            (|b| b.worst_days_late = 60, true, ReviewReason::LatePayment),
            (|b| b.worst_days_late = 59, false, ReviewReason::LatePayment),
            (|b| b.late_receivables = 3, true, ReviewReason::ManyLate),
            (|b| b.late_receivables = 2, false, ReviewReason::ManyLate),
            (
                |b| b.broken_promises = 2,
                true,
                ReviewReason::BrokenPromises,
            ),
            (
                |b| b.broken_promises = 1,
                false,
                ReviewReason::BrokenPromises,
            ),
            (|b| b.severe_events = 1, true, ReviewReason::SevereEvent),
            (|b| b.events = 5, false, ReviewReason::SevereEvent),
        ];
        for (i, (f, downgraded, reason)) in cases.into_iter().enumerate() {
            let p = propose(&rules, &grades, A, &with(f), 183, CAP);
            assert_eq!(p.proposal == Proposal::Downgrade, downgraded, "case {i}");
            assert_eq!(p.reasons.contains(&reason), downgraded, "case {i}");
            if downgraded {
                // B's default: 30 万 and 30 days, below the current terms.
                assert_eq!(p.grade, CreditGrade::B);
                assert_eq!((p.limit_fen, p.period_days), (30 * 10_000 * 100, 30));
            }
        }
    }

    #[test]
    fn the_ends_of_the_scale_keep() {
        let (rules, grades) = policy();
        let top = Current {
            grade: CreditGrade::AAA,
            ..A
        };
        let p = propose(&rules, &grades, top, &with(|_| {}), 183, CAP);
        assert_eq!(p.proposal, Proposal::Keep);
        assert!(p.reasons.contains(&ReviewReason::TopGrade));
        let bottom = Current {
            grade: CreditGrade::C,
            ..A
        };
        let p = propose(
            &rules,
            &grades,
            bottom,
            &with(|b| b.severe_events = 1),
            183,
            CAP,
        );
        assert_eq!((p.proposal, p.grade), (Proposal::Keep, CreditGrade::C));
        assert!(p.reasons.contains(&ReviewReason::BottomGrade));
    }

    #[test]
    fn no_limit_no_utilisation_no_upgrade() {
        let (rules, grades) = policy();
        let none = Current { limit_fen: 0, ..A };
        let p = propose(&rules, &grades, none, &with(|_| {}), 183, CAP);
        assert_eq!((p.proposal, p.utilisation_pct), (Proposal::Keep, None));
        assert_eq!(dso_days(100, 0, 183), None);
    }

    #[test]
    fn periods_run_from_the_previous_review_month_to_the_month_before() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(
            period(2026, 12, &[6, 12]),
            Some((d(2026, 6, 1), d(2026, 11, 30)))
        );
        assert_eq!(
            period(2026, 6, &[6, 12]),
            Some((d(2025, 12, 1), d(2026, 5, 31)))
        );
        assert_eq!(
            period(2026, 12, &[12]),
            Some((d(2025, 12, 1), d(2026, 11, 30)))
        );
        assert_eq!(parse_month("2026-12"), Some((2026, 12)));
        for bad in ["2026-13", "2026-1", "26-12", "2026/12", "２026-12", ""] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
