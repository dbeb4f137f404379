use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Scope};
use crate::auth::AuthUser;
use crate::db::schema::{development_plans as plans, offices, users};
use crate::db::{is_unique_violation, DbConn};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// One prospect the office means to win.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Prospect {
    pub name: String,
    pub reason: String,
    pub target_date: NaiveDate,
    /// The salesman who develops it.
    pub owner_user_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DevelopmentPlan {
    pub id: i64,
    pub office_id: i64,
    pub office_name: Option<String>,
    #[schema(example = "2027")]
    pub period: String,
    pub items: Vec<Prospect>,
    pub status: PlanStatus,
    /// The names of the prospects' owners.
    pub owners: Vec<OwnerName>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by_name: Option<String>,
    /// The business department's latest comment (earlier ones are in the audit log).
    pub comment: String,
    pub commented_at: Option<DateTime<Utc>>,
    pub commented_by_name: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Submitted,
    Commented,
}

impl PlanStatus {
    fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Commented => "commented",
        }
    }
    fn parse(s: &str) -> PlanStatus {
        match s {
            "submitted" => PlanStatus::Submitted,
            "commented" => PlanStatus::Commented,
            _ => PlanStatus::Draft,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerName {
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"period": "2027", "items": [{"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30", "owner_user_id": null}]}))]
pub struct NewPlan {
    /// `2027`, `2027-H1`, `2027-Q1` …
    pub period: String,
    pub items: Vec<Prospect>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "items": [{"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30"}]}))]
pub struct UpdatePlan {
    pub version: i64,
    pub items: Vec<Prospect>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "重点跟进前两家"}))]
pub struct PlanComment {
    pub comment: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub office_id: Option<i64>,
    pub status: Option<PlanStatus>,
}

type PlanRow = (
    i64,
    i64,
    String,
    String,
    String,
    Option<NaiveDateTime>,
    String,
    Option<NaiveDateTime>,
    i64,
    NaiveDateTime,
    Option<i64>,
    Option<i64>,
);

fn columns() -> (
    plans::id,
    plans::office_id,
    plans::period,
    plans::items,
    plans::status,
    plans::submitted_at,
    plans::comment,
    plans::commented_at,
    plans::version,
    plans::updated_at,
    plans::submitted_by,
    plans::commented_by,
) {
    (
        plans::id,
        plans::office_id,
        plans::period,
        plans::items,
        plans::status,
        plans::submitted_at,
        plans::comment,
        plans::commented_at,
        plans::version,
        plans::updated_at,
        plans::submitted_by,
        plans::commented_by,
    )
}

fn to_dtos(conn: &mut DbConn, rows: Vec<PlanRow>) -> ApiResult<Vec<DevelopmentPlan>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let names: std::collections::HashMap<i64, String> = db_run!(conn, |c| offices::table
        .filter(offices::id.eq_any(&ids))
        .select((offices::id, offices::name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let items: Vec<Vec<Prospect>> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.3).unwrap_or_default())
        .collect();
    // Everyone named on these plans, in one query.
    let people: Vec<i64> = items
        .iter()
        .flatten()
        .filter_map(|p| p.owner_user_id)
        .chain(rows.iter().flat_map(|r| [r.10, r.11]).flatten())
        .collect();
    let user_names: std::collections::HashMap<i64, String> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
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
                id: r.0,
                office_id: r.1,
                office_name: names.get(&r.1).cloned(),
                period: r.2,
                items,
                status: PlanStatus::parse(&r.4),
                owners,
                submitted_at: r.5.map(|t| t.and_utc()),
                submitted_by_name: name(r.10),
                comment: r.6,
                commented_at: r.7.map(|t| t.and_utc()),
                commented_by_name: name(r.11),
                version: r.8,
                updated_at: r.9.and_utc(),
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
        if p.name.trim().is_empty() {
            e.push(FieldError::new(
                format!("items[{i}].name"),
                "required",
                "the prospect's name",
            ));
        }
        if p.reason.trim().is_empty() {
            e.push(FieldError::new(
                format!("items[{i}].reason"),
                "required",
                "why this prospect",
            ));
        }
    }
    e
}

/// Owners must be active people of the plan's office (one query for all lines).
fn check_owners(
    conn: &mut DbConn,
    office: i64,
    items: &[Prospect],
    errors: &mut Vec<FieldError>,
) -> ApiResult<()> {
    let named: Vec<i64> = items.iter().filter_map(|p| p.owner_user_id).collect();
    if named.is_empty() {
        return Ok(());
    }
    let known: Vec<i64> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&named))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .filter(users::office_id.eq(office))
        .select(users::id)
        .load(c))?;
    for (i, p) in items.iter().enumerate() {
        if p.owner_user_id.is_some_and(|o| !known.contains(&o)) {
            errors.push(FieldError::new(
                format!("items[{i}].owner_user_id"),
                "unknown_user",
                "no active person of the plan's office has this id",
            ));
        }
    }
    Ok(())
}

/// The plan, if the user may see it: its office's director, or the business department and up.
fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<PlanRow> {
    let row: PlanRow = db_run!(conn, |c| plans::table
        .find(id)
        .select(columns())
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)?;
    if auth.scope() < Scope::All && auth.office_id != Some(row.1) {
        return Err(ApiError::OutOfScope);
    }
    Ok(row)
}

/// Development plans: an office director sees its office's, the business department all.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(PlanQuery),
    responses(
        (status = 200, body = Page<DevelopmentPlan>),
    ))]
#[get("/development-plans")]
pub async fn list_plans(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<PlanQuery>,
) -> ApiResult<web::Json<Page<DevelopmentPlan>>> {
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let only_office = (auth.scope() < Scope::All).then_some(auth.office_id.unwrap_or(-1));
    let (items, total) = state
        .db(move |c| {
            macro_rules! filtered {
                () => {{
                    let mut query = plans::table.into_boxed();
                    if let Some(o) = only_office {
                        query = query.filter(plans::office_id.eq(o));
                    }
                    if let Some(o) = q.office_id {
                        query = query.filter(plans::office_id.eq(o));
                    }
                    if let Some(s) = q.status {
                        query = query.filter(plans::status.eq(s.as_str()));
                    }
                    query
                }};
            }
            let total: i64 = db_run!(c, |c| filtered!().count().get_result(c))?;
            let rows: Vec<PlanRow> = db_run!(c, |c| filtered!()
                .order(plans::id.desc())
                .limit(at.size)
                .offset(at.offset)
                .select(columns())
                .load(c))?;
            Ok((to_dtos(c, rows)?, total))
        })
        .await?;
    Ok(at.answer(items, total))
}

/// An office director drafts its office's plan for a period.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), request_body = NewPlan,
    responses(
        (status = 201, body = DevelopmentPlan),
        (status = 409, description = "The office has a plan for this period", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans")]
pub async fn create_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewPlan>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let input = body.0;
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
    let plan = state
        .tx(move |c| {
            let mut errors = Vec::new();
            check_owners(c, office, &input.items, &mut errors)?;
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let t = crate::time::now();
            let items = serde_json::to_string(&input.items).map_err(ApiError::internal)?;
            let id: i64 = db_run!(c, |c| diesel::insert_into(plans::table)
                .values((
                    plans::office_id.eq(office),
                    plans::period.eq(&period),
                    plans::items.eq(&items),
                    plans::created_by.eq(Some(auth.id)),
                    plans::created_at.eq(t),
                    plans::updated_at.eq(t),
                ))
                .returning(plans::id)
                .get_result(c))
            .map_err(|e| {
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
            let row = load(c, &auth, id)?;
            let plan = to_dtos(c, vec![row])?.remove(0);
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("development_plan.create", "development_plan", id).after(&plan),
            )?;
            Ok(plan)
        })
        .await?;
    Ok(HttpResponse::Created().json(plan))
}

/// One plan.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = DevelopmentPlan),
    ))]
#[get("/development-plans/{id}")]
pub async fn get_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| {
                let row = load(c, &auth, id)?;
                Ok(to_dtos(c, vec![row])?.remove(0))
            })
            .await?,
    ))
}

/// Change a draft's prospects (with the version read).
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdatePlan,
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or submitted already", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/development-plans/{id}")]
pub async fn update_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdatePlan>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let (id, input) = (id.into_inner(), body.0);
    let errors = check_items(&input.items);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(web::Json(
        state
            .tx(move |c| {
                let before = load(c, &auth, id)?;
                if before.4 != "draft" {
                    return Err(ApiError::field(
                        "status",
                        "invalid",
                        "a submitted plan cannot be changed",
                    ));
                }
                let mut errors = Vec::new();
                check_owners(c, before.1, &input.items, &mut errors)?;
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let items = serde_json::to_string(&input.items).map_err(ApiError::internal)?;
                let n = db_run!(c, |c| diesel::update(
                    plans::table
                        .filter(plans::id.eq(id))
                        .filter(plans::version.eq(input.version))
                )
                .set((
                    plans::items.eq(&items),
                    plans::version.eq(plans::version + 1),
                    plans::updated_at.eq(crate::time::now())
                ))
                .execute(c))?;
                if n != 1 {
                    return Err(ApiError::StaleVersion);
                }
                let row = load(c, &auth, id)?;
                let plan = to_dtos(c, vec![row])?.remove(0);
                audit::record(
                    c,
                    &auth.actor(),
                    &meta,
                    Event::new("development_plan.update", "development_plan", id).after(&plan),
                )?;
                Ok(plan)
            })
            .await?,
    ))
}

/// Submit the plan to the business department.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 422, description = "Submitted already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans/{id}/submit")]
pub async fn submit_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .tx(move |c| {
                load(c, &auth, id)?;
                let t = crate::time::now();
                let n = db_run!(c, |c| diesel::update(
                    plans::table
                        .filter(plans::id.eq(id))
                        .filter(plans::status.eq("draft"))
                )
                .set((
                    plans::status.eq("submitted"),
                    plans::submitted_by.eq(Some(auth.id)),
                    plans::submitted_at.eq(Some(t)),
                    plans::updated_at.eq(t)
                ))
                .execute(c))?;
                if n != 1 {
                    return Err(ApiError::field("status", "invalid", "submitted already"));
                }
                // Whoever may comment: the business department's staff and its manager.
                let mut staff = crate::notifications::holders_of(c, "business_staff")?;
                staff.extend(crate::notifications::holders_of(c, "business_manager")?);
                staff.sort_unstable();
                staff.dedup();
                crate::notifications::notify(
                    c,
                    &staff,
                    "development_plan.submitted",
                    "新客户开发计划 / Development plan",
                    "",
                    &format!("/development-plans/{id}"),
                )?;
                audit::record(
                    c,
                    &auth.actor(),
                    &meta,
                    Event::new("development_plan.submit", "development_plan", id),
                )?;
                let row = load(c, &auth, id)?;
                Ok(to_dtos(c, vec![row])?.remove(0))
            })
            .await?,
    ))
}

/// The business department's comment on a submitted plan.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PlanComment,
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 422, description = "Not submitted, or no comment", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans/{id}/comment")]
pub async fn comment_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<PlanComment>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    // The business department (staff and manager) reads every plan and answers it.
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    if !auth.can(Area::CustomerMaster, Access::Write) || auth.scope() < Scope::All {
        return Err(ApiError::Forbidden);
    }
    let (id, comment) = (id.into_inner(), body.0.comment.trim().to_string());
    if comment.is_empty() {
        return Err(ApiError::field("comment", "required", "write the comment"));
    }
    Ok(web::Json(
        state
            .tx(move |c| {
                let plan = load(c, &auth, id)?;
                if plan.4 == "draft" {
                    return Err(ApiError::field(
                        "status",
                        "invalid",
                        "the plan has not been submitted",
                    ));
                }
                let t = crate::time::now();
                db_run!(c, |c| diesel::update(plans::table.find(id))
                    .set((
                        plans::status.eq("commented"),
                        plans::comment.eq(&comment),
                        plans::commented_by.eq(Some(auth.id)),
                        plans::commented_at.eq(Some(t)),
                        plans::updated_at.eq(t)
                    ))
                    .execute(c))?;
                let creator: Option<i64> = db_run!(c, |c| plans::table
                    .find(id)
                    .select(plans::submitted_by)
                    .first(c))?;
                crate::notifications::notify(
                    c,
                    &creator.into_iter().collect::<Vec<_>>(),
                    "development_plan.commented",
                    "新客户开发计划已批注 / Plan commented",
                    &comment,
                    &format!("/development-plans/{id}"),
                )?;
                audit::record(
                    c,
                    &auth.actor(),
                    &meta,
                    Event::new("development_plan.comment", "development_plan", id)
                        .after(&serde_json::json!({"comment": comment})),
                )?;
                let row = load(c, &auth, id)?;
                Ok(to_dtos(c, vec![row])?.remove(0))
            })
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(create_plan)
        .service(get_plan)
        .service(update_plan)
        .service(submit_plan)
        .service(comment_plan);
}
