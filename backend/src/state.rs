//! What every handler shares: the pool, config, keys, and the limits that protect the server.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use actix_web::web;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::auth::jwt::JwtKeys;
use crate::auth::password;
use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::error::{ApiError, ApiResult};

pub struct AppState {
    pub pool: DbPool,
    pub config: Arc<Config>,
    pub jwt: JwtKeys,
    /// Bounds concurrent argon2 work so a login storm cannot take every core.
    hash_permits: Semaphore,
    /// A real hash to verify against for unknown usernames, so they cost the same time.
    dummy_hash: String,
    pub auth_limiter: DefaultKeyedRateLimiter<IpAddr>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`JIYUAN_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl AppState {
    pub fn new(pool: DbPool, config: Config, jwt_secret: &[u8]) -> AppState {
        crate::time::set_clock(
            config.tz().unwrap_or(chrono_tz::Asia::Shanghai),
            config.today,
        );
        let per_minute =
            NonZeroU32::new(config.auth_rate_limit_per_minute).unwrap_or(NonZeroU32::MIN);
        AppState {
            pool,
            jwt: JwtKeys::new(jwt_secret),
            hash_permits: Semaphore::new(config.password_hash_concurrency),
            dummy_hash: password::hash(&crate::auth::token::random_token(24)),
            auth_limiter: RateLimiter::keyed(Quota::per_minute(per_minute)),
            trusted_proxies: config.trusted_proxy_list().unwrap_or_default(),
            config: Arc::new(config),
        }
    }

    /// Run blocking database work on the blocking pool (`pool.get()` blocks too).
    pub async fn db<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Same, inside one transaction.
    pub async fn tx<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.db(move |conn| conn.tx(f)).await
    }

    pub async fn hash_password(&self, plain: String) -> ApiResult<String> {
        let _permit = self
            .hash_permits
            .acquire()
            .await
            .map_err(ApiError::internal)?;
        Ok(web::block(move || password::hash(&plain)).await?)
    }

    /// Verify against `stored`, or against the dummy hash when there is none.
    pub async fn verify_password(&self, plain: String, stored: Option<String>) -> ApiResult<bool> {
        let _permit = self
            .hash_permits
            .acquire()
            .await
            .map_err(ApiError::internal)?;
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (self.dummy_hash.clone(), false),
        };
        let ok = web::block(move || password::verify(&plain, &hash)).await?;
        Ok(ok && real)
    }

    /// Today in the company's time zone (business dates), from the server's one clock.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::time::today()
    }

    /// Per-IP limit on `/auth/*`.
    pub fn check_auth_rate(&self, ip: Option<IpAddr>) -> ApiResult<()> {
        let Some(ip) = ip else { return Ok(()) };
        self.auth_limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ));
            ApiError::RateLimited {
                retry_after: wait.as_secs().max(1),
            }
        })
    }
}
