//! Development plans' rules: who sees a plan, what a plan must name, the draft → submitted →
//! commented steps with their notifications and audit.

use crate::audit::{self, Event};
use crate::auth::policy::Scope;
use crate::auth::AuthUser;
use crate::db::{is_unique_violation, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::{PageAt, RequestMeta};

use super::model::{
    DevelopmentPlan, NewPlan, OwnerName, PlanComment, PlanQuery, PlanRow, PlanStatus, Prospect,
    UpdatePlan,
};
use super::repo;

fn to_dtos(conn: &mut DbConn, rows: Vec<PlanRow>) -> ApiResult<Vec<DevelopmentPlan>> {
    let office_ids: Vec<i64> = rows.iter().map(|r| r.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    let items: Vec<Vec<Prospect>> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.items).unwrap_or_default())
        .collect();
    // Everyone named on these plans, in one query.
    let people: Vec<i64> = items
        .iter()
        .flatten()
        .filter_map(|p| p.owner_user_id)
        .chain(
            rows.iter()
                .flat_map(|r| [r.submitted_by, r.commented_by])
                .flatten(),
        )
        .collect();
    let user_names = crate::users::repo::display_names(conn, &people)?;
    let name = |id: Option<i64>| id.and_then(|i| user_names.get(&i).cloned());
    Ok(rows
        .into_iter()
        .zip(items)
        .map(|(r, items)| {
            let mut owners: Vec<OwnerName> = Vec::new();
            for id in items.iter().filter_map(|p| p.owner_user_id) {
                if !owners.iter().any(|o| o.id == id) {
                    if let Some(n) = user_names.get(&id) {
                        owners.push(OwnerName {
                            id,
                            display_name: n.clone(),
                        });
                    }
                }
            }
            DevelopmentPlan {
                id: r.id,
                office_id: r.office_id,
                office_name: office_names.get(&r.office_id).cloned(),
                period: r.period,
                items,
                status: PlanStatus::parse(&r.status),
                owners,
                submitted_at: r.submitted_at.map(|t| t.and_utc()),
                submitted_by_name: name(r.submitted_by),
                comment: r.comment,
                commented_at: r.commented_at.map(|t| t.and_utc()),
                commented_by_name: name(r.commented_by),
                version: r.version,
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

fn check_items(items: &[Prospect]) -> Vec<FieldError> {
    let mut e = Vec::new();
    if items.is_empty() {
        e.push(FieldError::new(
            "items",
            "required",
            "at least one prospect",
        ));
    }
    for (i, p) in items.iter().enumerate() {
        for (field, value, message) in [
            ("name", &p.name, "the prospect's name"),
            ("reason", &p.reason, "why this prospect"),
        ] {
            if value.trim().is_empty() {
                e.push(FieldError::new(
                    format!("items[{i}].{field}"),
                    "required",
                    message,
                ));
            }
        }
    }
    e
}

/// Owners must be active people of the plan's office (one query for all lines).
fn check_owners(conn: &mut DbConn, office: i64, items: &[Prospect]) -> ApiResult<()> {
    let named: Vec<i64> = items.iter().filter_map(|p| p.owner_user_id).collect();
    if named.is_empty() {
        return Ok(());
    }
    let known = repo::active_people_of_office(conn, office, &named)?;
    let errors: Vec<FieldError> = items
        .iter()
        .enumerate()
        .filter(|(_, p)| p.owner_user_id.is_some_and(|o| !known.contains(&o)))
        .map(|(i, _)| {
            FieldError::new(
                format!("items[{i}].owner_user_id"),
                "unknown_user",
                "no active person of the plan's office has this id",
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The plan, if the user may see it: its office's director, or the business department and up.
fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<PlanRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if auth.scope() < Scope::All && auth.office_id != Some(row.office_id) {
        return Err(ApiError::OutOfScope);
    }
    Ok(row)
}

/// The plan as answered, if the user may see it.
pub fn get(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<DevelopmentPlan> {
    let row = load(conn, auth, id)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

/// Development plans: an office director sees its office's, the business department all.
pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &PlanQuery,
    at: PageAt,
) -> ApiResult<(Vec<DevelopmentPlan>, i64)> {
    let only_office = (auth.scope() < Scope::All).then_some(auth.office_id.unwrap_or(-1));
    let offices: Vec<i64> = only_office.into_iter().chain(q.office_id).collect();
    let (rows, total) = repo::list(conn, &offices, q.status, at)?;
    Ok((to_dtos(conn, rows)?, total))
}

/// The plan as answered after a change, audited as `action` with the plan as it is now.
fn changed(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    action: &str,
) -> ApiResult<DevelopmentPlan> {
    let plan = get(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(action, "development_plan", id).after(&plan),
    )?;
    Ok(plan)
}

/// The input of a new plan checked before anything is read: its office and period.
pub fn check_new(auth: &AuthUser, input: &NewPlan) -> ApiResult<(i64, String)> {
    let mut errors = check_items(&input.items);
    let period = input.period.trim().to_string();
    if period.is_empty() || period.chars().count() > 20 {
        errors.insert(
            0,
            FieldError::new("period", "invalid", "a period such as 2027 or 2027-H1"),
        );
    }
    let Some(office) = auth.office_id else {
        return Err(ApiError::field(
            "office_id",
            "invalid",
            "you belong to no office",
        ));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok((office, period))
}

/// An office director drafts its office's plan for a period (checked by `check_new`).
pub fn create(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    office: i64,
    period: &str,
    items: &[Prospect],
) -> ApiResult<DevelopmentPlan> {
    check_owners(conn, office, items)?;
    let t = crate::time::now();
    let json = serde_json::to_string(items).map_err(ApiError::internal)?;
    let id = repo::insert(conn, office, period, &json, auth.id, t).map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(
                "period",
                "duplicate",
                "your office has a plan for this period",
            )])
        } else {
            e.into()
        }
    })?;
    changed(conn, auth, meta, id, "development_plan.create")
}

/// The prospects checked before anything is read.
pub fn check_update(input: &UpdatePlan) -> ApiResult<()> {
    let errors = check_items(&input.items);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Change a draft's prospects (with the version read).
pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &UpdatePlan,
) -> ApiResult<DevelopmentPlan> {
    let before = load(conn, auth, id)?;
    if before.status != PlanStatus::Draft.as_str() {
        return Err(ApiError::field(
            "status",
            "invalid",
            "a submitted plan cannot be changed",
        ));
    }
    check_owners(conn, before.office_id, &input.items)?;
    let items = serde_json::to_string(&input.items).map_err(ApiError::internal)?;
    if repo::set_items(conn, id, input.version, &items, crate::time::now())? != 1 {
        return Err(ApiError::StaleVersion);
    }
    changed(conn, auth, meta, id, "development_plan.update")
}

/// Submit the plan to the business department.
pub fn submit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<DevelopmentPlan> {
    load(conn, auth, id)?;
    if repo::submit(conn, id, auth.id, crate::time::now())? != 1 {
        return Err(ApiError::field("status", "invalid", "submitted already"));
    }
    // Whoever may comment: the business department's staff and its manager.
    let mut staff = crate::notifications::holders_of(conn, "business_staff")?;
    staff.extend(crate::notifications::holders_of(conn, "business_manager")?);
    staff.sort_unstable();
    staff.dedup();
    crate::notifications::notify(
        conn,
        &staff,
        "development_plan.submitted",
        "新客户开发计划 / Development plan",
        "",
        &format!("/development-plans/{id}"),
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("development_plan.submit", "development_plan", id),
    )?;
    get(conn, auth, id)
}

/// The comment checked before anything is read.
pub fn check_comment(input: &PlanComment) -> ApiResult<String> {
    let comment = input.comment.trim().to_string();
    if comment.is_empty() {
        return Err(ApiError::field("comment", "required", "write the comment"));
    }
    Ok(comment)
}

/// The business department's comment on a submitted plan.
pub fn comment(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    comment: &str,
) -> ApiResult<DevelopmentPlan> {
    let plan = load(conn, auth, id)?;
    if plan.status == PlanStatus::Draft.as_str() {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the plan has not been submitted",
        ));
    }
    repo::comment(conn, id, comment, auth.id, crate::time::now())?;
    crate::notifications::notify(
        conn,
        &plan.submitted_by.into_iter().collect::<Vec<_>>(),
        "development_plan.commented",
        "新客户开发计划已批注 / Plan commented",
        comment,
        &format!("/development-plans/{id}"),
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("development_plan.comment", "development_plan", id)
            .after(&serde_json::json!({"comment": comment})),
    )?;
    get(conn, auth, id)
}
