use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use futures_util::future::join_all;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, field_codes, TestApp};

struct Cast {
    owner: String,
    borrower: String,
    bystander: String,
    manager: String,
    manager2: String,
    customer: i64,
}

async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let office = |code: &'static str| {
        let admin = admin.clone();
        async move {
            app.post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": code, "name": code}),
            )
            .await
            .body["id"]
                .as_i64()
                .unwrap()
        }
    };
    let (a, b) = (office("OA").await, office("OB").await);
    let owner = app.token_for(app.user("owner", &[Role::Salesman], Some(a)).await);
    let borrower = app.token_for(app.user("borrower", &[Role::Salesman], Some(b)).await);
    let bystander = app.token_for(app.user("bystander", &[Role::Salesman], Some(b)).await);
    let manager = app.token_for(app.user("manager", &[Role::BusinessManager], None).await);
    let manager2 = app.token_for(app.user("manager2", &[Role::BusinessManager], None).await);
    let r = app
        .post(
            "/api/v1/customers",
            Some(&owner),
            json!({"name": "借阅客户", "credit_code": "91130100MA07L7QG1A"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    Cast {
        owner,
        borrower,
        bystander,
        manager,
        manager2,
        customer: r.body["id"].as_i64().unwrap(),
    }
}

async fn ask(app: &TestApp, token: &str, body: serde_json::Value) -> crate::common::Resp {
    app.post("/api/v1/borrow-requests", Some(token), body).await
}

both!(
    borrowing_is_approved_used_and_expires,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let path = format!("/api/v1/customers/{}", c.customer);
        assert_eq!(
            app.get(&path, &c.borrower).await.status,
            StatusCode::NOT_FOUND
        );
        let r = ask(
            &app,
            &c.borrower,
            json!({"credit_code": "91130100ma07l7qg1a", "reason": "拜访前了解情况", "days": 7}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let approval = r.body["approval_id"].as_i64().unwrap();

        // The requester follows it without learning the customer's details.
        let mine = app
            .get(&format!("/api/v1/approvals/{approval}"), &c.borrower)
            .await
            .body;
        assert_eq!(
            (
                mine["status"].clone(),
                mine["customer_name"].clone(),
                mine["can_decide"].clone()
            ),
            (json!("pending"), json!(null), json!(false))
        );
        assert_eq!(
            app.get(&format!("/api/v1/approvals/{approval}"), &c.bystander)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        // The business manager finds it in the inbox, with the customer, and is notified.
        let inbox = app
            .get("/api/v1/approvals?box=inbox", &c.manager)
            .await
            .body;
        assert_eq!(
            (
                inbox["total"].clone(),
                inbox["items"][0]["customer_name"].clone()
            ),
            (json!(1), json!("借阅客户"))
        );
        assert_eq!(inbox["items"][0]["can_decide"], true);
        assert_eq!(
            app.get("/api/v1/notifications/unread-count", &c.manager)
                .await
                .body["unread"],
            1
        );
        let note = app.get("/api/v1/notifications", &c.manager).await.body["items"][0].clone();
        assert_eq!(
            (note["kind"].clone(), note["link"].clone()),
            (
                json!("approval.requested"),
                json!(format!("/approvals/{approval}"))
            )
        );
        assert_eq!(
            app.get("/api/v1/approvals?box=inbox", &c.owner).await.body["total"],
            0,
            "salesmen have no inbox"
        );

        // Only deciders decide.
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/approve"),
                Some(&c.borrower),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/approve"),
                Some(&c.bystander),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/approve"),
                Some(&c.manager),
                json!({"comment": "同意"}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["status"].clone()),
            (StatusCode::OK, json!("approved")),
            "{r:?}"
        );
        let actions: Vec<_> = r.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(actions, ["requested", "approved"]);
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/reject"),
                Some(&c.manager2),
                json!({}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "approval.already_decided")
        );

        // Now in scope, visibly so on the customer, and the requester was told.
        assert_eq!(app.get(&path, &c.borrower).await.status, StatusCode::OK);
        assert_eq!(
            app.get("/api/v1/customers", &c.borrower).await.body["total"],
            1
        );
        assert_eq!(
            app.get(&path, &c.bystander).await.status,
            StatusCode::NOT_FOUND,
            "only the borrower"
        );
        let grants = app.get(&format!("{path}/grants"), &c.owner).await.body;
        assert_eq!(
            (
                grants[0]["user_name"].clone(),
                grants[0]["approval_id"].clone()
            ),
            (json!("borrower"), json!(approval))
        );
        let note = app
            .get("/api/v1/notifications?unread=true", &c.borrower)
            .await
            .body["items"][0]
            .clone();
        assert_eq!(note["kind"], "approval.approved");
        let r = app
            .call(
                actix_web::http::Method::POST,
                &format!("/api/v1/notifications/{}/read", note["id"]),
                Some(&c.borrower),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/v1/notifications/unread-count", &c.borrower)
                .await
                .body["unread"],
            0
        );
        let r = app
            .call(
                actix_web::http::Method::POST,
                &format!("/api/v1/notifications/{}/read", note["id"]),
                Some(&c.owner),
                None,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "someone else's notification"
        );

        // The grant expires by itself.
        app.sql("UPDATE customer_access_grants SET expires_at = '2000-01-01 00:00:00'")
            .await;
        assert_eq!(
            app.get(&path, &c.borrower).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/v1/customers", &c.borrower).await.body["total"],
            0
        );
        assert_eq!(
            app.get(&format!("{path}/grants"), &c.owner).await.body,
            json!([])
        );
    }
);

both!(requests_are_validated, |app: TestApp| async move {
    let c = cast(&app).await;
    let r = ask(
        &app,
        &c.borrower,
        json!({"customer_id": c.customer, "reason": "", "days": 0}),
    )
    .await;
    let fields: Vec<_> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["reason", "days"]);
    let r = ask(
        &app,
        &c.borrower,
        json!({"customer_id": c.customer, "reason": "x", "days": 31}),
    )
    .await;
    assert_eq!(field_codes(&r)[0].0, "days");
    let r = ask(&app, &c.borrower, json!({"reason": "x", "days": 3})).await;
    assert_eq!(field_codes(&r)[0].0, "customer_id");
    let r = ask(
        &app,
        &c.owner,
        json!({"customer_id": c.customer, "reason": "x", "days": 3}),
    )
    .await;
    assert_eq!(field_codes(&r)[0].1, "invalid", "already in scope");
    let r = ask(
        &app,
        &c.borrower,
        json!({"name": "不存在的公司", "reason": "x", "days": 3}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = ask(
        &app,
        &c.borrower,
        json!({"name": "借阅客户有限公司", "reason": "x", "days": 3}),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "found by its normalised name"
    );
    // Rejection leaves no access; the requester may withdraw another one.
    let id = r.body["approval_id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/v1/approvals/{id}/reject"),
            Some(&c.manager),
            json!({"comment": "理由不足"}),
        )
        .await;
    assert_eq!(
        (r.body["status"].clone(), r.body["decision_comment"].clone()),
        (json!("rejected"), json!("理由不足"))
    );
    assert_eq!(
        app.get(&format!("/api/v1/customers/{}", c.customer), &c.borrower)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let id = ask(
        &app,
        &c.borrower,
        json!({"customer_id": c.customer, "reason": "再次申请", "days": 2}),
    )
    .await
    .body["approval_id"]
        .as_i64()
        .unwrap();
    let r = app
        .post(
            &format!("/api/v1/approvals/{id}/cancel"),
            Some(&c.manager),
            json!({}),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "only the requester withdraws"
    );
    let r = app
        .post(
            &format!("/api/v1/approvals/{id}/cancel"),
            Some(&c.borrower),
            json!({}),
        )
        .await;
    assert_eq!(r.body["status"], "cancelled");
    let mine = app
        .get("/api/v1/approvals?box=mine", &c.borrower)
        .await
        .body;
    assert_eq!(mine["total"], 2);
    assert_eq!(
        app.get("/api/v1/approvals?box=decided", &c.manager)
            .await
            .body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/approvals?box=inbox", &c.manager)
            .await
            .body["total"],
        0
    );
});

both!(two_approvers_at_once_one_wins, |app: TestApp| async move {
    let c = cast(&app).await;
    let id = ask(
        &app,
        &c.borrower,
        json!({"customer_id": c.customer, "reason": "并发", "days": 3}),
    )
    .await
    .body["approval_id"]
        .as_i64()
        .unwrap();
    let decide = |token: &String, verb: &str| {
        app.send(
            TestRequest::post()
                .uri(&format!("/api/v1/approvals/{id}/{verb}"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .set_json(json!({})),
        )
    };
    let results = join_all([decide(&c.manager, "approve"), decide(&c.manager2, "reject")]).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    assert!(
        statuses.contains(&200) && statuses.contains(&409),
        "{statuses:?}"
    );
    let final_status = app
        .get(&format!("/api/v1/approvals/{id}"), &c.manager)
        .await
        .body["status"]
        .clone();
    let grants = app
        .get(
            &format!("/api/v1/customers/{}/grants", c.customer),
            &c.owner,
        )
        .await
        .body;
    // The winner's decision and its effect, nothing of the loser's.
    assert_eq!(
        grants.as_array().unwrap().len(),
        if final_status == "approved" { 1 } else { 0 },
        "{final_status}"
    );
    let events = app
        .get(&format!("/api/v1/approvals/{id}"), &c.manager)
        .await
        .body["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(events, 2);
});

both!(
    nobody_approves_their_own_request,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // A manager's own request (a kind of request any later area can file through the service).
        let manager_id = app.get("/api/v1/me", &c.manager).await.body["id"]
            .as_i64()
            .unwrap();
        let customer = c.customer;
        let id = app
            .state
            .tx(move |conn| {
                let roles = vec![Role::BusinessManager];
                let me = jiyuan_crm::auth::AuthUser {
                    id: manager_id,
                    username: "manager".into(),
                    display_name: "manager".into(),
                    roles,
                    office_id: None,
                    must_change_password: false,
                    api_token_id: None,
                };
                jiyuan_crm::approvals::service::request(
                    conn,
                    &me,
                    &jiyuan_crm::http::RequestMeta::system("test"),
                    jiyuan_crm::approvals::model::ApprovalKind::DossierBorrowing,
                    Some(customer),
                    "自己的申请",
                    &json!({"days": 1, "reason": "x"}),
                )
            })
            .await
            .unwrap();
        let r = app
            .post(
                &format!("/api/v1/approvals/{id}/approve"),
                Some(&c.manager),
                json!({}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::FORBIDDEN, "approval.self_approval")
        );
        assert_eq!(
            app.get("/api/v1/approvals?box=inbox", &c.manager)
                .await
                .body["total"],
            0,
            "not in one's own inbox"
        );
        assert_eq!(
            app.get("/api/v1/approvals?box=inbox", &c.manager2)
                .await
                .body["total"],
            1
        );
        let r = app
            .post(
                &format!("/api/v1/approvals/{id}/approve"),
                Some(&c.manager2),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
);

both!(
    a_request_is_due_three_working_days_later_and_says_what_it_asks,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let r = ask(
            &app,
            &c.borrower,
            json!({"customer_id": c.customer, "reason": "拜访前了解情况", "days": 7}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let id = r.body["approval_id"].as_i64().unwrap();
        let a = app
            .get(&format!("/api/v1/approvals/{id}"), &c.manager)
            .await;
        assert_eq!(a.status, StatusCode::OK, "{a:?}");
        assert_eq!(a.body["kind"], "dossier_borrowing");
        assert_eq!(
            a.body["payload"],
            json!({"days": 7, "reason": "拜访前了解情况"})
        );
        // Due 3 working days (company calendar) after the company's day it was filed on, at
        // the same time of day.
        let instant = |v: &serde_json::Value| {
            chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono_tz::Asia::Shanghai)
        };
        let (filed, due) = (instant(&a.body["created_at"]), instant(&a.body["due_at"]));
        let w = app
            .get(
                &format!(
                    "/api/v1/calendar/working-days?from={}&add=3",
                    filed.date_naive()
                ),
                &c.manager,
            )
            .await;
        assert_eq!(w.status, StatusCode::OK, "{w:?}");
        assert_eq!(
            due.date_naive().to_string(),
            w.body["date"].as_str().unwrap()
        );
        assert_eq!(due.time(), filed.time());
    }
);
