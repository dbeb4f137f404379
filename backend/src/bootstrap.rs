//! First start: migrations, and an `admin` account when there is no active administrator.

use crate::audit::Actor;
use crate::auth::policy::Role;
use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::http::RequestMeta;
use crate::users;

pub enum AdminBootstrap {
    /// An active administrator exists already.
    Existing,
    /// Created with the password from `JIYUAN_ADMIN_PASSWORD`.
    CreatedFromEnv,
    /// Created with this random password, to be shown once.
    CreatedRandom(String),
}

/// Apply pending migrations; returns how many ran.
pub fn migrate(pool: &DbPool) -> anyhow::Result<usize> {
    migrate_conn(&mut pool.get()?)
}

/// Apply pending migrations on one connection, then the data the schema needs from the start:
/// the measures' default policy version (the document is Rust data, so it cannot live in the
/// SQL migrations).
pub fn migrate_conn(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = conn.migrate()?;
    crate::policies::service::ensure_default(conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(applied)
}

pub fn ensure_admin(pool: &DbPool, config: &Config) -> anyhow::Result<AdminBootstrap> {
    let mut conn = pool.get()?;
    if users::repo::any_active_admin(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))? {
        return Ok(AdminBootstrap::Existing);
    }
    let (password, outcome) = match &config.admin_password {
        Some(p) => (p.clone(), AdminBootstrap::CreatedFromEnv),
        None => {
            let p = crate::auth::token::random_token(12);
            (p.clone(), AdminBootstrap::CreatedRandom(p))
        }
    };
    let hash = crate::auth::password::hash(&password);
    let meta = RequestMeta::system("bootstrap");
    let existing =
        users::repo::find_by_username(&mut conn, "admin").map_err(|e| anyhow::anyhow!("{e}"))?;
    conn.tx(|c| -> Result<(), crate::error::ApiError> {
        match existing {
            // An `admin` account that lost its role or was disabled: restore it.
            Some(u) => {
                let now = crate::time::now();
                users::repo::set_password(c, u.id, &hash, true, now)?;
                users::repo::set_active(c, u.id, true, now)?;
                let mut roles = users::repo::roles_of(c, u.id)?;
                roles.push(Role::Admin);
                users::repo::set_roles(c, u.id, &roles)?;
                crate::audit::record(
                    c,
                    &Actor::system(),
                    &meta,
                    crate::audit::Event::new("user.restore_admin", "user", u.id),
                )
            }
            None => users::service::create_person(
                c,
                &Actor::system(),
                &meta,
                "admin",
                "系统管理员",
                &[Role::Admin],
                None,
                &hash,
                true,
            )
            .map(|_| ()),
        }
    })
    .map_err(|e| anyhow::anyhow!("creating the admin account: {e}"))?;
    Ok(outcome)
}
