//! A loan (资料借阅) lends a customer's file for reading: the borrower reads the customer, its
//! dossier and files for the grant's period, and every change answers 404 — a borrowed customer
//! is outside the scope for writing, exactly as before the loan.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::TestApp;

both!(
    a_loan_lends_reading_not_writing,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let office = |code: &'static str| {
            let admin = admin.clone();
            let app = &app;
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
        let manager = app.token_for(app.user("manager", &[Role::BusinessManager], None).await);
        let r = app
            .post(
                "/api/v1/customers",
                Some(&owner),
                json!({"name": "借阅客户", "phone": "0311-88886666"}),
            )
            .await;
        let id = r.body["id"].as_i64().unwrap();
        let path = format!("/api/v1/customers/{id}");
        let entry = app
            .post(
                &format!("{path}/dossier"),
                Some(&owner),
                json!({"kind": "interaction", "content": {"date": "2026-01-05", "kind": "visit", "content": "首次拜访"}}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let upload = |token: &str| {
            TestRequest::post()
                .uri(&format!("{path}/attachments?filename=licence.pdf"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("Content-Type", "application/octet-stream"))
                .set_payload(&b"%PDF-1.4 licence"[..])
        };
        let r = app.send(upload(&owner)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let file = r.body["id"].as_i64().unwrap();
        let r = app
            .post(
                "/api/v1/products",
                Some(&manager),
                json!({"code": "P1", "name": "路灯", "unit": "套", "list_price_fen": 10_000, "effective_from": "2025-01-01"}),
            )
            .await;
        let product = r.body["id"].as_i64().unwrap();
        let contract = json!({"customer_id": id, "credit_period_days": 30, "credit_form": "open_account",
                              "lines": [{"product_id": product, "quantity": 1, "price_fen": 10_000}]});
        let r = app
            .post("/api/v1/contracts", Some(&owner), contract.clone())
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let owners_contract = r.body["id"].as_i64().unwrap();

        // The loan, approved by the business manager.
        let r = app
            .post(
                "/api/v1/borrow-requests",
                Some(&borrower),
                json!({"customer_id": id, "reason": "拜访前了解情况", "days": 7}),
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

        // Reading works, and the customer says it is borrowed (the owner's is not).
        let seen = app.get(&path, &borrower).await;
        assert_eq!(
            (
                seen.status,
                seen.body["view"].clone(),
                seen.body["borrowed"].clone()
            ),
            (StatusCode::OK, json!("full"), json!(true))
        );
        assert_eq!(app.get(&path, &owner).await.body["borrowed"], false);
        assert_eq!(
            app.get("/api/v1/customers", &borrower).await.body["items"][0]["borrowed"],
            true
        );
        assert_eq!(
            app.get(&format!("{path}/dossier"), &borrower).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("{path}/card"), &borrower).await.body["customer"]["borrowed"],
            true
        );
        assert_eq!(
            app.get(&format!("/api/v1/attachments/{file}"), &borrower)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("/api/v1/contracts/{owners_contract}"), &borrower)
                .await
                .status,
            StatusCode::OK
        );

        // Every change is refused as for a customer outside the scope.
        let refused = [
            (
                "PATCH customer",
                app.patch(&path, &borrower, json!({"version": 1, "name": "偷改"}))
                    .await,
            ),
            (
                "status",
                app.post(
                    &format!("{path}/status"),
                    Some(&borrower),
                    json!({"status": "new", "reason": "x"}),
                )
                .await,
            ),
            (
                "new dossier entry",
                app.post(
                    &format!("{path}/dossier"),
                    Some(&borrower),
                    json!({"kind": "interaction", "content": {"date": "2026-01-06", "kind": "phone", "content": "x"}}),
                )
                .await,
            ),
            (
                "dossier edit",
                app.patch(
                    &format!("/api/v1/dossier-entries/{entry}"),
                    &borrower,
                    json!({"version": 1, "content": {"date": "2026-01-05", "kind": "visit", "content": "改"}}),
                )
                .await,
            ),
            (
                "dossier delete",
                app.call(
                    Method::DELETE,
                    &format!("/api/v1/dossier-entries/{entry}"),
                    Some(&borrower),
                    None,
                )
                .await,
            ),
            ("upload", app.send(upload(&borrower)).await),
            (
                "file removal",
                app.call(
                    Method::DELETE,
                    &format!("/api/v1/attachments/{file}"),
                    Some(&borrower),
                    None,
                )
                .await,
            ),
            (
                "new contract",
                app.post("/api/v1/contracts", Some(&borrower), contract.clone())
                    .await,
            ),
            (
                "contract edit",
                app.patch(
                    &format!("/api/v1/contracts/{owners_contract}"),
                    &borrower,
                    json!({"version": 1, "credit_period_days": 90}),
                )
                .await,
            ),
            (
                "contract submit",
                app.post(
                    &format!("/api/v1/contracts/{owners_contract}/submit"),
                    Some(&borrower),
                    json!({"version": 1}),
                )
                .await,
            ),
            (
                "contract cancel",
                app.post(
                    &format!("/api/v1/contracts/{owners_contract}/cancel"),
                    Some(&borrower),
                    json!({"version": 1, "reason": "x"}),
                )
                .await,
            ),
        ];
        for (what, r) in refused {
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{what}: {r:?}");
        }
        // Nothing changed.
        let now = app.get(&path, &owner).await.body;
        assert_eq!(
            (
                now["name"].clone(),
                now["status"].clone(),
                now["version"].clone()
            ),
            (json!("借阅客户"), json!("prospect"), json!(1))
        );
        let dossier = app.get(&format!("{path}/dossier"), &owner).await.body;
        assert_eq!(dossier.as_array().unwrap().len(), 1);
        assert_eq!(dossier[0]["version"], 1);
        assert_eq!(
            app.get(&format!("{path}/attachments"), &owner)
                .await
                .body
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let contracts = app
            .get(&format!("/api/v1/contracts?customer_id={id}"), &owner)
            .await
            .body;
        assert_eq!(
            (
                contracts["total"].clone(),
                contracts["items"][0]["status"].clone(),
                contracts["items"][0]["credit_period_days"].clone()
            ),
            (json!(1), json!("draft"), json!(30))
        );
        // The refusals are in the audit trail.
        let denied = app
            .get("/api/v1/audit-events?action=access.denied", &admin)
            .await;
        assert!(denied.body["total"].as_i64().unwrap() >= 11, "{denied:?}");
    }
);
