//! Outgoing e-mail (optional, off unless `JIYUAN_SMTP_URL` is set). Two outboxes feed it:
//! copies of notifications (`notifications.email_*`) and statements of account
//! (`statement_mails`). The change that asks for a mail marks its row `pending` in its own
//! transaction; every few seconds the mailer claims what is due, outside any request, sends it and
//! records the outcome, retrying with backoff. Rows are claimed by a compare-and-set with a
//! lease, so several server instances never send the same mail twice.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryableByName;
use lettre::message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::Config;
use crate::db::{DbConn, RawQuery};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::time::now;

/// Mails claimed per round and outbox.
const BATCH: i64 = 20;
/// Attempts before a mail is given up (`failed`); waits 1, 2, 4, 8 minutes in between.
const MAX_ATTEMPTS: i64 = 5;
/// How long a claimed mail is reserved for the mailer that claimed it: after that (a crash in
/// between) another round may take it again.
const LEASE_MINUTES: i64 = 10;

pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The web app's address without the trailing slash, for links in mails.
    pub public_url: String,
}

/// A file sent with a mail.
pub struct MailFile {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// One mail to send.
pub struct Outgoing {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub file: Option<MailFile>,
}

/// A row claimed from an outbox: its id and the attempts before this one.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub email_attempts: i64,
}

/// Turns claimed rows into mails; a row that cannot become one carries why (a failed attempt).
pub type Compose = fn(
    &mut DbConn,
    &Mailer,
    &[Claimed],
    NaiveDate,
) -> ApiResult<Vec<(Claimed, Result<Outgoing, String>)>>;

/// A table whose rows are mails to send: it has the columns `email_status` (`pending`,
/// `sending`, `sent`, `failed`), `email_attempts`, `email_next_at` and `email_error`.
pub struct Outbox {
    /// The table (a constant of ours, never input).
    pub table: &'static str,
    /// Pending rows created longer ago than this are not mailed (`expired`).
    pub max_age_hours: Option<i64>,
    /// The table records when the mail went out (`sent_at`).
    pub records_sent_at: bool,
    pub compose: Compose,
}

/// Due: pending and not waiting for a retry, or claimed by a mailer whose lease ran out.
const DUE: &str = "(email_status = 'pending' AND (email_next_at IS NULL OR email_next_at <= $1))
     OR (email_status = 'sending' AND email_next_at <= $1)";

impl Outbox {
    /// Claim the due rows (after expiring the too old ones), in one compare-and-set: only the
    /// rows this statement moved to `sending` are this mailer's to send.
    pub fn claim(&self, conn: &mut DbConn, t: NaiveDateTime) -> ApiResult<Vec<Claimed>> {
        let table = self.table;
        if let Some(hours) = self.max_age_hours {
            RawQuery::new(format!(
                "UPDATE {table} SET email_status = 'expired'
                  WHERE email_status = 'pending' AND created_at < $1"
            ))
            .bind(t - chrono::Duration::hours(hours))
            .execute(conn)?;
        }
        let mut claimed: Vec<Claimed> = RawQuery::new(format!(
            "UPDATE {table} SET email_status = 'sending', email_next_at = $2
              WHERE id IN (SELECT id FROM {table} WHERE {DUE} ORDER BY id LIMIT {BATCH})
                AND ({DUE})
              RETURNING id, email_attempts"
        ))
        .bind(t)
        .bind(t + chrono::Duration::minutes(LEASE_MINUTES))
        .load(conn)?;
        // Oldest first (RETURNING keeps no order).
        claimed.sort_by_key(|c| c.id);
        Ok(claimed)
    }

    /// The outcome of one attempt: sent, retried after a wait, or given up.
    pub fn record(
        &self,
        conn: &mut DbConn,
        row: Claimed,
        result: &Result<(), String>,
    ) -> ApiResult<()> {
        let t = now();
        let attempts = row.email_attempts + 1;
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
        let sent_at = if self.records_sent_at {
            ", sent_at = $6"
        } else {
            ""
        };
        let mut q = RawQuery::new(format!(
            "UPDATE {} SET email_status = $1, email_attempts = $2, email_next_at = $3,
                    email_error = $4{sent_at} WHERE id = $5",
            self.table
        ))
        .bind(status)
        .bind(attempts)
        .bind(next_at)
        .bind(error)
        .bind(row.id);
        if self.records_sent_at {
            q = q.bind(result.is_ok().then_some(t));
        }
        q.execute(conn)?;
        if let Err(e) = result {
            tracing::warn!(table = self.table, id = row.id, attempts, error = %e, "e-mail not sent");
        }
        Ok(())
    }

    /// Give claimed rows back untried (the server seems down: the next round takes them).
    fn release(&self, conn: &mut DbConn, ids: &[i64]) -> ApiResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        RawQuery::new(format!(
            "UPDATE {} SET email_status = 'pending', email_next_at = NULL
              WHERE id IN ({list}) AND email_status = 'sending'",
            self.table
        ))
        .execute(conn)?;
        Ok(())
    }
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
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone());
        match &m.file {
            None => builder.header(ContentType::TEXT_PLAIN).body(m.text.clone()),
            Some(f) => {
                let kind = ContentType::parse(&f.content_type).map_err(|e| e.to_string())?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(SinglePart::plain(m.text.clone()))
                        .singlepart(Attachment::new(f.name.clone()).body(f.bytes.clone(), kind)),
                )
            }
        }
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

/// Is a string a mail address the mailer can send to?
pub fn valid_address(s: &str) -> bool {
    s.len() <= 254 && s.parse::<lettre::Address>().is_ok()
}

/// The outboxes, in the order a round serves them.
static OUTBOXES: [&Outbox; 2] = [
    &crate::notifications::mailer::OUTBOX,
    &crate::statements::service::OUTBOX,
];

/// One outbox's round: claim what is due, compose, send (blocking SMTP on the blocking pool),
/// record each outcome. Returns (sent, not sent).
async fn run_outbox(
    state: &AppState,
    mailer: std::sync::Arc<Mailer>,
    outbox: &'static Outbox,
) -> ApiResult<(usize, usize)> {
    let m = mailer.clone();
    let today = state.today();
    let batch = state
        .db(move |c| {
            let claimed = outbox.claim(c, now())?;
            if claimed.is_empty() {
                return Ok(Vec::new());
            }
            (outbox.compose)(c, &m, &claimed, today)
        })
        .await?;
    let mut sent = 0;
    let mut unsent: Vec<i64> = batch.iter().map(|(c, _)| c.id).collect();
    for (row, mail) in batch {
        unsent.retain(|id| *id != row.id);
        let (result, down) = match mail {
            Err(e) => (Err(e), false),
            Ok(mail) => {
                let m = mailer.clone();
                let r = actix_web::web::block(move || m.send(&mail))
                    .await
                    .map_err(ApiError::internal)?;
                let down = r.is_err();
                (r, down)
            }
        };
        if result.is_ok() {
            sent += 1;
        }
        state.db(move |c| outbox.record(c, row, &result)).await?;
        if down {
            // The server is probably down: leave the rest of the batch for the next round.
            let rest = unsent.len();
            state.db(move |c| outbox.release(c, &unsent)).await?;
            return Ok((sent, rest + 1));
        }
    }
    Ok((sent, 0))
}

/// One round over every outbox. Returns (sent, not sent).
pub async fn run_once(
    state: &AppState,
    mailer: std::sync::Arc<Mailer>,
) -> ApiResult<(usize, usize)> {
    let (mut sent, mut unsent) = (0, 0);
    for outbox in OUTBOXES {
        let (s, u) = run_outbox(state, mailer.clone(), outbox).await?;
        sent += s;
        unsent += u;
    }
    Ok((sent, unsent))
}

/// Start the mailer when e-mail is configured (every 5 seconds). A wrong mail setting stops
/// the start, not the first mail.
pub fn spawn(state: actix_web::web::Data<AppState>) -> anyhow::Result<()> {
    let Some(mailer) = Mailer::from_config(&state.config)? else {
        tracing::info!("e-mail is off (JIYUAN_SMTP_URL not set)");
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
