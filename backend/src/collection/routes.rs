use actix_web::{get, patch, post, put, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// 催收任务 of the customers in the user's scope: open first, by the day they are to be acted
/// on. `mine=true`: customers the user owns; `overdue=true`: open, not acted on, past that day.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(TaskQuery),
    responses(
        (status = 200, body = Page<FollowUpTask>),
    ))]
#[get("/collection/tasks")]
pub async fn list_tasks(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<TaskQuery>,
) -> ApiResult<web::Json<Page<FollowUpTask>>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_tasks(c, &auth, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// A follow-up task with its receivables, actions and promises.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = FollowUpTaskDetail),
        (status = 404, description = "No such task in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/collection/tasks/{id}")]
pub async fn get_task(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<FollowUpTaskDetail>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .db(move |c| service::task_detail(c, &auth, id, today))
            .await?,
    ))
}

/// Record what was done on a task (reminder, phone call, letter, visit): the owner salesman or
/// the office director.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewFollowUpAction,
    responses(
        (status = 200, body = FollowUpTaskDetail),
        (status = 404, description = "No such task in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the task is closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/tasks/{id}/actions")]
pub async fn add_action(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewFollowUpAction>,
) -> ApiResult<web::Json<FollowUpTaskDetail>> {
    auth.require(Area::CollectionTasks, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::add_action(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// Record a promise to pay (amount, date): kept when the payments booked from now on and
/// received by that date reach the amount, broken otherwise — which raises the next level at once.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewPaymentPromise,
    responses(
        (status = 200, body = FollowUpTaskDetail),
        (status = 404, description = "No such task in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the task is closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/tasks/{id}/promises")]
pub async fn add_promise(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewPaymentPromise>,
) -> ApiResult<web::Json<FollowUpTaskDetail>> {
    auth.require(Area::CollectionTasks, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::add_promise(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// 逾期追收案件 of the customers in the user's scope (the planning department sees all; the
/// office keeps read access to its own). `mine=true`: cases the user holds.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(CaseQuery),
    responses(
        (status = 200, body = Page<CollectionCase>),
    ))]
#[get("/collection/cases")]
pub async fn list_cases(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<CaseQuery>,
) -> ApiResult<web::Json<Page<CollectionCase>>> {
    auth.require(Area::CollectionCases, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_cases(c, &auth, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// A collection case with its receivables, actions and write-offs.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CollectionCaseDetail),
        (status = 404, description = "No such case in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/collection/cases/{id}")]
pub async fn get_case(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CollectionCaseDetail>> {
    auth.require(Area::CollectionCases, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .db(move |c| service::case_detail(c, &auth, id, today))
            .await?,
    ))
}

/// The debt analysis and the recovery method of an open case (the planning department).
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CaseUpdate,
    responses(
        (status = 200, body = CollectionCaseDetail),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the case is closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/collection/cases/{id}")]
pub async fn update_case(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CaseUpdate>,
) -> ApiResult<web::Json<CollectionCaseDetail>> {
    auth.require(Area::CollectionCases, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update_case(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// Take an open case nobody holds (a member of the planning department).
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CollectionCaseDetail),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Closed, or held by someone else", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/cases/{id}/take")]
pub async fn take_case(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CollectionCaseDetail>> {
    auth.require(Area::CollectionCases, Access::Write)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::take_case(c, &auth, &meta, id, today))
            .await?,
    ))
}

/// Record an action of the recovery (date, method, what was done, its cost).
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewCaseAction,
    responses(
        (status = 200, body = CollectionCaseDetail),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the case is closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/cases/{id}/actions")]
pub async fn add_case_action(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewCaseAction>,
) -> ApiResult<web::Json<CollectionCaseDetail>> {
    auth.require(Area::CollectionCases, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::add_case_action(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// Close a case with its outcome: recovered in full (nothing left open), in part, settled, or
/// written off (after the GM approved the write-offs of what was left).
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CloseCase,
    responses(
        (status = 200, body = CollectionCaseDetail),
        (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The case is closed, or the outcome does not fit the open balance", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/cases/{id}/close")]
pub async fn close_case(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CloseCase>,
) -> ApiResult<web::Json<CollectionCaseDetail>> {
    auth.require(Area::CollectionCases, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::close_case(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// Propose writing off (坏账核销) a receivable of a collection case, with the reason and
/// evidence (planning or finance): filed for the general manager.
#[utoipa::path(tag = "collection", security(("bearer" = [])), request_body = NewWriteOff,
    responses(
        (status = 201, body = WriteOff),
        (status = 409, description = "A write-off of this receivable is pending", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/collection/write-offs")]
pub async fn propose_write_off(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewWriteOff>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::WriteOffs, Access::Write)?;
    let input = body.0;
    let w = state
        .tx(move |c| service::propose_write_off(c, &auth, &meta, &input))
        .await?;
    Ok(HttpResponse::Created().json(w))
}

/// Write-offs (`status=approved`: the write-off register, 坏账核销登记), newest first, with
/// the sum of all that match.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(WriteOffQuery),
    responses(
        (status = 200, body = WriteOffRegister),
    ))]
#[get("/collection/write-offs")]
pub async fn list_write_offs(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<WriteOffQuery>,
) -> ApiResult<web::Json<WriteOffRegister>> {
    auth.require(Area::WriteOffs, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total, total_fen) = state
        .db(move |c| service::list_write_offs(c, &q, at.size, at.offset))
        .await?;
    Ok(web::Json(WriteOffRegister {
        items,
        total,
        page: at.page,
        page_size: at.size,
        total_fen,
    }))
}

/// The customer card's collection: follow-up tasks, collection cases and promises.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CustomerCollection),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/collection")]
pub async fn customer_collection(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CustomerCollection>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .db(move |c| service::of_customer(c, &auth, id, today))
            .await?,
    ))
}

/// Run today's collection pass now (an administrator, e.g. after importing the ledger): the
/// same work as the daily job, idempotent — what was reached already is not created again.
#[utoipa::path(tag = "collection", security(("bearer" = [])),
    responses(
        (status = 200, body = CollectionRun),
    ))]
#[post("/collection/run")]
pub async fn run_now(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<CollectionRun>> {
    auth.require(Area::Administration, Access::Write)?;
    let today = state.today();
    Ok(web::Json(
        state.db(move |c| service::run_now(c, today)).await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tasks)
        .service(get_task)
        .service(add_action)
        .service(add_promise)
        .service(list_cases)
        .service(get_case)
        .service(update_case)
        .service(take_case)
        .service(add_case_action)
        .service(close_case)
        .service(propose_write_off)
        .service(list_write_offs)
        .service(customer_collection)
        .service(run_now)
        .service(get_letter_template)
        .service(put_letter_template)
        .service(dunning_letter);
}

/// The dunning letter's template (催款函): title and body with its placeholders.
#[utoipa::path(tag = "collection", security(("bearer" = [])),
    responses(
        (status = 200, body = LetterTemplate),
    ))]
#[get("/collection/letter-template")]
pub async fn get_letter_template(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<LetterTemplate>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    Ok(web::Json(
        state
            .db(move |c| service::letter_template(c, &auth))
            .await?,
    ))
}

/// Change the dunning letter's template (the business department); unknown placeholders are
/// refused.
#[utoipa::path(tag = "collection", security(("bearer" = [])), request_body = LetterTemplateUpdate,
    responses(
        (status = 200, body = LetterTemplate),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/collection/letter-template")]
pub async fn put_letter_template(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<LetterTemplateUpdate>,
) -> ApiResult<web::Json<LetterTemplate>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    let input = body.0;
    Ok(web::Json(
        state
            .tx(move |c| service::save_letter_template(c, &auth, &meta, &input))
            .await?,
    ))
}

/// The customer's dunning letter (催款函) as of today, ready to print: the template filled in
/// and the overdue receivables with their total.
#[utoipa::path(tag = "collection", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = DunningLetter),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/dunning-letter")]
pub async fn dunning_letter(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<DunningLetter>> {
    auth.require(Area::CollectionTasks, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .db(move |c| service::dunning_letter(c, &auth, id, today))
            .await?,
    ))
}
