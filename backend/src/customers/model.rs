use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::customers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 大客户
    Big,
    /// 一般客户
    #[default]
    General,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Big => "big",
            Category::General => "general",
        }
    }
    pub fn parse(s: &str) -> Category {
        if s == "big" {
            Category::Big
        } else {
            Category::General
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Grade {
    A,
    B,
    C,
}

impl Grade {
    pub fn parse(s: &str) -> Option<Grade> {
        match s {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
        }
    }
}

/// Lifecycle status (潜在 → 新客户 → 活跃 → 休眠 → 流失; 黑名单), changed by explicit actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Prospect,
    New,
    Active,
    Dormant,
    Lost,
    Blacklisted,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Prospect,
        Status::New,
        Status::Active,
        Status::Dormant,
        Status::Lost,
        Status::Blacklisted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Prospect => "prospect",
            Status::New => "new",
            Status::Active => "active",
            Status::Dormant => "dormant",
            Status::Lost => "lost",
            Status::Blacklisted => "blacklisted",
        }
    }

    pub fn parse(s: &str) -> Status {
        Status::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(Status::Prospect)
    }

    /// The lifecycle's allowed moves. Blacklisting is possible from anywhere; lifting it returns
    /// the customer to dormant, from where it is re-activated like any other.
    pub fn can_move_to(self, to: Status) -> bool {
        use Status::*;
        match (self, to) {
            (a, b) if a == b => false,
            (_, Blacklisted) => true,
            (Prospect, New | Lost) => true,
            (New, Active | Dormant | Lost) => true,
            (Active, Dormant | Lost) => true,
            (Dormant, Active | Lost) => true,
            (Lost, Active | Prospect) => true,
            (Blacklisted, Dormant) => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = customers)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
#[diesel(treat_none_as_null = true)]
pub struct CustomerRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub credit_code: Option<String>,
    pub address: String,
    pub enterprise_nature: String,
    pub postal_code: String,
    pub industry: String,
    pub phone: String,
    pub fax: String,
    pub superior_authority: String,
    pub registered_capital_fen: Option<i64>,
    pub legal_representative: String,
    pub registration_date: Option<NaiveDate>,
    pub enterprise_size: String,
    pub business_term: String,
    pub employees: Option<i64>,
    pub registration_authority: String,
    pub annual_revenue_fen: Option<i64>,
    pub net_assets_fen: Option<i64>,
    pub rmb_bank: String,
    pub rmb_account: String,
    pub fx_bank: String,
    pub fx_account: String,
    pub bank_rating: String,
    pub business_scope: String,
    pub owner_user_id: Option<i64>,
    pub office_id: Option<i64>,
    pub category: String,
    pub grade: Option<String>,
    pub status: String,
    pub key_customer: bool,
    pub first_deal_date: Option<NaiveDate>,
    pub tags: String,
    pub dossier_updated_at: NaiveDateTime,
    /// Bumped by the update itself (compare-and-set).
    #[diesel(skip_update)]
    pub version: i64,
    #[diesel(skip_update)]
    pub created_by: Option<i64>,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CustomerRow {
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .split(',')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect()
    }
}

/// The fields of the registration form (客户概要信息登记表) and the tags a user edits. On create,
/// absent means empty; on update (PATCH), absent means unchanged and `null` clears a nullable
/// field. Owner and office change only through `transfer`; grade only through ratings; status
/// only through `status` actions; category and key-customer flag only through the business
/// manager's `classification`; the first-deal date is set by the first signed contract and
/// corrected only by the business department (`first-deal-date`). Those fields are unknown
/// here, so a body carrying them is refused naming the field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "河北纪元光电有限公司", "credit_code": "91130100MA07L7QG1A",
    "address": "河北省石家庄市高新区", "postal_code": "050000", "phone": "0311-88886666",
    "industry": "光电", "enterprise_nature": "民营", "registered_capital_fen": 1000000000,
    "tags": ["光伏"]}))]
pub struct CustomerForm {
    /// Required on update: the version you read (409 when stale).
    pub version: Option<i64>,
    /// 客户名称 (required on create).
    pub name: Option<String>,
    /// 统一社会信用代码 / 注册号: 18 characters with a valid check digit.
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<String>)]
    pub credit_code: Option<Option<String>>,
    pub address: Option<String>,
    /// 企业性质
    pub enterprise_nature: Option<String>,
    /// 邮政编码: six digits.
    pub postal_code: Option<String>,
    /// 行业类型
    pub industry: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    /// 上级主管部门
    pub superior_authority: Option<String>,
    /// 注册资本, fen.
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub registered_capital_fen: Option<Option<i64>>,
    /// 法定代表人
    pub legal_representative: Option<String>,
    /// 注册日期 (not in the future).
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub registration_date: Option<Option<NaiveDate>>,
    /// 企业规模
    pub enterprise_size: Option<String>,
    /// 经营期限
    pub business_term: Option<String>,
    /// 职工人数
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub employees: Option<Option<i64>>,
    /// 登记机关
    pub registration_authority: Option<String>,
    /// 年销售收入, fen.
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub annual_revenue_fen: Option<Option<i64>>,
    /// 净资产, fen (may be negative).
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub net_assets_fen: Option<Option<i64>>,
    /// 人民币开户行
    pub rmb_bank: Option<String>,
    pub rmb_account: Option<String>,
    /// 外币开户行
    pub fx_bank: Option<String>,
    pub fx_account: Option<String>,
    /// 银行对企业的信用评级
    pub bank_rating: Option<String>,
    /// 经营范围
    pub business_scope: Option<String>,
    pub tags: Option<Vec<String>>,
    /// Create only: the owner salesman (default: the creating salesman).
    pub owner_user_id: Option<i64>,
    /// Create only: the office (default: the owner's office).
    pub office_id: Option<i64>,
}

/// A customer as the API shows it. Users whose roles see only the name, code and delivery
/// contact (technical, warehouse) get `view: "limited"` and the other fields null.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Customer {
    pub id: i64,
    #[schema(example = "C202600001")]
    pub code: String,
    #[schema(example = "河北纪元光电有限公司")]
    pub name: String,
    pub view: CustomerView,
    pub address: String,
    pub phone: String,
    pub credit_code: Option<String>,
    pub enterprise_nature: Option<String>,
    pub postal_code: Option<String>,
    pub industry: Option<String>,
    pub fax: Option<String>,
    pub superior_authority: Option<String>,
    pub registered_capital_fen: Option<i64>,
    pub legal_representative: Option<String>,
    pub registration_date: Option<NaiveDate>,
    pub enterprise_size: Option<String>,
    pub business_term: Option<String>,
    pub employees: Option<i64>,
    pub registration_authority: Option<String>,
    pub annual_revenue_fen: Option<i64>,
    pub net_assets_fen: Option<i64>,
    pub rmb_bank: Option<String>,
    pub rmb_account: Option<String>,
    pub fx_bank: Option<String>,
    pub fx_account: Option<String>,
    pub bank_rating: Option<String>,
    pub business_scope: Option<String>,
    pub owner_user_id: Option<i64>,
    pub owner_name: Option<String>,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    pub category: Option<Category>,
    pub grade: Option<Grade>,
    pub status: Option<Status>,
    pub key_customer: Option<bool>,
    /// 首次成交日期: the signing date of the first contract, unless the business department
    /// corrected it.
    pub first_deal_date: Option<NaiveDate>,
    pub tags: Option<Vec<String>>,
    /// True when the user sees the customer only through a loan (资料借阅): it may be read, not
    /// changed.
    pub borrowed: bool,
    /// True when the dossier has not been updated within the stale period.
    pub dossier_stale: Option<bool>,
    pub dossier_updated_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerView {
    Full,
    Limited,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CustomerQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Name, code, phone, credit code or pinyin (full or initials: `hbjy` finds 河北纪元).
    pub q: Option<String>,
    pub grade: Option<Grade>,
    pub category: Option<Category>,
    pub status: Option<Status>,
    pub office_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub key_customer: Option<bool>,
    /// Customers carrying this tag.
    pub tag: Option<String>,
    /// Only customers whose dossier is stale (true) or fresh (false).
    pub stale: Option<bool>,
    /// `code`, `name`, `grade`, `status`, `updated_at`, `created_at`; `-` for descending.
    pub sort: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"owner_user_id": 12, "office_id": 3, "reason": "业务员调岗"}))]
pub struct TransferCustomer {
    pub owner_user_id: i64,
    /// Default: the new owner's office.
    pub office_id: Option<i64>,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "active", "reason": "首笔合同签订"}))]
pub struct ChangeStatus {
    pub status: Status,
    pub reason: String,
}

/// The business manager's decision on a customer's category and key-customer flag, with its
/// reason (both values are sent: the decision is the pair).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "category": "big", "key_customer": true,
    "reason": "年协议金额超过 300 万元，列为大客户、重点客户"}))]
pub struct ClassifyCustomer {
    /// The customer's `version` as read (409 when stale).
    pub version: i64,
    /// 大客户 / 一般客户
    pub category: Category,
    /// 重点客户
    pub key_customer: bool,
    pub reason: String,
}

/// The business department's correction of the first-deal date, with its reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "first_deal_date": "2019-05-10",
    "reason": "首笔合同为系统上线前的纸质合同 HT-2019-031"}))]
pub struct CorrectFirstDeal {
    /// The customer's `version` as read (409 when stale).
    pub version: i64,
    /// Not in the future and not after the customer's first signed contract; `null` clears it
    /// (only for a customer without a signed contract).
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<NaiveDate>, required = true)]
    pub first_deal_date: Option<Option<NaiveDate>>,
    pub reason: String,
}

/// One owner/office transfer, status change, classification or first-deal date change.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerChange {
    pub id: i64,
    /// `transfer`, `status`, `classification` (values `big`/`general`, `+key` when a key
    /// customer) or `first_deal` (a date, empty for none).
    pub kind: String,
    pub from_value: String,
    pub to_value: String,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub at: DateTime<Utc>,
}

/// A customer as other domains name it: code and name, by id.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct CustomerRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// A customer as another domain's list row shows it: code, name, office and owner.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct CustomerLine {
    pub code: String,
    pub name: String,
    pub office_id: Option<i64>,
    pub owner_user_id: Option<i64>,
}

/// A line of the customer's history of decided changes (transfer, status, classification,
/// first deal): what changed, from what to what, and why.
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: &'static str,
    pub from: String,
    pub to: String,
    pub reason: String,
}
