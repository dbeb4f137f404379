use actix_web::http::StatusCode;
use jiyuan_crm::audit::Verdict;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, TestApp, PASSWORD};

async fn verdict(app: &TestApp) -> Verdict {
    app.state.db(jiyuan_crm::audit::verify).await.unwrap()
}

both!(
    mutations_are_audited_with_before_and_after,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let r = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "AU", "name": "审计"}),
            )
            .await;
        let id = r.body["id"].as_i64().unwrap();
        app.patch(
            &format!("/api/v1/offices/{id}"),
            &admin,
            json!({"version": 1, "name": "审计二"}),
        )
        .await;
        let r = app
            .get(
                &format!("/api/v1/audit-events?entity=office&entity_id={id}"),
                &admin,
            )
            .await;
        assert_eq!(r.body["total"], 2, "{r:?}");
        let update = &r.body["items"][0];
        assert_eq!(update["action"], "office.update");
        assert_eq!(update["actor_name"], "root");
        assert_eq!(
            (
                update["before"]["name"].clone(),
                update["after"]["name"].clone()
            ),
            (json!("审计"), json!("审计二"))
        );
        assert!(!update["request_id"].as_str().unwrap().is_empty());
        // Filters by action and time.
        let r = app
            .get(
                "/api/v1/audit-events?action=office.create&from=2000-01-01T00:00:00Z",
                &admin,
            )
            .await;
        assert_eq!(r.body["total"], 1);
        let r = app
            .get("/api/v1/audit-events?to=2000-01-01T00:00:00Z", &admin)
            .await;
        assert_eq!(r.body["total"], 0);
    }
);

both!(
    chain_verifies_and_tampering_is_detected,
    |app: TestApp| async move {
        let admin = app.admin().await;
        for i in 0..4 {
            app.post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": format!("T{i}"), "name": "链"}),
            )
            .await;
        }
        let rows = match verdict(&app).await {
            Verdict::Intact { rows } => rows,
            other => panic!("{other:?}"),
        };
        assert!(rows >= 5, "{rows}");
        app.sql("UPDATE audit_events SET actor_name = 'somebody else' WHERE seq = 3")
            .await;
        match verdict(&app).await {
            Verdict::Broken { seq, .. } => assert_eq!(seq, 3),
            other => panic!("tampering not detected: {other:?}"),
        }
        app.sql("UPDATE audit_events SET actor_name = 'root' WHERE seq = 3")
            .await;
        assert!(
            matches!(verdict(&app).await, Verdict::Intact { .. }),
            "restored row verifies again"
        );
        app.sql("DELETE FROM audit_events WHERE seq = 2").await;
        match verdict(&app).await {
            Verdict::Broken { seq, .. } => assert_eq!(seq, 2, "a deleted row is named"),
            other => panic!("{other:?}"),
        }
    }
);

both!(
    secrets_never_reach_the_audit_log,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let r = app
        .post("/api/v1/users", Some(&admin), json!({"username": "secretive", "display_name": "s", "roles": ["finance"], "password": "Very-Secret-Pass-99"}))
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
        let s = app.login("secretive", "Very-Secret-Pass-99").await.body;
        let access = s["access_token"].as_str().unwrap();
        let r = app
        .post("/api/v1/me/password", Some(access), json!({"current_password": "Very-Secret-Pass-99", "new_password": "Another-Secret-Pass-42"}))
        .await;
        let t = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "n", "role": "finance"}),
            )
            .await
            .body;
        let everything = app
            .get("/api/v1/audit-events?page_size=200", &admin)
            .await
            .body
            .to_string();
        for secret in [
            "Very-Secret-Pass-99",
            "Another-Secret-Pass-42",
            s["refresh_token"].as_str().unwrap(),
            r.body["refresh_token"].as_str().unwrap(),
            t["token"].as_str().unwrap(),
            "$argon2id",
        ] {
            assert!(
                !everything.contains(secret),
                "{secret} leaked into the audit log"
            );
        }
    }
);

both!(
    refusals_are_audited_and_scope_hides_system_events,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (_, salesman) = app.as_role("nosy", &[Role::Salesman]).await;
        let (manager_id, manager) = app.as_role("manager", &[Role::BusinessManager]).await;
        app.user("victim", &[Role::Finance], None).await;
        app.login("victim", PASSWORD).await;
        // A salesman may not read the audit log at all: 403.
        let r = app.get("/api/v1/audit-events", &salesman).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::FORBIDDEN, "auth.forbidden")
        );
        let r = app.get("/api/v1/users", &salesman).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let denied = app
            .get("/api/v1/audit-events?action=access.denied", &admin)
            .await;
        assert_eq!(denied.body["total"], 2, "{denied:?}");
        assert_eq!(denied.body["items"][0]["actor_name"], "nosy");
        assert_eq!(denied.body["items"][0]["entity_id"], "GET /api/v1/users");

        // The business manager reads business events only: a login event is outside its scope (404),
        // the same id is readable by the administrator.
        let login = app
            .get("/api/v1/audit-events?action=auth.login", &admin)
            .await
            .body["items"][0]["id"]
            .as_i64()
            .unwrap();
        let r = app
            .get(&format!("/api/v1/audit-events/{login}"), &manager)
            .await;
        assert_eq!((r.status, code(&r)), (StatusCode::NOT_FOUND, "not_found"));
        assert_eq!(
            app.get(&format!("/api/v1/audit-events/{login}"), &admin)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("/api/v1/audit-events/{login}"), &salesman)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let r = app.get("/api/v1/audit-events", &manager).await;
        assert_eq!(
            (r.status, r.body["total"].clone()),
            (StatusCode::OK, json!(0)),
            "no business events yet: {r:?}"
        );
        // The out-of-scope read was itself logged as a refusal.
        let r = app
            .get(
                "/api/v1/audit-events?action=access.denied&actor_id=",
                &admin,
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "an empty id is not an id"
        );
        let denied = app
            .get(
                &format!("/api/v1/audit-events?action=access.denied&actor_id={manager_id}"),
                &admin,
            )
            .await;
        assert_eq!(denied.body["total"], 1);
        assert_eq!(
            denied.body["items"][0]["entity_id"],
            format!("GET /api/v1/audit-events/{login}")
        );
    }
);
