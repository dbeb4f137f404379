//! Contracts (合同): drafted with lines by the salesman, reviewed (合同评审) by the business
//! department, signed (list prices taken on the signing date), completed or cancelled — every
//! status change by an explicit action.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::model::*;
use super::repo::{self, NewContractRow, ReviewDecision};
use super::rules::check_terms;
use crate::approvals::model::{ApprovalKind, ApprovalPayload, ApprovalRow, SpecialContractPayload};
use crate::approvals::service::Effect;
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Scope};
use crate::auth::AuthUser;
use crate::credit::check::CheckInput;
use crate::credit::model::CheckedDocument;
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{duplicate_on, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

fn find(conn: &mut DbConn, id: i64) -> ApiResult<ContractRow> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// The contract if the user may see its customer.
pub fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<ContractRow> {
    let row = find(conn, id)?;
    crate::customers::service::require_full_view(conn, auth, row.customer_id)?;
    Ok(row)
}

/// The contract if the user may change it: its customer is in the user's own scope (a loan,
/// 资料借阅, lends the customer's file for reading only).
fn load_for_change(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<ContractRow> {
    let row = find(conn, id)?;
    crate::customers::service::require_writable(conn, auth, row.customer_id)?;
    Ok(row)
}

fn line_dto(l: LineWithProduct) -> ContractLine {
    let (line, product) = (l.line, l.product);
    ContractLine {
        id: line.id,
        line_no: line.line_no,
        product_id: line.product_id,
        quantity: line.quantity,
        list_price_fen: line.list_price_fen,
        price_fen: line.price_fen,
        amount_fen: line.amount_fen,
        premium_bp: premium_bp(line.price_fen, line.list_price_fen),
        shipped_quantity: line.shipped_quantity,
        product_code: product.code,
        product_name: product.name,
        unit: product.unit,
    }
}

pub fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<ContractRow>,
    with_lines: bool,
) -> ApiResult<Vec<Contract>> {
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let customers = crate::customers::service::refs(conn, &customer_ids)?;
    let reviewers: Vec<i64> = rows.iter().filter_map(|r| r.reviewed_by).collect();
    let reviewer_names = crate::users::repo::display_names(conn, &reviewers)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut checks = crate::credit::check::latest(conn, CheckedDocument::Contract, &ids)?;
    let mut lines: HashMap<i64, Vec<ContractLine>> = HashMap::new();
    if with_lines {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        for l in repo::lines_of(conn, &ids)? {
            lines
                .entry(l.line.contract_id)
                .or_default()
                .push(line_dto(l));
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let customer = customers.get(&r.customer_id);
            Contract {
                id: r.id,
                number: r.number,
                customer_id: r.customer_id,
                customer_code: customer.map(|c| c.code.clone()).unwrap_or_default(),
                customer_name: customer.map(|c| c.name.clone()).unwrap_or_default(),
                status: ContractStatus::parse(&r.status),
                signed_on: r.signed_on,
                credit_period_days: r.credit_period_days,
                credit_form: CreditForm::parse(&r.credit_form),
                amount_fen: r.amount_fen,
                list_amount_fen: r.list_amount_fen,
                premium_bp: premium_bp(r.amount_fen, r.list_amount_fen),
                note: r.note,
                review_outcome: r.review_outcome.as_deref().map(|o| {
                    if o == "approved" {
                        ReviewOutcome::Approved
                    } else {
                        ReviewOutcome::Rejected
                    }
                }),
                review_note: r.review_note,
                reviewed_by_name: r.reviewed_by.and_then(|u| reviewer_names.get(&u).cloned()),
                reviewed_at: r.reviewed_at.map(|t| t.and_utc()),
                external_ref: r.external_ref,
                lines: with_lines.then(|| lines.remove(&r.id).unwrap_or_default()),
                credit_state: r
                    .credit_state
                    .as_deref()
                    .and_then(ContractCreditState::parse),
                credit_check: checks.remove(&r.id),
                special_approval_id: r.special_approval_id,
                pending_signed_on: r.pending_signed_on,
                version: r.version,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

pub fn get(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Contract> {
    let row = load(conn, auth, id)?;
    Ok(to_dtos(conn, vec![row], true)?.remove(0))
}

fn checked(errors: Vec<FieldError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Replace a contract's lines with list prices on `on`, and its amounts with theirs.
fn write_lines(
    conn: &mut DbConn,
    contract_id: i64,
    lines: &[ContractLineInput],
    on: NaiveDate,
) -> ApiResult<()> {
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let prices = crate::products::service::list_prices_on(conn, &ids, on)?;
    let active = crate::products::service::active_ids(conn, &ids)?;
    let mut errors = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if !active.contains(&l.product_id) {
            errors.push(FieldError::new(
                format!("lines[{i}].product_id"),
                "unknown",
                "no active product has this id",
            ));
        } else if !prices.contains_key(&l.product_id) {
            errors.push(FieldError::new(
                format!("lines[{i}].product_id"),
                "no_price",
                format!("the product has no list price on {on}"),
            ));
        }
    }
    checked(errors)?;
    let priced: Vec<PricedLine> = lines
        .iter()
        .map(|l| PricedLine {
            product_id: l.product_id,
            quantity: l.quantity,
            list_price_fen: prices[&l.product_id].price_fen,
            price_fen: l.price_fen,
        })
        .collect();
    repo::replace_lines(conn, contract_id, &priced)?;
    let (amount, list) = priced.iter().fold((0, 0), |(a, la), l| {
        (
            a + l.quantity * l.price_fen,
            la + l.quantity * l.list_price_fen,
        )
    });
    repo::set_amounts(conn, contract_id, amount, list)
}

fn next_number(conn: &mut DbConn, today: NaiveDate) -> ApiResult<String> {
    let seq =
        crate::db::numbering::advance_counter(conn, &format!("contract:{}", today.year()), 1)?;
    Ok(crate::db::numbering::expand_code(
        "HT{YYYY}{SEQ:5}",
        today.year(),
        today.month(),
        seq,
    ))
}

pub fn create(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewContract,
    today: NaiveDate,
) -> ApiResult<Contract> {
    crate::customers::service::require_writable(conn, auth, input.customer_id)?;
    let mut errors = Vec::new();
    check_terms(
        input.credit_period_days,
        &input.note,
        &input.lines,
        &mut errors,
    );
    let number = match &input.number {
        Some(n) if n.trim().is_empty() || n.trim().chars().count() > 40 => {
            errors.push(FieldError::new("number", "invalid", "1–40 characters"));
            String::new()
        }
        Some(n) => n.trim().to_string(),
        None => String::new(),
    };
    let external_ref = input
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if external_ref.is_some_and(|r| r.chars().count() > 100) {
        errors.push(FieldError::new(
            "external_ref",
            "too_long",
            "must be at most 100 characters",
        ));
    }
    checked(errors)?;
    let number = if number.is_empty() {
        next_number(conn, today)?
    } else {
        number
    };
    let new = NewContractRow {
        number: &number,
        customer_id: input.customer_id,
        credit_period_days: input.credit_period_days,
        credit_form: input.credit_form.as_str(),
        note: input.note.trim(),
        external_ref,
        created_by: auth.id,
        at: now(),
    };
    let id = repo::insert(conn, &new).map_err(duplicate_on(
        if external_ref.is_some() {
            "external_ref"
        } else {
            "number"
        },
        "a contract with this number or external reference exists",
    ))?;
    write_lines(conn, id, &input.lines, today)?;
    let created = get(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.create", "contract", id).after(&created),
    )?;
    Ok(created)
}

fn require_status(row: &ContractRow, allowed: &[ContractStatus], what: &str) -> ApiResult<()> {
    if allowed.contains(&ContractStatus::parse(&row.status)) {
        Ok(())
    } else {
        Err(ApiError::field(
            "status",
            "invalid",
            format!("a {} contract cannot be {what}", row.status),
        ))
    }
}

/// A compare-and-set that did not match is a stale version.
fn fresh(matched: bool) -> ApiResult<()> {
    if matched {
        Ok(())
    } else {
        Err(ApiError::StaleVersion)
    }
}

/// Compare-and-set of the row version with a status change.
fn transition(conn: &mut DbConn, id: i64, version: i64, to: ContractStatus) -> ApiResult<()> {
    fresh(repo::transition(conn, id, version, to, now())?)
}

pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &UpdateContract,
    today: NaiveDate,
) -> ApiResult<Contract> {
    let row = load_for_change(conn, auth, id)?;
    require_status(&row, &[ContractStatus::Draft], "changed")?;
    let before = get(conn, auth, id)?;
    let period = input.credit_period_days.unwrap_or(row.credit_period_days);
    let note = input.note.clone().unwrap_or(row.note.clone());
    let mut errors = Vec::new();
    let lines: Vec<ContractLineInput> = match &input.lines {
        Some(l) => l.clone(),
        None => before
            .lines
            .iter()
            .flatten()
            .map(|l| ContractLineInput {
                product_id: l.product_id,
                quantity: l.quantity,
                price_fen: l.price_fen,
            })
            .collect(),
    };
    check_terms(period, &note, &lines, &mut errors);
    checked(errors)?;
    let form = input
        .credit_form
        .map(|f| f.as_str())
        .unwrap_or(&row.credit_form);
    fresh(repo::update_terms(
        conn,
        id,
        input.version,
        period,
        form,
        note.trim(),
        now(),
    )?)?;
    if input.lines.is_some() {
        write_lines(conn, id, &lines, today)?;
    }
    let after = get(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.update", "contract", id)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// The review's outcome: the status it moves to and the signing date.
fn review_outcome(
    input: &ContractReview,
    today: NaiveDate,
) -> ApiResult<(ContractStatus, Option<NaiveDate>)> {
    match input.outcome {
        ReviewOutcome::Approved => {
            let Some(d) = input.signed_on else {
                return Err(ApiError::field("signed_on", "required", "the signing date"));
            };
            if d > today {
                return Err(ApiError::field(
                    "signed_on",
                    "out_of_range",
                    "must not be in the future",
                ));
            }
            Ok((ContractStatus::Signed, Some(d)))
        }
        ReviewOutcome::Rejected => {
            if input.note.trim().is_empty() {
                return Err(ApiError::field(
                    "note",
                    "required",
                    "say why the contract is sent back",
                ));
            }
            Ok((ContractStatus::Draft, None))
        }
    }
}

/// 合同评审 by the business department (contract writers who see every customer). Approval signs
/// the contract: list prices are taken on the signing date and the premium follows from them.
pub fn review(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &ContractReview,
    today: NaiveDate,
) -> ApiResult<Contract> {
    if auth.scope() < Scope::All || !auth.can(Area::Contracts, Access::Write) {
        return Err(ApiError::Forbidden);
    }
    let row = load(conn, auth, id)?;
    require_status(&row, &[ContractStatus::InReview], "reviewed")?;
    // Nobody decides their own request: the reviewer is neither who drew the contract up nor
    // who sent it to review.
    if [row.created_by, row.submitted_by].contains(&Some(auth.id)) {
        return Err(ApiError::SelfApproval);
    }
    if input.note.chars().count() > 2000 {
        return Err(ApiError::field(
            "note",
            "too_long",
            "must be at most 2000 characters",
        ));
    }
    if row.credit_state.as_deref() == Some(ContractCreditState::SpecialPending.as_str()) {
        return Err(ApiError::field(
            "status",
            "invalid",
            "a special contract waits for the general manager's decision",
        ));
    }
    let (to, signed_on) = review_outcome(input, today)?;
    let note = input.note.trim();
    let t = now();
    // The credit check: before signing, in this transaction, its result stored with the
    // contract. A contract that fails is a special contract: it waits for the GM.
    let credit_state = match signed_on {
        Some(d) => {
            let check = crate::credit::check::check(
                conn,
                &CheckInput {
                    document: CheckedDocument::Contract,
                    document_id: id,
                    customer_id: row.customer_id,
                    amount_fen: row.amount_fen,
                    credit_form: &row.credit_form,
                    contract_id: id,
                    special_approved: false,
                },
                today,
            )?;
            if !check.passed {
                return make_special(conn, auth, meta, &row, input.version, d, note, &check);
            }
            Some(ContractCreditState::Passed)
        }
        None => None,
    };
    let decision = ReviewDecision {
        to,
        signed_on,
        outcome: if to == ContractStatus::Signed {
            "approved"
        } else {
            "rejected"
        },
        note,
        reviewer: auth.id,
        at: t,
        credit_state: credit_state.map(ContractCreditState::as_str),
    };
    fresh(repo::record_review(conn, id, input.version, &decision)?)?;
    if let Some(d) = signed_on {
        sign_lines(conn, auth, meta, &row, d)?;
    }
    let after = get(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.review", "contract", id)
            .after(&serde_json::json!({"outcome": input.outcome, "note": input.note, "signed_on": signed_on})),
    )?;
    Ok(after)
}

/// List prices on the signing date, in one statement per line set, and the customer's first
/// deal.
fn sign_lines(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    row: &ContractRow,
    d: NaiveDate,
) -> ApiResult<()> {
    let inputs: Vec<ContractLineInput> = repo::lines_of(conn, &[row.id])?
        .into_iter()
        .map(|l| ContractLineInput {
            product_id: l.line.product_id,
            quantity: l.line.quantity,
            price_fen: l.line.price_fen,
        })
        .collect();
    write_lines(conn, row.id, &inputs, d)?;
    crate::customers::service::deal_signed(conn, auth, meta, row.customer_id, d, &row.number)
}

/// The review approved a contract that failed the credit check: it stays in review as a
/// special contract (超过信用范围的特殊合同) and goes to the GM with the check's figures.
#[allow(clippy::too_many_arguments)]
fn make_special(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    row: &ContractRow,
    version: i64,
    signed_on: NaiveDate,
    note: &str,
    check: &crate::credit::model::CreditCheck,
) -> ApiResult<Contract> {
    fresh(repo::mark_special(
        conn,
        row.id,
        version,
        signed_on,
        note,
        auth.id,
        now(),
    )?)?;
    let payload = SpecialContractPayload {
        contract_id: row.id,
        contract_number: row.number.clone(),
        amount_fen: row.amount_fen,
        exposure_fen: check.exposure_fen,
        limit_fen: check.limit_fen,
        signed_on,
        reasons: check.reasons.clone(),
    };
    let approval = crate::approvals::service::file(
        conn,
        auth,
        meta,
        &ApprovalPayload::SpecialContract(payload),
        Some(row.customer_id),
        &format!("特殊合同 {} / Special contract {}", row.number, row.number),
    )?;
    repo::set_special_approval(conn, row.id, Some(approval))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.special", "contract", row.id).after(&serde_json::json!({
            "approval_id": approval, "reasons": check.reasons, "exposure_fen": check.exposure_fen,
            "limit_fen": check.limit_fen, "signed_on": signed_on,
        })),
    )?;
    get(conn, auth, row.id)
}

fn special_contract_of(conn: &mut DbConn, row: &ApprovalRow) -> ApiResult<ContractRow> {
    match row.payload()? {
        ApprovalPayload::SpecialContract(p) => find(conn, p.contract_id),
        _ => Err(ApiError::internal("not a special contract request")),
    }
}

/// The GM's decision on a special contract, in the approval's transaction: approval signs it on
/// the date the review asked for; rejection returns it to draft.
pub fn on_special_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    approval: &ApprovalRow,
    decider: i64,
    approve: bool,
) -> ApiResult<Effect> {
    let row = special_contract_of(conn, approval)?;
    let gm = crate::auth::service::on_behalf_of(conn, decider)?;
    let t = now();
    if !repo::settle_special(conn, row.id, approve, t)? {
        return Err(ApiError::AlreadyDecided);
    }
    if approve {
        let d = row
            .pending_signed_on
            .ok_or_else(|| ApiError::internal("no signing date"))?;
        sign_lines(conn, &gm, meta, &row, d)?;
    }
    audit::record(
        conn,
        &gm.actor(),
        meta,
        Event::new(
            if approve {
                "contract.special_approve"
            } else {
                "contract.special_reject"
            },
            "contract",
            row.id,
        ),
    )?;
    Ok(Effect::Done)
}

/// The reviewer withdrew a special contract's request: the contract is back in review.
pub fn on_special_cancel(conn: &mut DbConn, approval: &ApprovalRow) -> ApiResult<()> {
    let row = special_contract_of(conn, approval)?;
    repo::reopen_review(conn, row.id, now())
}

/// The actions that move a contract's status (the review aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractStep {
    /// Send a draft to the business department's review.
    Submit,
    Complete,
    /// Cancel a contract nothing has been shipped against.
    Cancel,
}

impl ContractStep {
    /// The statuses it starts from, its description, where it leads, its audit action.
    fn rule(
        self,
    ) -> (
        &'static [ContractStatus],
        &'static str,
        ContractStatus,
        &'static str,
    ) {
        use ContractStatus::*;
        match self {
            ContractStep::Submit => (
                &[Draft],
                "submitted for review",
                InReview,
                "contract.submit",
            ),
            ContractStep::Complete => (&[Signed], "completed", Completed, "contract.complete"),
            ContractStep::Cancel => (
                &[Draft, InReview, Signed],
                "cancelled",
                Cancelled,
                "contract.cancel",
            ),
        }
    }
}

/// A status action on a contract in the user's own scope, by compare-and-set of the version;
/// who submits is recorded, a cancellation needs a reason and nothing shipped.
pub fn step(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &ContractAction,
    step: ContractStep,
) -> ApiResult<Contract> {
    let (from, what, to, action) = step.rule();
    let row = load_for_change(conn, auth, id)?;
    require_status(&row, from, what)?;
    let mut event = Event::new(action, "contract", id);
    if step == ContractStep::Cancel {
        let reason = input.reason.as_deref().unwrap_or("").trim();
        if reason.is_empty() {
            return Err(ApiError::field(
                "reason",
                "required",
                "say why the contract is cancelled",
            ));
        }
        if repo::any_shipped(conn, id)? {
            return Err(ApiError::field(
                "status",
                "invalid",
                "goods were shipped against this contract: complete it instead",
            ));
        }
        event = event.after(&serde_json::json!({ "reason": reason }));
        if row.credit_state.as_deref() == Some(ContractCreditState::SpecialPending.as_str()) {
            crate::approvals::service::void_pending(
                conn,
                &[ApprovalKind::SpecialContract],
                |p| matches!(p, ApprovalPayload::SpecialContract(s) if s.contract_id == id),
                now(),
            )?;
        }
    }
    transition(conn, id, input.version, to)?;
    if step == ContractStep::Submit {
        repo::set_submitted_by(conn, id, auth.id)?;
    }
    audit::record(conn, &auth.actor(), meta, event)?;
    get(conn, auth, id)
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ContractQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Contract>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (rows, total) = repo::list(conn, Viewer::of(auth), granted, q, limit, offset)?;
    Ok((to_dtos(conn, rows, false)?, total))
}

/// Reserve `quantity` of a contract line for a shipping note: false when more than remains.
pub fn reserve_for_shipping(conn: &mut DbConn, line_id: i64, quantity: i64) -> ApiResult<bool> {
    repo::reserve(conn, line_id, quantity)
}

/// Give a cancelled shipping note's quantity back to its contract line.
pub fn release_from_shipping(conn: &mut DbConn, line_id: i64, quantity: i64) -> ApiResult<()> {
    repo::release(conn, line_id, quantity)
}
