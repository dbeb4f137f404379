//! Jiyuan CRM — the customer and credit management system of Hebei Jiyuan Optoelectronics.
//! `build_app` assembles routes and middleware for the server and for the tests.

pub mod api_tokens;
pub mod approvals;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod borrowing;
pub mod calendar;
pub mod collection;
pub mod config;
pub mod contracts;
pub mod credit;
pub mod credit_reviews;
pub mod credit_training;
pub mod customers;
pub mod db;
pub mod demo;
pub mod development_plans;
pub mod docs;
pub mod dossier;
pub mod error;
pub mod http;
pub mod mail;
pub mod notifications;
pub mod offices;
pub mod ops;
pub mod policies;
pub mod products;
pub mod ratings;
pub mod receivables;
pub mod revisits;
pub mod settings;
pub mod shipping;
pub mod spreadsheet;
pub mod state;
pub mod statements;
pub mod time;
pub mod users;

use std::panic::AssertUnwindSafe;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::DefaultHeaders;
use actix_web::{web, App, HttpMessage};
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use futures_util::FutureExt;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::audit::{Actor, Event};
use crate::auth::AuthUser;
use crate::error::{ApiError, Refusal};
use crate::http::RequestMeta;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jiyuan CRM API",
        description = "河北纪元光电 客户管理系统 — customer and credit management of Hebei Jiyuan Optoelectronics.\n\n\
            Authenticate with `POST /api/v1/auth/login` and send `Authorization: Bearer <access_token>`; \
            integration scripts use an API token the same way. Every error is `application/problem+json` \
            with a stable `code`. Money is integer fen in fields named `*_fen`.",
        license(name = "Proprietary")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login, sessions and the current user"),
        (name = "users", description = "User administration"),
        (name = "offices", description = "Sales offices (办事处)"),
        (name = "api-tokens", description = "Tokens for integration scripts"),
        (name = "audit", description = "The tamper-evident audit trail"),
        (name = "customers", description = "The customer information base (客户信息库)"),
        (name = "settings", description = "System settings"),
        (name = "approvals", description = "The approvals inbox: one mechanism for every kind of request"),
        (name = "notifications", description = "In-app notifications"),
        (name = "dossier", description = "The customer dossier: profile sections and entries with history"),
        (name = "development-plans", description = "New-customer development plans (新客户开发计划)"),
        (name = "borrowing", description = "Temporary access to customers outside one's scope (资料借阅)"),
        (name = "ratings", description = "Customer classification and rating (客户分类与评分): strategic influence, rating runs, tiers"),
        (name = "revisits", description = "Revisit plans (回访) by tier, recorded as interactions"),
        (name = "policies", description = "The customer management measures as versioned policy documents (管理办法), approved before they take force"),
        (name = "calendar", description = "The company calendar: working days, holidays and make-up days that every deadline counts"),
        (name = "products", description = "Products and their list prices"),
        (name = "contracts", description = "Sales contracts (合同): drafts, review, signing"),
        (name = "shipping", description = "Shipping notes (发货通知单) by grade priority, confirmed by the warehouse"),
        (name = "receivables", description = "Receivables, payments and their allocation, credit notes, the AR aging register (应收账款账龄)"),
        (name = "credit", description = "Credit control (信用管理): credit profiles, limits with approval, exposure, instruments, investigations, events and holds"),
        (name = "collection", description = "Collection (催收): follow-up tasks and promises to pay within the normal period, the planning department's collection cases beyond it, bad-debt write-offs (坏账核销)"),
        (name = "credit_reviews", description = "Credit reviews (信用升降级评审): the twice-yearly campaign of every customer with credit, the policy's proposals, the business department's review form and the VP's decisions"),
        (name = "ops", description = "Health checks"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The answers every operation can give whatever its handler does, documented once here instead
/// of on each route (a route's own entry for the same status keeps its own description):
///
/// * 400 everywhere: the body is not the JSON expected (`request.malformed_json`) or a query
///   parameter is invalid (`request.invalid_query`);
/// * 413 and 422 where a body is accepted: over the size limit (`request.too_large`); for JSON, a
///   field missing, unknown or of the wrong type (`validation.failed`, from `ValidJson`);
/// * 404 where the path has a parameter: one that does not parse (`/users/abc`) names nothing.
struct CommonResponses;

impl CommonResponses {
    fn problem(description: &str) -> RefOr<Response> {
        Response::builder()
            .description(description)
            .content(
                "application/problem+json",
                Content::new(Some(Ref::from_schema_name("Problem"))),
            )
            .build()
            .into()
    }

    fn add(op: &mut Operation, path: &str) {
        let mut set = |status: &str, description: &str| match op.responses.responses.get_mut(status)
        {
            None => {
                op.responses
                    .responses
                    .insert(status.to_string(), Self::problem(description));
            }
            Some(RefOr::T(own)) if own.description.is_empty() => {
                own.description = description.to_string();
            }
            Some(_) => {}
        };
        set(
            "400",
            "Malformed request: the body is not the JSON expected (`request.malformed_json`) \
             or a query parameter is invalid (`request.invalid_query`, `errors` names it)",
        );
        if path.contains('{') {
            set("404", "No such resource");
        }
        if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
            set(
                "401",
                "Not signed in, or the session has ended (`auth.unauthenticated`)",
            );
            if !auth::allowed_before_password_change(path) {
                set(
                    "403",
                    "The caller may not do this (`auth.forbidden`), or must change the password first \
                     (`auth.password_change_required`)",
                );
            }
        }
        let body_types: Vec<String> = match &op.request_body {
            Some(RefOr::T(body)) => body.content.keys().cloned().collect(),
            Some(RefOr::Ref(_)) => vec!["application/json".into()],
            None => Vec::new(),
        };
        if !body_types.is_empty() {
            set(
                "413",
                "The body is over the limit (`request.too_large`, `limit_bytes`)",
            );
        }
        if body_types.iter().any(|t| t == "application/json") {
            set(
                "422",
                "A field is missing, unknown or invalid (`validation.failed`, `errors` names it)",
            );
        }
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ]
            .into_iter()
            .flatten()
            {
                Self::add(op, path);
            }
        }
    }
}

/// Every kind of approval, each implemented by the domain that files it; installed into the
/// approvals mechanism by [`install_approval_handlers`] (the approvals module imports no domain).
pub static APPROVAL_HANDLERS: &[&dyn approvals::handler::ApprovalHandler] = &[
    &borrowing::approval::Borrowing,
    &policies::approval::PolicyApproval(approvals::model::ApprovalKind::PolicyVersion),
    &policies::approval::PolicyApproval(approvals::model::ApprovalKind::CreditPolicy),
    &ratings::approval::RatingRunApproval,
    &credit::approval::LimitApproval(approvals::model::ApprovalKind::CreditLimit),
    &credit::approval::LimitApproval(approvals::model::ApprovalKind::CreditLimitGm),
    &contracts::approval::SpecialContractApproval,
    &collection::approval::WriteOffApproval,
];

/// Install [`APPROVAL_HANDLERS`]: by `build_app`, and by the server before its background jobs
/// start (they file requests too). Later calls change nothing.
pub fn install_approval_handlers() {
    approvals::handler::install(APPROVAL_HANDLERS);
}

/// Every `/api/v1` route; registering a handler here also puts it in the OpenAPI document.
fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    auth::routes::configure(cfg);
    users::routes::configure(cfg);
    offices::routes::configure(cfg);
    api_tokens::routes::configure(cfg);
    audit::routes::configure(cfg);
    customers::routes::configure(cfg);
    settings::routes::configure(cfg);
    approvals::routes::configure(cfg);
    notifications::routes::configure(cfg);
    borrowing::routes::configure(cfg);
    dossier::routes::configure(cfg);
    attachments::routes::configure(cfg);
    development_plans::routes::configure(cfg);
    calendar::routes::configure(cfg);
    policies::routes::configure(cfg);
    products::routes::configure(cfg);
    contracts::routes::configure(cfg);
    shipping::routes::configure(cfg);
    receivables::routes::configure(cfg);
    credit::routes::configure(cfg);
    credit_training::routes::configure(cfg);
    statements::routes::configure(cfg);
    credit_reviews::routes::configure(cfg);
    collection::routes::configure(cfg);
    ratings::routes::configure(cfg);
    revisits::routes::configure(cfg);
}

fn utoipa_app<T>(app: App<T>) -> utoipa_actix_web::UtoipaApp<T>
where
    T: ServiceFactory<ServiceRequest, Config = (), Error = actix_web::Error, InitError = ()>,
{
    app.into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(api_routes))
        .service(ops::healthz)
        .service(ops::readyz)
}

/// The OpenAPI document, exactly as the server publishes it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = utoipa_app(App::new()).split_for_parts();
    // After the routes are in: `ApiDoc`'s own modifiers run before any path exists.
    CommonResponses.modify(&mut api);
    api.info.version = env!("CARGO_PKG_VERSION").to_string();
    api
}

pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serialises")
        + "\n"
}

pub fn metrics() -> PrometheusMetrics {
    PrometheusMetricsBuilder::new("jiyuan")
        .endpoint("/metrics")
        .mask_unmatched_patterns("UNMATCHED")
        .build()
        .expect("metrics registry")
}

/// The whole application: API, docs, metrics, health checks and the web app.
pub fn build_app(
    state: web::Data<AppState>,
    metrics: PrometheusMetrics,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.config.cors_origin_list());
    let security_headers = security_headers(state.config.public_url.as_deref());
    // Registered before the `/api/v1` scope, which would otherwise answer its own 404 for
    // `/api/v1/openapi.json`; the document is the same one `openapi()` returns.
    let app = App::new()
        .app_data(state)
        // `/users/abc` where an id is expected: no such resource.
        .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
        .service(SwaggerUi::new("/docs/{_:.*}").url("/api/v1/openapi.json", openapi()))
        .service(web::redirect("/docs", "/docs/"));
    let (app, _) = utoipa_app(app).split_for_parts();
    app.default_service(web::to(http::spa::spa_or_not_found))
        .wrap_fn(audit_refusals)
        .wrap_fn(catch_panics)
        .wrap(metrics)
        .wrap(cors)
        .wrap(security_headers)
        .wrap(tracing_actix_web::TracingLogger::default())
}

/// The browser's defences on every answer (API, web app, docs): scripts only from this origin
/// (no inline script; styles may be inline, which the UI library's CSS-in-JS needs), no framing,
/// no content-type guessing, no referrer to other sites, and HSTS when served over https.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
    connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
    frame-ancestors 'none'";

fn security_headers(public_url: Option<&str>) -> DefaultHeaders {
    let mut headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"));
    if public_url.is_some_and(|u| u.starts_with("https://")) {
        headers = headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ));
    }
    headers
}

fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "PUT", "DELETE"])
        .allowed_headers(["authorization", "content-type", "idempotency-key"])
        .max_age(3600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

/// A panicking handler answers a 500 problem without internals instead of dropping the connection.
fn catch_panics<S, B>(
    req: ServiceRequest,
    srv: &S,
) -> impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    install_approval_handlers();
    let fut = srv.call(req);
    async move {
        match AssertUnwindSafe(fut).catch_unwind().await {
            Ok(res) => res,
            Err(_) => Err(ApiError::Internal("handler panicked".into()).into()),
        }
    }
}

/// Every refused authorization (403, or 404 for an out-of-scope record) is written to the
/// audit log with who asked for what.
fn audit_refusals<S, B>(
    req: ServiceRequest,
    srv: &S,
) -> impl std::future::Future<Output = Result<ServiceResponse<B>, actix_web::Error>>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let fut = srv.call(req);
    async move {
        let res = fut.await?;
        let refusal = res.response().extensions().get::<Refusal>().copied();
        if let Some(Refusal(code)) = refusal {
            let request = res.request();
            let user = request.extensions().get::<AuthUser>().cloned();
            let state = request.app_data::<web::Data<AppState>>().cloned();
            let meta = RequestMeta::from_request(request);
            let target = format!("{} {}", request.method(), request.path());
            tracing::warn!(user = ?user.as_ref().map(|u| &u.username), %target, code, "authorization refused");
            if let Some(state) = state {
                let actor = user.map(|u| u.actor()).unwrap_or(Actor {
                    id: None,
                    name: "anonymous".into(),
                });
                let recorded = state
                    .tx(move |c| {
                        let event = Event {
                            action: "access.denied",
                            entity: "access",
                            entity_id: Some(target),
                            before: None,
                            after: Some(serde_json::json!({ "code": code })),
                        };
                        audit::record(c, &actor, &meta, event)
                    })
                    .await;
                if let Err(e) = recorded {
                    tracing::error!(error = %e, "could not audit a refusal");
                }
            }
        }
        Ok(res)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::{test, web, App};

    #[actix_web::test]
    async fn a_panicking_handler_answers_500_without_internals() {
        async fn boom() -> &'static str {
            panic!("secret internal detail")
        }
        let app = test::init_service(
            App::new()
                .route("/boom", web::get().to(boom))
                .wrap_fn(super::catch_panics),
        )
        .await;
        // The error becomes the response in the HTTP dispatcher, as here.
        let err = test::try_call_service(&app, test::TestRequest::get().uri("/boom").to_request())
            .await
            .err()
            .unwrap();
        let res = err.error_response();
        assert_eq!(res.status(), 500);
        assert_eq!(
            res.headers().get("content-type").unwrap(),
            "application/problem+json"
        );
        let body = actix_web::body::to_bytes(res.into_body()).await.unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("\"code\":\"internal\""), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
