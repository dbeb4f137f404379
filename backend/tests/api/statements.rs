//! Statements of account by e-mail: finance keeps the customer's statement address, mails a
//! statement with its .xlsx (through a minimal SMTP server), and the monthly run queues last
//! month's statement for every customer with an open balance and an address in the run — once,
//! however often it is started.

use actix_web::http::{Method, StatusCode};
use chrono::{Datelike, Duration, NaiveDate};
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::mail::run_once;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};
use crate::mail::{fake_smtp, mailer};

/// The first and last day of the month before `today`, and its `YYYY-MM`.
fn last_month(today: NaiveDate) -> (NaiveDate, NaiveDate, String) {
    let end = today - Duration::days(i64::from(today.day()));
    let start = end - Duration::days(i64::from(end.day0()));
    (start, end, format!("{:04}-{:02}", end.year(), end.month()))
}

/// A customer of the salesman with one receivable of `fen` issued on `issued` (none for 0).
async fn customer(app: &TestApp, salesman: &str, name: &str, issued: NaiveDate, fen: i64) -> i64 {
    let r = app
        .post("/api/v1/customers", Some(salesman), json!({"name": name}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["id"].as_i64().unwrap();
    if fen > 0 {
        let ts = "'2026-01-01 00:00:00'";
        app.sql(&format!(
            "INSERT INTO contracts (number, customer_id, status, signed_on, credit_period_days, credit_form,
                 amount_fen, list_amount_fen, created_at, updated_at)
             VALUES ('HT-{id}', {id}, 'signed', '2025-01-01', 30, 'open_account', {fen}, {fen}, {ts}, {ts});
             INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
               SELECT customer_id, id, '{issued}', '{due}', {fen}, 0, 0, {ts} FROM contracts WHERE number = 'HT-{id}';",
            due = issued + Duration::days(30)
        ))
        .await;
    }
    id
}

/// The .xlsx attached to a mail's data (base64 between the attachment's headers and the next
/// boundary), and its file name.
fn attachment(data: &str) -> (String, Vec<u8>) {
    let at = data
        .find("Content-Disposition: attachment")
        .expect("an attachment");
    let rest = &data[at..];
    // `filename="…"`, or lettre's RFC 2231 form `filename*0="…"`.
    let name = rest
        .split("filename")
        .nth(1)
        .and_then(|s| s.split('"').nth(1))
        .unwrap_or_else(|| panic!("a file name: {data}"))
        .to_string();
    (name, part_body(rest))
}

/// The decoded body of the MIME part whose headers start `part` (base64, up to the boundary).
fn part_body(part: &str) -> Vec<u8> {
    use base64::Engine;
    let (_, body) = part.split_once("\r\n\r\n").expect("the part's body");
    let body = body.split("\r\n--").next().unwrap();
    base64::engine::general_purpose::STANDARD
        .decode(body.replace("\r\n", ""))
        .expect("base64")
}

/// The mail's text.
fn text_of(data: &str) -> String {
    let at = data.find("Content-Type: text/plain").expect("a text part");
    String::from_utf8(part_body(&data[at..])).unwrap()
}

fn statuses(r: &Value) -> Vec<(String, String)> {
    r.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["email"].as_str().unwrap().to_string(),
                m["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

both!(
    finance_mails_a_statement_and_the_monthly_run_queues_each_customer_once,
    |cfg: &mut jiyuan_crm::config::Config| cfg.smtp_url = Some("smtp://127.0.0.1:1".into()),
    |app: TestApp| async move {
        let admin = app.admin().await;
        let office = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "OA", "name": "石家庄办事处"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let other = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "OB", "name": "保定办事处"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let s1 = app.token_for(app.user("s1", &[Role::Salesman], Some(office)).await);
        let od_other = app.token_for(app.user("od2", &[Role::OfficeDirector], Some(other)).await);
        let finance = app.as_role("fin", &[Role::Finance]).await.1;
        let today = app.state.today();
        let (from, to, month) = last_month(today);
        // A: 1,234.56 元 issued on the 5th of last month, mailed monthly. B: owes too but is
        // not in the monthly run. C: in the run, owes nothing.
        let a = customer(
            &app,
            &s1,
            "对账邮件甲有限公司",
            from + Duration::days(4),
            123_456,
        )
        .await;
        let b = customer(
            &app,
            &s1,
            "对账邮件乙有限公司",
            from + Duration::days(4),
            50_000,
        )
        .await;
        let c = customer(&app, &s1, "对账邮件丙有限公司", from, 0).await;
        let path = |id: i64, tail: &str| format!("/api/v1/customers/{id}/{tail}");

        let r = app.get(&path(a, "statement-recipient"), &finance).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (r.body["email"].clone(), r.body["mail_enabled"].clone()),
            (Value::Null, json!(true))
        );
        // Only finance sets it; a wrong address is refused at the field.
        let put = |id: i64, token: &str, body: Value| {
            let (app, p, token) = (&app, path(id, "statement-recipient"), token.to_string());
            async move { app.call(Method::PUT, &p, Some(&token), Some(body)).await }
        };
        let r = put(a, &s1, json!({"email": "caiwu@a.example", "monthly": true})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        let r = put(a, &finance, json!({"email": "caiwu@", "monthly": true})).await;
        assert_eq!(
            field_codes(&r),
            [("email".to_string(), "invalid_email".to_string())]
        );
        let r = put(
            a,
            &finance,
            json!({"email": " caiwu@a.example ", "monthly": true}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["email"], "caiwu@a.example");
        assert_eq!(r.body["updated_by_name"], "fin");
        put(
            b,
            &finance,
            json!({"email": "caiwu@b.example", "monthly": false}),
        )
        .await;
        put(
            c,
            &finance,
            json!({"email": "caiwu@c.example", "monthly": true}),
        )
        .await;
        // The salesman reads it; another office's director does not see the customer.
        let r = app.get(&path(a, "statement-recipient"), &s1).await;
        assert_eq!(r.body["email"], "caiwu@a.example", "{r:?}");
        let r = app.get(&path(a, "statement-recipient"), &od_other).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{r:?}");

        // Mail last month's statement: to the address on file, and once to another one.
        let period = json!({"from": from, "to": to});
        let r = app
            .post(&path(a, "statement/mail"), Some(&s1), period.clone())
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        let r = app
            .post(&path(a, "statement/mail"), Some(&finance), period.clone())
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{r:?}");
        assert_eq!(
            (
                r.body["email"].clone(),
                r.body["status"].clone(),
                r.body["requested_by_name"].clone()
            ),
            (json!("caiwu@a.example"), json!("pending"), json!("fin"))
        );
        let r = app
            .post(
                &path(a, "statement/mail"),
                Some(&finance),
                json!({"from": from, "to": to, "email": "boss@a.example"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{r:?}");
        // A period ending after today, a customer without an address: refused, nothing queued.
        let r = app
            .post(
                &path(a, "statement/mail"),
                Some(&finance),
                json!({"from": from, "to": today + Duration::days(1)}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("to".to_string(), "out_of_range".to_string())]
        );
        let d = customer(&app, &s1, "对账邮件丁有限公司", from, 0).await;
        let r = app
            .post(&path(d, "statement/mail"), Some(&finance), period.clone())
            .await;
        assert_eq!(
            field_codes(&r),
            [("email".to_string(), "required".to_string())]
        );

        // Two mailers claiming at once: the second finds nothing (compare-and-set).
        let outbox = &jiyuan_crm::statements::service::OUTBOX;
        let t = jiyuan_crm::time::now();
        let first = app.state.db(move |c| outbox.claim(c, t)).await.unwrap();
        let second = app.state.db(move |c| outbox.claim(c, t)).await.unwrap();
        assert_eq!((first.len(), second.len()), (2, 0));
        app.sql("UPDATE statement_mails SET email_status = 'pending', email_next_at = NULL")
            .await;
        // The SMTP server is down: both wait; then both go out, each with its workbook.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (sent, unsent) = run_once(&app.state, mailer(&app, closed)).await.unwrap();
        assert_eq!((sent, unsent), (0, 2));
        let r = app.get(&path(a, "statement/mails"), &finance).await;
        assert_eq!(
            statuses(&r.body),
            [
                ("boss@a.example".to_string(), "pending".to_string()),
                ("caiwu@a.example".to_string(), "pending".to_string())
            ]
        );
        app.sql("UPDATE statement_mails SET email_next_at = NULL WHERE email_status = 'pending'")
            .await;
        let (port, mails) = fake_smtp();
        let (sent, unsent) = run_once(&app.state, mailer(&app, port)).await.unwrap();
        assert_eq!((sent, unsent), (2, 0));
        let got = mails.lock().unwrap().clone();
        let rcpt: Vec<&str> = got.iter().map(|(rcpt, _)| rcpt[0].as_str()).collect();
        assert_eq!(rcpt, ["<caiwu@a.example>", "<boss@a.example>"]);
        let (name, bytes) = attachment(&got[0].1);
        let file_code =
            jiyuan_crm::statements::service::ascii_code(&code_of(&app, a, &finance).await);
        assert_eq!(name, format!("statement-{file_code}-{to}.xlsx"));
        assert!(bytes.starts_with(b"PK"), "a workbook (zip)");
        let text = text_of(&got[0].1);
        assert!(
            text.contains("期末余额 1234.56 元") && text.contains("closing balance CNY 1234.56"),
            "the closing balance in both languages: {text}"
        );
        let r = app.get(&path(a, "statement/mails"), &s1).await;
        assert_eq!(
            statuses(&r.body),
            [
                ("boss@a.example".to_string(), "sent".to_string()),
                ("caiwu@a.example".to_string(), "sent".to_string())
            ]
        );
        assert!(r.body[0]["sent_at"].is_string(), "{r:?}");
        // Sent once.
        assert_eq!(
            run_once(&app.state, mailer(&app, port)).await.unwrap(),
            (0, 0)
        );

        // The monthly run: this month is not over; last month queues A only.
        let r = app
            .post(
                "/api/v1/statement-runs",
                Some(&finance),
                json!({"month": format!("{:04}-{:02}", today.year(), today.month())}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("month".to_string(), "out_of_range".to_string())]
        );
        let r = app
            .post(
                "/api/v1/statement-runs",
                Some(&finance),
                json!({"month": month}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let run = r.body["id"].as_i64().unwrap();
        assert_eq!(
            (
                r.body["queued"].clone(),
                r.body["waiting"].clone(),
                r.body["from"].clone(),
                r.body["to"].clone()
            ),
            (json!(1), json!(1), json!(from), json!(to))
        );
        // Started again (a second click, another instance's schedule): refused, nothing queued.
        let r = app
            .post(
                "/api/v1/statement-runs",
                Some(&finance),
                json!({"month": month}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
        let started = app
            .state
            .db(move |c| jiyuan_crm::statements::service::start_if_due(c, today))
            .await
            .unwrap();
        assert!(started.is_none(), "the month has its run");
        let (sent, _) = run_once(&app.state, mailer(&app, port)).await.unwrap();
        assert_eq!(sent, 1);
        let r = app
            .get(&format!("/api/v1/statement-runs/{run}"), &finance)
            .await;
        assert_eq!(
            (
                r.body["queued"].clone(),
                r.body["sent"].clone(),
                r.body["waiting"].clone(),
                r.body["started_by_name"].clone()
            ),
            (json!(1), json!(1), json!(0), json!("fin"))
        );
        let r = app
            .get(
                &format!("/api/v1/statement-runs/{run}/mails?status=sent"),
                &finance,
            )
            .await;
        assert_eq!(r.body["total"], 1, "{r:?}");
        assert_eq!(r.body["items"][0]["customer_id"], a);
        assert_eq!(r.body["items"][0]["requested_by_name"], Value::Null);
        let r = app.get("/api/v1/statement-runs", &finance).await;
        assert_eq!(r.body["items"][0]["month"], json!(month), "{r:?}");
        let r = app.get("/api/v1/statement-runs", &s1).await;
        assert_eq!(code(&r), "auth.forbidden");
        // What finance did is in the audit log.
        let r = app
            .get("/api/v1/audit-events?action=statement.run", &admin)
            .await;
        assert_eq!(r.body["items"][0]["action"], "statement.run", "{r:?}");
        assert_eq!(r.body["total"], 1, "{r:?}");
    }
);

/// The customer's code, as the statement file name carries it.
async fn code_of(app: &TestApp, id: i64, token: &str) -> String {
    app.get(&format!("/api/v1/customers/{id}"), token)
        .await
        .body["code"]
        .as_str()
        .unwrap()
        .to_string()
}

both!(
    the_schedule_starts_last_months_run_on_its_working_day_once,
    |cfg: &mut jiyuan_crm::config::Config| cfg.smtp_url = Some("smtp://127.0.0.1:1".into()),
    |app: TestApp| async move {
        let s1 = app.as_role("s1", &[Role::Salesman]).await.1;
        let finance = app.as_role("fin", &[Role::Finance]).await.1;
        let a = customer(
            &app,
            &s1,
            "排程对账有限公司",
            NaiveDate::from_ymd_opt(2026, 9, 10).unwrap(),
            10_000,
        )
        .await;
        let r = app
            .call(
                Method::PUT,
                &format!("/api/v1/customers/{a}/statement-recipient"),
                Some(&finance),
                Some(json!({"email": "caiwu@sched.example", "monthly": true})),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // October 2026 opens with the National Day holiday (1st–7th): September's run waits
        // for the first working day, the 8th.
        let mut days: Vec<Value> = (1..=7)
            .map(
                |d| json!({"date": format!("2026-10-{d:02}"), "kind": "holiday", "name": "国庆节"}),
            )
            .collect();
        days.push(json!({"date": "2026-10-10", "kind": "workday", "name": "国庆节调休"}));
        app.sql(&days
            .iter()
            .map(|d| format!(
                "INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ('{}', '{}', '{}', '2026-09-01 00:00:00');",
                d["date"].as_str().unwrap(),
                d["kind"].as_str().unwrap(),
                d["name"].as_str().unwrap()
            ))
            .collect::<String>())
            .await;
        let start = |on: &'static str| {
            let on: NaiveDate = on.parse().unwrap();
            let state = app.state.clone();
            async move {
                state
                    .db(move |c| jiyuan_crm::statements::service::start_if_due(c, on))
                    .await
                    .unwrap()
            }
        };
        assert!(start("2026-10-01").await.is_none(), "a holiday");
        assert!(start("2026-10-07").await.is_none(), "still the holiday");
        let run = start("2026-10-08").await.expect("the first working day");
        assert_eq!((run.month.as_str(), run.queued), ("2026-09", 1));
        assert!(start("2026-10-08").await.is_none(), "once");
        assert!(start("2026-10-09").await.is_none(), "once");
        let r = app.get("/api/v1/statement-runs", &finance).await;
        assert_eq!(r.body["items"][0]["started_by_name"], Value::Null, "{r:?}");
    }
);

both!(
    without_smtp_a_statement_cannot_be_mailed,
    |app: TestApp| async move {
        let s1 = app.as_role("s1", &[Role::Salesman]).await.1;
        let finance = app.as_role("fin", &[Role::Finance]).await.1;
        let today = app.state.today();
        let (from, to, month) = last_month(today);
        let a = customer(&app, &s1, "无邮件对账有限公司", from, 10_000).await;
        let r = app
            .get(
                &format!("/api/v1/customers/{a}/statement-recipient"),
                &finance,
            )
            .await;
        assert_eq!(r.body["mail_enabled"], false, "{r:?}");
        let r = app
            .post(
                &format!("/api/v1/customers/{a}/statement/mail"),
                Some(&finance),
                json!({"from": from, "to": to, "email": "caiwu@a.example"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("email".to_string(), "mail.off".to_string())]
        );
        let r = app
            .post(
                "/api/v1/statement-runs",
                Some(&finance),
                json!({"month": month}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("month".to_string(), "mail.off".to_string())]
        );
    }
);
