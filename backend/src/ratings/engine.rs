//! The measures' scoring rules (docs/policy-parameters.md) as pure functions of a customer's indicator
//! inputs and the policy: levels, points, total, grade, eligibility, category suggestion, and
//! the explanation a manager reads. The SQL gathers the inputs; everything decided is here, so
//! every boundary is a unit test.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::customers::model::{Category, Grade};
use crate::policies::model::RatingPolicy;

/// 战略影响 (strategic influence), assessed by a business manager or above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Influence {
    /// 行业领先
    IndustryLeader,
    /// 关键地位
    Key,
    /// 一般
    Ordinary,
    /// 偶发
    Sporadic,
}

impl Influence {
    pub const ALL: [Influence; 4] = [
        Influence::IndustryLeader,
        Influence::Key,
        Influence::Ordinary,
        Influence::Sporadic,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Influence::IndustryLeader => "industry_leader",
            Influence::Key => "key",
            Influence::Ordinary => "ordinary",
            Influence::Sporadic => "sporadic",
        }
    }
    pub fn parse(s: &str) -> Option<Influence> {
        Influence::ALL.into_iter().find(|i| i.as_str() == s)
    }
    /// Level 1–4 in the order of the measures.
    pub fn level(self) -> i64 {
        match self {
            Influence::IndustryLeader => 1,
            Influence::Key => 2,
            Influence::Ordinary => 3,
            Influence::Sporadic => 4,
        }
    }
    fn zh(self) -> &'static str {
        match self {
            Influence::IndustryLeader => "行业领先",
            Influence::Key => "关键地位",
            Influence::Ordinary => "一般",
            Influence::Sporadic => "偶发",
        }
    }
    fn en(self) -> &'static str {
        match self {
            Influence::IndustryLeader => "industry leader",
            Influence::Key => "key position",
            Influence::Ordinary => "ordinary",
            Influence::Sporadic => "sporadic",
        }
    }
}

/// What the ledger says about one customer for one rating date and window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Earliest of the recorded first-deal date and the first signed contract.
    pub first_deal: Option<NaiveDate>,
    /// Signed contracts in the window: contract amount and the same lines at list prices.
    pub contract_amount_fen: i64,
    pub list_amount_fen: i64,
    /// Receivables overdue more than the grace days at some point in the window.
    pub late_receivables: i64,
    /// Receivables open at the rating date.
    pub open_receivables_fen: i64,
    /// The latest assessment on or before the rating date, and its date.
    pub influence: Option<(Influence, NaiveDate)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    /// Graded by its points.
    Rated,
    /// First deal less than the new-customer months before the rating date: C whatever the score.
    NewCustomer,
    /// No deal yet, or fewer months of business than the minimum: not rated.
    NotRated,
}

impl Eligibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Eligibility::Rated => "rated",
            Eligibility::NewCustomer => "new_customer",
            Eligibility::NotRated => "not_rated",
        }
    }
    pub fn parse(s: &str) -> Eligibility {
        match s {
            "rated" => Eligibility::Rated,
            "new_customer" => Eligibility::NewCustomer,
            _ => Eligibility::NotRated,
        }
    }
}

/// The scoring of one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// Levels 1–4 of: contract amount & payment, receivables, premium, influence.
    pub levels: [i64; 4],
    pub total_points: i64,
    pub eligibility: Eligibility,
    /// None when not rated.
    pub grade: Option<Grade>,
    pub suggested_category: Category,
}

/// The first day of the window ending on the rating date: the day after `rating_date − window`,
/// and whole calendar months when the rating date ends a month (12 months to 2026-12-31 start
/// 2026-01-01; 6 months to 2026-06-30 start 2026-01-01, not 2025-12-31).
pub fn window_start(rating_date: NaiveDate, window_months: i64) -> NaiveDate {
    let months = Months::new(window_months.max(0) as u32);
    let month_end = rating_date.succ_opt().is_some_and(|d| d.day() == 1);
    if month_end {
        let first = rating_date.with_day(1).unwrap_or(rating_date);
        return (first + Months::new(1))
            .checked_sub_months(months)
            .unwrap_or(rating_date);
    }
    rating_date
        .checked_sub_months(months)
        .unwrap_or(rating_date)
        .succ_opt()
        .unwrap_or(rating_date)
}

fn months_before(d: NaiveDate, months: i64) -> NaiveDate {
    d.checked_sub_months(Months::new(months.max(0) as u32))
        .unwrap_or(d)
}

pub fn amount_level(p: &RatingPolicy, i: &Inputs) -> i64 {
    if i.late_receivables > 0 {
        return 4;
    }
    p.contract_amount_min_fen
        .iter()
        .position(|min| i.contract_amount_fen >= *min)
        .map(|k| k as i64 + 1)
        .unwrap_or(4)
}

pub fn receivables_level(p: &RatingPolicy, i: &Inputs) -> i64 {
    p.receivables_max_fen
        .iter()
        .position(|max| i.open_receivables_fen <= *max)
        .map(|k| k as i64 + 1)
        .unwrap_or(4)
}

/// premium > threshold, compared exactly: (amount − list) × 10000 > threshold_bp × list.
pub fn premium_level(p: &RatingPolicy, i: &Inputs) -> i64 {
    if i.list_amount_fen <= 0 {
        return 4;
    }
    let over = (i.contract_amount_fen as i128 - i.list_amount_fen as i128) * 10_000;
    p.premium_above_bp
        .iter()
        .position(|bp| over > *bp as i128 * i.list_amount_fen as i128)
        .map(|k| k as i64 + 1)
        .unwrap_or(4)
}

/// The amount-weighted premium in basis points, as contracts show it, when there was one.
pub fn premium_bp(i: &Inputs) -> Option<i64> {
    crate::contracts::model::premium_bp(i.contract_amount_fen, i.list_amount_fen)
}

pub fn influence_level(i: &Inputs) -> i64 {
    i.influence.map(|(x, _)| x.level()).unwrap_or(4)
}

pub fn points(p: &RatingPolicy, level: i64) -> i64 {
    p.level_points[(level.clamp(1, 4) - 1) as usize]
}

pub fn grade_of(p: &RatingPolicy, total: i64) -> Grade {
    if total >= p.grade_a_min_points {
        Grade::A
    } else if total >= p.grade_b_min_points {
        Grade::B
    } else {
        Grade::C
    }
}

pub fn eligibility(
    p: &RatingPolicy,
    rating_date: NaiveDate,
    first_deal: Option<NaiveDate>,
) -> Eligibility {
    match first_deal {
        None => Eligibility::NotRated,
        Some(d) if d > months_before(rating_date, p.min_business_months) => Eligibility::NotRated,
        Some(d) if d > months_before(rating_date, p.new_customer_months) => {
            Eligibility::NewCustomer
        }
        Some(_) => Eligibility::Rated,
    }
}

pub fn suggested_category(p: &RatingPolicy, i: &Inputs) -> Category {
    if i.contract_amount_fen >= p.big_customer_suggest_fen {
        Category::Big
    } else {
        Category::General
    }
}

pub fn score(p: &RatingPolicy, rating_date: NaiveDate, i: &Inputs) -> Scored {
    let levels = [
        amount_level(p, i),
        receivables_level(p, i),
        premium_level(p, i),
        influence_level(i),
    ];
    let total_points = levels.iter().map(|l| points(p, *l)).sum();
    let eligibility = eligibility(p, rating_date, i.first_deal);
    let grade = match eligibility {
        Eligibility::Rated => Some(grade_of(p, total_points)),
        Eligibility::NewCustomer => Some(Grade::C),
        Eligibility::NotRated => None,
    };
    Scored {
        levels,
        total_points,
        eligibility,
        grade,
        suggested_category: suggested_category(p, i),
    }
}

/// `312500000` fen → "312.5" (万元, exact to the fen, trailing zeros dropped — so an amount a
/// fen over a threshold never reads as equal to it).
pub fn wan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let f = fen.unsigned_abs();
    let whole = f / 1_000_000;
    let rest = f % 1_000_000;
    let mut s = format!("{sign}{whole}.{rest:06}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    s
}

/// Basis points as a percentage: 1000 → "10%".
fn pct(bp: i64) -> String {
    pct_micro(bp as i128 * 100)
}

/// Millionths as a percentage with up to 4 decimals: 77586 → "7.7586%".
fn pct_micro(micro: i128) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    let m = micro.unsigned_abs();
    let mut s = format!("{sign}{}.{:04}", m / 10_000, m % 10_000);
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    format!("{s}%")
}

/// The explanation of every step, in Chinese and in English (same lines, same order).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Explanation {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

pub fn explain(
    p: &RatingPolicy,
    rating_date: NaiveDate,
    window_months: i64,
    i: &Inputs,
    s: &Scored,
) -> Explanation {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    let pts = |l: i64| points(p, l);
    // 1. contract amount and payment
    let l = s.levels[0];
    let amount = wan(i.contract_amount_fen);
    if i.late_receivables > 0 {
        zh.push(format!(
            "协议金额 {amount} 万元，但{window_months}个月内有 {} 笔应收账款逾期超过 {} 天 → 第4档 {}分",
            i.late_receivables, p.overdue_grace_days, pts(4)
        ));
        en.push(format!(
            "Contract amount {amount} wan yuan, but {} receivable(s) overdue more than {} days in the {window_months}-month window → level 4, {} points",
            i.late_receivables, p.overdue_grace_days, pts(4)
        ));
    } else if l < 4 {
        let min = wan(p.contract_amount_min_fen[(l - 1) as usize]);
        zh.push(format!(
            "协议金额 {amount} 万元 ≥ {min} 万元且及时回款 → 第{l}档 {}分",
            pts(l)
        ));
        en.push(format!(
            "Contract amount {amount} wan yuan ≥ {min} wan with timely payment → level {l}, {} points",
            pts(l)
        ));
    } else {
        let min = wan(p.contract_amount_min_fen[2]);
        zh.push(format!(
            "协议金额 {amount} 万元 < {min} 万元 → 第4档 {}分",
            pts(4)
        ));
        en.push(format!(
            "Contract amount {amount} wan yuan < {min} wan → level 4, {} points",
            pts(4)
        ));
    }
    // 2. receivables open at the rating date
    let l = s.levels[1];
    let open = wan(i.open_receivables_fen);
    if l < 4 {
        let max = wan(p.receivables_max_fen[(l - 1) as usize]);
        zh.push(format!(
            "评级日应收账款 {open} 万元 ≤ {max} 万元 → 第{l}档 {}分",
            pts(l)
        ));
        en.push(format!(
            "Receivables open on {rating_date}: {open} wan yuan ≤ {max} wan → level {l}, {} points",
            pts(l)
        ));
    } else {
        let max = wan(p.receivables_max_fen[2]);
        zh.push(format!(
            "评级日应收账款 {open} 万元 > {max} 万元 → 第4档 {}分",
            pts(4)
        ));
        en.push(format!(
            "Receivables open on {rating_date}: {open} wan yuan > {max} wan → level 4, {} points",
            pts(4)
        ));
    }
    // 3. premium
    let l = s.levels[2];
    // Shown to a millionth, so a premium just over a threshold never reads as equal to it.
    let premium = (i.list_amount_fen > 0).then(|| {
        (i.contract_amount_fen as i128 - i.list_amount_fen as i128) * 1_000_000
            / i.list_amount_fen as i128
    });
    match premium {
        None => {
            zh.push(format!(
                "{window_months}个月内无合同，无溢价 → 第4档 {}分",
                pts(4)
            ));
            en.push(format!(
                "No contract in the {window_months}-month window, no premium → level 4, {} points",
                pts(4)
            ));
        }
        Some(bp) if l < 4 => {
            let above = pct(p.premium_above_bp[(l - 1) as usize]);
            zh.push(format!(
                "协议溢价 {} > {above} → 第{l}档 {}分",
                pct_micro(bp),
                pts(l)
            ));
            en.push(format!(
                "Amount-weighted premium {} > {above} → level {l}, {} points",
                pct_micro(bp),
                pts(l)
            ));
        }
        Some(bp) => {
            let above = pct(p.premium_above_bp[2]);
            zh.push(format!(
                "协议溢价 {} ≤ {above} → 第4档 {}分",
                pct_micro(bp),
                pts(4)
            ));
            en.push(format!(
                "Amount-weighted premium {} ≤ {above} → level 4, {} points",
                pct_micro(bp),
                pts(4)
            ));
        }
    }
    // 4. influence
    let l = s.levels[3];
    match i.influence {
        Some((x, on)) => {
            zh.push(format!(
                "战略影响：{}（{on} 评估）→ 第{l}档 {}分",
                x.zh(),
                pts(l)
            ));
            en.push(format!(
                "Strategic influence: {} (assessed {on}) → level {l}, {} points",
                x.en(),
                pts(l)
            ));
        }
        None => {
            zh.push(format!("战略影响：尚未评估，按偶发计 → 第4档 {}分", pts(4)));
            en.push(format!(
                "Strategic influence: not assessed, counted as sporadic → level 4, {} points",
                pts(4)
            ));
        }
    }
    // total and grade
    let total = s.total_points;
    match (s.eligibility, i.first_deal) {
        (Eligibility::NotRated, None) => {
            zh.push(format!("合计 {total} 分；尚无成交 → 不评级"));
            en.push(format!("Total {total} points; no deal yet → not rated"));
        }
        (Eligibility::NotRated, Some(d)) => {
            zh.push(format!(
                "合计 {total} 分；首次成交 {d}，正常业务不足 {} 个月 → 不评级",
                p.min_business_months
            ));
            en.push(format!(
                "Total {total} points; first deal {d}, under {} months of business → not rated",
                p.min_business_months
            ));
        }
        (Eligibility::NewCustomer, d) => {
            let d = d.map(|d| d.to_string()).unwrap_or_default();
            zh.push(format!(
                "合计 {total} 分；首次成交 {d} 距评级日不足 {} 个月 → 新客户，评为 C",
                p.new_customer_months
            ));
            en.push(format!(
                "Total {total} points; first deal {d} less than {} months before the rating date → new customer, grade C",
                p.new_customer_months
            ));
        }
        (Eligibility::Rated, _) => match s.grade {
            Some(Grade::A) => {
                zh.push(format!(
                    "合计 {total} 分 ≥ {} → A（重要客户）",
                    p.grade_a_min_points
                ));
                en.push(format!(
                    "Total {total} points ≥ {} → grade A (important)",
                    p.grade_a_min_points
                ));
            }
            Some(Grade::B) => {
                zh.push(format!(
                    "合计 {total} 分 ≥ {} 且 < {} → B（较重要客户）",
                    p.grade_b_min_points, p.grade_a_min_points
                ));
                en.push(format!(
                    "Total {total} points ≥ {} and < {} → grade B (fairly important)",
                    p.grade_b_min_points, p.grade_a_min_points
                ));
            }
            _ => {
                zh.push(format!(
                    "合计 {total} 分 < {} → C（一般性客户）",
                    p.grade_b_min_points
                ));
                en.push(format!(
                    "Total {total} points < {} → grade C (ordinary)",
                    p.grade_b_min_points
                ));
            }
        },
    }
    if s.suggested_category == Category::Big {
        let min = wan(p.big_customer_suggest_fen);
        zh.push(format!(
            "协议金额 {amount} 万元 ≥ {min} 万元 → 建议列为大客户"
        ));
        en.push(format!(
            "Contract amount {amount} wan yuan ≥ {min} wan → suggested category: big customer"
        ));
    }
    Explanation { zh, en }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policies::model::PolicyDocument;

    const WAN: i64 = 1_000_000;

    fn p() -> RatingPolicy {
        PolicyDocument::default().rating
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn contract_amount_levels_at_every_threshold() {
        for (amount, level) in [
            (500 * WAN, 1),
            (500 * WAN - 1, 2),
            (500 * WAN + 1, 1),
            (200 * WAN, 2),
            (200 * WAN - 1, 3),
            (200 * WAN + 1, 2),
            (50 * WAN, 3),
            (50 * WAN - 1, 4),
            (50 * WAN + 1, 3),
            (0, 4),
        ] {
            let i = Inputs {
                contract_amount_fen: amount,
                ..Default::default()
            };
            assert_eq!(amount_level(&p(), &i), level, "amount {amount}");
        }
    }

    #[test]
    fn a_late_receivable_drops_the_amount_to_level_4() {
        let i = Inputs {
            contract_amount_fen: 900 * WAN,
            late_receivables: 1,
            ..Default::default()
        };
        assert_eq!(amount_level(&p(), &i), 4);
    }

    #[test]
    fn receivables_levels_at_every_threshold() {
        for (open, level) in [
            (0, 1),
            (10 * WAN, 1),
            (10 * WAN + 1, 2),
            (10 * WAN - 1, 1),
            (50 * WAN, 2),
            (50 * WAN + 1, 3),
            (100 * WAN, 3),
            (100 * WAN - 1, 3),
            (100 * WAN + 1, 4),
        ] {
            let i = Inputs {
                open_receivables_fen: open,
                ..Default::default()
            };
            assert_eq!(receivables_level(&p(), &i), level, "open {open}");
        }
    }

    #[test]
    fn premium_levels_at_every_threshold_exactly() {
        // list 1,000,000 fen: 10 % above is 1,100,000 exactly (not > 10 % → level 2).
        let list = 1_000_000;
        for (amount, level) in [
            (1_100_001, 1),
            (1_100_000, 2),
            (1_099_999, 2),
            (1_050_001, 2),
            (1_050_000, 3),
            (1_000_001, 3),
            (1_000_000, 4),
            (999_999, 4),
        ] {
            let i = Inputs {
                contract_amount_fen: amount,
                list_amount_fen: list,
                ..Default::default()
            };
            assert_eq!(premium_level(&p(), &i), level, "amount {amount}");
        }
        assert_eq!(premium_level(&p(), &Inputs::default()), 4, "no contract");
    }

    #[test]
    fn influence_levels_and_points() {
        for (x, level) in [
            (Influence::IndustryLeader, 1),
            (Influence::Key, 2),
            (Influence::Ordinary, 3),
            (Influence::Sporadic, 4),
        ] {
            let i = Inputs {
                influence: Some((x, d("2026-01-01"))),
                ..Default::default()
            };
            assert_eq!(influence_level(&i), level);
        }
        assert_eq!(influence_level(&Inputs::default()), 4, "not assessed");
        assert_eq!(
            (1..=4).map(|l| points(&p(), l)).collect::<Vec<_>>(),
            [25, 20, 15, 10]
        );
    }

    #[test]
    fn grade_thresholds() {
        for (total, grade) in [
            (100, Grade::A),
            (85, Grade::A),
            (84, Grade::B),
            (70, Grade::B),
            (69, Grade::C),
            (40, Grade::C),
        ] {
            assert_eq!(grade_of(&p(), total), grade, "total {total}");
        }
    }

    #[test]
    fn new_customer_and_minimum_business_rules() {
        let rating = d("2026-12-31");
        for (first, e) in [
            (None, Eligibility::NotRated),
            (Some("2026-12-31"), Eligibility::NotRated),
            (Some("2026-07-01"), Eligibility::NotRated),
            // exactly six months of business: rated (as a new customer)
            (Some("2026-06-30"), Eligibility::NewCustomer),
            (Some("2026-01-01"), Eligibility::NewCustomer),
            // exactly twelve months: no longer new
            (Some("2025-12-31"), Eligibility::Rated),
            (Some("2020-05-01"), Eligibility::Rated),
        ] {
            assert_eq!(
                eligibility(&p(), rating, first.map(d)),
                e,
                "first deal {first:?}"
            );
        }
    }

    #[test]
    fn a_new_customer_is_c_whatever_its_score_and_keeps_the_score() {
        let i = Inputs {
            first_deal: Some(d("2026-03-01")),
            contract_amount_fen: 600 * WAN,
            list_amount_fen: 500 * WAN,
            open_receivables_fen: 0,
            influence: Some((Influence::IndustryLeader, d("2026-06-01"))),
            late_receivables: 0,
        };
        let s = score(&p(), d("2026-12-31"), &i);
        assert_eq!(s.total_points, 100);
        assert_eq!(s.eligibility, Eligibility::NewCustomer);
        assert_eq!(s.grade, Some(Grade::C));
        let e = explain(&p(), d("2026-12-31"), 12, &i, &s);
        assert!(e.zh.last().unwrap().contains("建议列为大客户"), "{e:?}");
        assert!(e.zh[4].contains("新客户，评为 C"), "{e:?}");
    }

    #[test]
    fn category_suggestion_at_the_threshold() {
        for (amount, cat) in [
            (300 * WAN, Category::Big),
            (300 * WAN - 1, Category::General),
            (300 * WAN + 1, Category::Big),
        ] {
            let i = Inputs {
                contract_amount_fen: amount,
                ..Default::default()
            };
            assert_eq!(suggested_category(&p(), &i), cat);
        }
    }

    #[test]
    fn the_explanation_reads_like_the_measures() {
        let i = Inputs {
            first_deal: Some(d("2020-01-01")),
            contract_amount_fen: 3_125_000_000 / 10, // 312.5 万
            list_amount_fen: 290 * WAN,
            open_receivables_fen: 8 * WAN,
            late_receivables: 0,
            influence: Some((Influence::Key, d("2026-10-01"))),
        };
        let s = score(&p(), d("2026-12-31"), &i);
        let e = explain(&p(), d("2026-12-31"), 12, &i, &s);
        assert_eq!(
            e.zh[0],
            "协议金额 312.5 万元 ≥ 200 万元且及时回款 → 第2档 20分"
        );
        assert_eq!(e.zh[1], "评级日应收账款 8 万元 ≤ 10 万元 → 第1档 25分");
        assert_eq!(e.zh[2], "协议溢价 7.7586% > 5% → 第2档 20分");
        assert_eq!(e.zh[3], "战略影响：关键地位（2026-10-01 评估）→ 第2档 20分");
        assert_eq!(e.zh[4], "合计 85 分 ≥ 85 → A（重要客户）");
        assert_eq!(e.zh[5], "协议金额 312.5 万元 ≥ 300 万元 → 建议列为大客户");
        assert_eq!(e.en.len(), e.zh.len());
        assert!(e.en[0].starts_with(
            "Contract amount 312.5 wan yuan ≥ 200 wan with timely payment → level 2, 20 points"
        ));
    }

    #[test]
    fn a_value_just_over_a_threshold_never_reads_as_equal() {
        assert_eq!(wan(100 * WAN + 1), "100.000001");
        assert_eq!(wan(100 * WAN), "100");
        let i = Inputs {
            contract_amount_fen: 1_100_001,
            list_amount_fen: 1_000_000,
            ..Default::default()
        };
        let s = score(&p(), d("2026-12-31"), &i);
        let e = explain(&p(), d("2026-12-31"), 12, &i, &s);
        assert_eq!(e.zh[2], "协议溢价 10.0001% > 10% → 第1档 25分");
    }

    #[test]
    fn window_start_is_the_day_after_the_same_date_window_months_back() {
        assert_eq!(window_start(d("2026-12-31"), 12), d("2026-01-01"));
        assert_eq!(window_start(d("2026-06-30"), 6), d("2026-01-01"));
        assert_eq!(window_start(d("2024-02-29"), 12), d("2023-03-01"));
        assert_eq!(window_start(d("2026-11-27"), 12), d("2025-11-28"));
        assert_eq!(window_start(d("2026-02-28"), 6), d("2025-09-01"));
    }
}
