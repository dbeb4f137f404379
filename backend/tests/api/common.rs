//! The test harness: the real app (`build_app`) on a fresh SQLite file or a fresh PostgreSQL
//! database cloned from a migrated template, with helpers to make users and call the API.

use std::sync::OnceLock;

use actix_http::Request;
use actix_service::boxed::{self, BoxService};
use actix_service::ServiceExt;
use actix_web::body::BoxBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use actix_web::web;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use jiyuan_crm::audit::Actor;
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::config::Config;
use jiyuan_crm::db::DbPool;
use jiyuan_crm::http::RequestMeta;
use jiyuan_crm::state::AppState;
use serde_json::Value;

pub const PASSWORD: &str = "Test-Passw0rd-2026";
pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";

type Srv = BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>;

pub struct TestApp {
    pub srv: Srv,
    pub state: web::Data<AppState>,
    _tmp: Option<tempfile::TempDir>,
    pg_db: Option<String>,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Value,
    /// The raw body (files).
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Resp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status, self.body)
    }
}

/// One argon2 hash of PASSWORD per test process.
pub fn password_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| jiyuan_crm::auth::password::hash(PASSWORD))
}

/// The day every test app pretends it is: `JIYUAN_TEST_TODAY` (YYYY-MM-DD), by default a
/// Wednesday. `cargo xtask test` runs the suite again on a weekend, a holiday and a year end, so no
/// test depends on the day the machine runs it.
pub fn test_today() -> chrono::NaiveDate {
    std::env::var("JIYUAN_TEST_TODAY")
        .ok()
        .map(|d| {
            d.parse()
                .unwrap_or_else(|_| panic!("JIYUAN_TEST_TODAY={d} is not a YYYY-MM-DD date"))
        })
        .unwrap_or_else(|| chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
}

pub fn test_config(database_url: String, data_dir: std::path::PathBuf) -> Config {
    Config {
        today: Some(test_today()),
        database_url,
        data_dir,
        jwt_secret: Some(SECRET.into()),
        db_pool_size: 4,
        password_hash_concurrency: 2,
        auth_rate_limit_per_minute: 10_000,
        web_dir: std::path::PathBuf::from("/nonexistent-web-dir"),
        ..Config::default()
    }
}

pub fn pg_base_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .or_else(|| {
            std::env::var("DATABASE_URL")
                .ok()
                .filter(|u| u.starts_with("postgres"))
        })
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into())
}

fn with_db(url: &str, db: &str) -> String {
    match url.rfind('/') {
        Some(i) if url[..i].contains("://") && url[..i].len() > url.find("://").unwrap() + 2 => {
            let (base, rest) = url.split_at(i);
            let query = rest.find('?').map(|q| &rest[q..]).unwrap_or("");
            format!("{base}/{db}{query}")
        }
        _ => format!("{url}/{db}"),
    }
}

/// The migrated template database, named after the migrations' content (and the data
/// `migrate` installs) so a change makes a new template. Created once, under an advisory lock.
fn pg_template(base: &str) -> Result<String, String> {
    static T: OnceLock<Result<String, String>> = OnceLock::new();
    T.get_or_init(|| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        use std::hash::{Hash, Hasher};
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres");
        let mut entries: Vec<_> = walk(std::path::Path::new(dir));
        entries.sort();
        for p in entries {
            p.hash(&mut hasher);
            std::fs::read(&p).unwrap().hash(&mut hasher);
        }
        // The migrations compiled into this binary, too: a binary built before a migration was
        // added (embed_migrations! reads the folder at compile time) must not name — and create —
        // the template of the files on disk with fewer migrations in it.
        use diesel::migration::MigrationSource;
        for m in
            MigrationSource::<diesel::pg::Pg>::migrations(&jiyuan_crm::db::PG_MIGRATIONS).unwrap()
        {
            m.name().to_string().hash(&mut hasher);
        }
        // `migrate` also installs the default policy version: a changed default is a new template.
        serde_json::to_string(&jiyuan_crm::policies::model::PolicyDocument::default())
            .unwrap()
            .hash(&mut hasher);
        let name = format!("jiyuan_tpl_{:x}", hasher.finish());
        let mut admin = PgConnection::establish(base).map_err(|e| e.to_string())?;
        admin
            .batch_execute("SELECT pg_advisory_lock(424242)")
            .map_err(|e| e.to_string())?;
        let exists: i64 = diesel::sql_query(format!(
            "SELECT COUNT(*) AS n FROM pg_database WHERE datname = '{name}'"
        ))
        .get_result::<Count>(&mut admin)
        .map_err(|e| e.to_string())?
        .n;
        let result = if exists == 0 {
            (|| -> Result<(), String> {
                admin
                    .batch_execute(&format!("CREATE DATABASE {name}_tmp"))
                    .map_err(|e| e.to_string())?;
                {
                    let pool = DbPool::connect(&with_db(base, &format!("{name}_tmp")), 1)
                        .map_err(|e| e.to_string())?;
                    jiyuan_crm::bootstrap::migrate(&pool).map_err(|e| e.to_string())?;
                }
                admin
                    .batch_execute(&format!("ALTER DATABASE {name}_tmp RENAME TO {name}"))
                    .map_err(|e| e.to_string())
            })()
        } else {
            Ok(())
        };
        admin
            .batch_execute("SELECT pg_advisory_unlock(424242)")
            .map_err(|e| e.to_string())?;
        result.map(|_| name)
    })
    .clone()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

impl TestApp {
    pub async fn sqlite_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
        let tmp = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/test.db", tmp.path().display());
        let mut cfg = test_config(url, tmp.path().to_path_buf());
        tweak(&mut cfg);
        let pool = DbPool::connect(&cfg.database_url, cfg.db_pool_size).unwrap();
        jiyuan_crm::bootstrap::migrate(&pool).unwrap();
        Self::start(pool, cfg, Some(tmp), None).await
    }

    /// None (with a loud message) when PostgreSQL is unreachable outside CI; a failure in CI.
    pub async fn postgres() -> Option<TestApp> {
        Self::postgres_with(|_| {}).await
    }

    pub async fn postgres_with(tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let base = pg_base_url();
        let template = match pg_template(&base) {
            Ok(t) => t,
            Err(e) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("PostgreSQL is required in CI but unreachable at {base}: {e}");
                }
                eprintln!("\n*** SKIPPED: PostgreSQL unreachable at {base}: {e} ***\n");
                return None;
            }
        };
        let db = format!("jt_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&base).unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE {db} TEMPLATE {template}"))
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let mut cfg = test_config(with_db(&base, &db), tmp.path().to_path_buf());
        tweak(&mut cfg);
        let pool = DbPool::connect(&cfg.database_url, cfg.db_pool_size).unwrap();
        Some(Self::start(pool, cfg, Some(tmp), Some(db)).await)
    }

    async fn start_logging() {
        // Internal errors are logged, not answered: show them in the test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("error")
            .with_test_writer()
            .try_init();
    }

    async fn start(
        pool: DbPool,
        cfg: Config,
        tmp: Option<tempfile::TempDir>,
        pg_db: Option<String>,
    ) -> TestApp {
        Self::start_logging().await;
        // `JIYUAN_TEST_HOLIDAYS=2027-01-01,…`: public holidays of the company calendar in every
        // test database, for the suite's run on a holiday.
        if let Ok(days) = std::env::var("JIYUAN_TEST_HOLIDAYS") {
            let mut conn = pool.get().unwrap();
            for day in days.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                let day: chrono::NaiveDate = day.parse().unwrap_or_else(|_| {
                    panic!("JIYUAN_TEST_HOLIDAYS: {day} is not a YYYY-MM-DD date")
                });
                let sql = format!(
                    "INSERT INTO calendar_days (day, kind, name, updated_at) \
                     VALUES ('{day}', 'holiday', '测试假日', '{day} 00:00:00')"
                );
                jiyuan_crm::db_run!(&mut conn, |c| c.batch_execute(&sql)).unwrap();
            }
        }
        let state = web::Data::new(AppState::new(pool, cfg, SECRET.as_bytes()));
        let metrics = jiyuan_crm::metrics();
        let app =
            actix_web::test::init_service(jiyuan_crm::build_app(state.clone(), metrics)).await;
        let srv = boxed::service(app.map(|res: ServiceResponse<_>| res.map_into_boxed_body()));
        TestApp {
            srv,
            state,
            _tmp: tmp,
            pg_db,
        }
    }

    pub async fn send(&self, req: TestRequest) -> Resp {
        let res = match self.srv.call(req.to_request()).await {
            Ok(r) => r.into_parts().1,
            Err(e) => e.as_response_error().error_response(),
        };
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = actix_web::body::to_bytes(res.into_body())
            .await
            .unwrap_or_default();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Resp {
            status,
            headers,
            body,
            bytes: bytes.to_vec(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut req = TestRequest::default().method(method).uri(path);
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        if let Some(b) = body {
            req = req.set_json(b);
        }
        self.send(req).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// A user with these roles (and office), password PASSWORD, no forced change.
    pub async fn user(&self, username: &str, roles: &[Role], office_id: Option<i64>) -> i64 {
        let (u, roles) = (username.to_string(), roles.to_vec());
        self.state
            .tx(move |c| {
                jiyuan_crm::users::service::create_person(
                    c,
                    &Actor::system(),
                    &RequestMeta::system("test"),
                    &u,
                    &u,
                    &roles,
                    office_id,
                    password_hash(),
                    false,
                )
            })
            .await
            .unwrap()
    }

    /// An access token for a user, minted directly (login itself is tested in auth.rs).
    pub fn token_for(&self, user_id: i64) -> String {
        self.state.jwt.issue(user_id, 0, 900)
    }

    /// A user with these roles and its access token.
    pub async fn as_role(&self, username: &str, roles: &[Role]) -> (i64, String) {
        let id = self.user(username, roles, None).await;
        (id, self.token_for(id))
    }

    pub async fn admin(&self) -> String {
        self.as_role("root", &[Role::Admin]).await.1
    }

    pub async fn login(&self, username: &str, password: &str) -> Resp {
        self.post(
            "/api/v1/auth/login",
            None,
            serde_json::json!({"username": username, "password": password}),
        )
        .await
    }

    /// Give a customer approved credit for tests about something else (the credit tests take the
    /// real path: investigation, request, the VP's approval): registered long ago, an
    /// investigation on file, an approved limit.
    pub async fn grant_credit(&self, customer_id: i64, limit_fen: i64) {
        self.sql(&format!(
            "UPDATE customers SET registration_date = '2000-01-01' WHERE id = {customer_id}; \
             INSERT INTO credit_investigations (customer_id, source, investigated_on, findings, created_at) \
               VALUES ({customer_id}, 'other', '2020-01-01', 'test fixture', '2020-01-01 00:00:00'); \
             DELETE FROM credit_profiles WHERE customer_id = {customer_id}; \
             INSERT INTO credit_profiles (customer_id, grade, limit_fen, credit_period_days, request_id, approved_at) \
               VALUES ({customer_id}, 'A', {limit_fen}, 90, 0, '2020-01-01 00:00:00');"
        ))
        .await;
    }

    /// Run raw SQL against this test's database (for tampering tests).
    pub async fn sql(&self, sql: &str) {
        let sql = sql.to_string();
        self.state
            .db(move |c| {
                jiyuan_crm::db_run!(c, |c| c.batch_execute(&sql))
                    .map_err(jiyuan_crm::error::ApiError::internal)
            })
            .await
            .unwrap();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(db) = &self.pg_db {
            if let Ok(mut admin) = PgConnection::establish(&pg_base_url()) {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }
    }
}

/// Define a test that runs once on SQLite and once on PostgreSQL:
/// `both!(name, |app: TestApp| async move { … });` → `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! both {
    ($name:ident, $body:expr) => {
        $crate::both!($name, |_cfg: &mut jiyuan_crm::config::Config| {}, $body);
    };
    ($name:ident, $tweak:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[actix_web::test]
            async fn sqlite() {
                let app = $crate::common::TestApp::sqlite_with($tweak).await;
                ($body)(app).await;
            }
            #[actix_web::test]
            async fn postgres() {
                if let Some(app) = $crate::common::TestApp::postgres_with($tweak).await {
                    ($body)(app).await;
                }
            }
        }
    };
}

pub fn code(r: &Resp) -> &str {
    r.body["code"].as_str().unwrap_or("")
}

pub fn field_codes(r: &Resp) -> Vec<(String, String)> {
    r.body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap_or("").to_string(),
                        e["code"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
