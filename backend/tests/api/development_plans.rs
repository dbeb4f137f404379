use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, field_codes, TestApp};

both!(
    an_office_plans_submits_and_the_business_department_comments,
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
        let director_a = app.token_for(app.user("da", &[Role::OfficeDirector], Some(a)).await);
        let director_b = app.token_for(app.user("db", &[Role::OfficeDirector], Some(b)).await);
        let staff = app.token_for(app.user("staff", &[Role::BusinessStaff], None).await);
        let manager = app.token_for(app.user("bm", &[Role::BusinessManager], None).await);
        let (_, salesman) = app.as_role("s", &[Role::Salesman]).await;
        let sa = app.user("sa", &[Role::Salesman], Some(a)).await;
        let sb = app.user("sb", &[Role::Salesman], Some(b)).await;
        let (_, vp) = app.as_role("vp", &[Role::VicePresident]).await;

        let r = app.post("/api/v1/development-plans", Some(&director_a), json!({"period": "", "items": [{"name": "", "reason": "r", "target_date": "2027-06-30"}]})).await;
        let fields: Vec<_> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["period", "items[0].name"]);
        // An owner must be a person of the office.
        let r = app
            .post(
                "/api/v1/development-plans",
                Some(&director_a),
                json!({"period": "2027", "items": [
            {"name": "甲", "reason": "r", "target_date": "2027-06-30", "owner_user_id": sa},
            {"name": "乙", "reason": "r", "target_date": "2027-06-30", "owner_user_id": sb}]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [(
                "items[1].owner_user_id".to_string(),
                "unknown_user".to_string()
            )]
        );
        assert_eq!(
            app.get("/api/v1/development-plans?status=sent", &staff)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        let body = json!({"period": "2027", "items": [{"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30"}]});
        let r = app
            .post("/api/v1/development-plans", Some(&director_a), body.clone())
            .await;
        assert_eq!(
            (
                r.status,
                r.body["status"].clone(),
                r.body["office_id"].clone()
            ),
            (StatusCode::CREATED, json!("draft"), json!(a)),
            "{r:?}"
        );
        let id = r.body["id"].as_i64().unwrap();
        assert_eq!(
            code(
                &app.post("/api/v1/development-plans", Some(&director_a), body)
                    .await
            ),
            "conflict.duplicate",
            "one plan per office and period"
        );
        assert_eq!(
            app.post(
                "/api/v1/development-plans",
                Some(&salesman),
                json!({"period": "2027", "items": []})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        // Other offices do not see it; the business department does.
        assert_eq!(
            app.get(&format!("/api/v1/development-plans/{id}"), &director_b)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/v1/development-plans", &director_b).await.body["total"],
            0
        );
        assert_eq!(
            app.get("/api/v1/development-plans", &staff).await.body["total"],
            1
        );

        let r = app
            .patch(
                &format!("/api/v1/development-plans/{id}"),
                &director_a,
                json!({"version": 1, "items": [
        {"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30"},
        {"name": "保定某光伏公司", "reason": "扩产", "target_date": "2027-09-30", "owner_user_id": sa}]}),
            )
            .await;
        assert_eq!(
            (
                r.body["version"].clone(),
                r.body["items"].as_array().unwrap().len()
            ),
            (json!(2), 2)
        );
        assert_eq!(r.body["owners"], json!([{"id": sa, "display_name": "sa"}]));
        let r = app
            .post(
                &format!("/api/v1/development-plans/{id}/comment"),
                Some(&staff),
                json!({"comment": "早了"}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "status", "not submitted yet");
        let r = app
            .post(
                &format!("/api/v1/development-plans/{id}/submit"),
                Some(&director_a),
                json!({}),
            )
            .await;
        assert_eq!(r.body["status"], "submitted");
        assert_eq!(
            app.get("/api/v1/notifications/unread-count", &staff)
                .await
                .body["unread"],
            1,
            "the business department is told"
        );
        assert_eq!(
            app.get("/api/v1/notifications/unread-count", &manager)
                .await
                .body["unread"],
            1,
            "its manager too"
        );
        assert_eq!(
            app.get(&format!("/api/v1/development-plans/{id}"), &staff)
                .await
                .body["submitted_by_name"],
            "da"
        );
        let r = app.patch(&format!("/api/v1/development-plans/{id}"), &director_a, json!({"version": 2, "items": [{"name": "x", "reason": "y", "target_date": "2027-01-01"}]})).await;
        assert_eq!(field_codes(&r)[0].0, "status", "submitted plans are frozen");
        assert_eq!(
            app.post(
                &format!("/api/v1/development-plans/{id}/comment"),
                Some(&vp),
                json!({"comment": "x"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
        let r = app
            .post(
                &format!("/api/v1/development-plans/{id}/comment"),
                Some(&staff),
                json!({"comment": "重点跟进第一家"}),
            )
            .await;
        assert_eq!(
            (r.body["status"].clone(), r.body["comment"].clone()),
            (json!("commented"), json!("重点跟进第一家"))
        );
        assert_eq!(
            app.get("/api/v1/notifications/unread-count", &director_a)
                .await
                .body["unread"],
            1,
            "the office hears back"
        );
    }
);
