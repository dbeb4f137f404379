//! Customer master rules and transactions.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::model::{
    Category, Change, ChangeStatus, ClassifyCustomer, CorrectFirstDeal, Customer, CustomerChange,
    CustomerForm, CustomerLine, CustomerQuery, CustomerRef, CustomerRow, CustomerView, Grade,
    Status, TransferCustomer,
};
use super::repo;
use super::rules;
use super::scope::Viewer;
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Role, Scope};
use crate::auth::AuthUser;
use crate::db::{is_unique_violation, DbConn};
use crate::error::{ApiError, ApiResult, DuplicateOf, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

pub fn stale_before(conn: &mut DbConn, now: NaiveDateTime) -> ApiResult<NaiveDateTime> {
    let months = crate::settings::service::read(conn)?.dossier_stale_months;
    Ok(now.checked_sub_months(Months::new(months)).unwrap_or(now))
}

/// The API view of rows as `viewer` sees them, with owner and office names (two queries for any
/// number of rows).
pub fn to_dtos(
    conn: &mut DbConn,
    viewer: &Viewer,
    rows: Vec<(CustomerRow, CustomerView)>,
    stale_before: NaiveDateTime,
) -> ApiResult<Vec<Customer>> {
    let user_ids: Vec<i64> = rows.iter().filter_map(|(r, _)| r.owner_user_id).collect();
    let office_ids: Vec<i64> = rows.iter().filter_map(|(r, _)| r.office_id).collect();
    let (users, offices) = repo::names(conn, &user_ids, &office_ids)?;
    Ok(rows
        .into_iter()
        .map(|(r, view)| {
            let full = view == CustomerView::Full;
            let f = |v: String| full.then_some(v);
            Customer {
                id: r.id,
                code: r.code.clone(),
                name: r.name.clone(),
                view,
                address: r.address.clone(),
                phone: r.phone.clone(),
                credit_code: if full { r.credit_code.clone() } else { None },
                enterprise_nature: f(r.enterprise_nature.clone()),
                postal_code: f(r.postal_code.clone()),
                industry: f(r.industry.clone()),
                fax: f(r.fax.clone()),
                superior_authority: f(r.superior_authority.clone()),
                registered_capital_fen: r.registered_capital_fen.filter(|_| full),
                legal_representative: f(r.legal_representative.clone()),
                registration_date: r.registration_date.filter(|_| full),
                enterprise_size: f(r.enterprise_size.clone()),
                business_term: f(r.business_term.clone()),
                employees: r.employees.filter(|_| full),
                registration_authority: f(r.registration_authority.clone()),
                annual_revenue_fen: r.annual_revenue_fen.filter(|_| full),
                net_assets_fen: r.net_assets_fen.filter(|_| full),
                rmb_bank: f(r.rmb_bank.clone()),
                rmb_account: f(r.rmb_account.clone()),
                fx_bank: f(r.fx_bank.clone()),
                fx_account: f(r.fx_account.clone()),
                bank_rating: f(r.bank_rating.clone()),
                business_scope: f(r.business_scope.clone()),
                owner_user_id: r.owner_user_id.filter(|_| full),
                owner_name: r
                    .owner_user_id
                    .and_then(|u| users.get(&u).cloned())
                    .filter(|_| full),
                office_id: r.office_id.filter(|_| full),
                office_name: r
                    .office_id
                    .and_then(|o| offices.get(&o).cloned())
                    .filter(|_| full),
                category: full.then(|| Category::parse(&r.category)),
                grade: r.grade.as_deref().and_then(Grade::parse).filter(|_| full),
                status: full.then(|| Status::parse(&r.status)),
                key_customer: full.then_some(r.key_customer),
                first_deal_date: r.first_deal_date.filter(|_| full),
                tags: full.then(|| r.tag_list()),
                borrowed: full && !viewer.may_change(&r),
                dossier_stale: full.then_some(r.dossier_updated_at < stale_before),
                dossier_updated_at: full.then(|| r.dossier_updated_at.and_utc()),
                version: r.version,
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

/// Load a customer the viewer may see (404 otherwise), with how it is seen.
pub fn load_visible(
    conn: &mut DbConn,
    viewer: &Viewer,
    id: i64,
) -> ApiResult<(CustomerRow, CustomerView)> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let granted = viewer.scope < Scope::All && repo::has_grant(conn, viewer.user_id, id, now())?;
    let view = viewer.view_of(&row, granted).ok_or(ApiError::OutOfScope)?;
    Ok((row, view))
}

/// A customer the user may change (404 otherwise): one of the user's own scope. A loan
/// (资料借阅) lends a customer for reading only, so for any change a borrowed customer is
/// outside the scope like any other — the same 404 the user had before the loan.
pub fn load_writable(conn: &mut DbConn, viewer: &Viewer, id: i64) -> ApiResult<CustomerRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if !viewer.may_change(&row) {
        return Err(ApiError::OutOfScope);
    }
    Ok(row)
}

/// The customer, which the user must hold in its own scope to change anything of it (its
/// dossier, files, contracts, visits): 404 otherwise, also when it is only borrowed.
pub fn require_writable(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    load_writable(conn, &Viewer::of(auth), customer_id).map(|_| ())
}

/// The customer, which the user must see in full (its ledger, its files): 404 otherwise.
pub fn require_full_view(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    let (_, view) = load_visible(conn, &Viewer::of(auth), customer_id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    Ok(())
}

/// Customers lent to the user (资料借阅), for list filters; none needed for whole-company scopes.
pub fn lent_to(conn: &mut DbConn, auth: &AuthUser) -> ApiResult<Vec<i64>> {
    if auth.scope() < Scope::All {
        repo::active_grants(conn, auth.id, now())
    } else {
        Ok(Vec::new())
    }
}

pub fn get(conn: &mut DbConn, viewer: &Viewer, id: i64) -> ApiResult<Customer> {
    let (row, view) = load_visible(conn, viewer, id)?;
    let stale = stale_before(conn, now())?;
    Ok(to_dtos(conn, viewer, vec![(row, view)], stale)?.remove(0))
}

pub fn list(
    conn: &mut DbConn,
    viewer: Viewer,
    q: &CustomerQuery,
    sort: &[(String, bool)],
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Customer>, i64)> {
    // Limited roles (technical, warehouse) see name and code only: filtering or sorting by what
    // they cannot see would reveal it.
    if viewer.scope == Scope::Limited {
        let hidden = [
            ("grade", q.grade.is_some()),
            ("category", q.category.is_some()),
            ("status", q.status.is_some()),
            ("office_id", q.office_id.is_some()),
            ("owner_user_id", q.owner_user_id.is_some()),
            ("key_customer", q.key_customer.is_some()),
            ("tag", q.tag.is_some()),
            ("stale", q.stale.is_some()),
            (
                "sort",
                sort.iter().any(|(f, _)| f == "grade" || f == "status"),
            ),
        ];
        if let Some((field, _)) = hidden.iter().find(|(_, set)| *set) {
            return Err(ApiError::InvalidQuery(vec![FieldError::new(
                *field,
                "forbidden",
                "not available to your role",
            )]));
        }
    }
    let t = now();
    let stale = stale_before(conn, t)?;
    let needle =
        q.q.as_deref()
            .map(rules::search_needle)
            .filter(|n| !n.is_empty());
    let (rows, total) = repo::list(conn, viewer, q, needle, stale, sort, t, limit, offset)?;
    let views: Vec<(CustomerRow, CustomerView)> = if viewer.scope == Scope::Limited {
        // Limited roles see name and code only, except customers lent to them.
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let granted = repo::granted_ids(conn, viewer.user_id, &ids, t)?;
        rows.into_iter()
            .map(|r| {
                let view = if granted.contains(&r.id) {
                    CustomerView::Full
                } else {
                    CustomerView::Limited
                };
                (r, view)
            })
            .collect()
    } else {
        rows.into_iter().map(|r| (r, CustomerView::Full)).collect()
    };
    Ok((to_dtos(conn, &viewer, views, stale)?, total))
}

const MAX_TEXT: usize = 500;

fn text(
    field: &str,
    value: Option<String>,
    target: &mut String,
    max: usize,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        let v = v.trim().to_string();
        if v.chars().count() > max {
            errors.push(FieldError::new(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            ));
        }
        *target = v;
    }
}

fn amount(
    field: &str,
    value: Option<Option<i64>>,
    target: &mut Option<i64>,
    allow_negative: bool,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        if !allow_negative && v.is_some_and(|a| a < 0) {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                "must not be negative",
            ));
        }
        *target = v;
    }
}

fn past_date(
    field: &str,
    value: Option<Option<NaiveDate>>,
    target: &mut Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) {
    if let Some(v) = value {
        if v.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                field,
                "out_of_range",
                "must not be in the future",
            ));
        }
        *target = v;
    }
}

/// Apply the form's present fields onto `row` and validate the result.
pub(super) fn apply_form(
    row: &mut CustomerRow,
    form: CustomerForm,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut e = Vec::new();
    if let Some(name) = form.name {
        row.name = name.trim().to_string();
    }
    if row.name.is_empty() {
        e.push(FieldError::new(
            "name",
            "required",
            "the customer's name is required",
        ));
    } else if row.name.chars().count() > 200 {
        e.push(FieldError::new(
            "name",
            "too_long",
            "must be at most 200 characters",
        ));
    }
    if let Some(cc) = form.credit_code {
        row.credit_code = cc
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty());
    }
    if let Some(problem) = row.credit_code.as_deref().and_then(rules::uscc_problem) {
        e.push(FieldError::new("credit_code", "invalid", problem));
    }
    text("address", form.address, &mut row.address, MAX_TEXT, &mut e);
    text(
        "enterprise_nature",
        form.enterprise_nature,
        &mut row.enterprise_nature,
        100,
        &mut e,
    );
    text(
        "postal_code",
        form.postal_code,
        &mut row.postal_code,
        6,
        &mut e,
    );
    if !rules::postal_code_ok(&row.postal_code) {
        e.push(FieldError::new("postal_code", "invalid", "six digits"));
    }
    text("industry", form.industry, &mut row.industry, 100, &mut e);
    text("phone", form.phone, &mut row.phone, 40, &mut e);
    if !rules::phone_ok(&row.phone) {
        e.push(FieldError::new(
            "phone",
            "invalid",
            "7–20 digits with spaces, '-', '(', ')' or a leading '+'",
        ));
    }
    text("fax", form.fax, &mut row.fax, 40, &mut e);
    if !rules::phone_ok(&row.fax) {
        e.push(FieldError::new(
            "fax",
            "invalid",
            "7–20 digits with spaces, '-', '(', ')' or a leading '+'",
        ));
    }
    text(
        "superior_authority",
        form.superior_authority,
        &mut row.superior_authority,
        200,
        &mut e,
    );
    amount(
        "registered_capital_fen",
        form.registered_capital_fen,
        &mut row.registered_capital_fen,
        false,
        &mut e,
    );
    text(
        "legal_representative",
        form.legal_representative,
        &mut row.legal_representative,
        100,
        &mut e,
    );
    past_date(
        "registration_date",
        form.registration_date,
        &mut row.registration_date,
        today,
        &mut e,
    );
    text(
        "enterprise_size",
        form.enterprise_size,
        &mut row.enterprise_size,
        100,
        &mut e,
    );
    text(
        "business_term",
        form.business_term,
        &mut row.business_term,
        100,
        &mut e,
    );
    amount(
        "employees",
        form.employees,
        &mut row.employees,
        false,
        &mut e,
    );
    text(
        "registration_authority",
        form.registration_authority,
        &mut row.registration_authority,
        200,
        &mut e,
    );
    amount(
        "annual_revenue_fen",
        form.annual_revenue_fen,
        &mut row.annual_revenue_fen,
        false,
        &mut e,
    );
    amount(
        "net_assets_fen",
        form.net_assets_fen,
        &mut row.net_assets_fen,
        true,
        &mut e,
    );
    text("rmb_bank", form.rmb_bank, &mut row.rmb_bank, 200, &mut e);
    text(
        "rmb_account",
        form.rmb_account,
        &mut row.rmb_account,
        60,
        &mut e,
    );
    text("fx_bank", form.fx_bank, &mut row.fx_bank, 200, &mut e);
    text(
        "fx_account",
        form.fx_account,
        &mut row.fx_account,
        60,
        &mut e,
    );
    text(
        "bank_rating",
        form.bank_rating,
        &mut row.bank_rating,
        50,
        &mut e,
    );
    text(
        "business_scope",
        form.business_scope,
        &mut row.business_scope,
        2000,
        &mut e,
    );
    if let Some(tags) = form.tags {
        let mut clean: Vec<String> = Vec::new();
        for (i, t) in tags.iter().enumerate() {
            let t = t.trim();
            if t.is_empty() || t.chars().count() > 30 || t.contains(',') {
                e.push(FieldError::new(
                    format!("tags[{i}]"),
                    "invalid",
                    "1–30 characters without commas",
                ));
            } else if !clean.iter().any(|c| c == t) {
                clean.push(t.to_string());
            }
        }
        if clean.len() > 20 {
            e.push(FieldError::new("tags", "too_long", "at most 20 tags"));
        }
        row.tags = clean.join(",");
    }
    row.name_key = rules::name_key(&row.name);
    row.search_text = rules::search_text(
        &row.name,
        &row.code,
        &row.phone,
        &row.fax,
        row.credit_code.as_deref(),
    );
    e
}

/// Refuse a duplicate credit code or name, pointing to the existing customer only when the
/// user may see it.
fn check_duplicates(conn: &mut DbConn, viewer: &Viewer, row: &CustomerRow) -> ApiResult<()> {
    let by_code = match &row.credit_code {
        Some(cc) => repo::find_by_credit_code(conn, cc)?
            .filter(|x| x.id != row.id)
            .map(|x| ("credit_code", x)),
        None => None,
    };
    let hit = match by_code {
        Some(h) => Some(h),
        None => repo::find_by_name_key(conn, &row.name_key)?
            .filter(|x| x.id != row.id)
            .map(|x| ("name", x)),
    };
    if let Some((field, existing)) = hit {
        let granted =
            viewer.scope < Scope::All && repo::has_grant(conn, viewer.user_id, existing.id, now())?;
        let visible = viewer.view_of(&existing, granted) == Some(CustomerView::Full);
        return Err(ApiError::DuplicateCustomer {
            field,
            existing: visible.then(|| DuplicateOf {
                id: existing.id,
                code: existing.code.clone(),
                name: existing.name.clone(),
            }),
        });
    }
    Ok(())
}

fn next_code(conn: &mut DbConn, today: NaiveDate) -> ApiResult<String> {
    Ok(reserve_codes(conn, today, 1)?.remove(0))
}

/// `n` new customer codes from the configured pattern, reserved in one statement.
pub fn reserve_codes(conn: &mut DbConn, today: NaiveDate, n: usize) -> ApiResult<Vec<String>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let pattern = crate::settings::service::read(conn)?.customer_code_pattern;
    // One sequence per year when the pattern carries the year, so numbers restart each year.
    let counter = if pattern.contains("{YY") {
        format!("customer_code:{}", today.year())
    } else {
        "customer_code".into()
    };
    let last = crate::db::numbering::advance_counter(conn, &counter, n as i64)?;
    Ok((last - n as i64 + 1..=last)
        .map(|seq| crate::db::numbering::expand_code(&pattern, today.year(), today.month(), seq))
        .collect())
}

/// Who owns a new customer and in which office: looks up the named owner and office, then
/// applies [`assign_owner`].
fn owner_and_office(
    conn: &mut DbConn,
    auth: &AuthUser,
    form: &CustomerForm,
    errors: &mut Vec<FieldError>,
) -> ApiResult<(Option<i64>, Option<i64>)> {
    let owner_row = match form.owner_user_id {
        Some(o) => crate::users::repo::find(conn, o)?.filter(|u| u.active && u.kind == "person"),
        None => None,
    };
    let office_exists = match form.office_id {
        Some(o) => crate::offices::repo::find(conn, o)?.is_some(),
        None => true,
    };
    Ok(assign_owner(
        auth,
        form.owner_user_id,
        owner_row.as_ref(),
        form.office_id,
        office_exists,
        errors,
    ))
}

/// Who owns a new customer and in which office, as the creator may decide: a salesman creates
/// its own customers, a director customers of its office. `owner_row` is the active person
/// `owner` names (None when there is none).
pub(super) fn assign_owner(
    auth: &AuthUser,
    owner: Option<i64>,
    owner_row: Option<&crate::users::model::UserRow>,
    office_id: Option<i64>,
    office_exists: bool,
    errors: &mut Vec<FieldError>,
) -> (Option<i64>, Option<i64>) {
    let scope = auth.scope();
    let named = owner.is_some();
    let owner = match owner {
        Some(o) => Some(o),
        None if auth.roles.contains(&Role::Salesman) => Some(auth.id),
        None => None,
    };
    if named && owner_row.is_none() {
        errors.push(FieldError::new(
            "owner_user_id",
            "unknown_user",
            "no active user has this id",
        ));
    }
    let office = office_id
        .or(owner_row.and_then(|u| u.office_id))
        .or(auth.office_id);
    if !office_exists {
        errors.push(FieldError::new(
            "office_id",
            "unknown_office",
            "no office has this id",
        ));
    }
    if scope == Scope::Own && owner != Some(auth.id) {
        errors.push(FieldError::new(
            "owner_user_id",
            "invalid",
            "you can only create customers you own",
        ));
    }
    if scope == Scope::Office && (office.is_none() || office != auth.office_id) {
        errors.push(FieldError::new(
            "office_id",
            "invalid",
            "you can only create customers of your office",
        ));
    }
    (owner, office)
}

pub(super) fn blank_row(
    code: String,
    owner: Option<i64>,
    office: Option<i64>,
    creator: i64,
    t: NaiveDateTime,
) -> CustomerRow {
    CustomerRow {
        id: 0,
        code,
        name: String::new(),
        name_key: String::new(),
        search_text: String::new(),
        credit_code: None,
        address: String::new(),
        enterprise_nature: String::new(),
        postal_code: String::new(),
        industry: String::new(),
        phone: String::new(),
        fax: String::new(),
        superior_authority: String::new(),
        registered_capital_fen: None,
        legal_representative: String::new(),
        registration_date: None,
        enterprise_size: String::new(),
        business_term: String::new(),
        employees: None,
        registration_authority: String::new(),
        annual_revenue_fen: None,
        net_assets_fen: None,
        rmb_bank: String::new(),
        rmb_account: String::new(),
        fx_bank: String::new(),
        fx_account: String::new(),
        bank_rating: String::new(),
        business_scope: String::new(),
        owner_user_id: owner,
        office_id: office,
        category: Category::General.as_str().into(),
        grade: None,
        status: Status::Prospect.as_str().into(),
        key_customer: false,
        first_deal_date: None,
        tags: String::new(),
        dossier_updated_at: t,
        version: 1,
        created_by: Some(creator),
        created_at: t,
        updated_at: t,
    }
}

fn unique_to_duplicate(e: diesel::result::Error) -> ApiError {
    if is_unique_violation(&e) {
        // A concurrent create won the race; its details are not disclosed here.
        ApiError::DuplicateCustomer {
            field: "name",
            existing: None,
        }
    } else {
        e.into()
    }
}

pub fn create(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    form: CustomerForm,
    today: NaiveDate,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut errors = Vec::new();
    if form.version.is_some() {
        errors.push(FieldError::new(
            "version",
            "invalid",
            "a new customer has no version",
        ));
    }
    let (owner, office) = owner_and_office(conn, auth, &form, &mut errors)?;
    let t = now();
    let mut row = blank_row(String::new(), owner, office, auth.id, t);
    let tags_given = form.tags.is_some();
    errors.extend(apply_form(&mut row, form, today));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    check_duplicates(conn, &viewer, &row)?;
    row.code = next_code(conn, today)?;
    row.search_text = rules::search_text(
        &row.name,
        &row.code,
        &row.phone,
        &row.fax,
        row.credit_code.as_deref(),
    );
    let id = repo::insert(conn, &row).map_err(unique_to_duplicate)?;
    if tags_given {
        repo::set_tags(conn, id, &row.tag_list())?;
    }
    let created = get(conn, &viewer, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("customer.create", "customer", id).after(&created),
    )?;
    Ok(created)
}

pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    form: CustomerForm,
    today: NaiveDate,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut row = load_writable(conn, &viewer, id)?;
    let before = get(conn, &viewer, id)?;
    let mut errors = Vec::new();
    let Some(version) = form.version else {
        return Err(ApiError::field(
            "version",
            "required",
            "send the version you read",
        ));
    };
    if form.owner_user_id.is_some() {
        errors.push(FieldError::new(
            "owner_user_id",
            "invalid",
            "change the owner with a transfer",
        ));
    }
    if form.office_id.is_some() {
        errors.push(FieldError::new(
            "office_id",
            "invalid",
            "change the office with a transfer",
        ));
    }
    let tags_given = form.tags.is_some();
    errors.extend(apply_form(&mut row, form, today));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    check_duplicates(conn, &viewer, &row)?;
    row.updated_at = now();
    if !repo::update(conn, &row, version).map_err(unique_to_duplicate)? {
        return Err(ApiError::StaleVersion);
    }
    if tags_given {
        repo::set_tags(conn, id, &row.tag_list())?;
    }
    audited_change(conn, auth, meta, &viewer, "customer.update", &before)
}

pub fn transfer(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: TransferCustomer,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut row = load_writable(conn, &viewer, id)?;
    let mut errors = Vec::new();
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "required",
            "say why the customer moves",
        ));
    }
    let owner = crate::users::repo::find(conn, input.owner_user_id)?
        .filter(|u| u.active && u.kind == "person");
    if owner.is_none() {
        errors.push(FieldError::new(
            "owner_user_id",
            "unknown_user",
            "no active user has this id",
        ));
    }
    let office = input.office_id.or(owner.as_ref().and_then(|u| u.office_id));
    if let Some(o) = input.office_id {
        if crate::offices::repo::find(conn, o)?.is_none() {
            errors.push(FieldError::new(
                "office_id",
                "unknown_office",
                "no office has this id",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = get(conn, &viewer, id)?;
    // The history shows who and where, by name (ids stay in the audit trail).
    let user_ids: Vec<i64> = row
        .owner_user_id
        .into_iter()
        .chain([input.owner_user_id])
        .collect();
    let office_ids: Vec<i64> = row.office_id.into_iter().chain(office).collect();
    let (people, places) = repo::names(conn, &user_ids, &office_ids)?;
    let label = |u: Option<i64>, o: Option<i64>| {
        let who = u
            .and_then(|u| people.get(&u).cloned())
            .unwrap_or_else(|| "—".into());
        let place = o
            .and_then(|o| places.get(&o).cloned())
            .unwrap_or_else(|| "—".into());
        format!("{who} / {place}")
    };
    let from = label(row.owner_user_id, row.office_id);
    let to = label(Some(input.owner_user_id), office);
    let version = row.version;
    row.owner_user_id = Some(input.owner_user_id);
    row.office_id = office;
    row.updated_at = now();
    let change = Change {
        kind: "transfer",
        from,
        to,
        reason,
    };
    save_change(conn, auth, &row, version, &change)?;
    audited_change(conn, auth, meta, &viewer, "customer.transfer", &before)
}

pub fn change_status(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: ChangeStatus,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut row = load_writable(conn, &viewer, id)?;
    let from = Status::parse(&row.status);
    let to = input.status;
    // Putting a customer on the blacklist, or taking it off, is for the business manager and above.
    if (to == Status::Blacklisted || from == Status::Blacklisted)
        && !auth.can(Area::CustomerBlacklist, Access::Write)
    {
        return Err(ApiError::Forbidden);
    }
    let reason = input.reason.trim().to_string();
    let mut errors = Vec::new();
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "required",
            "say why the status changes",
        ));
    }
    if !from.can_move_to(to) {
        errors.push(FieldError::new(
            "status",
            "invalid",
            format!("a {} customer cannot become {}", from.as_str(), to.as_str()),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = get(conn, &viewer, id)?;
    let version = row.version;
    row.status = to.as_str().into();
    row.updated_at = now();
    let change = Change {
        kind: "status",
        from: from.as_str().into(),
        to: to.as_str().into(),
        reason,
    };
    save_change(conn, auth, &row, version, &change)?;
    audited_change(conn, auth, meta, &viewer, "customer.status", &before)
}

/// Write a decided change: the row at the version the decider saw (else 409) and the line of
/// the customer's history, in the decider's name.
fn save_change(
    conn: &mut DbConn,
    auth: &AuthUser,
    row: &CustomerRow,
    version: i64,
    change: &Change,
) -> ApiResult<()> {
    if !repo::update(conn, row, version)? {
        return Err(ApiError::StaleVersion);
    }
    repo::record_change(conn, row.id, change, Some(auth.id), now())
}

/// The customer after a change, with the change audited as `action` (before and after).
fn audited_change(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    viewer: &Viewer,
    action: &str,
    before: &Customer,
) -> ApiResult<Customer> {
    let after = get(conn, viewer, before.id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(action, "customer", before.id)
            .before(before)
            .after(&after),
    )?;
    Ok(after)
}

fn reason_of(text: &str, why: &str, errors: &mut Vec<FieldError>) -> String {
    let reason = text.trim().to_string();
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "required", why));
    } else if reason.chars().count() > 1000 {
        errors.push(FieldError::new(
            "reason",
            "too_long",
            "must be at most 1000 characters",
        ));
    }
    reason
}

/// A classification as the customer's history records it: `big` / `general`, `+key` for a key
/// customer (重点客户).
fn classification_label(category: &str, key_customer: bool) -> String {
    if key_customer {
        format!("{category}+key")
    } else {
        category.to_string()
    }
}

/// The business manager's decision on the category (大客户/一般客户) and the key-customer flag,
/// with its reason: the tier (shipping priority, prices, revisits) follows at once. Kept in the
/// customer's history and the audit trail.
pub fn classify(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: ClassifyCustomer,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut row = load_writable(conn, &viewer, id)?;
    let mut errors = Vec::new();
    let reason = reason_of(
        &input.reason,
        "say why the customer is classified so",
        &mut errors,
    );
    let from = classification_label(&row.category, row.key_customer);
    let to = classification_label(input.category.as_str(), input.key_customer);
    if from == to {
        errors.push(FieldError::new(
            "category",
            "unchanged",
            "the customer has this category and key-customer flag already",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = serde_json::json!({"category": row.category, "key_customer": row.key_customer});
    row.category = input.category.as_str().into();
    row.key_customer = input.key_customer;
    row.updated_at = now();
    let change = Change {
        kind: "classification",
        from,
        to,
        reason,
    };
    save_change(conn, auth, &row, input.version, &change)?;
    let reason = change.reason;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("customer.classify", "customer", id)
            .before(&before)
            .after(&serde_json::json!({
                "category": input.category,
                "key_customer": input.key_customer,
                "reason": reason,
            })),
    )?;
    get(conn, &viewer, id)
}

/// The business department's correction of the first-deal date, with its reason. The date
/// drives the new-customer rules (first year → C, under six months → not rated), so it may not
/// lie in the future nor after the first signed contract (the rating takes the earlier of the
/// two anyway), and it is cleared only for a customer without a signed contract.
pub fn correct_first_deal(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: CorrectFirstDeal,
    today: NaiveDate,
) -> ApiResult<Customer> {
    let viewer = Viewer::of(auth);
    let mut row = load_writable(conn, &viewer, id)?;
    let mut errors = Vec::new();
    let reason = reason_of(
        &input.reason,
        "say why the first-deal date is corrected",
        &mut errors,
    );
    let first_contract = repo::first_signed_contract(conn, id)?;
    match (input.first_deal_date, &first_contract) {
        (None, _) => errors.push(FieldError::new(
            "first_deal_date",
            "required",
            "send the corrected date (null to clear it)",
        )),
        (Some(Some(d)), _) if d > today => errors.push(FieldError::new(
            "first_deal_date",
            "out_of_range",
            "must not be in the future",
        )),
        (Some(Some(d)), Some(first)) if d > first.signed_on => errors.push(FieldError::new(
            "first_deal_date",
            "out_of_range",
            format!(
                "must not be after the first signed contract ({}, signed on {})",
                first.number, first.signed_on
            ),
        )),
        (Some(None), Some(first)) => errors.push(FieldError::new(
            "first_deal_date",
            "required",
            format!(
                "the customer has a signed contract ({}, signed on {})",
                first.number, first.signed_on
            ),
        )),
        (Some(d), _) if d == row.first_deal_date => errors.push(FieldError::new(
            "first_deal_date",
            "unchanged",
            "the customer has this first-deal date already",
        )),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let date = input.first_deal_date.flatten();
    let before = row.first_deal_date;
    row.first_deal_date = date;
    row.updated_at = now();
    let text = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let change = Change {
        kind: "first_deal",
        from: text(before),
        to: text(date),
        reason,
    };
    save_change(conn, auth, &row, input.version, &change)?;
    let reason = change.reason;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("customer.first_deal", "customer", id)
            .before(&serde_json::json!({"first_deal_date": before}))
            .after(&serde_json::json!({"first_deal_date": date, "reason": reason})),
    )?;
    get(conn, &viewer, id)
}

/// A contract of the customer was signed on `signed_on` (its review, in the review's
/// transaction): the first-deal date becomes that day unless an earlier one is recorded, by one
/// conditional statement, so a later contract never moves it. Kept in the history and the
/// audit trail, in the reviewer's name.
pub fn deal_signed(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    signed_on: NaiveDate,
    contract_number: &str,
) -> ApiResult<()> {
    let before = repo::find(conn, customer_id)?.and_then(|r| r.first_deal_date);
    if !repo::set_first_deal_if_earlier(conn, customer_id, signed_on, now())? {
        return Ok(());
    }
    let change = Change {
        kind: "first_deal",
        from: before.map(|d| d.to_string()).unwrap_or_default(),
        to: signed_on.to_string(),
        reason: format!("合同 {contract_number} 签订 / contract {contract_number} signed"),
    };
    repo::record_change(conn, customer_id, &change, Some(auth.id), now())?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("customer.first_deal", "customer", customer_id)
            .before(&serde_json::json!({"first_deal_date": before}))
            .after(&serde_json::json!({"first_deal_date": signed_on, "contract": contract_number})),
    )
}

pub fn changes(conn: &mut DbConn, viewer: &Viewer, id: i64) -> ApiResult<Vec<CustomerChange>> {
    let (row, view) = load_visible(conn, viewer, id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    changes_of(conn, row.id)
}

/// Transfers and status changes of a customer, newest first (two queries).
pub fn changes_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<CustomerChange>> {
    let rows = repo::changes(conn, customer_id)?;
    let actor_ids: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.actor_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let (names, _) = repo::names(conn, &actor_ids, &[])?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerChange {
            id: r.id,
            kind: r.kind,
            from_value: r.from_value,
            to_value: r.to_value,
            reason: r.reason,
            actor_name: r.actor_id.and_then(|a| names.get(&a).cloned()),
            actor_id: r.actor_id,
            at: r.at.and_utc(),
        })
        .collect())
}

/// Code and name of each customer of `ids`, for other domains' lists (the caller has checked
/// what the reader may see).
pub fn refs(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, CustomerRef>> {
    repo::refs(conn, ids)
}

/// The owner of each of these customers.
pub fn owners(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, Option<i64>>> {
    repo::owners(conn, ids)
}

/// A customer's code, name, office and owner.
pub fn line(conn: &mut DbConn, id: i64) -> ApiResult<CustomerLine> {
    repo::line(conn, id)?.ok_or(ApiError::NotFound)
}

/// The customer's dossier changed at `t` (the dossier's writes call this).
pub fn touch_dossier(conn: &mut DbConn, customer_id: i64, t: NaiveDateTime) -> ApiResult<()> {
    repo::touch_dossier(conn, customer_id, t)
}

/// An approved rating run's final grades and categories applied to the customers whose
/// results it marked applied, in one statement; how many customers changed.
pub fn apply_rating(conn: &mut DbConn, run_id: i64, t: NaiveDateTime) -> ApiResult<usize> {
    repo::apply_rating(conn, run_id, t)
}

/// Serialise the ledger's changes to one customer's receivables and payments: a no-op update of
/// the customer's row (a row lock on PostgreSQL until the transaction ends; SQLite has a single
/// writer anyway). For the receivables domain, which may not write this table itself.
pub fn lock_for_ledger(conn: &mut DbConn, customer_id: i64) -> ApiResult<()> {
    repo::lock_row(conn, customer_id)
}
