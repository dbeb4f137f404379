use actix_web::{get, patch, post, web, HttpResponse};

use super::model::{NewPrice, NewProduct, Product, ProductPrice, ProductQuery, UpdateProduct};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Products with today's list price.
#[utoipa::path(tag = "products", security(("bearer" = [])), params(ProductQuery),
    responses(
        (status = 200, body = Page<Product>),
    ))]
#[get("/products")]
pub async fn list_products(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ProductQuery>,
) -> ApiResult<web::Json<Page<Product>>> {
    auth.require(Area::Products, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// A new product with its first list price (business department).
#[utoipa::path(tag = "products", security(("bearer" = [])), request_body = NewProduct,
    responses(
        (status = 201, body = Product),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/products")]
pub async fn create_product(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewProduct>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Products, Access::Write)?;
    let (input, today) = (body.0, state.today());
    service::check_new(&input)?;
    let created = state
        .tx(move |c| service::create(c, &auth, &meta, &input, today))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Rename, change the unit, or retire a product.
#[utoipa::path(tag = "products", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateProduct,
    responses(
        (status = 200, body = Product),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/products/{id}")]
pub async fn update_product(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdateProduct>,
) -> ApiResult<web::Json<Product>> {
    auth.require(Area::Products, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// A product's list prices, newest first.
#[utoipa::path(tag = "products", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<ProductPrice>),
    ))]
#[get("/products/{id}/prices")]
pub async fn product_prices_list(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<ProductPrice>>> {
    auth.require(Area::Products, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |c| service::prices(c, id)).await?))
}

/// A new list price from a date (signed contracts keep the price they were signed at).
#[utoipa::path(tag = "products", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NewPrice,
    responses(
        (status = 201, body = Product),
        (status = 409, description = "A price from this date exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/products/{id}/prices")]
pub async fn add_price(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewPrice>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Products, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    service::check_price(&input)?;
    let product = state
        .tx(move |c| service::add_price(c, &auth, &meta, id, &input, today))
        .await?;
    Ok(HttpResponse::Created().json(product))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_products)
        .service(create_product)
        .service(update_product)
        .service(product_prices_list)
        .service(add_price);
}
