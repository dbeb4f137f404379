//! Contracts (合同): drafted with lines by the salesman, reviewed (合同评审) by the business
//! department, signed (list prices taken on the signing date), completed or cancelled — every
//! status change by an explicit action.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Scope};
use crate::auth::AuthUser;
use crate::customers::scope::Viewer;
use crate::db::schema::{contract_lines as cl, contracts as ct, customers, products, users};
use crate::db::{is_unique_violation, DbConn};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

type Row = (
    i64,
    String,
    i64,
    String,
    Option<NaiveDate>,
    i64,
    String,
    i64,
    i64,
    String,
    Option<String>,
    String,
    Option<i64>,
    Option<NaiveDateTime>,
    Option<String>,
    i64,
    NaiveDateTime,
    NaiveDateTime,
);

macro_rules! columns {
    () => {
        (
            ct::id,
            ct::number,
            ct::customer_id,
            ct::status,
            ct::signed_on,
            ct::credit_period_days,
            ct::credit_form,
            ct::amount_fen,
            ct::list_amount_fen,
            ct::note,
            ct::review_outcome,
            ct::review_note,
            ct::reviewed_by,
            ct::reviewed_at,
            ct::external_ref,
            ct::version,
            ct::created_at,
            ct::updated_at,
        )
    };
}

/// Who drew a contract up and who sent it to review.
#[derive(Queryable)]
struct Authors {
    created_by: Option<i64>,
    submitted_by: Option<i64>,
}

fn authors(conn: &mut DbConn, id: i64) -> ApiResult<Authors> {
    Ok(db_run!(conn, |c| ct::table
        .find(id)
        .select((ct::created_by, ct::submitted_by))
        .first::<Authors>(c))?)
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<Row> {
    db_run!(conn, |c| ct::table
        .find(id)
        .select(columns!())
        .first::<Row>(c)
        .optional())?
    .ok_or(ApiError::NotFound)
}

/// The contract if the user may see its customer.
pub fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Row> {
    let row = find(conn, id)?;
    crate::customers::service::require_full_view(conn, auth, row.2)?;
    Ok(row)
}

/// The contract if the user may change it: its customer is in the user's own scope (a loan,
/// 资料借阅, lends the customer's file for reading only).
fn load_for_change(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Row> {
    let row = find(conn, id)?;
    crate::customers::service::require_writable(conn, auth, row.2)?;
    Ok(row)
}

type LineRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
);

/// A line with its contract id and product: (contract, id, line no, product, quantity, list
/// price, price, amount, shipped, product code, name, unit).
type LineWithContract = (
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
);

fn lines_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<(i64, LineRow)>> {
    let rows: Vec<LineWithContract> = db_run!(conn, |c| cl::table
        .inner_join(products::table)
        .filter(cl::contract_id.eq_any(ids))
        .order((cl::contract_id, cl::line_no))
        .select((
            cl::contract_id,
            cl::id,
            cl::line_no,
            cl::product_id,
            cl::quantity,
            cl::list_price_fen,
            cl::price_fen,
            cl::amount_fen,
            cl::shipped_quantity,
            products::code,
            products::name,
            products::unit,
        ))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.0,
                (r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11),
            )
        })
        .collect())
}

pub fn to_dtos(conn: &mut DbConn, rows: Vec<Row>, with_lines: bool) -> ApiResult<Vec<Contract>> {
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let names: HashMap<i64, (String, String)> = db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(&customer_ids))
        .select((customers::id, customers::code, customers::name))
        .load::<(i64, String, String)>(c))?
    .into_iter()
    .map(|(id, code, name)| (id, (code, name)))
    .collect();
    let reviewers: Vec<i64> = rows.iter().filter_map(|r| r.12).collect();
    let reviewer_names: HashMap<i64, String> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&reviewers))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let mut lines: HashMap<i64, Vec<ContractLine>> = HashMap::new();
    if with_lines {
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        for (contract, l) in lines_of(conn, &ids)? {
            lines.entry(contract).or_default().push(ContractLine {
                id: l.0,
                line_no: l.1,
                product_id: l.2,
                quantity: l.3,
                list_price_fen: l.4,
                price_fen: l.5,
                amount_fen: l.6,
                premium_bp: premium_bp(l.5, l.4),
                shipped_quantity: l.7,
                product_code: l.8,
                product_name: l.9,
                unit: l.10,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name) = names.get(&r.2).cloned().unwrap_or_default();
            Contract {
                id: r.0,
                number: r.1,
                customer_id: r.2,
                customer_code: code,
                customer_name: name,
                status: ContractStatus::parse(&r.3),
                signed_on: r.4,
                credit_period_days: r.5,
                credit_form: CreditForm::parse(&r.6),
                amount_fen: r.7,
                list_amount_fen: r.8,
                premium_bp: premium_bp(r.7, r.8),
                note: r.9,
                review_outcome: r.10.as_deref().map(|o| {
                    if o == "approved" {
                        ReviewOutcome::Approved
                    } else {
                        ReviewOutcome::Rejected
                    }
                }),
                review_note: r.11,
                reviewed_by_name: r.12.and_then(|u| reviewer_names.get(&u).cloned()),
                reviewed_at: r.13.map(|t| t.and_utc()),
                external_ref: r.14,
                lines: with_lines.then(|| lines.remove(&r.0).unwrap_or_default()),
                version: r.15,
                created_at: r.16.and_utc(),
                updated_at: r.17.and_utc(),
            }
        })
        .collect())
}

pub fn get(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Contract> {
    let row = load(conn, auth, id)?;
    Ok(to_dtos(conn, vec![row], true)?.remove(0))
}

fn check_terms(
    credit_period_days: i64,
    note: &str,
    lines: &[ContractLineInput],
    errors: &mut Vec<FieldError>,
) {
    if !(0..=365).contains(&credit_period_days) {
        errors.push(FieldError::new(
            "credit_period_days",
            "out_of_range",
            "0–365 days",
        ));
    }
    if note.chars().count() > 2000 {
        errors.push(FieldError::new(
            "note",
            "too_long",
            "must be at most 2000 characters",
        ));
    }
    if lines.is_empty() {
        errors.push(FieldError::new("lines", "required", "at least one line"));
    }
    if lines.len() > 500 {
        errors.push(FieldError::new("lines", "too_long", "at most 500 lines"));
    }
    for (i, l) in lines.iter().enumerate() {
        if !(1..=1_000_000_000).contains(&l.quantity) {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "1 or more",
            ));
        }
        if !(0..=100_000_000_000).contains(&l.price_fen) {
            errors.push(FieldError::new(
                format!("lines[{i}].price_fen"),
                "out_of_range",
                "from 0 to 10亿元",
            ));
        }
        if l.quantity
            .checked_mul(l.price_fen)
            .is_none_or(|a| a > 1_000_000_000_000_000)
        {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "the line amount is too large",
            ));
        }
    }
}

/// Replace a contract's lines, with list prices on `on`; returns (amount, list amount).
fn write_lines(
    conn: &mut DbConn,
    contract_id: i64,
    lines: &[ContractLineInput],
    on: NaiveDate,
) -> ApiResult<(i64, i64)> {
    let ids: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let prices = crate::products::list_prices_on(conn, &ids, on)?;
    let active: Vec<i64> = db_run!(conn, |c| products::table
        .filter(products::id.eq_any(&ids))
        .filter(products::active.eq(true))
        .select(products::id)
        .load(c))?;
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
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    db_run!(conn, |c| diesel::delete(
        cl::table.filter(cl::contract_id.eq(contract_id))
    )
    .execute(c))?;
    let rows: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let list = prices[&l.product_id].0;
            (
                cl::contract_id.eq(contract_id),
                cl::line_no.eq(i as i64 + 1),
                cl::product_id.eq(l.product_id),
                cl::quantity.eq(l.quantity),
                cl::list_price_fen.eq(list),
                cl::price_fen.eq(l.price_fen),
                cl::amount_fen.eq(l.quantity * l.price_fen),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(cl::table)
        .values(&rows)
        .execute(c))?;
    Ok(lines.iter().fold((0, 0), |(a, la), l| {
        (
            a + l.quantity * l.price_fen,
            la + l.quantity * prices[&l.product_id].0,
        )
    }))
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
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let number = if number.is_empty() {
        next_number(conn, today)?
    } else {
        number
    };
    let t = now();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(ct::table)
        .values((
            ct::number.eq(&number),
            ct::customer_id.eq(input.customer_id),
            ct::credit_period_days.eq(input.credit_period_days),
            ct::credit_form.eq(input.credit_form.as_str()),
            ct::note.eq(input.note.trim()),
            ct::external_ref.eq(external_ref),
            ct::created_by.eq(Some(auth.id)),
            ct::created_at.eq(t),
            ct::updated_at.eq(t),
        ))
        .returning(ct::id)
        .get_result(c))
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(
                if external_ref.is_some() {
                    "external_ref"
                } else {
                    "number"
                },
                "duplicate",
                "a contract with this number or external reference exists",
            )])
        } else {
            e.into()
        }
    })?;
    let (amount, list) = write_lines(conn, id, &input.lines, today)?;
    db_run!(conn, |c| diesel::update(ct::table.find(id))
        .set((ct::amount_fen.eq(amount), ct::list_amount_fen.eq(list)))
        .execute(c))?;
    let created = get(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.create", "contract", id).after(&created),
    )?;
    Ok(created)
}

fn require_status(row: &Row, allowed: &[ContractStatus], what: &str) -> ApiResult<()> {
    if allowed.contains(&ContractStatus::parse(&row.3)) {
        Ok(())
    } else {
        Err(ApiError::field(
            "status",
            "invalid",
            format!("a {} contract cannot be {what}", row.3),
        ))
    }
}

/// Compare-and-set of the row version with a status change.
fn transition(conn: &mut DbConn, id: i64, version: i64, to: ContractStatus) -> ApiResult<()> {
    let n = db_run!(conn, |c| diesel::update(
        ct::table
            .filter(ct::id.eq(id))
            .filter(ct::version.eq(version))
    )
    .set((
        ct::status.eq(to.as_str()),
        ct::version.eq(ct::version + 1),
        ct::updated_at.eq(now()),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    Ok(())
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
    let period = input.credit_period_days.unwrap_or(row.5);
    let note = input.note.clone().unwrap_or(row.9.clone());
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
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let n = db_run!(conn, |c| diesel::update(
        ct::table
            .filter(ct::id.eq(id))
            .filter(ct::version.eq(input.version))
    )
    .set((
        ct::credit_period_days.eq(period),
        ct::credit_form.eq(input.credit_form.map(|f| f.as_str()).unwrap_or(&row.6)),
        ct::note.eq(note.trim()),
        ct::version.eq(ct::version + 1),
        ct::updated_at.eq(now()),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    if input.lines.is_some() {
        let (amount, list) = write_lines(conn, id, &lines, today)?;
        db_run!(conn, |c| diesel::update(ct::table.find(id))
            .set((ct::amount_fen.eq(amount), ct::list_amount_fen.eq(list)))
            .execute(c))?;
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

/// Send a draft to the business department's review.
pub fn submit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<Contract> {
    let row = load_for_change(conn, auth, id)?;
    require_status(&row, &[ContractStatus::Draft], "submitted for review")?;
    transition(conn, id, version, ContractStatus::InReview)?;
    db_run!(conn, |c| diesel::update(ct::table.find(id))
        .set(ct::submitted_by.eq(Some(auth.id)))
        .execute(c))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.submit", "contract", id),
    )?;
    get(conn, auth, id)
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
    let people = authors(conn, id)?;
    if [people.created_by, people.submitted_by].contains(&Some(auth.id)) {
        return Err(ApiError::SelfApproval);
    }
    if input.note.chars().count() > 2000 {
        return Err(ApiError::field(
            "note",
            "too_long",
            "must be at most 2000 characters",
        ));
    }
    let (to, signed_on) = match input.outcome {
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
            (ContractStatus::Signed, Some(d))
        }
        ReviewOutcome::Rejected => {
            if input.note.trim().is_empty() {
                return Err(ApiError::field(
                    "note",
                    "required",
                    "say why the contract is sent back",
                ));
            }
            (ContractStatus::Draft, None)
        }
    };
    // The credit check of the credit-control area belongs here: before signing, in this
    // transaction, with its result stored on the contract.
    let n = db_run!(conn, |c| diesel::update(
        ct::table
            .filter(ct::id.eq(id))
            .filter(ct::version.eq(input.version))
    )
    .set((
        ct::status.eq(to.as_str()),
        ct::signed_on.eq(signed_on),
        ct::review_outcome.eq(Some(if to == ContractStatus::Signed {
            "approved"
        } else {
            "rejected"
        })),
        ct::review_note.eq(input.note.trim()),
        ct::reviewed_by.eq(Some(auth.id)),
        ct::reviewed_at.eq(Some(now())),
        ct::version.eq(ct::version + 1),
        ct::updated_at.eq(now()),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    if let Some(d) = signed_on {
        // List prices on the signing date, in one statement per line set.
        let lines = lines_of(conn, &[id])?;
        let inputs: Vec<ContractLineInput> = lines
            .iter()
            .map(|(_, l)| ContractLineInput {
                product_id: l.2,
                quantity: l.3,
                price_fen: l.5,
            })
            .collect();
        let (amount, list) = write_lines(conn, id, &inputs, d)?;
        db_run!(conn, |c| diesel::update(ct::table.find(id))
            .set((ct::amount_fen.eq(amount), ct::list_amount_fen.eq(list)))
            .execute(c))?;
        crate::customers::service::deal_signed(conn, auth, meta, row.2, d, &row.1)?;
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

pub fn complete(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<Contract> {
    let row = load_for_change(conn, auth, id)?;
    require_status(&row, &[ContractStatus::Signed], "completed")?;
    transition(conn, id, version, ContractStatus::Completed)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.complete", "contract", id),
    )?;
    get(conn, auth, id)
}

/// Cancel a contract nothing has been shipped against.
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
    reason: &str,
) -> ApiResult<Contract> {
    let row = load_for_change(conn, auth, id)?;
    require_status(
        &row,
        &[
            ContractStatus::Draft,
            ContractStatus::InReview,
            ContractStatus::Signed,
        ],
        "cancelled",
    )?;
    if reason.trim().is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "say why the contract is cancelled",
        ));
    }
    let shipped: i64 = db_run!(conn, |c| cl::table
        .filter(cl::contract_id.eq(id))
        .filter(cl::shipped_quantity.gt(0))
        .count()
        .get_result(c))?;
    if shipped > 0 {
        return Err(ApiError::field(
            "status",
            "invalid",
            "goods were shipped against this contract: complete it instead",
        ));
    }
    transition(conn, id, version, ContractStatus::Cancelled)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("contract.cancel", "contract", id)
            .after(&serde_json::json!({"reason": reason.trim()})),
    )?;
    get(conn, auth, id)
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ContractQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Contract>, i64)> {
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let pattern = q.q.as_ref().map(|s| crate::db::contains_pattern(s.trim()));
    macro_rules! filtered {
        () => {{
            let visible = crate::customer_scope_filter!(
                customers::table.into_boxed(),
                viewer,
                granted.clone()
            )
            .select(customers::id);
            let mut query = ct::table
                .filter(ct::customer_id.eq_any(visible))
                .into_boxed();
            if let Some(cid) = q.customer_id {
                query = query.filter(ct::customer_id.eq(cid));
            }
            if let Some(s) = q.status {
                query = query.filter(ct::status.eq(s.as_str()));
            }
            if let Some(p) = &pattern {
                query = query.filter(ct::number.like(p.clone()).escape('\\'));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<Row> = db_run!(conn, |c| filtered!()
        .order(ct::id.desc())
        .limit(limit)
        .offset(offset)
        .select(columns!())
        .load(c))?;
    Ok((to_dtos(conn, rows, false)?, total))
}
