//! E-mail copies of notifications through SMTP, against a minimal SMTP server in the test.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::mail::{run_once, Mailer};
use serde_json::json;

use crate::both;
use crate::common::TestApp;

/// (recipients, data) of each mail received.
pub type Mailbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// An SMTP server that accepts every mail and keeps (recipients, data) of each.
pub fn fake_smtp() -> (u16, Mailbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let kept = mails.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut out) = stream else { return };
            let mut lines = BufReader::new(out.try_clone().unwrap());
            let _ = out.write_all(b"220 fake.smtp ESMTP\r\n");
            let (mut rcpt, mut data, mut in_data) = (Vec::new(), String::new(), false);
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                let reply: &[u8] = if in_data {
                    if line == ".\r\n" {
                        in_data = false;
                        kept.lock()
                            .unwrap()
                            .push((std::mem::take(&mut rcpt), std::mem::take(&mut data)));
                        b"250 queued\r\n"
                    } else {
                        data.push_str(&line);
                        b""
                    }
                } else {
                    let upper = line.to_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 fake.smtp\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt.push(line[8..].trim().to_string());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = out.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 ok\r\n"
                    }
                };
                let _ = out.write_all(reply);
                line.clear();
            }
        }
    });
    (port, mails)
}

pub fn mailer(app: &TestApp, port: u16) -> Arc<Mailer> {
    let mut config = (*app.state.config).clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    config.public_url = Some("https://crm.jiyuan.example/".into());
    Arc::new(Mailer::from_config(&config).unwrap().expect("configured"))
}

both!(
    notifications_are_copied_by_email_to_users_with_an_address,
    |app: TestApp| async move {
        let (_, owner) = app.as_role("owner", &[Role::Salesman]).await;
        let (_, borrower) = app.as_role("borrower", &[Role::Salesman]).await;
        let (manager_id, manager) = app.as_role("manager", &[Role::BusinessManager]).await;
        // Two managers: one with an address (set by the admin), one without.
        app.as_role("manager2", &[Role::BusinessManager]).await;
        let admin = app.admin().await;
        let r = app
            .patch(
                &format!("/api/v1/users/{manager_id}"),
                &admin,
                json!({"version": 1, "email": "wang@"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(r.body["errors"][0]["field"], "email");
        let r = app
            .patch(
                &format!("/api/v1/users/{manager_id}"),
                &admin,
                json!({"version": 1, "email": "wang.bm@jiyuan.example"}),
            )
            .await;
        assert_eq!(r.body["email"], "wang.bm@jiyuan.example", "{r:?}");
        // Users set their own address too.
        let r = app
            .patch(
                "/api/v1/me",
                &borrower,
                json!({"email": "li@jiyuan.example"}),
            )
            .await;
        assert_eq!(r.body["email"], "li@jiyuan.example", "{r:?}");

        let customer = app
            .post(
                "/api/v1/customers",
                Some(&owner),
                json!({"name": "邮件客户有限公司"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                "/api/v1/borrow-requests",
                Some(&borrower),
                json!({"customer_id": customer, "reason": "拜访前了解情况", "days": 3}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");

        // The SMTP server is down: the mail waits for a retry, nothing is lost.
        let closed = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (sent, unsent) = run_once(&app.state, mailer(&app, closed)).await.unwrap();
        assert_eq!((sent, unsent), (0, 1));
        let (sent, _) = run_once(&app.state, mailer(&app, closed)).await.unwrap();
        assert_eq!(sent, 0, "not retried before its time");

        app.sql("UPDATE notifications SET email_next_at = NULL WHERE email_status = 'pending'")
            .await;
        let (port, mails) = fake_smtp();
        let (sent, unsent) = run_once(&app.state, mailer(&app, port)).await.unwrap();
        assert_eq!((sent, unsent), (1, 0), "one manager has an address");
        let mails = mails.lock().unwrap().clone();
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].0, vec!["<wang.bm@jiyuan.example>".to_string()]);
        let data = &mails[0].1;
        assert!(data.contains("To: wang.bm@jiyuan.example"), "{data}");
        assert!(data.contains("Subject:"), "{data}");
        let (_, encoded) = data.split_once("\r\n\r\n").expect("headers, then the body");
        use base64::Engine;
        let text = base64::engine::general_purpose::STANDARD
            .decode(encoded.replace("\r\n", ""))
            .map(|b| String::from_utf8(b).unwrap())
            .unwrap_or_else(|_| encoded.to_string());
        assert!(
            text.contains("https://crm.jiyuan.example/approvals/")
                && text.contains("纪元客户管理系统"),
            "a link into the web app, in the manager's language: {text}"
        );
        // Sent once: the next round has nothing to do.
        let (sent, unsent) = run_once(&app.state, mailer(&app, port)).await.unwrap();
        assert_eq!((sent, unsent), (0, 0));
        // The in-app notification is there as before.
        let r = app.get("/api/v1/notifications", &manager).await;
        assert_eq!(r.body["items"].as_array().map(Vec::len), Some(1), "{r:?}");
    }
);
