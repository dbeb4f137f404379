use actix_web::{get, patch, post, web, HttpResponse};
use diesel::prelude::*;

use super::{
    find, to_dtos, NewPrice, NewProduct, Product, ProductPrice, ProductQuery, UpdateProduct,
};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::db::schema::{product_prices, products};
use crate::db::{is_unique_violation, DbConn};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

fn text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    let n = value.trim().chars().count();
    if n == 0 {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if n > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
}

fn price_ok(field: &str, fen: i64, errors: &mut Vec<FieldError>) {
    if !(0..=100_000_000_000).contains(&fen) {
        errors.push(FieldError::new(field, "out_of_range", "from 0 to 10亿元"));
    }
}

fn get_one(conn: &mut DbConn, id: i64, today: chrono::NaiveDate) -> ApiResult<Product> {
    let row = find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}

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
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let today = state.today();
    let (items, total) = state
        .db(move |c| {
            let pattern = q.q.as_ref().map(|s| crate::db::contains_pattern(s.trim()));
            macro_rules! filtered {
                () => {{
                    let mut query = products::table.into_boxed();
                    if let Some(p) = &pattern {
                        query = query.filter(
                            products::code
                                .like(p.clone())
                                .escape('\\')
                                .or(products::name.like(p.clone()).escape('\\')),
                        );
                    }
                    if let Some(a) = q.active {
                        query = query.filter(products::active.eq(a));
                    }
                    query
                }};
            }
            let total: i64 = db_run!(c, |c| filtered!().count().get_result(c))?;
            let rows = db_run!(c, |c| filtered!()
                .order(products::code)
                .limit(at.size)
                .offset(at.offset)
                .select((
                    products::id,
                    products::code,
                    products::name,
                    products::unit,
                    products::active,
                    products::version,
                    products::updated_at,
                ))
                .load(c))?;
            Ok((to_dtos(c, rows, today)?, total))
        })
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
    let input = body.0;
    let mut errors = Vec::new();
    text("code", &input.code, 40, &mut errors);
    text("name", &input.name, 200, &mut errors);
    text("unit", &input.unit, 20, &mut errors);
    price_ok("list_price_fen", input.list_price_fen, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let today = state.today();
    let created = state
        .tx(move |c| {
            let t = crate::time::now();
            let id: i64 = db_run!(c, |c| diesel::insert_into(products::table)
                .values((
                    products::code.eq(input.code.trim()),
                    products::name.eq(input.name.trim()),
                    products::unit.eq(input.unit.trim()),
                    products::created_at.eq(t),
                    products::updated_at.eq(t),
                ))
                .returning(products::id)
                .get_result(c))
            .map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::Duplicate(vec![FieldError::new(
                        "code",
                        "duplicate",
                        "this product code exists",
                    )])
                } else {
                    e.into()
                }
            })?;
            db_run!(c, |c| diesel::insert_into(product_prices::table)
                .values((
                    product_prices::product_id.eq(id),
                    product_prices::price_fen.eq(input.list_price_fen),
                    product_prices::effective_from.eq(input.effective_from.unwrap_or(today)),
                    product_prices::created_by.eq(Some(auth.id)),
                    product_prices::created_at.eq(t),
                ))
                .execute(c))?;
            let created = get_one(c, id, today)?;
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("product.create", "product", id).after(&created),
            )?;
            Ok(created)
        })
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
            .tx(move |c| {
                let before = get_one(c, id, today)?;
                let name = input.name.clone().unwrap_or(before.name.clone());
                let unit = input.unit.clone().unwrap_or(before.unit.clone());
                let mut errors = Vec::new();
                text("name", &name, 200, &mut errors);
                text("unit", &unit, 20, &mut errors);
                if !errors.is_empty() {
                    return Err(ApiError::Validation(errors));
                }
                let n = db_run!(c, |c| diesel::update(
                    products::table
                        .filter(products::id.eq(id))
                        .filter(products::version.eq(input.version))
                )
                .set((
                    products::name.eq(name.trim()),
                    products::unit.eq(unit.trim()),
                    products::active.eq(input.active.unwrap_or(before.active)),
                    products::version.eq(products::version + 1),
                    products::updated_at.eq(crate::time::now()),
                ))
                .execute(c))?;
                if n != 1 {
                    return Err(ApiError::StaleVersion);
                }
                let after = get_one(c, id, today)?;
                audit::record(
                    c,
                    &auth.actor(),
                    &meta,
                    Event::new("product.update", "product", id)
                        .before(&before)
                        .after(&after),
                )?;
                Ok(after)
            })
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
    Ok(web::Json(
        state
            .db(move |c| {
                find(c, id)?.ok_or(ApiError::NotFound)?;
                let rows: Vec<(i64, i64, chrono::NaiveDate, chrono::NaiveDateTime)> =
                    db_run!(c, |c| product_prices::table
                        .filter(product_prices::product_id.eq(id))
                        .order(product_prices::effective_from.desc())
                        .select((
                            product_prices::id,
                            product_prices::price_fen,
                            product_prices::effective_from,
                            product_prices::created_at,
                        ))
                        .load(c))?;
                Ok(rows
                    .into_iter()
                    .map(|r| ProductPrice {
                        id: r.0,
                        price_fen: r.1,
                        effective_from: r.2,
                        created_at: r.3.and_utc(),
                    })
                    .collect())
            })
            .await?,
    ))
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
    let mut errors = Vec::new();
    price_ok("price_fen", input.price_fen, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let product = state
        .tx(move |c| {
            find(c, id)?.ok_or(ApiError::NotFound)?;
            db_run!(c, |c| diesel::insert_into(product_prices::table)
                .values((
                    product_prices::product_id.eq(id),
                    product_prices::price_fen.eq(input.price_fen),
                    product_prices::effective_from.eq(input.effective_from),
                    product_prices::created_by.eq(Some(auth.id)),
                    product_prices::created_at.eq(crate::time::now()),
                ))
                .execute(c))
            .map_err(|e| {
                if is_unique_violation(&e) {
                    ApiError::Duplicate(vec![FieldError::new("effective_from", "duplicate", "a price from this date exists")])
                } else {
                    e.into()
                }
            })?;
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("product.price", "product", id)
                    .after(&serde_json::json!({"price_fen": input.price_fen, "effective_from": input.effective_from})),
            )?;
            get_one(c, id, today)
        })
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
