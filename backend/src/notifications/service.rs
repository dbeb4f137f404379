use super::model::{NewNotification, Notification, NotificationQuery};
use super::repo;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::time::now;

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
    let t = now();
    // Users with an e-mail address get a copy by mail (sent by the mailer, if configured).
    let mailed = repo::with_email(conn, user_ids)?;
    let rows: Vec<NewNotification> = user_ids
        .iter()
        .map(|u| NewNotification {
            user_id: *u,
            kind,
            title,
            body,
            link,
            created_at: t,
            email_status: if mailed.contains(u) {
                "pending"
            } else {
                "none"
            },
        })
        .collect();
    repo::insert(conn, &rows)
}

/// Active people holding `role`.
pub fn holders_of(conn: &mut DbConn, role: &str) -> ApiResult<Vec<i64>> {
    repo::holders_of(conn, role)
}

/// A page of the user's notifications, newest first, and the total.
pub fn list(
    conn: &mut DbConn,
    user_id: i64,
    q: &NotificationQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Notification>, i64)> {
    let (rows, total) = repo::list(conn, user_id, q, limit, offset)?;
    Ok((rows.into_iter().map(Notification::from).collect(), total))
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> ApiResult<i64> {
    repo::unread_count(conn, user_id)
}

/// Mark one of the user's notifications read; another's is not found.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: i64) -> ApiResult<()> {
    if repo::mark_read(conn, user_id, id, now())? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

pub fn mark_all_read(conn: &mut DbConn, user_id: i64) -> ApiResult<()> {
    repo::mark_all_read(conn, user_id, now())?;
    Ok(())
}
