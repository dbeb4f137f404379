//! The company's customer management measures as one typed document per version (docs/policy-parameters.md).
//! Amounts in fen, percentages in basis points, periods in days or months. Every number the
//! measures leave open is here, with the default of the measures or, where it gives none, a
//! default named in the README's design notes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::Role;
use crate::customers::model::{Category, Grade};
use crate::db::schema::{policy_versions, users};
use crate::error::FieldError;

const WAN: i64 = 1_000_000; // 1 万元 in fen

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyDocument {
    pub rating: RatingPolicy,
    /// 分类客户享有待遇: one tier per category × grade.
    pub treatment: Vec<Tier>,
    pub reporting: ReportingPolicy,
    /// The credit part: a change here also needs the general manager's approval.
    pub credit: CreditPolicy,
    /// The customer-service rules: every revision is approved by the general manager as well.
    pub service: ServicePolicy,
}

/// 客户评分: four indicators of four levels each, grade thresholds, eligibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingPolicy {
    /// Points of levels 1–4, highest first (25, 20, 15, 10).
    pub level_points: [i64; 4],
    /// The rating window in months (12).
    pub window_months: i64,
    /// Windows a run may choose (6, 12).
    pub allowed_window_months: Vec<i64>,
    /// 协议金额及回款: the contract amount in the window for levels 1, 2, 3 (≥; 500万, 200万, 50万).
    pub contract_amount_min_fen: [i64; 3],
    /// Any receivable overdue more than this many days in the window → level 4 (30).
    pub overdue_grace_days: i64,
    /// 年终应收账款: receivables open at the rating date for levels 1, 2, 3 (≤; 10万, 50万, 100万).
    pub receivables_max_fen: [i64; 3],
    /// 协议溢价程度: amount-weighted premium for levels 1, 2, 3 (>; 10 %, 5 %, 0 % in basis points).
    pub premium_above_bp: [i64; 3],
    /// Grade A from this total (85).
    pub grade_a_min_points: i64,
    /// Grade B from this total (70).
    pub grade_b_min_points: i64,
    /// First deal less than this many months before the rating date → grade C (12).
    pub new_customer_months: i64,
    /// Fewer months of business than this → not rated (6).
    pub min_business_months: i64,
    /// The system suggests category "big" from this contract amount in the window (300万).
    pub big_customer_suggest_fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceLevel {
    /// 最优价格
    Best,
    /// 较优价格
    Preferred,
    /// 适当优惠
    Discount,
    /// 标准价格
    Standard,
}

/// What a tier (category × grade) gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub category: Category,
    pub grade: Grade,
    /// 1 ships first.
    pub shipping_priority: i64,
    pub price_level: PriceLevel,
    /// Who revisits (回访).
    pub revisit_roles: Vec<Role>,
    /// Every this many months.
    pub revisit_every_months: i64,
}

/// 汇报: months in which periodic written reports are due, by grade, and the forwarding chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportingPolicy {
    /// Months (1–12) with a report due at month end for grade A customers (6, 12).
    pub report_months_a: Vec<i64>,
    /// … grade B (3, 6, 9, 12).
    pub report_months_b: Vec<i64>,
    /// … grade C (every month).
    pub report_months_c: Vec<i64>,
    /// The supervisor forwards to the business manager within (working days, 3).
    pub supervisor_forward_working_days: i64,
    /// The business manager forwards to the VP within (working days, 3).
    pub manager_forward_working_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum CreditGrade {
    AAA,
    AA,
    A,
    B,
    C,
}

impl CreditGrade {
    pub const ALL: [CreditGrade; 5] = [
        CreditGrade::AAA,
        CreditGrade::AA,
        CreditGrade::A,
        CreditGrade::B,
        CreditGrade::C,
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditGradeTerms {
    pub grade: CreditGrade,
    /// The default credit limit of the grade.
    pub limit_fen: i64,
    /// The default credit period (days from shipment to due date).
    pub credit_period_days: i64,
}

/// What counts toward a customer's credit exposure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExposureParts {
    pub open_receivables: bool,
    pub shipped_not_invoiced: bool,
    pub unshipped_contracts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpAction {
    Reminder,
    Phone,
    Letter,
    Visit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpLevel {
    /// From this many days overdue.
    pub days_overdue: i64,
    pub action: FollowUpAction,
}

/// 信用标准: the minimum conditions to grant credit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditStandard {
    pub min_months_in_business: i64,
    /// No receivable overdue more than this many days.
    pub max_overdue_days: i64,
    pub investigation_required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditPolicy {
    /// AAA, AA, A, B, C with their default limit and period.
    pub grades: Vec<CreditGradeTerms>,
    pub exposure: ExposureParts,
    /// Normal collection period: due date + this many days, then planning takes over (90).
    pub normal_collection_days: i64,
    /// Collection follow-up by days overdue (7 reminder, 30 phone, 60 letter, 90 visit).
    pub follow_up: Vec<FollowUpLevel>,
    /// A follow-up task is to be acted on within this many working days of opening (3).
    #[serde(default = "default_follow_up_act_working_days")]
    pub follow_up_act_working_days: i64,
    /// Upper ends of the AR aging buckets in days past due (30, 60, 90, 180, 365; then > 365).
    pub aging_buckets_days: Vec<i64>,
    /// Months of the credit reviews (6, 12).
    pub review_months: Vec<i64>,
    /// Day of the month the dealings report is due (5).
    pub dealings_report_day: i64,
    pub standard: CreditStandard,
    /// The VP may release a blocked shipment up to this amount; above, the GM.
    pub vp_release_max_fen: i64,
    /// A credit limit request above this new limit needs the GM after the VP.
    #[serde(default = "default_gm_limit_above_fen")]
    pub gm_limit_above_fen: i64,
    /// Which credit forms consume the limit besides open account (赊销). Prepayment and cash
    /// on delivery never do.
    #[serde(default)]
    pub limit_forms: LimitForms,
    /// Security instruments that add to an approved limit while valid.
    #[serde(default = "default_counted_instruments")]
    pub counted_instruments: Vec<InstrumentKind>,
    /// At a shipping note, leave out the unshipped value of contracts the GM approved as special
    /// contracts: his approval covers that contract's own shipments.
    #[serde(default = "yes")]
    pub special_contracts_cover_shipments: bool,
    /// Everyone who deals with credit attends a credit-risk training (信用培训) at least every
    /// this many months.
    #[serde(default = "default_training_every_months")]
    pub training_every_months: i64,
    /// The rules a credit review (信用升降级评审) proposes upgrades and downgrades by.
    #[serde(default)]
    pub review: ReviewRules,
    /// 对账单: the monthly statement run.
    #[serde(default)]
    pub statements: StatementRules,
}

/// The monthly statement run (as ERPNext's "process statement of accounts"): on a working day
/// early in each month, last month's statement of account is mailed, with its .xlsx, to every
/// customer with an open balance and a statement address in the run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatementRules {
    /// Run every month by itself (true); finance can always start a month's run by hand.
    pub monthly_run: bool,
    /// On this working day of the month (1: the first), counted on the company calendar.
    pub run_working_day: i64,
}

impl Default for StatementRules {
    fn default() -> Self {
        StatementRules {
            monthly_run: true,
            run_working_day: 1,
        }
    }
}

/// 升降级规则: what the twice-yearly review proposes for a customer from its payment behaviour
/// over the period. A downgrade rule wins over the upgrade rule; a grade moves one step, the
/// limit to the new grade's default (never below the current limit on an upgrade, never above
/// it on a downgrade).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRules {
    /// Upgrade when no more than this many receivables fell due in the period and were paid
    /// late or are still open past due (0)…
    pub upgrade_max_late_receivables: i64,
    /// …and open receivables are at least this percentage of the approved limit (80)…
    pub upgrade_min_utilisation_pct: i64,
    /// …and no more promises to pay were broken in the period than this (0).
    pub upgrade_max_broken_promises: i64,
    /// Downgrade when a receivable was paid, or is still open, this many days or more after its
    /// due date (60)…
    pub downgrade_worst_days_late: i64,
    /// …or this many receivables or more were late (3)…
    pub downgrade_late_receivables: i64,
    /// …or this many promises to pay or more were broken (2)…
    pub downgrade_broken_promises: i64,
    /// …or a severe credit event was recorded in the period.
    pub downgrade_on_severe_event: bool,
}

impl Default for ReviewRules {
    fn default() -> Self {
        ReviewRules {
            upgrade_max_late_receivables: 0,
            upgrade_min_utilisation_pct: 80,
            upgrade_max_broken_promises: 0,
            downgrade_worst_days_late: 60,
            downgrade_late_receivables: 3,
            downgrade_broken_promises: 2,
            downgrade_on_severe_event: true,
        }
    }
}

fn default_follow_up_act_working_days() -> i64 {
    3
}

fn default_training_every_months() -> i64 {
    12
}

/// Whether contracts on acceptance bills and letters of credit consume the credit limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitForms {
    /// Contracts on acceptance bills (承兑汇票) consume the limit.
    pub acceptance_bill: bool,
    /// Contracts on letters of credit (信用证) consume the limit.
    pub letter_of_credit: bool,
}

impl Default for LimitForms {
    /// An acceptance bill can go unpaid at maturity; a letter of credit is the bank's promise.
    fn default() -> Self {
        LimitForms {
            acceptance_bill: true,
            letter_of_credit: false,
        }
    }
}

/// Security instruments recorded per customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// 担保
    Guarantee,
    /// 信用保险
    CreditInsurance,
    /// 保理
    Factoring,
    /// 抵押
    Mortgage,
}

impl InstrumentKind {
    pub const ALL: [InstrumentKind; 4] = [
        InstrumentKind::Guarantee,
        InstrumentKind::CreditInsurance,
        InstrumentKind::Factoring,
        InstrumentKind::Mortgage,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            InstrumentKind::Guarantee => "guarantee",
            InstrumentKind::CreditInsurance => "credit_insurance",
            InstrumentKind::Factoring => "factoring",
            InstrumentKind::Mortgage => "mortgage",
        }
    }
    pub fn parse(s: &str) -> Option<InstrumentKind> {
        InstrumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

fn default_gm_limit_above_fen() -> i64 {
    100 * WAN
}

/// Guarantees, credit insurance and mortgages secure the debt; factoring sells it.
fn default_counted_instruments() -> Vec<InstrumentKind> {
    vec![
        InstrumentKind::Guarantee,
        InstrumentKind::CreditInsurance,
        InstrumentKind::Mortgage,
    ]
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServicePolicy {
    /// Each complaint hand-off between departments within (working days, 1).
    pub complaint_handoff_working_days: i64,
}

impl Default for PolicyDocument {
    /// The measures' own numbers (docs/policy-parameters.md).
    fn default() -> Self {
        use Category::{Big, General};
        use Grade::{A, B, C};
        let tier =
            |category, grade, shipping_priority, price_level, revisit_roles: &[Role], months| {
                Tier {
                    category,
                    grade,
                    shipping_priority,
                    price_level,
                    revisit_roles: revisit_roles.to_vec(),
                    revisit_every_months: months,
                }
            };
        let (vp, bm, od) = (
            Role::VicePresident,
            Role::BusinessManager,
            Role::OfficeDirector,
        );
        let credit = |grade, wan: i64, days| CreditGradeTerms {
            grade,
            limit_fen: wan * WAN,
            credit_period_days: days,
        };
        let follow = |days_overdue, action| FollowUpLevel {
            days_overdue,
            action,
        };
        PolicyDocument {
            rating: RatingPolicy {
                level_points: [25, 20, 15, 10],
                window_months: 12,
                allowed_window_months: vec![6, 12],
                contract_amount_min_fen: [500 * WAN, 200 * WAN, 50 * WAN],
                overdue_grace_days: 30,
                receivables_max_fen: [10 * WAN, 50 * WAN, 100 * WAN],
                premium_above_bp: [1000, 500, 0],
                grade_a_min_points: 85,
                grade_b_min_points: 70,
                new_customer_months: 12,
                min_business_months: 6,
                big_customer_suggest_fen: 300 * WAN,
            },
            treatment: vec![
                tier(Big, A, 1, PriceLevel::Best, &[vp, bm], 3),
                tier(Big, B, 2, PriceLevel::Preferred, &[vp, bm], 6),
                tier(General, A, 3, PriceLevel::Preferred, &[bm], 12),
                tier(Big, C, 4, PriceLevel::Discount, &[bm], 12),
                tier(General, B, 5, PriceLevel::Discount, &[od], 6),
                tier(General, C, 6, PriceLevel::Standard, &[od], 12),
            ],
            reporting: ReportingPolicy {
                report_months_a: vec![6, 12],
                report_months_b: vec![3, 6, 9, 12],
                report_months_c: (1..=12).collect(),
                supervisor_forward_working_days: 3,
                manager_forward_working_days: 3,
            },
            credit: CreditPolicy {
                grades: vec![
                    credit(CreditGrade::AAA, 500, 90),
                    credit(CreditGrade::AA, 300, 60),
                    credit(CreditGrade::A, 100, 45),
                    credit(CreditGrade::B, 30, 30),
                    credit(CreditGrade::C, 0, 0),
                ],
                exposure: ExposureParts {
                    open_receivables: true,
                    shipped_not_invoiced: true,
                    unshipped_contracts: true,
                },
                normal_collection_days: 90,
                follow_up: vec![
                    follow(7, FollowUpAction::Reminder),
                    follow(30, FollowUpAction::Phone),
                    follow(60, FollowUpAction::Letter),
                    follow(90, FollowUpAction::Visit),
                ],
                aging_buckets_days: vec![30, 60, 90, 180, 365],
                review_months: vec![6, 12],
                dealings_report_day: 5,
                standard: CreditStandard {
                    min_months_in_business: 12,
                    max_overdue_days: 90,
                    investigation_required: true,
                },
                vp_release_max_fen: 50 * WAN,
                gm_limit_above_fen: default_gm_limit_above_fen(),
                limit_forms: LimitForms::default(),
                counted_instruments: default_counted_instruments(),
                special_contracts_cover_shipments: true,
                training_every_months: default_training_every_months(),
                follow_up_act_working_days: default_follow_up_act_working_days(),
                review: ReviewRules::default(),
                statements: StatementRules::default(),
            },
            service: ServicePolicy {
                complaint_handoff_working_days: 1,
            },
        }
    }
}

/// Collects problems with their parameter path (`document.rating.grade_b_min_points`).
struct Check(Vec<FieldError>);

impl Check {
    fn fail(&mut self, path: &str, code: &str, message: impl Into<String>) {
        self.0
            .push(FieldError::new(format!("document.{path}"), code, message));
    }
    fn range(&mut self, path: &str, v: i64, lo: i64, hi: i64) {
        if !(lo..=hi).contains(&v) {
            self.fail(path, "out_of_range", format!("must be from {lo} to {hi}"));
        }
    }
    /// Strictly descending (`desc`) or ascending values.
    fn ordered(&mut self, path: &str, v: &[i64], desc: bool, what: &str) {
        for (i, w) in v.windows(2).enumerate() {
            if (desc && w[0] <= w[1]) || (!desc && w[0] >= w[1]) {
                self.fail(
                    &format!("{path}[{}]", i + 1),
                    "policy.order",
                    what.to_string(),
                );
            }
        }
    }
    fn months(&mut self, path: &str, v: &[i64]) {
        if v.is_empty() {
            self.fail(path, "required", "at least one month");
        }
        for (i, m) in v.iter().enumerate() {
            self.range(&format!("{path}[{i}]"), *m, 1, 12);
        }
        self.ordered(path, v, false, "months in calendar order, each once");
    }
}

impl PolicyDocument {
    /// What a customer of this category and grade gets (none until it is graded).
    pub fn tier(&self, category: Category, grade: Option<Grade>) -> Option<&Tier> {
        self.treatment
            .iter()
            .find(|t| t.category == category && Some(t.grade) == grade)
    }

    /// Every rule a version must satisfy before it can be submitted; empty when valid.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut c = Check(Vec::new());
        let r = &self.rating;
        for (i, p) in r.level_points.iter().enumerate() {
            c.range(&format!("rating.level_points[{i}]"), *p, 0, 100);
        }
        c.ordered(
            "rating.level_points",
            &r.level_points,
            true,
            "level 1 is worth the most, each level less than the one before",
        );
        let max_total = r.level_points[0] * 4;
        c.range(
            "rating.grade_a_min_points",
            r.grade_a_min_points,
            1,
            max_total.max(1),
        );
        if r.grade_b_min_points < 1 || r.grade_b_min_points >= r.grade_a_min_points {
            c.fail(
                "rating.grade_b_min_points",
                "policy.order",
                "must be above 0 and below the grade A threshold",
            );
        }
        c.range("rating.window_months", r.window_months, 1, 24);
        if r.allowed_window_months.is_empty() {
            c.fail(
                "rating.allowed_window_months",
                "required",
                "at least one window",
            );
        }
        for (i, m) in r.allowed_window_months.iter().enumerate() {
            c.range(&format!("rating.allowed_window_months[{i}]"), *m, 1, 24);
        }
        if !r.allowed_window_months.contains(&r.window_months) {
            c.fail(
                "rating.window_months",
                "policy.not_allowed",
                "the default window must be one of the allowed windows",
            );
        }
        for (i, a) in r.contract_amount_min_fen.iter().enumerate() {
            c.range(
                &format!("rating.contract_amount_min_fen[{i}]"),
                *a,
                0,
                i64::MAX / 4,
            );
        }
        c.ordered(
            "rating.contract_amount_min_fen",
            &r.contract_amount_min_fen,
            true,
            "level 1 needs the largest amount",
        );
        c.range("rating.overdue_grace_days", r.overdue_grace_days, 0, 365);
        for (i, a) in r.receivables_max_fen.iter().enumerate() {
            c.range(
                &format!("rating.receivables_max_fen[{i}]"),
                *a,
                0,
                i64::MAX / 4,
            );
        }
        c.ordered(
            "rating.receivables_max_fen",
            &r.receivables_max_fen,
            false,
            "level 1 allows the smallest receivables",
        );
        for (i, p) in r.premium_above_bp.iter().enumerate() {
            c.range(
                &format!("rating.premium_above_bp[{i}]"),
                *p,
                -10_000,
                100_000,
            );
        }
        c.ordered(
            "rating.premium_above_bp",
            &r.premium_above_bp,
            true,
            "level 1 needs the highest premium",
        );
        c.range("rating.min_business_months", r.min_business_months, 0, 60);
        if r.new_customer_months < r.min_business_months || r.new_customer_months > 60 {
            c.fail(
                "rating.new_customer_months",
                "policy.order",
                "from the minimum months of business to 60",
            );
        }
        c.range(
            "rating.big_customer_suggest_fen",
            r.big_customer_suggest_fen,
            0,
            i64::MAX / 4,
        );

        // Every tier once, priorities 1–6 each once.
        let mut priorities: Vec<i64> = Vec::new();
        for category in [Category::Big, Category::General] {
            for grade in [Grade::A, Grade::B, Grade::C] {
                let n = self
                    .treatment
                    .iter()
                    .filter(|t| t.category == category && t.grade == grade)
                    .count();
                if n != 1 {
                    c.fail(
                        "treatment",
                        "policy.tiers",
                        format!(
                            "{} {} must appear exactly once (found {n})",
                            category.as_str(),
                            grade.as_str()
                        ),
                    );
                }
            }
        }
        for (i, t) in self.treatment.iter().enumerate() {
            let at = format!("treatment[{i}]");
            c.range(
                &format!("{at}.shipping_priority"),
                t.shipping_priority,
                1,
                6,
            );
            if priorities.contains(&t.shipping_priority) {
                c.fail(
                    &format!("{at}.shipping_priority"),
                    "duplicate",
                    "each tier has its own shipping priority",
                );
            }
            priorities.push(t.shipping_priority);
            if t.revisit_roles.is_empty() {
                c.fail(
                    &format!("{at}.revisit_roles"),
                    "required",
                    "someone revisits every tier",
                );
            }
            c.range(
                &format!("{at}.revisit_every_months"),
                t.revisit_every_months,
                1,
                24,
            );
        }

        let p = &self.reporting;
        c.months("reporting.report_months_a", &p.report_months_a);
        c.months("reporting.report_months_b", &p.report_months_b);
        c.months("reporting.report_months_c", &p.report_months_c);
        c.range(
            "reporting.supervisor_forward_working_days",
            p.supervisor_forward_working_days,
            1,
            30,
        );
        c.range(
            "reporting.manager_forward_working_days",
            p.manager_forward_working_days,
            1,
            30,
        );

        let k = &self.credit;
        let order: Vec<CreditGrade> = k.grades.iter().map(|g| g.grade).collect();
        if order != CreditGrade::ALL {
            c.fail(
                "credit.grades",
                "policy.tiers",
                "the grades AAA, AA, A, B, C, each once and in this order",
            );
        }
        for (i, g) in k.grades.iter().enumerate() {
            c.range(
                &format!("credit.grades[{i}].limit_fen"),
                g.limit_fen,
                0,
                i64::MAX / 4,
            );
            c.range(
                &format!("credit.grades[{i}].credit_period_days"),
                g.credit_period_days,
                0,
                365,
            );
            if i > 0 && g.limit_fen > k.grades[i - 1].limit_fen {
                c.fail(
                    &format!("credit.grades[{i}].limit_fen"),
                    "policy.order",
                    "a lower grade cannot have a higher limit",
                );
            }
        }
        c.range(
            "credit.normal_collection_days",
            k.normal_collection_days,
            1,
            720,
        );
        if k.follow_up.is_empty() {
            c.fail(
                "credit.follow_up",
                "required",
                "at least one follow-up level",
            );
        }
        for (i, f) in k.follow_up.iter().enumerate() {
            // Levels fall within the normal period: beyond it the planning department holds
            // the debt.
            c.range(
                &format!("credit.follow_up[{i}].days_overdue"),
                f.days_overdue,
                1,
                k.normal_collection_days.clamp(1, 720),
            );
        }
        c.range(
            "credit.follow_up_act_working_days",
            k.follow_up_act_working_days,
            1,
            30,
        );
        let days: Vec<i64> = k.follow_up.iter().map(|f| f.days_overdue).collect();
        c.ordered(
            "credit.follow_up",
            &days,
            false,
            "levels in increasing days overdue",
        );
        if k.aging_buckets_days.is_empty() {
            c.fail(
                "credit.aging_buckets_days",
                "required",
                "at least one bucket boundary",
            );
        }
        for (i, b) in k.aging_buckets_days.iter().enumerate() {
            c.range(&format!("credit.aging_buckets_days[{i}]"), *b, 1, 3650);
        }
        c.ordered(
            "credit.aging_buckets_days",
            &k.aging_buckets_days,
            false,
            "bucket boundaries in increasing days",
        );
        c.months("credit.review_months", &k.review_months);
        c.range("credit.dealings_report_day", k.dealings_report_day, 1, 28);
        c.range(
            "credit.standard.min_months_in_business",
            k.standard.min_months_in_business,
            0,
            120,
        );
        c.range(
            "credit.standard.max_overdue_days",
            k.standard.max_overdue_days,
            0,
            720,
        );
        c.range(
            "credit.vp_release_max_fen",
            k.vp_release_max_fen,
            0,
            i64::MAX / 4,
        );
        c.range(
            "credit.training_every_months",
            k.training_every_months,
            1,
            60,
        );
        c.range(
            "credit.gm_limit_above_fen",
            k.gm_limit_above_fen,
            0,
            i64::MAX / 4,
        );
        c.range(
            "credit.statements.run_working_day",
            k.statements.run_working_day,
            1,
            15,
        );
        let r = &k.review;
        c.range(
            "credit.review.upgrade_max_late_receivables",
            r.upgrade_max_late_receivables,
            0,
            1000,
        );
        c.range(
            "credit.review.upgrade_min_utilisation_pct",
            r.upgrade_min_utilisation_pct,
            0,
            1000,
        );
        c.range(
            "credit.review.upgrade_max_broken_promises",
            r.upgrade_max_broken_promises,
            0,
            1000,
        );
        c.range(
            "credit.review.downgrade_worst_days_late",
            r.downgrade_worst_days_late,
            1,
            3650,
        );
        c.range(
            "credit.review.downgrade_late_receivables",
            r.downgrade_late_receivables,
            1,
            1000,
        );
        c.range(
            "credit.review.downgrade_broken_promises",
            r.downgrade_broken_promises,
            1,
            1000,
        );
        if r.downgrade_late_receivables <= r.upgrade_max_late_receivables {
            c.fail(
                "credit.review.downgrade_late_receivables",
                "out_of_range",
                "above the late receivables an upgrade allows",
            );
        }
        if r.downgrade_broken_promises <= r.upgrade_max_broken_promises {
            c.fail(
                "credit.review.downgrade_broken_promises",
                "out_of_range",
                "above the broken promises an upgrade allows",
            );
        }
        if k.counted_instruments
            .iter()
            .enumerate()
            .any(|(i, x)| k.counted_instruments[..i].contains(x))
        {
            c.fail(
                "credit.counted_instruments",
                "duplicate",
                "each instrument kind once",
            );
        }
        c.range(
            "service.complaint_handoff_working_days",
            self.service.complaint_handoff_working_days,
            1,
            30,
        );
        c.0
    }
}

/// One changed parameter between two versions.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct PolicyChange {
    /// `rating.grade_a_min_points`, `treatment[2].price_level`, …
    pub path: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

/// Every leaf that differs, by path (arrays element by element).
pub fn diff(before: &serde_json::Value, after: &serde_json::Value) -> Vec<PolicyChange> {
    fn walk(
        path: String,
        a: &serde_json::Value,
        b: &serde_json::Value,
        out: &mut Vec<PolicyChange>,
    ) {
        use serde_json::Value::{Array, Null, Object};
        match (a, b) {
            (Object(x), Object(y)) => {
                let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
                keys.sort();
                keys.dedup();
                for k in keys {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(p, x.get(k).unwrap_or(&Null), y.get(k).unwrap_or(&Null), out);
                }
            }
            (Array(x), Array(y)) if x.iter().chain(y).any(|v| v.is_object()) => {
                for i in 0..x.len().max(y.len()) {
                    walk(
                        format!("{path}[{i}]"),
                        x.get(i).unwrap_or(&Null),
                        y.get(i).unwrap_or(&Null),
                        out,
                    );
                }
            }
            _ if a != b => out.push(PolicyChange {
                path,
                before: a.clone(),
                after: b.clone(),
            }),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(String::new(), before, after, &mut out);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
    Draft,
    /// Waiting for the VP.
    Submitted,
    /// The VP approved; the credit or service part changed, so the GM decides too.
    AwaitingGm,
    Approved,
    Rejected,
    Withdrawn,
}

impl PolicyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::Draft => "draft",
            PolicyStatus::Submitted => "submitted",
            PolicyStatus::AwaitingGm => "awaiting_gm",
            PolicyStatus::Approved => "approved",
            PolicyStatus::Rejected => "rejected",
            PolicyStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> PolicyStatus {
        match s {
            "submitted" => PolicyStatus::Submitted,
            "awaiting_gm" => PolicyStatus::AwaitingGm,
            "approved" => PolicyStatus::Approved,
            "rejected" => PolicyStatus::Rejected,
            "withdrawn" => PolicyStatus::Withdrawn,
            _ => PolicyStatus::Draft,
        }
    }
}

/// A policy version as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PolicyVersion {
    pub id: i64,
    /// 1, 2, 3 … in order of creation.
    pub number: i64,
    pub status: PolicyStatus,
    /// True for the version in force today.
    pub active: bool,
    pub effective_from: Option<NaiveDate>,
    /// The version this one replaces: the one in force on its effective date (today's while it
    /// has none). `changes` are against it, and so is whether the GM must approve.
    pub based_on: Option<i64>,
    pub note: String,
    /// Omitted in lists.
    pub document: Option<PolicyDocument>,
    /// What stops a draft from being submitted (omitted in lists).
    pub problems: Option<Vec<FieldError>>,
    /// The changes against the version it is based on (omitted in lists).
    pub changes: Option<Vec<PolicyChange>>,
    pub approval_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_by_name: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub approved_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"based_on": null, "note": "2027 年度修订"}))]
pub struct NewPolicyDraft {
    /// The version whose text the draft starts from (default: the one in force); any version,
    /// e.g. a rejected one to fix. The draft is still measured against the version it replaces.
    pub based_on: Option<i64>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "effective_from": "2027-01-01", "note": "A 级门槛调为 88 分"}))]
pub struct UpdatePolicyDraft {
    pub version: i64,
    /// The whole document (absent: unchanged). Saved even when it breaks a rule; the answer's
    /// `problems` say what must be fixed before submitting.
    pub document: Option<PolicyDocument>,
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub effective_from: Option<Option<NaiveDate>>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 2}))]
pub struct PolicyAction {
    pub version: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PolicyQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub status: Option<PolicyStatus>,
}

/// A policy version as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_versions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PolicyVersionRow {
    pub id: i64,
    pub number: i64,
    pub status: String,
    /// The [`PolicyDocument`] as JSON.
    pub document: String,
    pub effective_from: Option<NaiveDate>,
    pub based_on: Option<i64>,
    pub note: String,
    pub approval_id: Option<i64>,
    pub version: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub approved_at: Option<NaiveDateTime>,
}

/// A person's display name (a version's creator).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CreatorName {
    pub id: i64,
    pub display_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_version_is_valid() {
        assert_eq!(PolicyDocument::default().problems(), vec![]);
    }

    /// Each kind of invalid parameter is named by its path.
    #[test]
    fn invalid_parameters_are_named() {
        type Edit = fn(&mut PolicyDocument);
        let cases: &[(Edit, &str, &str)] = &[
            (
                |d| d.rating.grade_b_min_points = 90,
                "document.rating.grade_b_min_points",
                "policy.order",
            ),
            (
                |d| d.rating.grade_a_min_points = 101,
                "document.rating.grade_a_min_points",
                "out_of_range",
            ),
            (
                |d| d.rating.level_points = [25, 25, 15, 10],
                "document.rating.level_points[1]",
                "policy.order",
            ),
            (
                |d| d.rating.contract_amount_min_fen = [100, 200, 50],
                "document.rating.contract_amount_min_fen[1]",
                "policy.order",
            ),
            (
                |d| d.rating.receivables_max_fen = [10, 5, 100],
                "document.rating.receivables_max_fen[1]",
                "policy.order",
            ),
            (
                |d| d.rating.window_months = 9,
                "document.rating.window_months",
                "policy.not_allowed",
            ),
            (
                |d| {
                    d.treatment.pop();
                },
                "document.treatment",
                "policy.tiers",
            ),
            (
                |d| d.treatment[1].shipping_priority = 1,
                "document.treatment[1].shipping_priority",
                "duplicate",
            ),
            (
                |d| d.treatment[0].revisit_roles.clear(),
                "document.treatment[0].revisit_roles",
                "required",
            ),
            (
                |d| d.reporting.report_months_b = vec![6, 3],
                "document.reporting.report_months_b[1]",
                "policy.order",
            ),
            (
                |d| d.reporting.report_months_a = vec![13],
                "document.reporting.report_months_a[0]",
                "out_of_range",
            ),
            (
                |d| {
                    d.credit.grades.remove(2);
                },
                "document.credit.grades",
                "policy.tiers",
            ),
            (
                |d| d.credit.grades[1].limit_fen = i64::MAX / 8,
                "document.credit.grades[1].limit_fen",
                "policy.order",
            ),
            (
                |d| d.credit.aging_buckets_days = vec![30, 30, 90],
                "document.credit.aging_buckets_days[1]",
                "policy.order",
            ),
            (
                |d| d.credit.follow_up.clear(),
                "document.credit.follow_up",
                "required",
            ),
            (
                |d| d.credit.dealings_report_day = 31,
                "document.credit.dealings_report_day",
                "out_of_range",
            ),
            (
                |d| d.service.complaint_handoff_working_days = 0,
                "document.service.complaint_handoff_working_days",
                "out_of_range",
            ),
        ];
        for (edit, field, code) in cases {
            let mut d = PolicyDocument::default();
            edit(&mut d);
            let problems = d.problems();
            assert!(
                problems
                    .iter()
                    .any(|p| p.field == *field && p.code == *code),
                "{field} {code}: {problems:?}"
            );
        }
    }

    #[test]
    fn the_diff_names_each_changed_parameter() {
        let a = PolicyDocument::default();
        let mut b = a.clone();
        b.rating.grade_a_min_points = 88;
        b.treatment[2].price_level = PriceLevel::Best;
        let changes = diff(
            &serde_json::to_value(&a).unwrap(),
            &serde_json::to_value(&b).unwrap(),
        );
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            ["rating.grade_a_min_points", "treatment[2].price_level"]
        );
        assert_eq!(changes[0].before, 85);
        assert_eq!(changes[0].after, 88);
    }
}
