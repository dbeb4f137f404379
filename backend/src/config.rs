//! Server configuration: defaults, then an optional TOML file (`JIYUAN_CONFIG`), then the
//! environment (`DATABASE_URL` and `JIYUAN_*`). The names here are the only source of truth:
//! the README table, docker-compose.yml and the Dockerfile are checked against `ENV_VARS`.

use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `sqlite://path` (embedded) or `postgres://…`.
    pub database_url: String,
    pub bind: String,
    pub data_dir: PathBuf,
    /// HS256 key for access tokens; generated into the data dir when unset.
    pub jwt_secret: Option<String>,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    /// Comma-separated list of browser origins allowed by CORS; empty = same origin only.
    pub cors_origins: String,
    /// IANA zone of the company's business dates.
    pub timezone: String,
    /// `text` or `json`.
    pub log_format: String,
    /// Password of the first `admin` account; random (printed once) when unset.
    pub admin_password: Option<String>,
    /// The built web app (index.html + assets); not served when the folder is missing.
    pub web_dir: PathBuf,
    pub db_pool_size: u32,
    /// Concurrent argon2 hashes; the rest of the API keeps its cores during a login storm.
    pub password_hash_concurrency: usize,
    /// Logins and refreshes per client IP and minute on `/api/v1/auth/*`.
    pub auth_rate_limit_per_minute: u32,
    /// Failed logins before an account is locked; the lock doubles from `lockout_base_secs` up to `lockout_max_secs`.
    pub lockout_threshold: u32,
    pub lockout_base_secs: u64,
    pub lockout_max_secs: u64,
    /// Largest JSON body accepted, bytes.
    pub json_limit_bytes: usize,
    /// Largest attachment accepted, bytes.
    pub attachment_max_bytes: usize,
    /// SMTP server for e-mail copies of notifications and statements of account; none: no e-mail.
    pub smtp_url: Option<String>,
    /// Sender of those e-mails.
    pub smtp_from: String,
    /// The address users open the web app at, for links in e-mails.
    pub public_url: Option<String>,
    /// The day the server pretends it is (tests, training copies); unset: the real date.
    pub today: Option<chrono::NaiveDate>,
    /// Comma-separated addresses or networks (`10.0.0.0/8`) of reverse proxies whose
    /// `X-Forwarded-For` names the client; empty: the TCP peer is the client.
    pub trusted_proxies: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://./data/jiyuan.db".into(),
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./data"),
            jwt_secret: None,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 14 * 24 * 3600,
            cors_origins: String::new(),
            timezone: "Asia/Shanghai".into(),
            log_format: "text".into(),
            admin_password: None,
            web_dir: PathBuf::from("./frontend/dist"),
            db_pool_size: 8,
            password_hash_concurrency: 1,
            auth_rate_limit_per_minute: 30,
            lockout_threshold: 5,
            lockout_base_secs: 60,
            lockout_max_secs: 3600,
            json_limit_bytes: 1024 * 1024,
            attachment_max_bytes: 10 * 1024 * 1024,
            smtp_url: None,
            smtp_from: "Jiyuan CRM <crm@localhost>".into(),
            public_url: None,
            today: None,
            trusted_proxies: String::new(),
        }
    }
}

/// Every environment variable the server reads (besides `JIYUAN_CONFIG`), with its meaning.
pub const ENV_VARS: &[(&str, &str)] = &[
    (
        "DATABASE_URL",
        "sqlite://./data/jiyuan.db or postgres://user@host/db",
    ),
    ("JIYUAN_BIND", "listen address, default 127.0.0.1:8080"),
    (
        "JIYUAN_DATA_DIR",
        "data folder (SQLite file, generated secret, attachments), default ./data",
    ),
    (
        "JIYUAN_JWT_SECRET",
        "HS256 secret; when unset one is generated into the data dir (0600)",
    ),
    (
        "JIYUAN_ACCESS_TOKEN_TTL_SECS",
        "access token lifetime, default 900",
    ),
    (
        "JIYUAN_REFRESH_TOKEN_TTL_SECS",
        "refresh token lifetime, default 1209600 (14 days)",
    ),
    (
        "JIYUAN_CORS_ORIGINS",
        "comma-separated allowed browser origins, default none",
    ),
    (
        "JIYUAN_TIMEZONE",
        "company time zone, default Asia/Shanghai",
    ),
    ("JIYUAN_LOG_FORMAT", "text or json, default text"),
    (
        "JIYUAN_ADMIN_PASSWORD",
        "password of the first admin account; random and printed when unset",
    ),
    (
        "JIYUAN_WEB_DIR",
        "built web app served at /, default ./frontend/dist",
    ),
    ("JIYUAN_DB_POOL_SIZE", "database connections, default 8"),
    (
        "JIYUAN_PASSWORD_HASH_CONCURRENCY",
        "concurrent password hashes, default 1",
    ),
    (
        "JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE",
        "requests per IP and minute on /api/v1/auth/*, default 30",
    ),
    (
        "JIYUAN_LOCKOUT_THRESHOLD",
        "failed logins before lockout, default 5",
    ),
    (
        "JIYUAN_LOCKOUT_BASE_SECS",
        "first lockout, doubling, default 60",
    ),
    ("JIYUAN_LOCKOUT_MAX_SECS", "longest lockout, default 3600"),
    (
        "JIYUAN_JSON_LIMIT_BYTES",
        "largest JSON body, default 1048576",
    ),
    (
        "JIYUAN_ATTACHMENT_MAX_BYTES",
        "largest attachment, default 10485760 (10 MiB)",
    ),
    (
        "JIYUAN_SMTP_URL",
        "e-mail copies of notifications, off when unset: smtps://user:password@smtp.example.com (TLS), smtp://host:587?tls=required (STARTTLS) or smtp://host:25 (plain, inside a trusted network)",
    ),
    (
        "JIYUAN_SMTP_FROM",
        "sender of those e-mails, default Jiyuan CRM <crm@localhost>",
    ),
    (
        "JIYUAN_PUBLIC_URL",
        "the web app's address for links in e-mails, e.g. https://crm.jiyuan.example",
    ),
    (
        "JIYUAN_TRUSTED_PROXIES",
        "comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed, default none",
    ),
    (
        "JIYUAN_TODAY",
        "the day the server pretends it is (YYYY-MM-DD), for tests and training copies only; unset: the real date",
    ),
];

impl Config {
    /// The server sends e-mail (an SMTP server is configured).
    pub fn mail_enabled(&self) -> bool {
        self.smtp_url
            .as_deref()
            .is_some_and(|u| !u.trim().is_empty())
    }

    /// Defaults ← `JIYUAN_CONFIG` TOML file (if set) ← environment.
    pub fn load() -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Ok(path) = std::env::var("JIYUAN_CONFIG") {
            if !std::path::Path::new(&path).exists() {
                anyhow::bail!("JIYUAN_CONFIG points to {path}, which does not exist");
            }
            fig = fig.merge(Toml::file(path));
        }
        let fig = fig
            .merge(Env::prefixed("JIYUAN_").filter(|key| {
                // Only our own names: other JIYUAN_* variables (test tools' ones) are not config.
                ENV_VARS.iter().any(|(name, _)| {
                    name.strip_prefix("JIYUAN_")
                        .is_some_and(|n| key.as_str().eq_ignore_ascii_case(n))
                })
            }))
            .merge(Env::raw().only(&["DATABASE_URL"]));
        let cfg: Config = fig
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        cfg.validate()?;
        Ok(cfg)
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        crate::db::DbKind::from_url(&self.database_url)?;
        self.tz()?;
        if !matches!(self.log_format.as_str(), "text" | "json") {
            anyhow::bail!(
                "JIYUAN_LOG_FORMAT must be text or json, not {:?}",
                self.log_format
            );
        }
        if self.bind.parse::<std::net::SocketAddr>().is_err() {
            anyhow::bail!(
                "JIYUAN_BIND must be host:port with a numeric host, not {:?}",
                self.bind
            );
        }
        if self.access_token_ttl_secs == 0 || self.refresh_token_ttl_secs == 0 {
            anyhow::bail!("token lifetimes must be positive");
        }
        if self.db_pool_size == 0
            || self.password_hash_concurrency == 0
            || self.auth_rate_limit_per_minute == 0
        {
            anyhow::bail!("JIYUAN_DB_POOL_SIZE, JIYUAN_PASSWORD_HASH_CONCURRENCY and JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE must be positive");
        }
        self.trusted_proxy_list()?;
        if let Some(p) = &self.admin_password {
            // An empty or weak first password would open the whole system: refuse to start.
            let problems = crate::auth::password::check_rules("admin_password", p, "admin");
            if !problems.is_empty() {
                let why: Vec<String> = problems.into_iter().map(|e| e.message).collect();
                anyhow::bail!(
                    "JIYUAN_ADMIN_PASSWORD is set but not acceptable ({}): set a strong password or unset it to have one generated",
                    why.join("; ")
                );
            }
        }
        Ok(())
    }

    pub fn tz(&self) -> anyhow::Result<chrono_tz::Tz> {
        self.timezone
            .parse::<chrono_tz::Tz>()
            .map_err(|_| anyhow::anyhow!("JIYUAN_TIMEZONE: unknown time zone {:?}", self.timezone))
    }

    /// The trusted reverse proxies, parsed (an address alone is a /32 or /128 network).
    pub fn trusted_proxy_list(&self) -> anyhow::Result<Vec<ipnet::IpNet>> {
        self.trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "JIYUAN_TRUSTED_PROXIES: {s:?} is neither an address nor a network"
                        )
                    })
            })
            .collect()
    }

    pub fn cors_origin_list(&self) -> Vec<String> {
        self.cors_origins
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    /// The JWT secret from config, or the one generated once into the data dir.
    pub fn resolve_jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(s) = &self.jwt_secret {
            if s.len() < 32 {
                anyhow::bail!("JIYUAN_JWT_SECRET must be at least 32 characters");
            }
            return Ok(s.as_bytes().to_vec());
        }
        let path = self.data_dir.join("jwt-secret");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Ok(existing.trim().as_bytes().to_vec());
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let secret = crate::auth::token::random_token(48);
        write_private(&path, &secret)?;
        tracing::warn!(path = %path.display(), "JIYUAN_JWT_SECRET is not set: generated one and stored it in the data dir; set it explicitly when running several instances");
        Ok(secret.into_bytes())
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}
