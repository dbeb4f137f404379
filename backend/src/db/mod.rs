//! Two databases, one code path (docs/architecture.md): an enum of the two concrete
//! connections and `db_run!`, which expands the same diesel block once per backend, so every
//! query is written once and type-checked for SQLite and PostgreSQL.

pub mod dialect;
pub mod numbering;
pub mod schema;
pub mod scope;
pub mod sliced;

pub use dialect::{Bind, RawQuery};

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel::sqlite::SqliteConnection;
use diesel::QueryResult;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    pub fn from_url(url: &str) -> anyhow::Result<DbKind> {
        if url.starts_with("sqlite://") {
            Ok(DbKind::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DbKind::Postgres)
        } else {
            anyhow::bail!(
                "DATABASE_URL must start with sqlite:// (embedded file) or postgres:// (server), got {:?}",
                url.split(':').next().unwrap_or("")
            )
        }
    }
}

/// The path of an `sqlite://` URL (`sqlite://./data/x.db` → `./data/x.db`).
pub fn sqlite_path(url: &str) -> &str {
    url.trim_start_matches("sqlite://")
}

#[derive(Clone)]
pub enum DbPool {
    Pg(Pool<ConnectionManager<PgConnection>>),
    Sqlite(Pool<ConnectionManager<SqliteConnection>>),
}

pub enum DbConn {
    Pg(PooledConnection<ConnectionManager<PgConnection>>),
    Sqlite(PooledConnection<ConnectionManager<SqliteConnection>>),
}

/// Run one diesel block against whichever backend the connection is:
/// `db_run!(conn, |c| users::table.find(id).first::<UserRow>(c))`.
#[macro_export]
macro_rules! db_run {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Pg(pooled) => {
                let $c: &mut ::diesel::pg::PgConnection = &mut **pooled;
                $body
            }
            $crate::db::DbConn::Sqlite(pooled) => {
                let $c: &mut ::diesel::sqlite::SqliteConnection = &mut **pooled;
                $body
            }
        }
    };
}

/// SQLite settings every connection needs: wait instead of failing on a busy file, WAL for
/// concurrent readers, and foreign keys (off by default in SQLite).
#[derive(Debug)]
struct SqliteSetup;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqliteSetup {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(
            "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        )
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

impl DbPool {
    pub fn connect(url: &str, size: u32) -> anyhow::Result<DbPool> {
        match DbKind::from_url(url)? {
            DbKind::Postgres => {
                let pool = Pool::builder()
                    .max_size(size)
                    .connection_timeout(Duration::from_secs(10))
                    .build(ConnectionManager::<PgConnection>::new(url))?;
                Ok(DbPool::Pg(pool))
            }
            DbKind::Sqlite => {
                let path = sqlite_path(url);
                if let Some(parent) = std::path::Path::new(path).parent() {
                    if !parent.as_os_str().is_empty() {
                        std::fs::create_dir_all(parent)?;
                    }
                }
                let pool = Pool::builder()
                    .max_size(size)
                    .connection_timeout(Duration::from_secs(10))
                    .connection_customizer(Box::new(SqliteSetup))
                    .build(ConnectionManager::<SqliteConnection>::new(path))?;
                Ok(DbPool::Sqlite(pool))
            }
        }
    }

    pub fn kind(&self) -> DbKind {
        match self {
            DbPool::Pg(_) => DbKind::Postgres,
            DbPool::Sqlite(_) => DbKind::Sqlite,
        }
    }

    /// Blocks while waiting for a free connection: call it inside `web::block`.
    pub fn get(&self) -> Result<DbConn, diesel::r2d2::PoolError> {
        Ok(match self {
            DbPool::Pg(p) => DbConn::Pg(p.get()?),
            DbPool::Sqlite(p) => DbConn::Sqlite(p.get()?),
        })
    }

    /// (connections open, of which idle) for the metrics endpoint.
    pub fn state(&self) -> (u32, u32) {
        let s = match self {
            DbPool::Pg(p) => p.state(),
            DbPool::Sqlite(p) => p.state(),
        };
        (s.connections, s.idle_connections)
    }

    pub fn max_size(&self) -> u32 {
        match self {
            DbPool::Pg(p) => p.max_size(),
            DbPool::Sqlite(p) => p.max_size(),
        }
    }
}

impl DbConn {
    pub fn kind(&self) -> DbKind {
        match self {
            DbConn::Pg(_) => DbKind::Postgres,
            DbConn::Sqlite(_) => DbKind::Sqlite,
        }
    }

    /// Run `f` in one transaction. On SQLite the outermost transaction is `BEGIN IMMEDIATE`:
    /// a deferred read-then-write transaction in WAL mode fails with SQLITE_BUSY whatever the
    /// busy timeout. Nested calls become savepoints.
    pub fn tx<T, E>(&mut self, f: impl FnOnce(&mut DbConn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<diesel::result::Error>,
    {
        self.begin()?;
        match f(self) {
            Ok(value) => {
                self.commit()?;
                Ok(value)
            }
            Err(e) => {
                if let Err(rollback) = self.rollback() {
                    tracing::error!(error = %rollback, "rollback failed");
                }
                Err(e)
            }
        }
    }

    fn begin(&mut self) -> QueryResult<()> {
        match self {
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(&mut **c),
            DbConn::Sqlite(c) => {
                let c: &mut SqliteConnection = c;
                let depth = AnsiTransactionManager::transaction_manager_status_mut(c)
                    .transaction_depth()?;
                if depth.is_some() {
                    AnsiTransactionManager::begin_transaction(c)
                } else {
                    AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
                }
            }
        }
    }

    fn commit(&mut self) -> QueryResult<()> {
        db_run!(self, |c| AnsiTransactionManager::commit_transaction(c))
    }

    fn rollback(&mut self) -> QueryResult<()> {
        db_run!(self, |c| AnsiTransactionManager::rollback_transaction(c))
    }

    /// Apply pending schema migrations; returns how many ran. `bootstrap::migrate_conn` adds
    /// the data the schema needs from the start.
    pub fn migrate(&mut self) -> anyhow::Result<usize> {
        let applied = match self {
            DbConn::Pg(c) => c
                .run_pending_migrations(PG_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .len(),
            DbConn::Sqlite(c) => c
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .len(),
        };
        Ok(applied)
    }

    /// True when no migration is pending (for `/readyz`).
    pub fn migrations_applied(&mut self) -> anyhow::Result<bool> {
        let pending = match self {
            DbConn::Pg(c) => c
                .has_pending_migration(PG_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            DbConn::Sqlite(c) => c
                .has_pending_migration(SQLITE_MIGRATIONS)
                .map_err(|e| anyhow::anyhow!("{e}"))?,
        };
        Ok(!pending)
    }
}

diesel::define_sql_function!(/// SQL `lower()`, on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// `%` and `_` in user input match themselves (with `.escape('\\')`).
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A LIKE pattern finding `needle` anywhere, its own `%` and `_` matching themselves.
pub fn contains_pattern(needle: &str) -> String {
    format!("%{}%", escape_like(needle))
}

/// Order a boxed query by the list's validated `sort` ((field, descending) pairs, in order),
/// each allowed field naming its column: `then_sort!(query, sort, { "code" => offices::code })`.
/// Fields not listed are ignored (the handler's `parse_sort` refused them already).
#[macro_export]
macro_rules! then_sort {
    ($query:expr, $sort:expr, { $($name:literal => $col:expr),+ $(,)? }) => {{
        let mut query = $query;
        for (field, desc) in $sort {
            query = match (field.as_str(), *desc) {
                $(
                    ($name, false) => query.then_order_by($col.asc()),
                    ($name, true) => query.then_order_by($col.desc()),
                )+
                _ => query,
            };
        }
        query
    }};
}

/// Is this diesel error a unique-constraint violation?
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}
