//! In-app notifications: created by approvals (requested, decided) and every later area.
pub mod mailer;
pub mod routes;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::schema::{notifications, user_roles, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

#[derive(Debug, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = notifications)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NotificationRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
}

/// One notification as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    /// `approval.requested`, `approval.approved`, `approval.rejected`, …
    #[schema(example = "approval.requested")]
    pub kind: String,
    pub title: String,
    pub body: String,
    /// Where in the web app the notification leads (`/approvals/12`).
    pub link: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<NotificationRow> for Notification {
    fn from(r: NotificationRow) -> Self {
        Notification {
            id: r.id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.created_at.and_utc(),
            read_at: r.read_at.map(|t| t.and_utc()),
        }
    }
}

/// Notify these users (one insert for all).
pub fn notify(
    conn: &mut DbConn,
    user_ids: &[i64],
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> ApiResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let t = crate::time::now();
    // Users with an e-mail address get a copy by mail (sent by the mailer, if configured).
    let mailed: Vec<i64> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(user_ids))
        .filter(users::email.ne(""))
        .select(users::id)
        .load(c))?;
    let rows: Vec<_> = user_ids
        .iter()
        .map(|u| {
            (
                notifications::email_status.eq(if mailed.contains(u) {
                    "pending"
                } else {
                    "none"
                }),
                notifications::user_id.eq(*u),
                notifications::kind.eq(kind),
                notifications::title.eq(title),
                notifications::body.eq(body),
                notifications::link.eq(link),
                notifications::created_at.eq(t),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(notifications::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

/// Active people holding `role`.
pub fn holders_of(conn: &mut DbConn, role: &str) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq(role))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .select(users::id)
        .load(c))?)
}
