use actix_web::{get, patch, post, web, HttpResponse};

use super::import::{ImportQuery, ImportRejected, ImportReport};
use super::model::{
    ChangeStatus, ClassifyCustomer, CorrectFirstDeal, Customer, CustomerChange, CustomerForm,
    CustomerQuery, TransferCustomer,
};
use super::scope::Viewer;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{parse_sort, Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Customers in the user's scope: search (name, code, phone, credit code, pinyin) and filters.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(CustomerQuery),
    responses(
        (status = 200, body = Page<Customer>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers")]
pub async fn list_customers(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<CustomerQuery>,
) -> ApiResult<web::Json<Page<Customer>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let sort = parse_sort(
        q.sort.as_deref(),
        &[
            "code",
            "name",
            "grade",
            "status",
            "updated_at",
            "created_at",
        ],
    )?;
    let viewer = Viewer::of(&auth);
    let (items, total) = state
        .db(move |c| service::list(c, viewer, &q, &sort, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// The list view (same search, filters and sort as the list) as an .xlsx file, under the
/// user's scope; at most 50,000 rows.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(CustomerQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/export.xlsx")]
pub async fn export_customers(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    q: ValidQuery<CustomerQuery>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let q = q.0;
    let sort = parse_sort(
        q.sort.as_deref(),
        &[
            "code",
            "name",
            "grade",
            "status",
            "updated_at",
            "created_at",
        ],
    )?;
    let viewer = Viewer::of(&auth);
    let actor = auth.actor();
    let bytes = state
        .db(move |c| {
            let (items, total) = service::list(c, viewer, &q, &sort, super::export::MAX_ROWS, 0)?;
            let book = super::export::workbook(&items)?;
            crate::audit::record(
                c,
                &actor,
                &meta,
                crate::audit::Event::new("customer.export", "customer", "list")
                    .after(&serde_json::json!({"rows": items.len(), "matching": total})),
            )?;
            Ok(book)
        })
        .await?;
    let filename = format!("customers-{}.xlsx", state.today());
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(bytes))
}

/// Register a customer (客户概要信息登记表). The code is generated; a customer whose credit code
/// or normalised name exists already is refused with a pointer to it (or, outside your scope,
/// with the advice to ask for access).
#[utoipa::path(tag = "customers", security(("bearer" = [])), request_body = CustomerForm,
    responses(
        (status = 201, body = Customer),
        (status = 409, description = "Duplicate customer (`customer.duplicate`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers")]
pub async fn create_customer(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<CustomerForm>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let today = state.today();
    let form = body.0;
    let created = state
        .tx(move |c| service::create(c, &auth, &meta, form, today))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// One customer (404 when outside the user's scope).
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Customer),
    ))]
#[get("/customers/{id}")]
pub async fn get_customer(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let (id, viewer) = (id.into_inner(), Viewer::of(&auth));
    Ok(web::Json(
        state.db(move |c| service::get(c, &viewer, id)).await?,
    ))
}

/// Change a customer's registration and management fields (with the `version` read).
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CustomerForm,
    responses(
        (status = 200, body = Customer),
        (status = 409, description = "Stale version or duplicate", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/customers/{id}")]
pub async fn update_customer(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CustomerForm>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let (id, form, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &auth, &meta, id, form, today))
            .await?,
    ))
}

/// Move a customer to another owner (and office), with a reason. Business manager and above.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)), request_body = TransferCustomer,
    responses(
        (status = 200, body = Customer),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/transfer")]
pub async fn transfer_customer(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<TransferCustomer>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::CustomerTransfer, Access::Write)?;
    let (id, input) = (id.into_inner(), body.0);
    Ok(web::Json(
        state
            .tx(move |c| service::transfer(c, &auth, &meta, id, input))
            .await?,
    ))
}

/// Change the lifecycle status with a reason (blacklisting and lifting it: business manager and above).
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ChangeStatus,
    responses(
        (status = 200, body = Customer),
        (status = 422, description = "Not an allowed move, or no reason", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/status")]
pub async fn change_customer_status(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<ChangeStatus>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let (id, input) = (id.into_inner(), body.0);
    Ok(web::Json(
        state
            .tx(move |c| service::change_status(c, &auth, &meta, id, input))
            .await?,
    ))
}

/// The business manager decides the customer's category (大客户/一般客户) and key-customer flag
/// (重点客户), with a reason and the `version` read; the tier follows at once. Business manager,
/// VP and GM. Kept in the customer's history and audited.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ClassifyCustomer,
    responses(
        (status = 200, body = Customer),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or nothing changes", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/classification")]
pub async fn classify_customer(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<ClassifyCustomer>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::CustomerClassification, Access::Write)?;
    let (id, input) = (id.into_inner(), body.0);
    Ok(web::Json(
        state
            .tx(move |c| service::classify(c, &auth, &meta, id, input))
            .await?,
    ))
}

/// Correct the first-deal date (首次成交日期), which the first signed contract sets: with a reason
/// and the `version` read; not in the future, not after the first signed contract. Business
/// department (staff and manager). Kept in the customer's history and audited.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)), request_body = CorrectFirstDeal,
    responses(
        (status = 200, body = Customer),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or a date the rules refuse", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/first-deal-date")]
pub async fn correct_first_deal_date(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CorrectFirstDeal>,
) -> ApiResult<web::Json<Customer>> {
    auth.require(Area::FirstDealDate, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::correct_first_deal(c, &auth, &meta, id, input, today))
            .await?,
    ))
}

/// The customer's transfers, status changes, classifications and first-deal dates, newest first.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<CustomerChange>),
    ))]
#[get("/customers/{id}/changes")]
pub async fn customer_changes(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<CustomerChange>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let (id, viewer) = (id.into_inner(), Viewer::of(&auth));
    Ok(web::Json(
        state.db(move |c| service::changes(c, &viewer, id)).await?,
    ))
}

/// The import template (.xlsx): sheets 客户 and 关键人员 with the registration form's headings.
#[utoipa::path(tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The template", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
    ))]
#[get("/customers/import/template.xlsx")]
pub async fn import_template(auth: AuthUser) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let bytes = web::block(super::import::template)
        .await
        .map_err(crate::error::ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"customer-import-template.xlsx\"",
        ))
        .body(bytes))
}

/// Import customers and their key people from a filled-in template. Without `commit` the file
/// is only checked; with `commit=true` it is written in one transaction if every row is valid,
/// and not at all otherwise. Either way the report lists every problem by sheet, row and column
/// in the user's language (422 when there is any). Rows follow the same rules as the form:
/// scope (a salesman imports its own customers, a director its office's), duplicates in the
/// file or in the database, formats. A workbook beyond the reading bounds (cells below row
/// 10,001 or right of column GR, a part unpacking to more than 32 MB …) is refused as
/// `import.too_large` naming the limit.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(ImportQuery),
    request_body(content = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "The .xlsx file's bytes"),
    responses(
        (status = 200, description = "Checked without problems (and written when `commit=true`)", body = ImportReport),
        (status = 413, description = "Larger than JIYUAN_ATTACHMENT_MAX_BYTES", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Problems found (`import.rejected`); nothing was written", body = ImportRejected, content_type = "application/problem+json"),
    ))]
#[post("/customers/import")]
pub async fn import_customers(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    q: ValidQuery<ImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let bytes = crate::http::read_upload(payload, state.config.attachment_max_bytes).await?;
    let commit = q.0.commit.unwrap_or(false);
    let today = state.today();
    let work =
        move |c: &mut crate::db::DbConn| super::import::run(c, &auth, &meta, &bytes, commit, today);
    // Only a commit takes the write lock.
    let report = if commit {
        state.tx(work).await?
    } else {
        state.db(work).await?
    };
    Ok(if report.errors.is_empty() {
        HttpResponse::Ok().json(report)
    } else {
        HttpResponse::UnprocessableEntity()
            .content_type("application/problem+json")
            .json(ImportRejected::new(report))
    })
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_customers)
        .service(export_customers)
        .service(import_template)
        .service(import_customers)
        .service(create_customer)
        .service(get_customer)
        .service(update_customer)
        .service(transfer_customer)
        .service(change_customer_status)
        .service(classify_customer)
        .service(correct_first_deal_date)
        .service(customer_changes);
}
