//! E-mail copies of notifications (optional, off unless `JIYUAN_SMTP_URL` is set). `notify`
//! marks a notification `pending` when its user has an address, in the same transaction as the
//! notification (an outbox); this mailer sends what is due every few seconds, outside any
//! request, retrying with backoff. Rows are claimed by a compare-and-set, so several server
//! instances never send the same mail twice.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::Config;
use crate::db::schema::{notifications, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::now;

/// Mails claimed per round.
const BATCH: i64 = 20;
/// Attempts before a mail is given up (`failed`); waits 1, 2, 4, 8 minutes in between.
const MAX_ATTEMPTS: i64 = 5;
/// Notifications older than this when first seen are not mailed (e.g. those from before SMTP
/// was configured): a day-old approval request by e-mail would mislead more than help.
const MAX_AGE_HOURS: i64 = 24;

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    public_url: String,
}

/// A notification due for mailing, with its reader's address and language.
#[derive(Queryable)]
struct Due {
    id: i64,
    attempts: i64,
    to: String,
    title: String,
    body: String,
    link: String,
    language: String,
}

/// One mail to send: notification id, attempts so far, address, subject, text.
struct Outgoing {
    id: i64,
    attempts: i64,
    to: String,
    subject: String,
    text: String,
}

impl Mailer {
    /// The mailer the configuration asks for, or None when e-mail is off.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return Ok(None);
        };
        let transport = SmtpTransport::from_url(url.trim())
            .map_err(|e| anyhow::anyhow!("JIYUAN_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = config
            .smtp_from
            .parse()
            .map_err(|e| anyhow::anyhow!("JIYUAN_SMTP_FROM {:?}: {e}", config.smtp_from))?;
        Ok(Some(Mailer {
            transport,
            from,
            public_url: config
                .public_url
                .clone()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_string(),
        }))
    }

    fn message(&self, m: &Outgoing) -> Result<Message, String> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| format!("address {:?}: {e}", m.to))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(m.text.clone())
            .map_err(|e| e.to_string())
    }

    fn send(&self, m: &Outgoing) -> Result<(), String> {
        let message = self.message(m)?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// How long a claimed mail is reserved for the mailer that claimed it: after that (a crash in
/// between) another round may take it again.
const LEASE_MINUTES: i64 = 10;

/// Due: pending and not waiting for a retry, or claimed by a mailer whose lease ran out.
macro_rules! due_filter {
    ($t:expr) => {
        notifications::email_status
            .eq("pending")
            .and(
                notifications::email_next_at
                    .is_null()
                    .or(notifications::email_next_at.le($t)),
            )
            .or(notifications::email_status
                .eq("sending")
                .and(notifications::email_next_at.le($t)))
    };
}

/// Claim the due mails (and expire the too old ones).
fn claim(conn: &mut DbConn, mailer: &Mailer, t: NaiveDateTime) -> ApiResult<Vec<Outgoing>> {
    db_run!(conn, |c| diesel::update(
        notifications::table
            .filter(notifications::email_status.eq("pending"))
            .filter(notifications::created_at.lt(t - chrono::Duration::hours(MAX_AGE_HOURS)))
    )
    .set(notifications::email_status.eq("expired"))
    .execute(c))?;
    let due: Vec<Due> = db_run!(conn, |c| notifications::table
        .inner_join(users::table)
        .filter(due_filter!(t))
        .order(notifications::id)
        .limit(BATCH)
        .select((
            notifications::id,
            notifications::email_attempts,
            users::email,
            notifications::title,
            notifications::body,
            notifications::link,
            users::language,
        ))
        .load(c))?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
    // Compare-and-set: only the rows this mailer moved from pending are its to send.
    let claimed: Vec<i64> = db_run!(conn, |c| diesel::update(
        notifications::table
            .filter(notifications::id.eq_any(&ids))
            .filter(due_filter!(t))
    )
    .set((
        notifications::email_status.eq("sending"),
        notifications::email_next_at.eq(Some(t + chrono::Duration::minutes(LEASE_MINUTES))),
    ))
    .returning(notifications::id)
    .get_results(c))?;
    Ok(due
        .into_iter()
        .filter(|d| claimed.contains(&d.id))
        .map(|d| {
            let Due {
                id,
                attempts,
                to,
                title,
                body,
                link,
                language,
            } = d;
            let url = format!("{}{}", mailer.public_url, link);
            let footer = if language == "en" {
                "Sent automatically by Jiyuan CRM; open the link to act on it."
            } else {
                "此邮件由纪元客户管理系统自动发送，请点击链接处理。"
            };
            Outgoing {
                id,
                attempts,
                to,
                subject: title,
                text: format!("{body}\n\n{url}\n\n—— {footer}\n"),
            }
        })
        .collect())
}

fn record(conn: &mut DbConn, m: &Outgoing, result: &Result<(), String>) -> ApiResult<()> {
    let t = now();
    let attempts = m.attempts + 1;
    let (status, next_at, error) = match result {
        Ok(()) => ("sent", None, None),
        Err(e) if attempts >= MAX_ATTEMPTS => ("failed", None, Some(e.clone())),
        Err(e) => (
            "pending",
            Some(t + chrono::Duration::minutes(1 << (attempts - 1))),
            Some(e.clone()),
        ),
    };
    let error = error.map(|e| e.chars().take(500).collect::<String>());
    db_run!(conn, |c| diesel::update(notifications::table.find(m.id))
        .set((
            notifications::email_status.eq(status),
            notifications::email_attempts.eq(attempts),
            notifications::email_next_at.eq(next_at),
            notifications::email_error.eq(&error),
        ))
        .execute(c))?;
    if let Err(e) = result {
        tracing::warn!(notification = m.id, attempts, error = %e, "e-mail not sent");
    }
    Ok(())
}

/// One round: claim what is due, send it (blocking SMTP on the blocking pool), record each
/// outcome. Returns (sent, not sent).
pub async fn run_once(
    state: &AppState,
    mailer: std::sync::Arc<Mailer>,
) -> ApiResult<(usize, usize)> {
    let m = mailer.clone();
    let batch = state.db(move |c| claim(c, &m, now())).await?;
    let mut sent = 0;
    let mut unsent: Vec<i64> = batch.iter().map(|m| m.id).collect();
    for mail in batch {
        unsent.retain(|id| *id != mail.id);
        let m = mailer.clone();
        let (mail, result) = actix_web::web::block(move || {
            let r = m.send(&mail);
            (mail, r)
        })
        .await
        .map_err(ApiError::internal)?;
        if result.is_ok() {
            sent += 1;
        }
        let failed = result.is_err();
        state.db(move |c| record(c, &mail, &result)).await?;
        if failed {
            // The server is probably down: leave the rest of the batch for the next round.
            let rest = unsent.len();
            state
                .db(move |c| {
                    db_run!(c, |c| diesel::update(
                        notifications::table.filter(notifications::id.eq_any(&unsent))
                    )
                    .set((
                        notifications::email_status.eq("pending"),
                        notifications::email_next_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(c))
                    .map_err(ApiError::from)
                })
                .await?;
            return Ok((sent, rest + 1));
        }
    }
    Ok((sent, 0))
}

/// Start the mailer when e-mail is configured (every 5 seconds). A wrong mail setting stops
/// the start, not the first notification.
pub fn spawn(state: actix_web::web::Data<AppState>) -> anyhow::Result<()> {
    let Some(mailer) = Mailer::from_config(&state.config)? else {
        tracing::info!("e-mail copies of notifications are off (JIYUAN_SMTP_URL not set)");
        return Ok(());
    };
    let mailer = std::sync::Arc::new(mailer);
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&state, mailer.clone()).await {
                tracing::warn!(error = %e, "e-mail round failed");
            }
        }
    });
    Ok(())
}
