use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::model::*;
use super::repo;
use crate::audit::{self, Actor, Event};
use crate::auth::AuthUser;
use crate::calendar::rules::WorkCalendar;
use crate::customers::service::require_full_view;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use crate::mail::{valid_address, Claimed, MailFile, Mailer, Outbox, Outgoing};
use crate::time::{now, to_utc};

/// Statements waiting to be mailed (the mailer's second outbox). A statement is drawn when it
/// is sent, so a queued month costs a row, not a file.
pub static OUTBOX: Outbox = Outbox {
    table: "statement_mails",
    max_age_hours: None,
    records_sent_at: true,
    compose,
};

/// The most mails a customer's history shows.
const HISTORY: i64 = 100;

fn mail_off() -> ApiError {
    ApiError::field(
        "email",
        "mail.off",
        "this server does not send e-mail (JIYUAN_SMTP_URL is not set)",
    )
}

/// A trimmed address, checked; None when empty.
fn address(field: &str, value: Option<&str>) -> ApiResult<Option<String>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if valid_address(v) {
        Ok(Some(v.to_string()))
    } else {
        Err(ApiError::field(
            field,
            "invalid_email",
            "an e-mail address such as caiwu@customer.example",
        ))
    }
}

fn recipient_dto(
    conn: &mut DbConn,
    customer_id: i64,
    row: Option<RecipientRow>,
    mail_enabled: bool,
) -> ApiResult<StatementRecipient> {
    let names = crate::users::repo::display_names(
        conn,
        &row.iter().filter_map(|r| r.updated_by).collect::<Vec<_>>(),
    )?;
    Ok(match row {
        Some(r) => StatementRecipient {
            customer_id,
            email: Some(r.email),
            monthly: r.monthly,
            updated_by_name: r.updated_by.and_then(|u| names.get(&u).cloned()),
            updated_at: Some(to_utc(r.updated_at)),
            mail_enabled,
        },
        None => StatementRecipient {
            customer_id,
            email: None,
            monthly: false,
            updated_by_name: None,
            updated_at: None,
            mail_enabled,
        },
    })
}

/// Where the customer's statements go.
pub fn recipient(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    mail_enabled: bool,
) -> ApiResult<StatementRecipient> {
    require_full_view(conn, auth, customer_id)?;
    let row = repo::recipient(conn, customer_id)?;
    recipient_dto(conn, customer_id, row, mail_enabled)
}

/// Set (or, with no address, remove) where the customer's statements go.
pub fn set_recipient(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    form: &StatementRecipientForm,
    mail_enabled: bool,
) -> ApiResult<StatementRecipient> {
    require_full_view(conn, auth, customer_id)?;
    let email = address("email", form.email.as_deref())?;
    let before = repo::recipient(conn, customer_id)?;
    let row = email.map(|email| RecipientRow {
        customer_id,
        email,
        monthly: form.monthly,
        updated_by: Some(auth.id),
        updated_at: now(),
    });
    match &row {
        Some(r) => repo::save_recipient(conn, r)?,
        None => repo::remove_recipient(conn, customer_id)?,
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("statement.recipient", "customer", customer_id)
            .before(&before.map(|b| serde_json::json!({"email": b.email, "monthly": b.monthly})))
            .after(
                &row.as_ref()
                    .map(|r| serde_json::json!({"email": r.email, "monthly": r.monthly})),
            ),
    )?;
    recipient_dto(conn, customer_id, row, mail_enabled)
}

fn mail_dtos(conn: &mut DbConn, rows: Vec<repo::MailLine>) -> ApiResult<Vec<StatementMail>> {
    let people: Vec<i64> = rows.iter().filter_map(|(m, _, _)| m.requested_by).collect();
    let names: HashMap<i64, String> = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|(m, code, name)| StatementMail {
            id: m.id,
            customer_id: m.customer_id,
            customer_code: code,
            customer_name: name,
            run_id: m.run_id,
            from: m.period_from,
            to: m.period_to,
            email: m.to_address,
            status: StatementMailStatus::parse(&m.email_status),
            attempts: m.email_attempts,
            error: m.email_error,
            requested_by_name: m.requested_by.and_then(|u| names.get(&u).cloned()),
            created_at: to_utc(m.created_at),
            sent_at: m.sent_at.map(to_utc),
        })
        .collect())
}

/// Queue the statement of a period for mailing, to the customer's address or the one given.
/// The statement is drawn now as well, so a period it cannot cover is refused here, not by
/// the mailer later.
pub fn mail_statement(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    req: &StatementMailRequest,
    today: NaiveDate,
    mail_enabled: bool,
) -> ApiResult<StatementMail> {
    require_full_view(conn, auth, customer_id)?;
    if !mail_enabled {
        return Err(mail_off());
    }
    let to = match address("email", req.email.as_deref())? {
        Some(a) => a,
        None => repo::recipient(conn, customer_id)?
            .map(|r| r.email)
            .ok_or_else(|| {
                ApiError::field(
                    "email",
                    "required",
                    "the customer has no statement address: set one or give it here",
                )
            })?,
    };
    crate::receivables::statement::draw(conn, customer_id, req.from, req.to, today)?;
    let row = repo::insert_mail(
        conn,
        &NewMailRow {
            customer_id,
            run_id: None,
            period_from: req.from,
            period_to: req.to,
            to_address: &to,
            requested_by: Some(auth.id),
            created_at: now(),
            email_status: "pending",
        },
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("statement.mail", "customer", customer_id).after(
            &serde_json::json!({"mail": row.id, "from": req.from, "to": req.to, "email": to}),
        ),
    )?;
    let line = crate::customers::service::line(conn, customer_id)?;
    Ok(mail_dtos(conn, vec![(row, line.code, line.name)])?.remove(0))
}

/// The customer's statements mailed or waiting, newest first.
pub fn customer_mails(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
) -> ApiResult<Vec<StatementMail>> {
    require_full_view(conn, auth, customer_id)?;
    let rows = repo::mails_of_customer(conn, customer_id, HISTORY)?;
    mail_dtos(conn, rows)
}

/// `YYYY-MM` → the month's first and last day, refused unless the month is over by `today`.
fn month_period(month: &str, today: NaiveDate) -> ApiResult<(NaiveDate, NaiveDate)> {
    let bad = || ApiError::field("month", "invalid", "a month such as 2026-11");
    let (y, m) = month.split_once('-').ok_or_else(bad)?;
    if y.len() != 4 || m.len() != 2 {
        return Err(bad());
    }
    let first = NaiveDate::from_ymd_opt(
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        1,
    )
    .filter(|d| d.year() >= 2000)
    .ok_or_else(bad)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(bad)?;
    if next > today {
        return Err(ApiError::field(
            "month",
            "out_of_range",
            "a month that is over (the statements cover the whole month)",
        ));
    }
    Ok((first, next - Duration::days(1)))
}

fn run_dtos(conn: &mut DbConn, rows: Vec<RunRow>) -> ApiResult<Vec<StatementRun>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let counts: HashMap<i64, RunCounts> = repo::run_counts(conn, &ids)?
        .into_iter()
        .map(|c| (c.run_id, c))
        .collect();
    let people: Vec<i64> = rows.iter().filter_map(|r| r.started_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = counts.get(&r.id).cloned().unwrap_or_default();
            StatementRun {
                id: r.id,
                month: r.month,
                from: r.period_from,
                to: r.period_to,
                queued: r.queued,
                sent: n.sent,
                failed: n.failed,
                waiting: n.waiting,
                started_by_name: r.started_by.and_then(|u| names.get(&u).cloned()),
                created_at: to_utc(r.created_at),
            }
        })
        .collect())
}

/// Start a month's run: one statement queued for every customer in the monthly run with an
/// open balance, in the caller's transaction. The month is unique, so a second start (another
/// instance, a second click) is refused and queues nothing.
pub fn start_run(
    conn: &mut DbConn,
    by: Option<&AuthUser>,
    meta: &RequestMeta,
    input: &NewStatementRun,
    today: NaiveDate,
    mail_enabled: bool,
) -> ApiResult<StatementRun> {
    if !mail_enabled {
        return Err(ApiError::field(
            "month",
            "mail.off",
            "this server does not send e-mail (JIYUAN_SMTP_URL is not set)",
        ));
    }
    let month = input.month.trim();
    let (from, to) = month_period(month, today)?;
    let t = now();
    let run = repo::insert_run(
        conn,
        &NewRunRow {
            month,
            period_from: from,
            period_to: to,
            queued: 0,
            started_by: by.map(|a| a.id),
            created_at: t,
        },
    )?;
    let queued = repo::queue_run(conn, run.id, from, to, t)?;
    audit::record(
        conn,
        &by.map_or_else(Actor::system, AuthUser::actor),
        meta,
        Event::new("statement.run", "statement_run", run.id)
            .after(&serde_json::json!({"month": month, "queued": queued})),
    )?;
    run_dtos(conn, vec![RunRow { queued, ..run }]).map(|mut v| v.remove(0))
}

pub fn runs(conn: &mut DbConn, limit: i64, offset: i64) -> ApiResult<(Vec<StatementRun>, i64)> {
    let (rows, total) = repo::runs(conn, limit, offset)?;
    Ok((run_dtos(conn, rows)?, total))
}

pub fn run(conn: &mut DbConn, id: i64) -> ApiResult<StatementRun> {
    let row = repo::find_run(conn, id)?.ok_or(ApiError::NotFound)?;
    run_dtos(conn, vec![row]).map(|mut v| v.remove(0))
}

pub fn run_mails(
    conn: &mut DbConn,
    id: i64,
    status: Option<StatementMailStatus>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<StatementMail>, i64)> {
    repo::find_run(conn, id)?.ok_or(ApiError::NotFound)?;
    let (rows, total) = repo::mails_of_run(conn, id, status, limit, offset)?;
    Ok((mail_dtos(conn, rows)?, total))
}

/// The month's run day: its `n`-th working day on the company calendar.
fn run_day(calendar: &WorkCalendar, month_start: NaiveDate, n: i64) -> NaiveDate {
    let first = calendar.add_working_days(month_start, 0);
    calendar.add_working_days(first, u32::try_from(n - 1).unwrap_or(0))
}

/// On or after the policy's working day of the month, last month's run unless it exists.
/// Returns the run started, if any.
pub fn start_if_due(conn: &mut DbConn, today: NaiveDate) -> ApiResult<Option<StatementRun>> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let rules = doc.credit.statements;
    if !rules.monthly_run {
        return Ok(None);
    }
    let month_start = today - Duration::days(i64::from(today.day0()));
    let last = month_start - Duration::days(1);
    let month = format!("{:04}-{:02}", last.year(), last.month());
    if repo::run_of_month(conn, &month)?.is_some() {
        return Ok(None);
    }
    let calendar = WorkCalendar::load(conn, month_start, 31)?;
    if today < run_day(&calendar, month_start, rules.run_working_day) {
        return Ok(None);
    }
    match conn.tx(|c| {
        start_run(
            c,
            None,
            &RequestMeta::system("statement-run"),
            &NewStatementRun { month },
            today,
            true,
        )
    }) {
        Ok(run) => Ok(Some(run)),
        // Another instance started it first.
        Err(ApiError::Duplicate(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every minute, when e-mail is on: start last month's statement run once its day has come.
pub fn spawn(state: actix_web::web::Data<crate::state::AppState>) {
    if !state.config.mail_enabled() {
        return;
    }
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let today = state.today();
            match state.db(move |c| start_if_due(c, today)).await {
                Ok(Some(run)) => {
                    tracing::info!(month = %run.month, queued = run.queued, "statement run started")
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "statement run"),
            }
        }
    });
}

/// The claimed mails: each statement drawn as of today, as a workbook attached to its mail.
fn compose(
    conn: &mut DbConn,
    _mailer: &Mailer,
    claimed: &[Claimed],
    today: NaiveDate,
) -> ApiResult<Vec<(Claimed, Result<Outgoing, String>)>> {
    let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
    let due: HashMap<i64, DueMail> = repo::due_mails(conn, &ids)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    Ok(claimed
        .iter()
        .map(|row| {
            let mail = match due.get(&row.id) {
                None => Err("the mail is gone".to_string()),
                Some(d) => statement_mail(conn, d, today).map_err(|e| e.to_string()),
            };
            (*row, mail)
        })
        .collect())
}

fn statement_mail(conn: &mut DbConn, d: &DueMail, today: NaiveDate) -> ApiResult<Outgoing> {
    use crate::receivables::statement;
    let s = statement::draw(conn, d.customer_id, d.period_from, d.period_to, today)?;
    let bytes = statement::workbook(&s)?;
    let yuan = |fen: i64| format!("{}.{:02}", fen / 100, (fen % 100).abs());
    Ok(Outgoing {
        to: d.to_address.clone(),
        subject: format!(
            "对账单 Statement of account {} {} ({} — {})",
            s.customer_code, s.customer_name, s.from, s.to
        ),
        text: format!(
            "{name}：\n\n附件为贵公司 {from} 至 {to} 的对账单，期末余额 {closing} 元。\
             如有不符，请与我公司财务部联系；核对无误请盖章确认后回传。\n\n\
             Dear {name},\n\nattached is your statement of account for {from} to {to}; \
             closing balance CNY {closing}. Please confirm it, or tell our finance \
             department of any difference.\n\n—— 河北纪元光电 Hebei Jiyuan Optoelectronics\n",
            name = s.customer_name,
            from = s.from,
            to = s.to,
            closing = yuan(s.closing_fen),
        ),
        file: Some(MailFile {
            name: format!("statement-{}-{}.xlsx", ascii_code(&s.customer_code), s.to),
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                .into(),
            bytes,
        }),
    })
}

/// The code's ASCII letters, digits, dashes and underscores (for a file name).
pub fn ascii_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_run_covers_a_whole_month_that_is_over() {
        let today = d("2026-12-03");
        assert_eq!(
            month_period("2026-11", today).unwrap(),
            (d("2026-11-01"), d("2026-11-30"))
        );
        assert_eq!(
            month_period("2024-02", today).unwrap(),
            (d("2024-02-01"), d("2024-02-29"))
        );
        assert!(
            month_period("2026-12", today).is_err(),
            "this month is not over"
        );
        assert!(month_period("2026-13", today).is_err());
        assert!(month_period("2026-1", today).is_err());
        assert!(month_period("november", today).is_err());
        assert!(month_period("1999-12", today).is_err());
        // On the first of the month, last month is over.
        assert!(month_period("2026-11", d("2026-12-01")).is_ok());
    }

    #[test]
    fn the_run_day_counts_working_days_of_the_calendar() {
        use crate::calendar::model::{CalendarDay, DayKind};
        // 2026-10: the 1st–7th are the National Day holiday (Thursday to Wednesday), the 10th,
        // a Saturday, a make-up working day.
        let mut days: Vec<CalendarDay> = (1..=7)
            .map(|n| CalendarDay {
                date: NaiveDate::from_ymd_opt(2026, 10, n).unwrap(),
                kind: DayKind::Holiday,
                name: "国庆节".into(),
            })
            .collect();
        days.push(CalendarDay {
            date: d("2026-10-10"),
            kind: DayKind::Workday,
            name: "国庆节调休".into(),
        });
        let cal = WorkCalendar::from_days(&days);
        assert_eq!(run_day(&cal, d("2026-10-01"), 1), d("2026-10-08"));
        assert_eq!(run_day(&cal, d("2026-10-01"), 3), d("2026-10-10"));
        // December 2026 starts on a Tuesday.
        assert_eq!(
            run_day(&WorkCalendar::default(), d("2026-12-01"), 1),
            d("2026-12-01")
        );
        assert_eq!(
            run_day(&WorkCalendar::default(), d("2026-11-01"), 1),
            d("2026-11-02")
        );
    }
}
