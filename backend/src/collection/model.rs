use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{
    collection_case_actions, collection_cases, follow_up_actions, follow_up_tasks,
    payment_promises, write_offs,
};
use crate::policies::model::FollowUpAction;

/// Text of a stored enum and back (`stored_enum!` of credit control).
macro_rules! stored {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

pub fn action_str(a: FollowUpAction) -> &'static str {
    match a {
        FollowUpAction::Reminder => "reminder",
        FollowUpAction::Phone => "phone",
        FollowUpAction::Letter => "letter",
        FollowUpAction::Visit => "visit",
    }
}

pub fn parse_action(s: &str) -> FollowUpAction {
    match s {
        "phone" => FollowUpAction::Phone,
        "letter" => FollowUpAction::Letter,
        "visit" => FollowUpAction::Visit,
        _ => FollowUpAction::Reminder,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Closed,
}
stored!(TaskStatus { Open => "open", Closed => "closed" });

/// Why a task closed: its receivables were settled, or handed over to the planning department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CloseReason {
    Paid,
    HandedOver,
}
stored!(CloseReason { Paid => "paid", HandedOver => "handed_over" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromiseStatus {
    Open,
    /// Payments booked after it was recorded and received by its date reach its amount.
    Kept,
    /// Its date passed without that: the next follow-up level is raised at once.
    Broken,
}
stored!(PromiseStatus { Open => "open", Kept => "kept", Broken => "broken" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Closed,
}
stored!(CaseStatus { Open => "open", Closed => "closed" });

/// 追收方式: how the planning department pursues the debt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryMethod {
    /// 协商
    Negotiation,
    /// 律师函
    LawyerLetter,
    /// 诉讼
    Litigation,
    /// 和解
    Settlement,
    /// 分期还款
    InstalmentPlan,
    Other,
}
stored!(RecoveryMethod {
    Negotiation => "negotiation",
    LawyerLetter => "lawyer_letter",
    Litigation => "litigation",
    Settlement => "settlement",
    InstalmentPlan => "instalment_plan",
    Other => "other",
});

/// 结果: how a collection case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseOutcome {
    RecoveredFull,
    RecoveredPart,
    Settled,
    WrittenOff,
}
stored!(CaseOutcome {
    RecoveredFull => "recovered_full",
    RecoveredPart => "recovered_part",
    Settled => "settled",
    WrittenOff => "written_off",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WriteOffStatus {
    Pending,
    Approved,
    Rejected,
    Cancelled,
}
stored!(WriteOffStatus {
    Pending => "pending",
    Approved => "approved",
    Rejected => "rejected",
    Cancelled => "cancelled",
});

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_up_tasks)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct TaskRow {
    pub id: i64,
    pub customer_id: i64,
    pub level_days: i64,
    pub action: String,
    pub status: String,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub raised_by_promise_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A task to open.
#[derive(Debug, Clone)]
pub struct NewTaskRow {
    pub customer_id: i64,
    pub level_days: i64,
    pub action: &'static str,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub raised_by_promise_id: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A contract as a write-off names it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::contracts)]
pub struct ContractNumber {
    pub id: i64,
    pub number: String,
}

/// A task with its customer, as a list shows it.
#[derive(Debug, Clone, Queryable)]
pub struct TaskLine {
    pub task: TaskRow,
    pub customer: crate::customers::model::CustomerLine,
}

/// A case with its customer, as a list shows it.
#[derive(Debug, Clone, Queryable)]
pub struct CaseLine {
    pub case: CaseRow,
    pub customer: crate::customers::model::CustomerLine,
}

/// A write-off with its receivable's contract and its customer.
#[derive(Debug, Clone, Queryable)]
pub struct WriteOffLine {
    pub write_off: WriteOffRow,
    pub contract: ContractNumber,
    pub customer: crate::customers::model::CustomerRef,
}

/// A receivable that reached a level (or the hand-off) today, with its open balance.
#[derive(Debug, Clone, QueryableByName)]
pub struct Crossing {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub receivable_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub customer_id: i64,
    #[diesel(sql_type = diesel::sql_types::Date)]
    pub due_date: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub balance_fen: i64,
    /// The level it had reached before (0: none).
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub marked_level: i64,
}

/// A receivable carried by a task or a case, as shown.
#[derive(Debug, Clone, Queryable)]
pub struct ItemRow {
    pub owner_id: i64,
    pub receivable_id: i64,
    pub contract_id: i64,
    pub contract_number: String,
    pub shipping_note_id: Option<i64>,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub balance_then_fen: i64,
    pub balance_fen: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = follow_up_actions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ActionRow {
    pub id: i64,
    pub task_id: i64,
    pub kind: String,
    pub done_on: NaiveDate,
    pub contact: String,
    pub outcome: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = follow_up_actions)]
pub struct NewActionRow<'a> {
    pub task_id: i64,
    pub kind: &'static str,
    pub done_on: NaiveDate,
    pub contact: &'a str,
    pub outcome: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payment_promises)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PromiseRow {
    pub id: i64,
    pub task_id: i64,
    pub customer_id: i64,
    pub amount_fen: i64,
    pub made_on: NaiveDate,
    pub promised_on: NaiveDate,
    pub note: String,
    pub status: String,
    pub settled_on: Option<NaiveDate>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = payment_promises)]
pub struct NewPromiseRow<'a> {
    pub task_id: i64,
    pub customer_id: i64,
    pub amount_fen: i64,
    pub made_on: NaiveDate,
    pub promised_on: NaiveDate,
    pub note: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// An open promise with what the customer paid from the day it was made to its date.
#[derive(Debug, Clone, QueryableByName)]
pub struct PromiseStanding {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub task_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub amount_fen: i64,
    #[diesel(sql_type = diesel::sql_types::Date)]
    pub promised_on: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub paid_fen: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = collection_cases)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CaseRow {
    pub id: i64,
    pub customer_id: i64,
    pub status: String,
    pub opened_on: NaiveDate,
    pub assigned_to: Option<i64>,
    pub analysis: String,
    pub method: Option<String>,
    pub outcome: Option<String>,
    pub outcome_note: String,
    pub closed_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = collection_case_actions)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CaseActionRow {
    pub id: i64,
    pub case_id: i64,
    pub done_on: NaiveDate,
    pub method: String,
    pub note: String,
    pub cost_fen: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = collection_case_actions)]
pub struct NewCaseActionRow<'a> {
    pub case_id: i64,
    pub done_on: NaiveDate,
    pub method: &'static str,
    pub note: &'a str,
    pub cost_fen: i64,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = write_offs)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct WriteOffRow {
    pub id: i64,
    pub receivable_id: i64,
    pub customer_id: i64,
    pub case_id: Option<i64>,
    pub amount_fen: i64,
    pub reason: String,
    pub status: String,
    pub approval_id: Option<i64>,
    pub proposed_by: Option<i64>,
    pub proposed_at: NaiveDateTime,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub written_off_on: Option<NaiveDate>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = write_offs)]
pub struct NewWriteOffRow<'a> {
    pub receivable_id: i64,
    pub customer_id: i64,
    pub case_id: Option<i64>,
    pub amount_fen: i64,
    pub reason: &'a str,
    pub proposed_by: Option<i64>,
    pub proposed_at: NaiveDateTime,
}

// ---------------------------------------------------------------------------------------------
// API

/// A receivable a task or a case carries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectionItem {
    pub receivable_id: i64,
    pub contract_id: i64,
    pub contract_number: String,
    pub shipping_note_id: Option<i64>,
    pub due_date: NaiveDate,
    /// Days past the due date today.
    pub days_overdue: i64,
    pub amount_fen: i64,
    /// The open balance when it reached the level (or was handed over).
    pub balance_then_fen: i64,
    /// The open balance now.
    pub balance_fen: i64,
    /// Passed on to the planning department's collection case (a task's receivable).
    pub handed_over: bool,
}

/// 催收任务: one per customer and follow-up level, for the owner salesman (the office director
/// sees the office's).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpTask {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// The level: this many days overdue.
    pub level_days: i64,
    pub action: FollowUpAction,
    pub status: TaskStatus,
    pub opened_on: NaiveDate,
    /// To be acted on by (the policy's `credit.follow_up_act_working_days` working days).
    pub due_on: NaiveDate,
    /// Open, with no action recorded, past its due day.
    pub overdue: bool,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<CloseReason>,
    /// Raised at once by this broken promise.
    pub raised_by_promise_id: Option<i64>,
    /// Open balance of its receivables now.
    pub open_fen: i64,
    pub receivable_count: i64,
    pub last_action_on: Option<NaiveDate>,
    pub has_broken_promise: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpActionEntry {
    pub id: i64,
    pub kind: FollowUpAction,
    pub done_on: NaiveDate,
    pub contact: String,
    pub outcome: String,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// 承诺付款: an amount the customer promised to pay by a date.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaymentPromise {
    pub id: i64,
    pub task_id: i64,
    pub customer_id: i64,
    pub amount_fen: i64,
    pub made_on: NaiveDate,
    pub promised_on: NaiveDate,
    pub note: String,
    pub status: PromiseStatus,
    pub settled_on: Option<NaiveDate>,
    pub created_by_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowUpTaskDetail {
    pub task: FollowUpTask,
    pub items: Vec<CollectionItem>,
    pub actions: Vec<FollowUpActionEntry>,
    pub promises: Vec<PaymentPromise>,
    /// The user may record actions and promises (the owner salesman, the office director).
    pub can_act: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Only tasks of customers the user owns.
    pub mine: Option<bool>,
    pub status: Option<TaskStatus>,
    /// Open, not acted on, past the due day.
    pub overdue: Option<bool>,
    pub customer_id: Option<i64>,
    pub office_id: Option<i64>,
    pub level_days: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "phone", "done_on": "2026-12-03", "contact": "财务 李经理", "outcome": "答应月底前付一半"}))]
pub struct NewFollowUpAction {
    pub kind: FollowUpAction,
    pub done_on: NaiveDate,
    /// Whom the salesman reached.
    pub contact: String,
    pub outcome: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount_fen": 5000000, "promised_on": "2026-12-20", "note": "电话中承诺"}))]
pub struct NewPaymentPromise {
    pub amount_fen: i64,
    pub promised_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// 逾期追收案件: the planning department's case for a customer's debt beyond the normal period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectionCase {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    pub owner_name: Option<String>,
    pub status: CaseStatus,
    pub opened_on: NaiveDate,
    /// The planning department's member holding it (none until someone takes it).
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    /// 欠款分析
    pub analysis: String,
    pub method: Option<RecoveryMethod>,
    pub outcome: Option<CaseOutcome>,
    pub outcome_note: String,
    pub closed_on: Option<NaiveDate>,
    pub open_fen: i64,
    pub receivable_count: i64,
    /// Sum of the actions' costs.
    pub cost_fen: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseAction {
    pub id: i64,
    pub done_on: NaiveDate,
    pub method: RecoveryMethod,
    pub note: String,
    pub cost_fen: i64,
    pub created_by_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectionCaseDetail {
    pub case: CollectionCase,
    pub items: Vec<CollectionItem>,
    pub actions: Vec<CaseAction>,
    pub write_offs: Vec<WriteOff>,
    /// The user works the case (the planning department).
    pub can_work: bool,
    /// The user may propose a write-off (planning, finance).
    pub can_propose_write_off: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub status: Option<CaseStatus>,
    pub customer_id: Option<i64>,
    /// Only cases the user holds.
    pub mine: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"analysis": "客户资金链紧张，有房产可抵", "method": "lawyer_letter"}))]
pub struct CaseUpdate {
    pub analysis: Option<String>,
    pub method: Option<RecoveryMethod>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"done_on": "2026-12-03", "method": "lawyer_letter", "note": "发出律师函", "cost_fen": 200000}))]
pub struct NewCaseAction {
    pub done_on: NaiveDate,
    pub method: RecoveryMethod,
    pub note: String,
    #[serde(default)]
    pub cost_fen: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"outcome": "recovered_part", "note": "收回 60%，余款核销"}))]
pub struct CloseCase {
    pub outcome: CaseOutcome,
    #[serde(default)]
    pub note: String,
}

/// 坏账核销: a receivable's balance written off with the GM's approval.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WriteOff {
    pub id: i64,
    pub receivable_id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub contract_id: i64,
    pub contract_number: String,
    pub case_id: Option<i64>,
    pub amount_fen: i64,
    pub reason: String,
    pub status: WriteOffStatus,
    pub approval_id: Option<i64>,
    pub proposed_by_name: Option<String>,
    pub proposed_at: DateTime<Utc>,
    pub decided_by_name: Option<String>,
    pub written_off_on: Option<NaiveDate>,
    /// The customer's attachments offered as evidence.
    pub attachment_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"receivable_id": 12, "amount_fen": 3000000, "reason": "法院终结执行，无可执行财产", "attachment_ids": [5]}))]
pub struct NewWriteOff {
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub reason: String,
    /// Evidence: files uploaded to the customer's attachments first (at most 20).
    #[serde(default)]
    pub attachment_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WriteOffQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `approved` is the write-off register (坏账核销登记).
    pub status: Option<WriteOffStatus>,
    pub customer_id: Option<i64>,
    /// Written off on or after.
    pub from: Option<NaiveDate>,
    /// Written off on or before.
    pub to: Option<NaiveDate>,
}

/// What a run of the daily collection job did.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CollectionRun {
    pub run_on: NaiveDate,
    /// False: not a working day, or another instance had run (or is running) today's job.
    pub ran: bool,
    pub tasks_opened: i64,
    pub receivables_marked: i64,
    pub cases_opened: i64,
    pub receivables_handed_over: i64,
    pub promises_broken: i64,
    pub promises_kept: i64,
    pub tasks_closed: i64,
}

/// The customer card's collection: tasks, cases and promises, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerCollection {
    pub tasks: Vec<FollowUpTask>,
    pub cases: Vec<CollectionCase>,
    pub promises: Vec<PaymentPromise>,
}

/// A page of write-offs and the sum of every write-off the filters select.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WriteOffRegister {
    pub items: Vec<WriteOff>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// Sum of the amounts of all matching write-offs (not only this page).
    pub total_fen: i64,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::letter_templates)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct LetterTemplateRow {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
}

/// The dunning letter's template (催款函), kept by the business department. The body may name
/// `{customer_name}`, `{customer_code}`, `{date}`, `{total}` (the overdue total in 元),
/// `{count}` (how many receivables) and `{oldest_due_date}`; the table of overdue receivables
/// follows the body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LetterTemplate {
    pub title: String,
    pub body: String,
    /// The placeholders the body may use.
    pub placeholders: Vec<String>,
    /// None: the default text, never edited.
    pub updated_by_name: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    /// The user may edit it (the business department).
    pub can_edit: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "催款函", "body": "{customer_name}：\n截至{date}，贵司逾期未付货款共计{total}，明细如下。请于收函后七日内付清。"}))]
pub struct LetterTemplateUpdate {
    pub title: String,
    pub body: String,
}

/// An overdue receivable the letter lists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DunningItem {
    pub receivable_id: i64,
    pub contract_number: String,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    pub amount_fen: i64,
    pub balance_fen: i64,
}

/// A customer's dunning letter (催款函) as of today, from the template, ready to print.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DunningLetter {
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub date: NaiveDate,
    pub title: String,
    /// The template's body with its placeholders filled in.
    pub body: String,
    pub items: Vec<DunningItem>,
    pub total_fen: i64,
}

/// An open receivable past due, as the letter lists it.
#[derive(Debug, Clone, Queryable)]
pub struct OverdueRow {
    pub receivable_id: i64,
    pub contract_number: String,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub balance_fen: i64,
}
