use actix_web::http::{Method, StatusCode};
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, field_codes, TestApp};

async fn customer_of(app: &TestApp, token: &str) -> i64 {
    let r = app
        .post(
            "/api/v1/customers",
            Some(token),
            json!({"name": "档案客户"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.body["id"].as_i64().unwrap()
}

both!(
    sections_keep_their_history_and_go_stale,
    |app: TestApp| async move {
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let id = customer_of(&app, &s1).await;
        let path = format!("/api/v1/customers/{id}/dossier");
        let r = app.post(&path, Some(&s1), json!({"kind": "characteristics", "content": {"service_area": "华北", "scale": "中型"}})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(
            (
                r.body["version"].clone(),
                r.body["author_name"].clone(),
                r.body["stale"].clone()
            ),
            (json!(1), json!("s1"), json!(false))
        );
        let entry = r.body["id"].as_i64().unwrap();
        let r = app
            .post(
                &path,
                Some(&s1),
                json!({"kind": "characteristics", "content": {}}),
            )
            .await;
        assert_eq!(
            field_codes(&r)[0].0,
            "kind",
            "one current version per section"
        );
        let r = app
            .patch(
                &format!("/api/v1/dossier-entries/{entry}"),
                &s1,
                json!({"version": 1, "content": {"service_area": "华北、东北"}}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["version"].clone()),
            (StatusCode::OK, json!(2)),
            "{r:?}"
        );
        let r = app
            .patch(
                &format!("/api/v1/dossier-entries/{entry}"),
                &s1,
                json!({"version": 1, "content": {}}),
            )
            .await;
        assert_eq!(code(&r), "conflict.stale_version");
        let history = app
            .get(&format!("/api/v1/dossier-entries/{entry}/history"), &s1)
            .await
            .body;
        assert_eq!(history.as_array().unwrap().len(), 2);
        assert_eq!(
            (
                history[0]["content"]["service_area"].clone(),
                history[1]["content"]["service_area"].clone()
            ),
            (json!("华北、东北"), json!("华北"))
        );
        assert_eq!(
            history[1]["content"]["scale"], "中型",
            "the superseded version is kept whole"
        );

        // Interactions are a list, validated field by field.
        let r = app.post(&path, Some(&s1), json!({"kind": "interaction", "content": {"date": "2999-01-01", "kind": "dinner", "content": ""}})).await;
        assert_eq!(
            field_codes(&r)[0].0,
            "content.kind",
            "unknown interaction kind"
        );
        let r = app.post(&path, Some(&s1), json!({"kind": "interaction", "content": {"date": "2999-01-01", "kind": "visit", "content": ""}})).await;
        let fields: Vec<_> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["content.content", "content.date"]);
        for day in ["2026-01-05", "2026-03-10"] {
            let r = app.post(&path, Some(&s1), json!({"kind": "interaction", "content": {"date": day, "kind": "phone", "content": "电话沟通"}})).await;
            assert_eq!(r.status, StatusCode::CREATED);
        }
        let list = app.get(&format!("{path}?kind=interaction"), &s1).await.body;
        assert_eq!(
            list.as_array()
                .unwrap()
                .iter()
                .map(|e| e["occurred_on"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["2026-03-10", "2026-01-05"]
        );

        // Sections untouched for longer than the setting are stale.
        app.sql(&format!(
            "UPDATE dossier_entries SET updated_at = '2020-01-01 00:00:00' WHERE id = {entry}"
        ))
        .await;
        let all = app.get(&path, &s1).await.body;
        let section = all
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["kind"] == "characteristics")
            .unwrap()
            .clone();
        assert_eq!(section["stale"], true);
        // Removing keeps the history.
        let r = app
            .call(
                Method::DELETE,
                &format!("/api/v1/dossier-entries/{entry}"),
                Some(&s1),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get(&format!("{path}?kind=characteristics"), &s1)
                .await
                .body,
            json!([])
        );
    }
);

both!(
    restricted_details_are_shown_only_to_those_allowed_and_audited,
    |app: TestApp| async move {
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let (_, finance) = app.as_role("fin", &[Role::Finance]).await;
        let (_, vp) = app.as_role("vp", &[Role::VicePresident]).await;
        let (_, technical) = app.as_role("tech", &[Role::Technical]).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let id = customer_of(&app, &s1).await;
        let path = format!("/api/v1/customers/{id}/dossier");
        let r = app
        .post(&path, Some(&s1), json!({"kind": "key_person", "content": {"name": "王总", "position": "owner", "hobbies": "钓鱼", "phone": "13800138000", "age": 52}}))
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let r = app
        .post(&path, Some(&s1), json!({"kind": "financial_statement", "content": {"period": "2025", "revenue_fen": 100000000, "net_profit_fen": 8000000,
            "total_assets_fen": 50000000, "total_liabilities_fen": 20000000, "current_assets_fen": 30000000, "current_liabilities_fen": 15000000}}))
        .await;
        assert_eq!(
            (
                r.body["ratios"]["current_ratio"].clone(),
                r.body["ratios"]["debt_ratio"].clone(),
                r.body["ratios"]["net_margin"].clone()
            ),
            (json!(2.0), json!(0.4), json!(0.08))
        );
        let r = app
            .post(
                &path,
                Some(&s1),
                json!({"kind": "key_person", "content": {"name": "李", "salary": 1}}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "content.salary");

        let find = |v: &serde_json::Value, kind: &str| {
            v.as_array()
                .unwrap()
                .iter()
                .find(|e| e["kind"] == kind)
                .unwrap()
                .clone()
        };
        // Finance: the financials, not the personal details of people.
        let seen = app.get(&path, &finance).await.body;
        let person = find(&seen, "key_person");
        assert_eq!(
            (
                person["content"]["name"].clone(),
                person["restricted_hidden"].clone()
            ),
            (json!("王总"), json!(true))
        );
        assert!(
            person["content"].get("hobbies").is_none() && person["content"].get("phone").is_none()
        );
        assert_eq!(
            find(&seen, "financial_statement")["content"]["revenue_fen"],
            100000000
        );
        // The VP reads everything.
        let seen = app.get(&path, &vp).await.body;
        assert_eq!(find(&seen, "key_person")["content"]["hobbies"], "钓鱼");
        // Technical sees the customer's name only: no dossier.
        assert_eq!(
            app.get(&path, &technical).await.status,
            StatusCode::NOT_FOUND
        );
        // Every restricted read is in the audit trail, with who read it.
        let reads = app
            .get(
                &format!("/api/v1/audit-events?action=dossier.restricted_read&entity_id={id}"),
                &manager,
            )
            .await
            .body;
        let readers: Vec<_> = reads["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["actor_name"].as_str().unwrap().to_string())
            .collect();
        assert!(
            readers.contains(&"vp".to_string()) && readers.contains(&"fin".to_string()),
            "{readers:?}"
        );
        // The audit trail itself keeps no personal details.
        let all = app
            .get(
                &format!("/api/v1/audit-events?entity=customer&entity_id={id}&page_size=200"),
                &manager,
            )
            .await
            .body
            .to_string();
        assert!(
            !all.contains("钓鱼") && !all.contains("13800138000"),
            "{all}"
        );
    }
);

both!(
    the_card_assembles_everything_the_reader_may_see,
    |app: TestApp| async move {
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let (_, s2) = app.as_role("s2", &[Role::Salesman]).await;
        let (_, technical) = app.as_role("tech", &[Role::Technical]).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let id = customer_of(&app, &s1).await;
        app.post(
            &format!("/api/v1/customers/{id}/dossier"),
            Some(&s1),
            json!({"kind": "business_status", "content": {"sales_performance": "稳定"}}),
        )
        .await;
        app.post(
            &format!("/api/v1/customers/{id}/status"),
            Some(&s1),
            json!({"status": "new", "reason": "首单"}),
        )
        .await;
        let card = app.get(&format!("/api/v1/customers/{id}/card"), &s1).await;
        assert_eq!(card.status, StatusCode::OK, "{card:?}");
        assert_eq!(card.body["customer"]["name"], "档案客户");
        assert_eq!(card.body["dossier"][0]["kind"], "business_status");
        assert_eq!(card.body["changes"][0]["to_value"], "new");
        assert_eq!(card.body["grants"], json!([]));
        assert_eq!(
            app.get(&format!("/api/v1/customers/{id}/card"), &s2)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let limited = app
            .get(&format!("/api/v1/customers/{id}/card"), &technical)
            .await
            .body;
        assert_eq!(
            (
                limited["customer"]["view"].clone(),
                limited["dossier"].clone(),
                limited["changes"].clone()
            ),
            (json!("limited"), json!([]), json!([]))
        );
        assert_eq!(
            app.get(&format!("/api/v1/customers/{id}/card"), &manager)
                .await
                .status,
            StatusCode::OK
        );
    }
);

/// The card is assembled with a fixed number of queries, however much the customer holds.
async fn card_queries(app: &TestApp, token: &str, id: i64) -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let claims = app.state.jwt.verify(token).unwrap();
    let user_id: i64 = claims.sub.parse().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let pool = app.state.pool.clone();
    let today = app.state.today();
    actix_web::web::block(move || {
        let mut conn = pool.get().unwrap();
        let auth = jiyuan_crm::auth::service::load_session_user(&mut conn, user_id, 0).unwrap();
        jiyuan_crm::db_run!(&mut conn, |c| {
            use diesel::connection::Connection;
            c.set_instrumentation(move |event: diesel::connection::InstrumentationEvent<'_>| {
                if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
                    counter.fetch_add(1, Ordering::SeqCst);
                }
            })
        });
        let card = jiyuan_crm::dossier::service::card(
            &mut conn,
            &auth,
            &jiyuan_crm::http::RequestMeta::system("test"),
            id,
            today,
        );
        jiyuan_crm::db_run!(&mut conn, |c| {
            use diesel::connection::Connection;
            c.set_instrumentation(
                diesel::connection::get_default_instrumentation().unwrap_or_else(|| {
                    Box::new(|_: diesel::connection::InstrumentationEvent<'_>| {})
                }),
            )
        });
        card.unwrap();
    })
    .await
    .unwrap();
    count.load(Ordering::SeqCst)
}

both!(
    the_card_takes_a_fixed_number_of_queries,
    |app: TestApp| async move {
        let (_, staff) = app.as_role("staff", &[Role::BusinessStaff]).await;
        let small = customer_of(&app, &staff).await;
        app.post(
            &format!("/api/v1/customers/{small}/dossier"),
            Some(&staff),
            json!({"kind": "key_person", "content": {"name": "唯一", "hobbies": "茶"}}),
        )
        .await;
        let r = app
            .post(
                "/api/v1/customers",
                Some(&staff),
                json!({"name": "大档案客户"}),
            )
            .await;
        let big = r.body["id"].as_i64().unwrap();
        for i in 0..15 {
            let kind = if i % 3 == 0 {
                "key_person"
            } else {
                "interaction"
            };
            let content = if kind == "key_person" {
                json!({"name": format!("联系人{i}"), "hobbies": "茶"})
            } else {
                json!({"date": "2026-01-01", "kind": "visit", "content": format!("拜访{i}")})
            };
            app.post(
                &format!("/api/v1/customers/{big}/dossier"),
                Some(&staff),
                json!({"kind": kind, "content": content}),
            )
            .await;
            app.post(
                &format!("/api/v1/customers/{big}/status"),
                Some(&staff),
                json!({"status": if i % 2 == 0 { "new" } else { "lost" }, "reason": "r"}),
            )
            .await;
        }
        let few = card_queries(&app, &staff, small).await;
        let many = card_queries(&app, &staff, big).await;
        println!("customer card: {few} statements for a customer with one entry, {many} for one with 15 entries and 15 changes");
        assert_eq!(few, many, "never a query per entry");
        // Customer, stale setting, names, dossier, grants, changes, the restricted-read audit
        // append, and the ledger section's six.
        assert!(many <= 24, "{many}");
    }
);

both!(
    attachments_are_type_checked_scoped_and_audited,
    |app: TestApp| async move {
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let (_, s2) = app.as_role("s2", &[Role::Salesman]).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let id = customer_of(&app, &s1).await;
        let upload = |token: &str, name: &str, bytes: &'static [u8]| {
            actix_web::test::TestRequest::post()
                .uri(&format!(
                    "/api/v1/customers/{id}/attachments?filename={}&description=scan",
                    form_urlencoded::byte_serialize(name.as_bytes()).collect::<String>()
                ))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("Content-Type", "application/octet-stream"))
                .set_payload(bytes)
        };
        let r = app
            .send(upload(&s1, "营业执照.pdf", b"%PDF-1.4 licence scan"))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(
            (
                r.body["filename"].clone(),
                r.body["content_type"].clone(),
                r.body["size_bytes"].clone()
            ),
            (json!("营业执照.pdf"), json!("application/pdf"), json!(21))
        );
        let file = r.body["id"].as_i64().unwrap();
        let r = app
            .send(upload(&s1, "virus.pdf", b"MZ\x90\x00 not a pdf"))
            .await;
        assert_eq!(
            (r.status, field_codes(&r)[0].0.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "file")
        );
        let r = app
            .send(upload(&s1, "../../evil.png", b"\x89PNG\r\n\x1a\n...."))
            .await;
        assert_eq!(r.body["filename"], "evil.png", "no paths");
        assert_eq!(
            app.send(upload(&s2, "x.pdf", b"%PDF-1.4")).await.status,
            StatusCode::NOT_FOUND,
            "out of scope"
        );

        let list = app
            .get(&format!("/api/v1/customers/{id}/attachments"), &s1)
            .await
            .body;
        assert_eq!(list.as_array().unwrap().len(), 2);
        let r = app.get(&format!("/api/v1/attachments/{file}"), &s1).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body.as_str().unwrap(), "%PDF-1.4 licence scan");
        assert!(r
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("UTF-8''"));
        assert_eq!(
            app.get(&format!("/api/v1/attachments/{file}"), &s2)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let downloads = app
            .get("/api/v1/audit-events?action=attachment.download", &manager)
            .await
            .body;
        assert_eq!(
            (
                downloads["total"].clone(),
                downloads["items"][0]["actor_name"].clone()
            ),
            (json!(1), json!("s1"))
        );
        let r = app
            .call(
                Method::DELETE,
                &format!("/api/v1/attachments/{file}"),
                Some(&s1),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get(&format!("/api/v1/customers/{id}/attachments"), &s1)
                .await
                .body
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
);

#[actix_web::test]
async fn attachments_over_the_limit_are_refused() {
    let app = TestApp::sqlite_with(|c| c.attachment_max_bytes = 1000).await;
    let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
    let id = customer_of(&app, &s1).await;
    let big = [b'%'; 2000];
    let r = app
        .send(
            actix_web::test::TestRequest::post()
                .uri(&format!(
                    "/api/v1/customers/{id}/attachments?filename=big.pdf"
                ))
                .insert_header(("Authorization", format!("Bearer {s1}")))
                .set_payload(big.to_vec()),
        )
        .await;
    assert_eq!(
        (r.status, code(&r)),
        (StatusCode::PAYLOAD_TOO_LARGE, "request.too_large")
    );
}

both!(
    attachments_inherit_the_visibility_of_their_entry,
    |app: TestApp| async move {
        let (_, staff) = app.as_role("staff", &[Role::BusinessStaff]).await;
        let (_, finance) = app.as_role("fin", &[Role::Finance]).await;
        let (_, technical) = app.as_role("tech", &[Role::Technical]).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let id = customer_of(&app, &staff).await;
        let entry = |kind: &str, content: serde_json::Value| {
            let (app, staff) = (&app, staff.clone());
            let body = json!({"kind": kind, "content": content});
            async move {
                let r = app
                    .post(
                        &format!("/api/v1/customers/{id}/dossier"),
                        Some(&staff),
                        body,
                    )
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
                r.body["id"].as_i64().unwrap()
            }
        };
        let person = entry(
            "key_person",
            json!({"name": "王总", "position": "总经理", "hobbies": "钓鱼"}),
        )
        .await;
        let statement = entry(
            "financial_statement",
            json!({"period": "2025", "revenue_fen": 100_000_000}),
        )
        .await;
        let upload = |name: &str, entry: Option<i64>| {
            let uri = match entry {
                Some(e) => {
                    format!("/api/v1/customers/{id}/attachments?filename={name}&entry_id={e}")
                }
                None => format!("/api/v1/customers/{id}/attachments?filename={name}"),
            };
            let req = actix_web::test::TestRequest::post()
                .uri(&uri)
                .insert_header(("Authorization", format!("Bearer {staff}")))
                .insert_header(("Content-Type", "application/octet-stream"))
                .set_payload(&b"%PDF-1.4 scan"[..]);
            let app = &app;
            async move {
                let r = app.send(req).await;
                assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
                r.body["id"].as_i64().unwrap()
            }
        };
        let id_card = upload("id-card.pdf", Some(person)).await;
        let balance = upload("balance-sheet.pdf", Some(statement)).await;
        let licence = upload("licence.pdf", None).await;
        let listed = |token: &str| {
            let (app, token) = (&app, token.to_string());
            async move {
                let r = app
                    .get(&format!("/api/v1/customers/{id}/attachments"), &token)
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{r:?}");
                let mut names: Vec<String> = r
                    .body
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["filename"].as_str().unwrap().to_string())
                    .collect();
                names.sort();
                names
            }
        };
        let download = |token: &str, file: i64| {
            let (app, token) = (&app, token.to_string());
            async move {
                app.get(&format!("/api/v1/attachments/{file}"), &token)
                    .await
                    .status
            }
        };
        assert_eq!(
            listed(&staff).await,
            ["balance-sheet.pdf", "id-card.pdf", "licence.pdf"]
        );

        // Finance reads financial statements but not key people's private details: nor their files.
        assert_eq!(listed(&finance).await, ["balance-sheet.pdf", "licence.pdf"]);
        assert_eq!(download(&finance, id_card).await, StatusCode::NOT_FOUND);
        assert_eq!(download(&finance, balance).await, StatusCode::OK);
        assert_eq!(download(&finance, licence).await, StatusCode::OK);

        // A role without the restricted dossier (technical, here on a loan) gets neither.
        let r = app
            .post(
                "/api/v1/borrow-requests",
                Some(&technical),
                json!({"customer_id": id, "reason": "投诉核查", "days": 3}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let r = app
            .post(
                &format!("/api/v1/approvals/{}/approve", r.body["approval_id"]),
                Some(&manager),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(listed(&technical).await, ["licence.pdf"]);
        assert_eq!(download(&technical, id_card).await, StatusCode::NOT_FOUND);
        assert_eq!(download(&technical, balance).await, StatusCode::NOT_FOUND);
        assert_eq!(download(&technical, licence).await, StatusCode::OK);

        // Only the allowed downloads are in the trail; the refused ones as refusals.
        let downloads = app
            .get("/api/v1/audit-events?action=attachment.download", &manager)
            .await
            .body;
        assert_eq!(downloads["total"], 3, "{downloads}");
        let admin = app.admin().await;
        let denied = app
            .get("/api/v1/audit-events?action=access.denied", &admin)
            .await
            .body;
        assert!(denied["total"].as_i64().unwrap() >= 3, "{denied}");
    }
);
