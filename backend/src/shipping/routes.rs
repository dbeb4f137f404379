use actix_web::{get, post, web, HttpRequest, HttpResponse};

use super::model::{
    BlockedNote, NewShippingNote, ShippableContract, ShippableQuery, ShippingNote, ShippingQuery,
};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::credit::model::{BlockQuery, CreditReason};
use crate::db::DbConn;
use crate::error::{ApiResult, Problem};
use crate::http::idempotency;
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;
use chrono::NaiveDate;

/// Shipping notes of visible customers; `status=issued` is the warehouse's queue, ordered by
/// the customers' shipping priority, then ship date.
#[utoipa::path(tag = "shipping", security(("bearer" = [])), params(ShippingQuery),
    responses(
        (status = 200, body = Page<ShippingNote>),
    ))]
#[get("/shipping-notes")]
pub async fn list_notes(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ShippingQuery>,
) -> ApiResult<web::Json<Page<ShippingNote>>> {
    auth.require(Area::ShippingNotes, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &auth, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// Issue a shipping note against a signed contract's lines (warehouse). Never more than remains
/// to ship. Scripts may send `Idempotency-Key`.
#[utoipa::path(tag = "shipping", security(("bearer" = [])), request_body = NewShippingNote,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeated push book once")),
    responses(
        (status = 201, body = ShippingNote),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or more than remains to ship (`shipping.over_ordered`)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/shipping-notes")]
pub async fn issue_note(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    req: HttpRequest,
    body: ValidJson<NewShippingNote>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::ShippingNotes, Access::Write)?;
    let key = idempotency::key_of(&req)?;
    let (input, today) = (body.0, state.today());
    let (status, answer) = state
        .tx(move |c| {
            let what = ("POST /shipping-notes", &input);
            if let Some(k) = &key {
                if let Some(earlier) = idempotency::replay(c, auth.id, k, &what)? {
                    return Ok(earlier);
                }
            }
            let note = serde_json::to_value(service::issue(c, &auth, &meta, &input, today)?)
                .map_err(crate::error::ApiError::internal)?;
            if let Some(k) = &key {
                idempotency::store(c, auth.id, k, &what, 201, &note)?;
            }
            Ok((201, note))
        })
        .await?;
    Ok(idempotency::respond(status, &answer))
}

/// One shipping note with its lines.
#[utoipa::path(tag = "shipping", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = ShippingNote),
    ))]
#[get("/shipping-notes/{id}")]
pub async fn get_note(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ShippingNote>> {
    auth.require(Area::ShippingNotes, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state.db(move |c| service::get(c, &auth, id, today)).await?,
    ))
}

/// The shipper confirms the shipment: its receivable is created (due = ship date + credit period).
#[utoipa::path(tag = "shipping", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = ShippingNote),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/shipping-notes/{id}/confirm")]
pub async fn confirm_note(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ShippingNote>> {
    note_step(auth, state, meta, id, service::confirm).await
}

/// Cancel an issued note; its quantities return to the contract.
#[utoipa::path(tag = "shipping", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = ShippingNote),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/shipping-notes/{id}/cancel")]
pub async fn cancel_note(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ShippingNote>> {
    note_step(auth, state, meta, id, service::cancel).await
}

type NoteStep = fn(&mut DbConn, &AuthUser, &RequestMeta, i64, NaiveDate) -> ApiResult<ShippingNote>;

/// A warehouse's step on one note, in a transaction.
async fn note_step(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    step: NoteStep,
) -> ApiResult<web::Json<ShippingNote>> {
    auth.require(Area::ShippingNotes, Access::Write)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state.tx(move |c| step(c, &auth, &meta, id, today)).await?,
    ))
}

/// What the warehouse may ship: signed contracts of visible customers with quantities left,
/// with their open lines (ordered, shipped, remaining) — by shipping priority, then signing date.
/// For those who issue shipping notes; carries no prices.
#[utoipa::path(tag = "shipping", security(("bearer" = [])), params(ShippableQuery),
    responses(
        (status = 200, body = Page<ShippableContract>),
    ))]
#[get("/shippable-contracts")]
pub async fn list_shippable(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ShippableQuery>,
) -> ApiResult<web::Json<Page<ShippableContract>>> {
    auth.require(Area::ShippingNotes, Access::Write)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::shippable(c, &auth, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// The blocked worklist (信用冻结的发货通知单): blocked notes of the customers in scope, oldest
/// first, with the customer's payment performance and who may release each.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(BlockQuery),
    responses(
        (status = 200, body = Page<BlockedNote>),
    ))]
#[get("/credit-blocks")]
pub async fn list_blocks(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<BlockQuery>,
) -> ApiResult<web::Json<Page<BlockedNote>>> {
    auth.require(Area::CreditLimits, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::blocked(c, &auth, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

async fn decide_block(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CreditReason>,
    release: bool,
) -> ApiResult<web::Json<ShippingNote>> {
    auth.require(Area::ShipmentRelease, Access::Approve)?;
    let (id, reason, today) = (id.into_inner(), body.0.reason, state.today());
    let note = state
        .tx(move |c| service::decide_block(c, &auth, &meta, id, release, &reason, today))
        .await?;
    Ok(web::Json(note))
}

/// Release a blocked note with a reason (the VP up to `credit.vp_release_max_fen`, the GM
/// above): the warehouse may confirm it.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CreditReason,
    responses(
        (status = 200, body = ShippingNote),
        (status = 404, description = "No such note in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or not blocked", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit-blocks/{id}/release")]
pub async fn release_block(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CreditReason>,
) -> ApiResult<web::Json<ShippingNote>> {
    decide_block(auth, state, meta, id, body, true).await
}

/// Reject a blocked note with a reason: it is cancelled and its quantities return to the
/// contract.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CreditReason,
    responses(
        (status = 200, body = ShippingNote),
        (status = 404, description = "No such note in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or not blocked", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit-blocks/{id}/reject")]
pub async fn reject_block(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CreditReason>,
) -> ApiResult<web::Json<ShippingNote>> {
    decide_block(auth, state, meta, id, body, false).await
}

/// Run the credit check of a blocked note again; a pass unblocks it.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = ShippingNote),
        (status = 404, description = "No such note in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not blocked", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit-blocks/{id}/recheck")]
pub async fn recheck_block(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ShippingNote>> {
    auth.require(Area::CreditLimits, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    let note = state
        .tx(move |c| service::recheck(c, &auth, &meta, id, today))
        .await?;
    Ok(web::Json(note))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_blocks)
        .service(release_block)
        .service(reject_block)
        .service(recheck_block);
    cfg.service(list_shippable)
        .service(list_notes)
        .service(issue_note)
        .service(get_note)
        .service(confirm_note)
        .service(cancel_note);
}
