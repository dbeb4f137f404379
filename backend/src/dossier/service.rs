use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::model::*;
use super::repo;
use crate::audit::{self, Event};
use crate::auth::policy::{role_can, Access, Area, Role};
use crate::auth::AuthUser;
use crate::borrowing::routes::grants_of;
use crate::customers::model::CustomerView;
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

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
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.author_id).collect();
    let names = crate::users::repo::display_names(conn, &authors)?;
    let mut restricted_read = Vec::new();
    let entries: Vec<DossierEntry> = rows
        .into_iter()
        .filter_map(|r| {
            let kind = DossierKind::parse(&r.kind)?;
            let content: serde_json::Value = serde_json::from_str(&r.content).ok()?;
            let (content, hidden, shown_restricted) = redact(kind, content, rights);
            if shown_restricted {
                restricted_read.push(r.id);
            }
            Some(DossierEntry {
                id: r.id,
                customer_id: r.customer_id,
                kind,
                ratios: (kind == DossierKind::FinancialStatement && !hidden)
                    .then(|| ratios(&content)),
                content,
                restricted_hidden: hidden,
                occurred_on: r.occurred_on,
                version: r.version,
                author_id: r.author_id,
                author_name: r.author_id.and_then(|a| names.get(&a).cloned()),
                created_at: r.created_at.and_utc(),
                updated_at: r.updated_at.and_utc(),
                stale: r.updated_at < stale_before,
            })
        })
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

/// Every current entry of a customer already known to be in the reader's full view.
pub fn list_visible(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    stale_before: NaiveDateTime,
) -> ApiResult<Vec<DossierEntry>> {
    let rows = repo::entries(conn, customer_id, None, None)?;
    present(conn, auth, meta, customer_id, rows, stale_before)
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    kind: Option<DossierKind>,
) -> ApiResult<Vec<DossierEntry>> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let rows = repo::entries(conn, customer_id, kind, None)?;
    let stale = crate::customers::service::stale_before(conn, now())?;
    present(conn, auth, meta, customer_id, rows, stale)
}

/// An entry's customer and kind, for the files attached to it.
pub fn entry_owner(conn: &mut DbConn, id: i64) -> ApiResult<Option<EntryOwner>> {
    repo::owner(conn, id)
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
        && !repo::entries(conn, customer_id, Some(input.kind), None)?.is_empty()
    {
        return Err(ApiError::field(
            "kind",
            "invalid",
            "this section exists: update it, its earlier versions are kept",
        ));
    }
    let t = now();
    let text = content.to_string();
    let id = repo::insert(conn, customer_id, input.kind, &text, occurred, auth.id, t)?;
    repo::add_version(conn, id, 1, &text, auth.id, t)?;
    crate::customers::service::touch_dossier(conn, customer_id, t)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.create", "customer", customer_id)
            .after(&audit_view(input.kind, &content, 1)),
    )?;
    present_one(conn, auth, meta, customer_id, id, t)
}

/// A current entry and its kind.
fn find(conn: &mut DbConn, id: i64) -> ApiResult<(EntryRow, DossierKind)> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    let kind =
        DossierKind::parse(&row.kind).ok_or_else(|| ApiError::internal("unknown dossier kind"))?;
    Ok((row, kind))
}

/// The entry as its author sees it right after writing it.
fn present_one(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    id: i64,
    t: NaiveDateTime,
) -> ApiResult<DossierEntry> {
    let rows = repo::entries(conn, customer_id, None, Some(id))?;
    Ok(present(conn, auth, meta, customer_id, rows, t)?.remove(0))
}

pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: UpdateDossierEntry,
    today: NaiveDate,
) -> ApiResult<DossierEntry> {
    let (row, kind) = find(conn, id)?;
    let customer_id = row.customer_id;
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    require_write(auth, kind)?;
    let (content, occurred) = validate(kind, &input.content, today)?;
    let t = now();
    let text = content.to_string();
    let n = repo::update(conn, id, input.version, &text, occurred, auth.id, t)?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    repo::add_version(conn, id, input.version + 1, &text, auth.id, t)?;
    crate::customers::service::touch_dossier(conn, customer_id, t)?;
    let before: serde_json::Value = serde_json::from_str(&row.content).unwrap_or_default();
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.update", "customer", customer_id)
            .before(&audit_view(kind, &before, row.version))
            .after(&audit_view(kind, &content, input.version + 1)),
    )?;
    present_one(conn, auth, meta, customer_id, id, t)
}

/// Remove an entry from the dossier; its versions stay in the history.
pub fn delete(conn: &mut DbConn, auth: &AuthUser, meta: &RequestMeta, id: i64) -> ApiResult<()> {
    let (row, kind) = find(conn, id)?;
    crate::customers::service::require_writable(conn, auth, row.customer_id)?;
    require_write(auth, kind)?;
    repo::remove(conn, id, now())?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("dossier.delete", "customer", row.customer_id).before(&audit_view(
            kind,
            &serde_json::Value::Null,
            row.version,
        )),
    )
}

pub fn versions(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<Vec<DossierVersion>> {
    let (row, kind) = find(conn, id)?;
    crate::customers::service::require_full_view(conn, auth, row.customer_id)?;
    let rows = repo::versions(conn, id)?;
    let authors: Vec<i64> = rows.iter().filter_map(|r| r.author_id).collect();
    let names = crate::users::repo::display_names(conn, &authors)?;
    let rights = ReadRights::of(auth);
    let mut restricted = false;
    let out = rows
        .into_iter()
        .map(|r| {
            let (content, _, shown) = redact(
                kind,
                serde_json::from_str(&r.content).unwrap_or_default(),
                rights,
            );
            restricted |= shown;
            DossierVersion {
                version: r.version,
                content,
                author_id: r.author_id,
                author_name: r.author_id.and_then(|a| names.get(&a).cloned()),
                at: r.at.and_utc(),
            }
        })
        .collect();
    if restricted {
        audit::record(
            conn,
            &auth.actor(),
            meta,
            Event::new("dossier.restricted_read", "customer", row.customer_id)
                .after(&serde_json::json!({ "history_of": id })),
        )?;
    }
    Ok(out)
}

/// The customer card: the same few queries whatever the customer holds (a test counts them).
pub fn card(
    c: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<CustomerCard> {
    let viewer = Viewer::of(auth);
    let (row, view) = crate::customers::service::load_visible(c, &viewer, id)?;
    let stale = crate::customers::service::stale_before(c, crate::time::now())?;
    let customer =
        crate::customers::service::to_dtos(c, &viewer, vec![(row, view)], stale)?.remove(0);
    if view != CustomerView::Full {
        return Ok(CustomerCard {
            customer,
            dossier: vec![],
            grants: vec![],
            changes: vec![],
            ledger: None,
        });
    }
    Ok(CustomerCard {
        customer,
        dossier: list_visible(c, auth, meta, id, stale)?,
        grants: grants_of(c, id)?,
        changes: crate::customers::service::changes_of(c, id)?,
        ledger: if auth.can(Area::Receivables, Access::Read) {
            Some(crate::receivables::card::ledger(c, id, today)?)
        } else {
            None
        },
    })
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
