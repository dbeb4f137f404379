use actix_web::{get, post, put, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// The review campaigns, newest first, with their progress in the caller's scope.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<CreditReview>),
    ))]
#[get("/credit/reviews")]
pub async fn list_reviews(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<CreditReview>>> {
    auth.require(Area::CreditReviews, Access::Read)?;
    Ok(web::Json(
        state.db(move |c| service::list_reviews(c, &auth)).await?,
    ))
}

/// Start the review campaign of a review month (the VP, or the business department): every
/// customer with credit is gathered in the background; `done` of `total` shows the progress.
/// Each review month's campaign also starts by itself on its first working day.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])),
    request_body = NewCreditReview,
    responses(
        (status = 202, description = "Started: gathering in the background", body = CreditReview),
        (status = 409, description = "That month's campaign exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a review month of the policy, or later than this month", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit/reviews")]
pub async fn create_review(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewCreditReview>,
) -> ApiResult<HttpResponse> {
    if !service::may_start(&auth) {
        auth.require(Area::CreditReviews, Access::Write)?;
    }
    let (input, today) = (body.0, state.today());
    let review = state
        .db(move |c| c.tx(|c| service::create_review(c, Some(&auth), &meta, &input, today)))
        .await?;
    actix_web::rt::spawn(service::drive(state.clone(), review.id));
    Ok(HttpResponse::Accepted().json(review))
}

/// A campaign with its progress: gathered of total, items by status and by proposal.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CreditReview),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/credit/reviews/{id}")]
pub async fn get_review(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CreditReview>> {
    auth.require(Area::CreditReviews, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get_review(c, &auth, id)).await?,
    ))
}

/// The campaign's customers in the caller's scope, by customer code.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path), ItemQuery),
    responses(
        (status = 200, body = Page<ReviewItem>),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/credit/reviews/{id}/items")]
pub async fn list_items(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: ValidQuery<ItemQuery>,
) -> ApiResult<web::Json<Page<ReviewItem>>> {
    auth.require(Area::CreditReviews, Access::Read)?;
    let (id, q) = (id.into_inner(), q.0);
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_items(c, &auth, id, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// One customer's 客户升(降)级评审表.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path), ("item_id" = i64, Path)),
    responses(
        (status = 200, body = ReviewItem),
        (status = 404, description = "No such item in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/credit/reviews/{id}/items/{item_id}")]
pub async fn get_item(
    auth: AuthUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
) -> ApiResult<web::Json<ReviewItem>> {
    auth.require(Area::CreditReviews, Access::Read)?;
    let (id, item) = path.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::get_item(c, &auth, id, item))
            .await?,
    ))
}

/// The business department fills the review form: upgrade, keep or downgrade, the new grade,
/// limit and credit period, and its opinion. Until the VP decides it may be filled again.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path), ("item_id" = i64, Path)),
    request_body = ReviewForm,
    responses(
        (status = 200, body = ReviewItem),
        (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The form changed since it was read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or decided already", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/credit/reviews/{id}/items/{item_id}")]
pub async fn review_item(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    path: web::Path<(i64, i64)>,
    body: ValidJson<ReviewForm>,
) -> ApiResult<web::Json<ReviewItem>> {
    auth.require(Area::CreditReviews, Access::Write)?;
    let ((id, item), input) = (path.into_inner(), body.0);
    Ok(web::Json(
        state
            .db(move |c| c.tx(|c| service::review_item(c, &auth, &meta, id, item, &input)))
            .await?,
    ))
}

/// The VP approves or rejects one reviewed customer; an approval applies the grade, limit and
/// period to the credit profile at once, with history, and tells the office and finance.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path), ("item_id" = i64, Path)),
    request_body = ItemDecision,
    responses(
        (status = 200, body = ReviewItem),
        (status = 403, description = "The VP reviewed it himself", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not reviewed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit/reviews/{id}/items/{item_id}/decision")]
pub async fn decide_item(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    path: web::Path<(i64, i64)>,
    body: ValidJson<ItemDecision>,
) -> ApiResult<web::Json<ReviewItem>> {
    auth.require(Area::CreditReviews, Access::Approve)?;
    let ((id, item), input) = (path.into_inner(), body.0);
    Ok(web::Json(
        state
            .db(move |c| c.tx(|c| service::decide_item(c, &auth, &meta, id, item, &input)))
            .await?,
    ))
}

/// The VP approves the campaign at once: every reviewed customer except those listed (they
/// stay for a decision of their own) is approved and applied.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = BatchApproval,
    responses(
        (status = 200, body = BatchResult),
        (status = 404, description = "No such campaign", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Still gathering, or too many exceptions", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit/reviews/{id}/approve")]
pub async fn approve_review(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<BatchApproval>,
) -> ApiResult<web::Json<BatchResult>> {
    auth.require(Area::CreditReviews, Access::Approve)?;
    let (id, input) = (id.into_inner(), body.0);
    Ok(web::Json(
        state
            .db(move |c| c.tx(|c| service::approve_review(c, &auth, &meta, id, &input)))
            .await?,
    ))
}

/// The customer card's review history: every campaign's item of the customer, newest first.
#[utoipa::path(tag = "credit_reviews", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<ReviewItem>),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/credit-reviews")]
pub async fn customer_reviews(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<ReviewItem>>> {
    auth.require(Area::CreditReviews, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::of_customer(c, &auth, id))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_reviews)
        .service(create_review)
        .service(get_review)
        .service(list_items)
        .service(get_item)
        .service(review_item)
        .service(decide_item)
        .service(approve_review)
        .service(customer_reviews);
}
