use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use super::model::{
    Contract, ContractAction, ContractQuery, ContractReview, NewContract, UpdateContract,
};
use super::service::{self, ContractStep};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::idempotency;
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Contracts of the customers in the user's scope.
#[utoipa::path(tag = "contracts", security(("bearer" = [])), params(ContractQuery),
    responses(
        (status = 200, body = Page<Contract>),
    ))]
#[get("/contracts")]
pub async fn list_contracts(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ContractQuery>,
) -> ApiResult<web::Json<Page<Contract>>> {
    auth.require(Area::Contracts, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &auth, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// A new draft contract with its lines (list prices of today until it is signed). Scripts may
/// send `Idempotency-Key`: the same push twice books once.
#[utoipa::path(tag = "contracts", security(("bearer" = [])), request_body = NewContract,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a repeated push book once")),
    responses(
        (status = 201, body = Contract),
        (status = 404, description = "Customer not found or outside the scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Duplicate number or external reference; idempotency key reused", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/contracts")]
pub async fn create_contract(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    req: HttpRequest,
    body: ValidJson<NewContract>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Contracts, Access::Write)?;
    let key = idempotency::key_of(&req)?;
    let (input, today) = (body.0, state.today());
    let (status, answer) = state
        .tx(move |c| {
            if let Some(k) = &key {
                if let Some(earlier) =
                    idempotency::replay(c, auth.id, k, &("POST /contracts", &input))?
                {
                    return Ok(earlier);
                }
            }
            let created = serde_json::to_value(service::create(c, &auth, &meta, &input, today)?)
                .map_err(crate::error::ApiError::internal)?;
            if let Some(k) = &key {
                idempotency::store(c, auth.id, k, &("POST /contracts", &input), 201, &created)?;
            }
            Ok((201, created))
        })
        .await?;
    Ok(idempotency::respond(status, &answer))
}

/// One contract with its lines and premiums.
#[utoipa::path(tag = "contracts", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Contract),
    ))]
#[get("/contracts/{id}")]
pub async fn get_contract(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Contract>> {
    auth.require(Area::Contracts, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &auth, id)).await?,
    ))
}

/// Change a draft (terms, note, lines).
#[utoipa::path(tag = "contracts", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateContract,
    responses(
        (status = 200, body = Contract),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/contracts/{id}")]
pub async fn update_contract(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdateContract>,
) -> ApiResult<web::Json<Contract>> {
    auth.require(Area::Contracts, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

macro_rules! action {
    ($fn:ident, $path:literal, $doc:literal, $step:expr) => {
        #[doc = $doc]
        #[utoipa::path(tag = "contracts", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ContractAction,
            responses(
                (status = 200, body = Contract),
                (status = 409, body = Problem, content_type = "application/problem+json"),
                (status = 422, body = Problem, content_type = "application/problem+json"),
            ))]
        #[post($path)]
        pub async fn $fn(
            auth: AuthUser,
            state: web::Data<AppState>,
            meta: RequestMeta,
            id: web::Path<i64>,
            body: ValidJson<ContractAction>,
        ) -> ApiResult<web::Json<Contract>> {
            auth.require(Area::Contracts, Access::Write)?;
            let (id, input) = (id.into_inner(), body.0);
            Ok(web::Json(
                state
                    .tx(move |c| service::step(c, &auth, &meta, id, &input, $step))
                    .await?,
            ))
        }
    };
}

action!(
    submit_contract,
    "/contracts/{id}/submit",
    "Send a draft to contract review (合同评审).",
    ContractStep::Submit
);
action!(
    complete_contract,
    "/contracts/{id}/complete",
    "Mark a signed contract completed.",
    ContractStep::Complete
);
action!(
    cancel_contract,
    "/contracts/{id}/cancel",
    "Cancel a contract nothing was shipped against (a reason is required).",
    ContractStep::Cancel
);

/// 合同评审: the business department approves (signing it on `signed_on`) or sends it back.
#[utoipa::path(tag = "contracts", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ContractReview,
    responses(
        (status = 200, body = Contract),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/contracts/{id}/review")]
pub async fn review_contract(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<ContractReview>,
) -> ApiResult<web::Json<Contract>> {
    auth.require(Area::Contracts, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::review(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_contracts)
        .service(create_contract)
        .service(get_contract)
        .service(update_contract)
        .service(submit_contract)
        .service(review_contract)
        .service(complete_contract)
        .service(cancel_contract);
}
