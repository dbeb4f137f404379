use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::borrowing::routes::AccessGrant;
use crate::customers::model::{Customer, CustomerChange};
use crate::db::schema::{dossier_entries, dossier_history};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DossierKind {
    /// 客户特征 (one current version per customer)
    Characteristics,
    /// 业务状况 (one current version per customer)
    BusinessStatus,
    /// 交易现状 (one current version per customer)
    TransactionStatus,
    /// 关键人物: owner, managers, legal representative, contacts
    KeyPerson,
    /// 财务报表 of one period
    FinancialStatement,
    /// 实地调查登记表
    Investigation,
    /// 信息处理单
    InformationSlip,
    /// 往来记录: visit, phone call, meeting, message
    Interaction,
}

impl DossierKind {
    pub const ALL: [DossierKind; 8] = [
        DossierKind::Characteristics,
        DossierKind::BusinessStatus,
        DossierKind::TransactionStatus,
        DossierKind::KeyPerson,
        DossierKind::FinancialStatement,
        DossierKind::Investigation,
        DossierKind::InformationSlip,
        DossierKind::Interaction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DossierKind::Characteristics => "characteristics",
            DossierKind::BusinessStatus => "business_status",
            DossierKind::TransactionStatus => "transaction_status",
            DossierKind::KeyPerson => "key_person",
            DossierKind::FinancialStatement => "financial_statement",
            DossierKind::Investigation => "investigation",
            DossierKind::InformationSlip => "information_slip",
            DossierKind::Interaction => "interaction",
        }
    }

    pub fn parse(s: &str) -> Option<DossierKind> {
        DossierKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Profile sections have one current version per customer; the others are lists.
    pub fn is_section(self) -> bool {
        matches!(
            self,
            DossierKind::Characteristics
                | DossierKind::BusinessStatus
                | DossierKind::TransactionStatus
        )
    }
}

/// 客户特征
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Characteristics {
    pub service_area: Option<String>,
    pub sales_capacity: Option<String>,
    pub development_potential: Option<String>,
    pub business_philosophy: Option<String>,
    pub direction: Option<String>,
    pub policies: Option<String>,
    pub scale: Option<String>,
    pub business_features: Option<String>,
}

/// 业务状况
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusinessStatus {
    pub sales_performance: Option<String>,
    pub management_quality: Option<String>,
    pub competitor_relations: Option<String>,
    pub peer_evaluation: Option<String>,
    pub attitude_to_us: Option<String>,
}

/// 交易现状
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionStatus {
    pub sales_activity: Option<String>,
    pub problems: Option<String>,
    pub strengths: Option<String>,
    pub future_plans: Option<String>,
    pub image: Option<String>,
    pub reputation: Option<String>,
    pub credit_status: Option<String>,
    pub trading_conditions: Option<String>,
    pub credit_problems: Option<String>,
}

/// 关键人物. `character` … `email` are personal data (restricted).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyPerson {
    pub name: String,
    /// owner, manager, legal_representative, contact, …
    pub position: Option<String>,
    pub founding_time: Option<String>,
    pub character: Option<String>,
    pub hobbies: Option<String>,
    pub family: Option<String>,
    pub age: Option<i64>,
    pub ability: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

pub const PERSONAL_FIELDS: &[&str] = &[
    "character",
    "hobbies",
    "family",
    "age",
    "ability",
    "phone",
    "email",
];

/// 财务报表 of one period; amounts in fen.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinancialStatement {
    /// `2025`, `2025-H1`, `2025-Q4`, …
    pub period: String,
    pub revenue_fen: Option<i64>,
    pub net_profit_fen: Option<i64>,
    pub total_assets_fen: Option<i64>,
    pub total_liabilities_fen: Option<i64>,
    pub current_assets_fen: Option<i64>,
    pub current_liabilities_fen: Option<i64>,
}

/// 实地调查登记表
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Investigation {
    pub date: NaiveDate,
    pub investigators: Option<String>,
    pub findings: String,
    pub conclusion: Option<String>,
}

/// 信息处理单
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InformationSlip {
    pub date: NaiveDate,
    pub source: Option<String>,
    pub content: String,
    pub handling: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    #[default]
    Visit,
    Phone,
    Meeting,
    Message,
}

/// 往来记录
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    pub date: NaiveDate,
    pub kind: InteractionKind,
    pub participants: Option<String>,
    pub content: String,
    pub follow_up: Option<String>,
}

/// Ratios derived from a financial statement (None where a denominator is missing or zero).
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct FinancialRatios {
    /// 流动比率 = current assets / current liabilities
    pub current_ratio: Option<f64>,
    /// 资产负债率 = total liabilities / total assets
    pub debt_ratio: Option<f64>,
    /// 净利率 = net profit / revenue
    pub net_margin: Option<f64>,
}

/// One dossier entry as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierEntry {
    pub id: i64,
    pub customer_id: i64,
    pub kind: DossierKind,
    /// The kind's fields; restricted fields the reader may not see are left out.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    /// True when restricted fields were left out for this reader.
    pub restricted_hidden: bool,
    pub ratios: Option<FinancialRatios>,
    pub occurred_on: Option<NaiveDate>,
    pub version: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Not updated within the stale period.
    pub stale: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "interaction", "content": {"date": "2026-11-20", "kind": "visit", "participants": "张经理", "content": "介绍新产品", "follow_up": "月底报价"}}))]
pub struct NewDossierEntry {
    pub kind: DossierKind,
    /// The fields of the kind (see the kind's schema: Characteristics, KeyPerson, Interaction, …).
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "content": {"name": "王总", "position": "owner", "hobbies": "钓鱼"}}))]
pub struct UpdateDossierEntry {
    pub version: i64,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

/// An earlier version of an entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct DossierVersion {
    pub version: i64,
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DossierQuery {
    /// Only this kind of entry.
    pub kind: Option<DossierKind>,
}

/// 客户管理卡: everything known about a customer in one answer, assembled with a fixed number
/// of queries; sections the user may not see are left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerCard {
    pub customer: Customer,
    /// Profile sections and entries (empty for a limited view).
    pub dossier: Vec<DossierEntry>,
    /// Active loans of this customer's file (资料借阅).
    pub grants: Vec<AccessGrant>,
    /// Transfers and status changes, newest first.
    pub changes: Vec<CustomerChange>,
    /// Contracts, shipments, open receivables aged today, payments, DSO (for roles that read
    /// receivables).
    pub ledger: Option<crate::receivables::card::CardLedger>,
}

/// A stored entry as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dossier_entries)]
pub struct EntryRow {
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    /// The kind's fields as JSON.
    pub content: String,
    pub occurred_on: Option<NaiveDate>,
    pub version: i64,
    pub author_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An entry's customer and kind: what decides who may touch it and its files.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dossier_entries)]
pub struct EntryOwner {
    pub customer_id: i64,
    pub kind: String,
}

/// One stored version of an entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dossier_history)]
pub struct HistoryRow {
    pub version: i64,
    pub content: String,
    pub author_id: Option<i64>,
    pub at: NaiveDateTime,
}
