//! E-mail copies of notifications: `notify` marks a notification `pending` when its user has an
//! address, in the same transaction as the notification; the mailer (`crate::mail`) sends them.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::{notifications, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;
use crate::mail::{Claimed, Mailer, Outbox, Outgoing};

/// Notifications older than this when first seen are not mailed (e.g. those from before SMTP
/// was configured): a day-old approval request by e-mail would mislead more than help.
const MAX_AGE_HOURS: i64 = 24;

pub static OUTBOX: Outbox = Outbox {
    table: "notifications",
    max_age_hours: Some(MAX_AGE_HOURS),
    records_sent_at: false,
    compose,
};

/// A claimed notification with its reader's address and language.
#[derive(Queryable)]
struct Due {
    id: i64,
    to: String,
    title: String,
    body: String,
    link: String,
    language: String,
}

fn compose(
    conn: &mut DbConn,
    mailer: &Mailer,
    claimed: &[Claimed],
    _today: NaiveDate,
) -> ApiResult<Vec<(Claimed, Result<Outgoing, String>)>> {
    let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
    let due: Vec<Due> = db_run!(conn, |c| notifications::table
        .inner_join(users::table)
        .filter(notifications::id.eq_any(&ids))
        .select((
            notifications::id,
            users::email,
            notifications::title,
            notifications::body,
            notifications::link,
            users::language,
        ))
        .load(c))?;
    Ok(claimed
        .iter()
        .map(|row| {
            let mail = due
                .iter()
                .find(|d| d.id == row.id)
                .map(|d| {
                    let url = format!("{}{}", mailer.public_url, d.link);
                    let footer = if d.language == "en" {
                        "Sent automatically by Jiyuan CRM; open the link to act on it."
                    } else {
                        "此邮件由纪元客户管理系统自动发送，请点击链接处理。"
                    };
                    Outgoing {
                        to: d.to.clone(),
                        subject: d.title.clone(),
                        text: format!("{}\n\n{url}\n\n—— {footer}\n", d.body),
                        file: None,
                    }
                })
                .ok_or_else(|| "the notification is gone".to_string());
            (*row, mail)
        })
        .collect())
}
