use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::model::*;
use crate::audit::{self, Event};
use crate::auth::policy::{role_can, Access, Area, Role};
use crate::auth::AuthUser;
use crate::customers::model::CustomerView;
use crate::customers::scope::Viewer;
use crate::db::schema::{customers, dossier_entries, dossier_history, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

type EntryRow = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    i64,
    Option<i64>,
    NaiveDateTime,
    NaiveDateTime,
);

/// What restricted content a reader may see (docs/roles.md: restricted_dossier; finance reads the
/// financials but not the personal details of key people).
#[derive(Debug, Clone, Copy)]
pub struct ReadRights {
    pub personal: bool,
    pub financials: bool,
}

impl ReadRights {
    pub fn of(auth: &AuthUser) -> ReadRights {
        ReadRights {
            personal: auth.roles.iter().any(|r| {
                *r != Role::Finance && role_can(*r, Area::RestrictedDossier, Access::Read)
            }),
            financials: auth.can(Area::RestrictedDossier, Access::Read),
        }
    }
}

impl ReadRights {
    /// May this reader see the restricted content of an entry of `kind` (a key person's
    /// personal details, a statement's figures) — and so the files attached to it?
    pub fn sees(&self, kind: DossierKind) -> bool {
        match kind {
            DossierKind::KeyPerson => self.personal,
            DossierKind::FinancialStatement => self.financials,
            _ => true,
        }
    }

    /// The kinds whose restricted content this reader may not see.
    pub fn hidden_kinds(&self) -> Vec<&'static str> {
        DossierKind::ALL
            .into_iter()
            .filter(|k| !self.sees(*k))
            .map(DossierKind::as_str)
            .collect()
    }
}

fn typed<T: DeserializeOwned + Serialize>(
    content: &serde_json::Value,
) -> Result<(T, serde_json::Value), ApiError> {
    let parsed: T =
        crate::http::parse_json(content.to_string().as_bytes()).map_err(|e| match e {
            ApiError::Validation(errors) => ApiError::Validation(
                errors
                    .into_iter()
                    .map(|f| FieldError {
                        field: format!("content.{}", f.field)
                            .trim_end_matches('.')
                            .to_string(),
                        ..f
                    })
                    .collect(),
            ),
            other => other,
        })?;
    let normal = serde_json::to_value(&parsed).map_err(ApiError::internal)?;
    Ok((parsed, normal))
}

fn check_texts(value: &serde_json::Value, errors: &mut Vec<FieldError>) {
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            if v.as_str().is_some_and(|s| s.chars().count() > 2000) {
                errors.push(FieldError::new(
                    format!("content.{k}"),
                    "too_long",
                    "must be at most 2000 characters",
                ));
            }
        }
    }
}

fn required(field: &str, s: &str, errors: &mut Vec<FieldError>) {
    if s.trim().is_empty() {
        errors.push(FieldError::new(
            format!("content.{field}"),
            "required",
            "must not be empty",
        ));
    }
}

/// Validate `content` as the kind's fields: the normalised JSON and the date it is about.
pub fn validate(
    kind: DossierKind,
    content: &serde_json::Value,
    today: NaiveDate,
) -> ApiResult<(serde_json::Value, Option<NaiveDate>)> {
    let mut errors = Vec::new();
    let past = |field: &str, d: NaiveDate, errors: &mut Vec<FieldError>| {
        if d > today {
            errors.push(FieldError::new(
                format!("content.{field}"),
                "out_of_range",
                "must not be in the future",
            ));
        }
    };
    let (normal, occurred) = match kind {
        DossierKind::Characteristics => (typed::<Characteristics>(content)?.1, None),
        DossierKind::BusinessStatus => (typed::<BusinessStatus>(content)?.1, None),
        DossierKind::TransactionStatus => (typed::<TransactionStatus>(content)?.1, None),
        DossierKind::KeyPerson => {
            let (p, v) = typed::<KeyPerson>(content)?;
            required("name", &p.name, &mut errors);
            if p.age.is_some_and(|a| !(0..=150).contains(&a)) {
                errors.push(FieldError::new("content.age", "out_of_range", "0–150"));
            }
            if p.phone
                .as_deref()
                .is_some_and(|ph| !crate::customers::rules::phone_ok(ph))
            {
                errors.push(FieldError::new("content.phone", "invalid", "7–20 digits"));
            }
            if p.email
                .as_deref()
                .is_some_and(|e| !e.is_empty() && (!e.contains('@') || e.contains(' ')))
            {
                errors.push(FieldError::new(
                    "content.email",
                    "invalid",
                    "an e-mail address",
                ));
            }
            (v, None)
        }
        DossierKind::FinancialStatement => {
            let (f, v) = typed::<FinancialStatement>(content)?;
            required("period", &f.period, &mut errors);
            for (name, amount) in [
                ("revenue_fen", f.revenue_fen),
                ("total_assets_fen", f.total_assets_fen),
                ("total_liabilities_fen", f.total_liabilities_fen),
                ("current_assets_fen", f.current_assets_fen),
                ("current_liabilities_fen", f.current_liabilities_fen),
            ] {
                if amount.is_some_and(|a| a < 0) {
                    errors.push(FieldError::new(
                        format!("content.{name}"),
                        "out_of_range",
                        "must not be negative",
                    ));
                }
            }
            (v, None)
        }
        DossierKind::Investigation => {
            let (i, v) = typed::<Investigation>(content)?;
            required("findings", &i.findings, &mut errors);
            past("date", i.date, &mut errors);
            (v, Some(i.date))
        }
        DossierKind::InformationSlip => {
            let (i, v) = typed::<InformationSlip>(content)?;
            required("content", &i.content, &mut errors);
            past("date", i.date, &mut errors);
            (v, Some(i.date))
        }
        DossierKind::Interaction => {
            let (i, v) = typed::<Interaction>(content)?;
            required("content", &i.content, &mut errors);
            past("date", i.date, &mut errors);
            (v, Some(i.date))
        }
    };
    check_texts(&normal, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok((normal, occurred))
}

fn ratio(num: Option<i64>, den: Option<i64>) -> Option<f64> {
    match (num, den) {
        (Some(n), Some(d)) if d != 0 => Some(((n as f64 / d as f64) * 10_000.0).round() / 10_000.0),
        _ => None,
    }
}

pub fn ratios(content: &serde_json::Value) -> FinancialRatios {
    let get = |k: &str| content[k].as_i64();
    FinancialRatios {
        current_ratio: ratio(get("current_assets_fen"), get("current_liabilities_fen")),
        debt_ratio: ratio(get("total_liabilities_fen"), get("total_assets_fen")),
        net_margin: ratio(get("net_profit_fen"), get("revenue_fen")),
    }
}

/// The content a reader may see, and whether something was left out or restricted data shown.
fn redact(
    kind: DossierKind,
    mut content: serde_json::Value,
    rights: ReadRights,
) -> (serde_json::Value, bool, bool) {
    match kind {
        DossierKind::KeyPerson => {
            if rights.personal {
                let shown = PERSONAL_FIELDS.iter().any(|f| !content[*f].is_null());
                (content, false, shown)
            } else {
                if let Some(map) = content.as_object_mut() {
                    for f in PERSONAL_FIELDS {
                        map.remove(*f);
                    }
                }
                (content, true, false)
            }
        }
        DossierKind::FinancialStatement => {
            if rights.financials {
                (content, false, true)
            } else {
                let period = content["period"].clone();
                (serde_json::json!({ "period": period }), true, false)
            }
        }
        _ => (content, false, false),
    }
}

fn load_entries(
    conn: &mut DbConn,
    customer_id: i64,
    kind: Option<DossierKind>,
    only: Option<i64>,
) -> ApiResult<Vec<EntryRow>> {
    Ok(db_run!(conn, |c| {
        let mut q = dossier_entries::table
            .filter(dossier_entries::customer_id.eq(customer_id))
            .filter(dossier_entries::deleted_at.is_null())
            .into_boxed();
        if let Some(k) = kind {
            q = q.filter(dossier_entries::kind.eq(k.as_str()));
        }
        if let Some(id) = only {
            q = q.filter(dossier_entries::id.eq(id));
        }
        q.order((
            dossier_entries::kind.asc(),
            dossier_entries::occurred_on.desc(),
            dossier_entries::id.desc(),
        ))
        .select((
            dossier_entries::id,
            dossier_entries::customer_id,
            dossier_entries::kind,
            dossier_entries::content,
            dossier_entries::occurred_on,
            dossier_entries::version,
            dossier_entries::author_id,
            dossier_entries::created_at,
            dossier_entries::updated_at,
        ))
        .load(c)
    })?)
}

fn names(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect())
}

/// Entries as a reader sees them; reading restricted content leaves an audit row.
pub fn present(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    rows: Vec<EntryRow>,
    stale_before: NaiveDateTime,
) -> ApiResult<Vec<DossierEntry>> {
    let rights = ReadRights::of(auth);
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.6).collect();
    let names = names(conn, &authors)?;
    let mut restricted_read = Vec::new();
    let entries: Vec<DossierEntry> = rows
        .into_iter()
        .filter_map(
            |(
                id,
                customer_id,
                kind,
                content,
                occurred_on,
                version,
                author_id,
                created_at,
                updated_at,
            )| {
                let kind = DossierKind::parse(&kind)?;
                let content: serde_json::Value = serde_json::from_str(&content).ok()?;
                let (content, hidden, shown_restricted) = redact(kind, content, rights);
                if shown_restricted {
                    restricted_read.push(id);
                }
                Some(DossierEntry {
                    id,
                    customer_id,
                    kind,
                    ratios: (kind == DossierKind::FinancialStatement && !hidden)
                        .then(|| ratios(&content)),
                    content,
                    restricted_hidden: hidden,
                    occurred_on,
                    version,
                    author_id,
                    author_name: author_id.and_then(|a| names.get(&a).cloned()),
                    created_at: created_at.and_utc(),
                    updated_at: updated_at.and_utc(),
                    stale: updated_at < stale_before,
                })
            },
        )
        .collect();
    if !restricted_read.is_empty() {
        audit::record(
            conn,
            &auth.actor(),
            meta,
            Event::new("dossier.restricted_read", "customer", customer_id)
                .after(&serde_json::json!({ "entries": restricted_read })),
        )?;
    }
    Ok(entries)
}

fn require_full(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    let (_, view) = crate::customers::service::load_visible(conn, &Viewer::of(auth), customer_id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    Ok(())
}

/// Every current entry of a customer already known to be in the reader's full view.
pub fn list_visible(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    stale_before: NaiveDateTime,
) -> ApiResult<Vec<DossierEntry>> {
    let rows = load_entries(conn, customer_id, None, None)?;
    present(conn, auth, meta, customer_id, rows, stale_before)
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    kind: Option<DossierKind>,
) -> ApiResult<Vec<DossierEntry>> {
    require_full(conn, auth, customer_id)?;
    let rows = load_entries(conn, customer_id, kind, None)?;
    let stale = crate::customers::service::stale_before(conn, now())?;
    present(conn, auth, meta, customer_id, rows, stale)
}

/// Writing key people or financial statements (or their files) needs the restricted-dossier
/// write permission.
pub fn require_write(auth: &AuthUser, kind: DossierKind) -> ApiResult<()> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    if matches!(
        kind,
        DossierKind::KeyPerson | DossierKind::FinancialStatement
    ) {
        auth.require(Area::RestrictedDossier, Access::Write)?;
    }
    Ok(())
}

/// What the audit log keeps of an entry: restricted kinds by reference only.
fn audit_view(kind: DossierKind, content: &serde_json::Value, version: i64) -> serde_json::Value {
    if matches!(
        kind,
        DossierKind::KeyPerson | DossierKind::FinancialStatement
    ) {
        serde_json::json!({ "kind": kind.as_str(), "version": version })
    } else {
        serde_json::json!({ "kind": kind.as_str(), "version": version, "content": content })
    }
}

fn touch_customer(conn: &mut DbConn, customer_id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(customers::table.find(customer_id))
        .set(customers::dossier_updated_at.eq(t))
        .execute(c))?;
    Ok(())
}

fn history(
    conn: &mut DbConn,
    entry_id: i64,
    version: i64,
    content: &str,
    author: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(dossier_history::table)
        .values((
            dossier_history::entry_id.eq(entry_id),
            dossier_history::version.eq(version),
            dossier_history::content.eq(content),
            dossier_history::author_id.eq(Some(author)),
            dossier_history::at.eq(t),
        ))
        .execute(c))?;
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: NewDossierEntry,
    today: NaiveDate,
) -> ApiResult<DossierEntry> {
    require_write(auth, input.kind)?;
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    insert_entry(conn, auth, meta, customer_id, input, today)
}

/// Validate and write an entry for a caller that has authorized it (the dossier's own rights,
/// or another area's — a revisit records its visit as an interaction).
pub fn insert_entry(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: NewDossierEntry,
    today: NaiveDate,
) -> ApiResult<DossierEntry> {
    let (content, occurred) = validate(input.kind, &input.content, today)?;
    if input.kind.is_section()
        && !load_entries(conn, customer_id, Some(input.kind), None)?.is_empty()
    {
        return Err(ApiError::field(
            "kind",
            "invalid",
            "this section exists: update it, its earlier versions are kept",
        ));
    }
    let t = now();
    let text = content.to_string();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(dossier_entries::table)
        .values((
            dossier_entries::customer_id.eq(customer_id),
            dossier_entries::kind.eq(input.kind.as_str()),
            dossier_entries::content.eq(&text),
            dossier_entries::occurred_on.eq(occurred),
            dossier_entries::author_id.eq(Some(auth.id)),
            dossier_entries::created_at.eq(t),
            dossier_entries::updated_at.eq(t),
        ))
        .returning(dossier_entries::id)
        .get_result(c))?;
    history(conn, id, 1, &text, auth.id, t)?;
    touch_customer(conn, customer_id, t)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.create", "customer", customer_id)
            .after(&audit_view(input.kind, &content, 1)),
    )?;
    let rows = load_entries(conn, customer_id, None, Some(id))?;
    Ok(present(conn, auth, meta, customer_id, rows, t)?.remove(0))
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<EntryRow> {
    db_run!(conn, |c| dossier_entries::table
        .filter(dossier_entries::id.eq(id))
        .filter(dossier_entries::deleted_at.is_null())
        .select((
            dossier_entries::id,
            dossier_entries::customer_id,
            dossier_entries::kind,
            dossier_entries::content,
            dossier_entries::occurred_on,
            dossier_entries::version,
            dossier_entries::author_id,
            dossier_entries::created_at,
            dossier_entries::updated_at,
        ))
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)
}

pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: UpdateDossierEntry,
    today: NaiveDate,
) -> ApiResult<DossierEntry> {
    let row = find(conn, id)?;
    let customer_id = row.1;
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    let kind =
        DossierKind::parse(&row.2).ok_or_else(|| ApiError::internal("unknown dossier kind"))?;
    require_write(auth, kind)?;
    let (content, occurred) = validate(kind, &input.content, today)?;
    let t = now();
    let text = content.to_string();
    let n = db_run!(conn, |c| diesel::update(
        dossier_entries::table
            .filter(dossier_entries::id.eq(id))
            .filter(dossier_entries::version.eq(input.version))
    )
    .set((
        dossier_entries::content.eq(&text),
        dossier_entries::occurred_on.eq(occurred),
        dossier_entries::version.eq(dossier_entries::version + 1),
        dossier_entries::author_id.eq(Some(auth.id)),
        dossier_entries::updated_at.eq(t),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    history(conn, id, input.version + 1, &text, auth.id, t)?;
    touch_customer(conn, customer_id, t)?;
    let before: serde_json::Value = serde_json::from_str(&row.3).unwrap_or_default();
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.update", "customer", customer_id)
            .before(&audit_view(kind, &before, row.5))
            .after(&audit_view(kind, &content, input.version + 1)),
    )?;
    let rows = load_entries(conn, customer_id, None, Some(id))?;
    Ok(present(conn, auth, meta, customer_id, rows, t)?.remove(0))
}

/// Remove an entry from the dossier; its versions stay in the history.
pub fn delete(conn: &mut DbConn, auth: &AuthUser, meta: &RequestMeta, id: i64) -> ApiResult<()> {
    let row = find(conn, id)?;
    crate::customers::service::require_writable(conn, auth, row.1)?;
    let kind =
        DossierKind::parse(&row.2).ok_or_else(|| ApiError::internal("unknown dossier kind"))?;
    require_write(auth, kind)?;
    let t = now();
    db_run!(conn, |c| diesel::update(dossier_entries::table.find(id))
        .set(dossier_entries::deleted_at.eq(Some(t)))
        .execute(c))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.delete", "customer", row.1).before(&audit_view(
            kind,
            &serde_json::Value::Null,
            row.5,
        )),
    )
}

pub fn versions(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<Vec<DossierVersion>> {
    let row = find(conn, id)?;
    require_full(conn, auth, row.1)?;
    let kind =
        DossierKind::parse(&row.2).ok_or_else(|| ApiError::internal("unknown dossier kind"))?;
    let rows: Vec<(i64, String, Option<i64>, NaiveDateTime)> =
        db_run!(conn, |c| dossier_history::table
            .filter(dossier_history::entry_id.eq(id))
            .order(dossier_history::version.desc())
            .select((
                dossier_history::version,
                dossier_history::content,
                dossier_history::author_id,
                dossier_history::at
            ))
            .load(c))?;
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
    let names = names(conn, &authors)?;
    let rights = ReadRights::of(auth);
    let mut restricted = false;
    let out = rows
        .into_iter()
        .map(|(version, content, author_id, at)| {
            let (content, _, shown) = redact(
                kind,
                serde_json::from_str(&content).unwrap_or_default(),
                rights,
            );
            restricted |= shown;
            DossierVersion {
                version,
                content,
                author_id,
                author_name: author_id.and_then(|a| names.get(&a).cloned()),
                at: at.and_utc(),
            }
        })
        .collect();
    if restricted {
        audit::record(
            conn,
            &auth.actor(),
            meta,
            Event::new("dossier.restricted_read", "customer", row.1)
                .after(&serde_json::json!({ "history_of": id })),
        )?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_derived_exactly_where_defined() {
        let r = ratios(
            &serde_json::json!({"current_assets_fen": 300, "current_liabilities_fen": 200, "total_liabilities_fen": 450,
            "total_assets_fen": 1000, "net_profit_fen": 5, "revenue_fen": 0}),
        );
        assert_eq!(
            r,
            FinancialRatios {
                current_ratio: Some(1.5),
                debt_ratio: Some(0.45),
                net_margin: None
            }
        );
    }

    #[test]
    fn personal_details_are_left_out_without_the_right() {
        let person = serde_json::json!({"name": "王总", "position": "owner", "hobbies": "钓鱼", "phone": "13800138000"});
        let (v, hidden, shown) = redact(
            DossierKind::KeyPerson,
            person.clone(),
            ReadRights {
                personal: false,
                financials: true,
            },
        );
        assert!(hidden && !shown && v.get("hobbies").is_none() && v["name"] == "王总");
        let (v, hidden, shown) = redact(
            DossierKind::KeyPerson,
            person,
            ReadRights {
                personal: true,
                financials: true,
            },
        );
        assert!(!hidden && shown && v["hobbies"] == "钓鱼");
    }

    #[test]
    fn content_errors_name_the_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let e = validate(
            DossierKind::Interaction,
            &serde_json::json!({"date": "2026-12-01", "kind": "visit", "content": ""}),
            today,
        )
        .unwrap_err();
        let fields: Vec<_> = match e {
            ApiError::Validation(v) => v.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields, ["content.content", "content.date"]);
        let e = validate(
            DossierKind::KeyPerson,
            &serde_json::json!({"name": "x", "salary": 1}),
            today,
        )
        .unwrap_err();
        assert!(matches!(e, ApiError::Validation(v) if v[0].field == "content.salary"));
    }
}
