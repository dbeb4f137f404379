use actix_web::{get, post, put, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Where the customer's statements of account are mailed, and whether the server sends mail.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = StatementRecipient),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/statement-recipient")]
pub async fn get_statement_recipient(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<StatementRecipient>> {
    auth.require(Area::Receivables, Access::Read)?;
    let (id, on) = (id.into_inner(), state.config.mail_enabled());
    Ok(web::Json(
        state
            .db(move |c| service::recipient(c, &auth, id, on))
            .await?,
    ))
}

/// Set the customer's statement address and whether the monthly run includes it (finance);
/// no address removes it.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = StatementRecipientForm,
    responses(
        (status = 200, body = StatementRecipient),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an e-mail address", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/customers/{id}/statement-recipient")]
pub async fn put_statement_recipient(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<StatementRecipientForm>,
) -> ApiResult<web::Json<StatementRecipient>> {
    auth.require(Area::Receivables, Access::Write)?;
    let (id, form, on) = (id.into_inner(), body.0, state.config.mail_enabled());
    Ok(web::Json(
        state
            .tx(move |c| service::set_recipient(c, &auth, &meta, id, &form, on))
            .await?,
    ))
}

/// Mail the statement of a period with its .xlsx (finance): queued at once, sent by the
/// mailer within seconds; its state shows in the customer's statement mails.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = StatementMailRequest,
    responses(
        (status = 202, description = "Queued", body = StatementMail),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No address, not an address, the server sends no mail, or a period the statement cannot cover", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/statement/mail")]
pub async fn mail_statement(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<StatementMailRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Write)?;
    let (id, req, today, on) = (
        id.into_inner(),
        body.0,
        state.today(),
        state.config.mail_enabled(),
    );
    let mail = state
        .tx(move |c| service::mail_statement(c, &auth, &meta, id, &req, today, on))
        .await?;
    Ok(HttpResponse::Accepted().json(mail))
}

/// The customer's statements mailed or waiting, newest first (at most 100).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<StatementMail>),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/statement/mails")]
pub async fn customer_statement_mails(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<StatementMail>>> {
    auth.require(Area::Receivables, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::customer_mails(c, &auth, id))
            .await?,
    ))
}

/// The monthly statement runs, latest month first (finance).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(Paging),
    responses(
        (status = 200, body = Page<StatementRun>),
    ))]
#[get("/statement-runs")]
pub async fn list_statement_runs(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<Paging>,
) -> ApiResult<web::Json<Page<StatementRun>>> {
    auth.require(Area::Receivables, Access::Write)?;
    let at = Paging::at(q.0.page, q.0.page_size)?;
    let (items, total) = state
        .db(move |c| service::runs(c, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Start a month's statement run by hand (finance): last month's statement queued for every
/// customer with an open balance and an address in the monthly run. The schedule starts it by
/// itself on the policy's working day (`credit.statements`).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), request_body = NewStatementRun,
    responses(
        (status = 201, body = StatementRun),
        (status = 409, description = "The month has been run already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a month, a month not over, or the server sends no mail", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/statement-runs")]
pub async fn start_statement_run(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewStatementRun>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Write)?;
    let (input, today, on) = (body.0, state.today(), state.config.mail_enabled());
    let run = state
        .tx(move |c| service::start_run(c, Some(&auth), &meta, &input, today, on))
        .await?;
    Ok(HttpResponse::Created().json(run))
}

/// One statement run with its counts.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = StatementRun),
        (status = 404, description = "No such run", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/statement-runs/{id}")]
pub async fn get_statement_run(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<StatementRun>> {
    auth.require(Area::Receivables, Access::Write)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |c| service::run(c, id)).await?))
}

/// A run's mails by customer code, optionally in one state (e.g. the failed ones).
#[utoipa::path(tag = "receivables", security(("bearer" = [])),
    params(("id" = i64, Path), StatementMailQuery),
    responses(
        (status = 200, body = Page<StatementMail>),
        (status = 404, description = "No such run", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/statement-runs/{id}/mails")]
pub async fn statement_run_mails(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: ValidQuery<StatementMailQuery>,
) -> ApiResult<web::Json<Page<StatementMail>>> {
    auth.require(Area::Receivables, Access::Write)?;
    let (id, q) = (id.into_inner(), q.0);
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::run_mails(c, id, q.status, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_statement_recipient)
        .service(put_statement_recipient)
        .service(mail_statement)
        .service(customer_statement_mails)
        .service(list_statement_runs)
        .service(start_statement_run)
        .service(get_statement_run)
        .service(statement_run_mails);
}
