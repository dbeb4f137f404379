//! Liveness, readiness and metrics for operators.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::Problem;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

/// The process is up.
#[utoipa::path(tag = "ops", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
    })
}

/// The database answers and every migration is applied.
#[utoipa::path(tag = "ops", responses(
    (status = 200, body = Health),
    (status = 503, description = "Database unreachable or migrations pending", body = Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let ready = web::block(move || -> anyhow::Result<bool> {
        let mut conn = pool.get()?;
        conn.migrations_applied()
    })
    .await;
    match ready {
        Ok(Ok(true)) => HttpResponse::Ok().json(Health {
            status: "ok".into(),
        }),
        other => {
            let reason = match other {
                Ok(Ok(_)) => "migrations pending".to_string(),
                Ok(Err(e)) => format!("database: {e}"),
                Err(e) => e.to_string(),
            };
            tracing::warn!(%reason, "not ready");
            HttpResponse::ServiceUnavailable()
                .content_type("application/problem+json")
                .json(Problem {
                    type_: "about:blank".into(),
                    title: "Not ready".into(),
                    status: 503,
                    detail: "The database is unreachable or migrations are pending.".into(),
                    code: "not_ready".into(),
                    errors: vec![],
                    retry_after_seconds: None,
                    limit_bytes: None,
                    duplicate_of: None,
                })
        }
    }
}

/// Every few seconds: publish pool gauges and forget idle rate-limit keys.
pub fn spawn_housekeeping(state: web::Data<AppState>, metrics: &actix_web_prom::PrometheusMetrics) {
    let registry = &metrics.registry;
    let open = prometheus::IntGauge::new("jiyuan_db_pool_connections", "Open database connections")
        .expect("gauge");
    let idle = prometheus::IntGauge::new("jiyuan_db_pool_idle", "Idle database connections")
        .expect("gauge");
    let max = prometheus::IntGauge::new("jiyuan_db_pool_max", "Database pool size").expect("gauge");
    for g in [&open, &idle, &max] {
        if let Err(e) = registry.register(Box::new(g.clone())) {
            tracing::warn!(error = %e, "metric already registered");
        }
    }
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            let (connections, idle_connections) = state.pool.state();
            open.set(connections as i64);
            idle.set(idle_connections as i64);
            max.set(state.pool.max_size() as i64);
            state.auth_limiter.retain_recent();
        }
    });
}
