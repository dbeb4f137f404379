use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::idempotency;
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;
use chrono::NaiveDate;

/// Receivables of the customers in scope, oldest due first.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(ReceivableQuery),
    responses(
        (status = 200, body = Page<Receivable>),
    ))]
#[get("/receivables")]
pub async fn list_receivables(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ReceivableQuery>,
) -> ApiResult<web::Json<Page<Receivable>>> {
    auth.require(Area::Receivables, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_receivables(c, &auth, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// Payments of the customers in scope, newest first.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(PaymentQuery),
    responses(
        (status = 200, body = Page<Payment>),
    ))]
#[get("/payments")]
pub async fn list_payments(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<PaymentQuery>,
) -> ApiResult<web::Json<Page<Payment>>> {
    auth.require(Area::Receivables, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_payments(c, &auth, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Book a payment (finance): allocated to the customer's open receivables oldest first, or as
/// given; never more than a receivable's balance (409/422 otherwise, nothing booked).
/// Scripts may send `Idempotency-Key`.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), request_body = NewPayment,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeated push book once")),
    responses(
        (status = 201, body = Payment),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or more than a balance (`payment.over_allocated`)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/payments")]
pub async fn create_payment(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    req: HttpRequest,
    body: ValidJson<NewPayment>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Write)?;
    let key = idempotency::key_of(&req)?;
    let (input, today) = (body.0, state.today());
    let (status, answer) = state
        .tx(move |c| {
            let what = ("POST /payments", &input);
            if let Some(k) = &key {
                if let Some(earlier) = idempotency::replay(c, auth.id, k, &what)? {
                    return Ok(earlier);
                }
            }
            let payment = service::create_payment(c, &auth, &meta, &input, today)?;
            service::ledger_changed(c, payment.customer_id, today)?;
            let payment = serde_json::to_value(payment).map_err(ApiError::internal)?;
            if let Some(k) = &key {
                idempotency::store(c, auth.id, k, &what, 201, &payment)?;
            }
            Ok((201, payment))
        })
        .await?;
    Ok(idempotency::respond(status, &answer))
}

/// One payment with its allocations.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Payment),
    ))]
#[get("/payments/{id}")]
pub async fn get_payment(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Payment>> {
    auth.require(Area::Receivables, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::get_payment(c, &auth, id))
            .await?,
    ))
}

/// Allocate what is left of a payment (oldest first, or as given).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AllocatePayment,
    responses(
        (status = 200, body = Payment),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/payments/{id}/allocate")]
pub async fn allocate_payment(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<AllocatePayment>,
) -> ApiResult<web::Json<Payment>> {
    payment_step(auth, state, meta, id, body.0, service::allocate_rest).await
}

/// Reverse a payment with a reason; its allocations end today.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ReversePayment,
    responses(
        (status = 200, body = Payment),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/payments/{id}/reverse")]
pub async fn reverse_payment(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<ReversePayment>,
) -> ApiResult<web::Json<Payment>> {
    payment_step(auth, state, meta, id, body.0, service::reverse).await
}

/// A credit note against a receivable (finance).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), request_body = NewCreditNote,
    responses(
        (status = 201, body = CreditNote),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit-notes")]
pub async fn create_credit_note(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewCreditNote>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Write)?;
    let (input, today) = (body.0, state.today());
    let note = state
        .tx(move |c| {
            let note = service::create_credit_note(c, &auth, &meta, &input, today)?;
            service::ledger_changed(c, note.customer_id, today)?;
            Ok(note)
        })
        .await?;
    Ok(HttpResponse::Created().json(note))
}

/// 应收账款账龄登记表 as of a date (default today), by customer, office, owner or grade, in the
/// buckets of the policy in force on that date.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(AgingQuery),
    responses(
        (status = 200, body = AgingReport),
        (status = 422, description = "`as_of` before the first version of the measures", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/ar-aging")]
pub async fn ar_aging(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<AgingQuery>,
) -> ApiResult<web::Json<AgingReport>> {
    auth.require(Area::Receivables, Access::Read)?;
    let (q, today) = (q.0, state.today());
    Ok(web::Json(
        state
            .db(move |c| service::aging_report(c, &auth, &q, today))
            .await?,
    ))
}

/// The open receivables behind the register (drill-down), oldest due first, at most 1,000.
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(AgingQuery),
    responses(
        (status = 200, body = Vec<AgingLine>),
        (status = 422, description = "`as_of` before the first version of the measures", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/ar-aging/receivables")]
pub async fn ar_aging_lines(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<AgingQuery>,
) -> ApiResult<web::Json<Vec<AgingLine>>> {
    auth.require(Area::Receivables, Access::Read)?;
    let (q, today) = (q.0, state.today());
    Ok(web::Json(
        state
            .db(move |c| service::aging_lines(c, &auth, &q, today))
            .await?,
    ))
}

/// The register as an .xlsx (same query as `/reports/ar-aging`).
#[utoipa::path(tag = "receivables", security(("bearer" = [])), params(AgingQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 422, description = "`as_of` before the first version of the measures", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/reports/ar-aging.xlsx")]
pub async fn ar_aging_xlsx(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    q: ValidQuery<AgingQuery>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let (bytes, as_of) = state
        .db(move |c| service::aging_workbook(c, &auth, &meta, &q, today))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"ar-aging-{as_of}.xlsx\""),
        ))
        .body(bytes))
}

type PaymentStep<I> =
    fn(&mut DbConn, &AuthUser, &RequestMeta, i64, &I, NaiveDate) -> ApiResult<Payment>;

/// Finance's step on one payment, in a transaction.
async fn payment_step<I: Send + 'static>(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    input: I,
    step: PaymentStep<I>,
) -> ApiResult<web::Json<Payment>> {
    auth.require(Area::Receivables, Access::Write)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .tx(move |c| {
                let payment = step(c, &auth, &meta, id, &input, today)?;
                service::ledger_changed(c, payment.customer_id, today)?;
                Ok(payment)
            })
            .await?,
    ))
}

/// 对账单: a customer's statement of account over a period — opening balance, shipments,
/// payments, reversals, credit notes and write-offs with the running balance, closing balance,
/// contracts signed in the period, and the aging of what is open at its end.
#[utoipa::path(tag = "receivables", security(("bearer" = [])),
    params(("id" = i64, Path), StatementQuery),
    responses(
        (status = 200, body = Statement),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The period runs backwards, ends after today, spans more than three years or holds more than 10,000 entries", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/statement")]
pub async fn get_statement(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: ValidQuery<StatementQuery>,
) -> ApiResult<web::Json<Statement>> {
    auth.require(Area::Receivables, Access::Read)?;
    let (id, q, today) = (id.into_inner(), q.0, state.today());
    Ok(web::Json(
        state
            .db(move |c| super::statement::statement(c, &auth, id, &q, today))
            .await?,
    ))
}

/// The statement of account as an .xlsx workbook (the export is audited).
#[utoipa::path(tag = "receivables", security(("bearer" = [])),
    params(("id" = i64, Path), StatementQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The period runs backwards, ends after today, spans more than three years or holds more than 10,000 entries", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/statement.xlsx")]
pub async fn statement_workbook(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    q: ValidQuery<StatementQuery>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Receivables, Access::Read)?;
    let (id, q, today) = (id.into_inner(), q.0, state.today());
    let (bytes, code, to) = state
        .db(move |c| {
            let s = super::statement::statement(c, &auth, id, &q, today)?;
            crate::audit::record(
                c,
                &auth.actor(),
                &meta,
                crate::audit::Event::new("statement.export", "customer", id).after(
                    &serde_json::json!({"from": s.from, "to": s.to, "lines": s.lines.len()}),
                ),
            )?;
            // The file name keeps the code's ASCII letters, digits and dashes (a header value).
            let code = crate::statements::service::ascii_code(&s.customer_code);
            Ok((super::statement::workbook(&s)?, code, s.to))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"statement-{code}-{to}.xlsx\""),
        ))
        .body(bytes))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_receivables)
        .service(get_statement)
        .service(statement_workbook)
        .service(list_payments)
        .service(create_payment)
        .service(get_payment)
        .service(allocate_payment)
        .service(reverse_payment)
        .service(create_credit_note)
        .service(ar_aging_xlsx)
        .service(ar_aging)
        .service(ar_aging_lines);
}
