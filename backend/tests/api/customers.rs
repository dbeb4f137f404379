use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};

/// Two offices with a director and two salesmen in A, one salesman in B, and the other roles.
struct World {
    admin: String,
    s1: String,
    s2: String,
    s2_id: i64,
    director_a: String,
    director_b: String,
    sb: String,
    staff: String,
    manager: String,
    technical: String,
    production: String,
    office_a: i64,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let office = |code: &'static str| {
        let admin = admin.clone();
        async move {
            app.post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": code, "name": format!("{code}办事处")}),
            )
            .await
            .body["id"]
                .as_i64()
                .unwrap()
        }
    };
    let office_a = office("OA").await;
    let office_b = office("OB").await;
    let person = |name: &'static str, role: Role, office: Option<i64>| async move {
        let id = app.user(name, &[role], office).await;
        (id, app.token_for(id))
    };
    let (_, s1) = person("s1", Role::Salesman, Some(office_a)).await;
    let (s2_id, s2) = person("s2", Role::Salesman, Some(office_a)).await;
    let (_, director_a) = person("da", Role::OfficeDirector, Some(office_a)).await;
    let (_, director_b) = person("db", Role::OfficeDirector, Some(office_b)).await;
    let (_, sb) = person("sb", Role::Salesman, Some(office_b)).await;
    let (_, staff) = person("staff", Role::BusinessStaff, None).await;
    let (_, manager) = person("bm", Role::BusinessManager, None).await;
    let (_, technical) = person("tech", Role::Technical, None).await;
    let (_, production) = person("prod", Role::Production, None).await;
    World {
        admin,
        s1,
        s2,
        s2_id,
        director_a,
        director_b,
        sb,
        staff,
        manager,
        technical,
        production,
        office_a,
    }
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app.post("/api/v1/customers", Some(token), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.body
}

fn ids(r: &crate::common::Resp) -> Vec<String> {
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

both!(
    scopes_decide_who_sees_which_customer,
    |app: TestApp| async move {
        let w = world(&app).await;
        let x = create(&app, &w.s1, json!({"name": "甲公司", "phone": "0311-88886666", "credit_code": "91130100MA07L7QG1A"})).await;
        let y = create(&app, &w.s2, json!({"name": "乙公司"})).await;
        let z = create(&app, &w.sb, json!({"name": "丙公司"})).await;
        assert_eq!(
            (x["owner_name"].clone(), x["office_id"].clone()),
            (json!("s1"), json!(w.office_a)),
            "owner and office default to the salesman"
        );
        let (x, y, z) = (
            x["id"].as_i64().unwrap(),
            y["id"].as_i64().unwrap(),
            z["id"].as_i64().unwrap(),
        );

        assert_eq!(ids(&app.get("/api/v1/customers", &w.s1).await), ["甲公司"]);
        assert_eq!(
            app.get(&format!("/api/v1/customers/{y}"), &w.s1)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let r = app
            .patch(
                &format!("/api/v1/customers/{y}"),
                &w.s1,
                json!({"version": 1, "name": "偷改"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(
            ids(&app.get("/api/v1/customers?sort=name", &w.director_a).await).len(),
            2
        );
        assert_eq!(
            app.get("/api/v1/customers", &w.director_b).await.body["total"],
            1
        );
        assert_eq!(
            app.get(&format!("/api/v1/customers/{x}"), &w.director_b)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/v1/customers", &w.staff).await.body["total"],
            3
        );
        assert_eq!(
            app.get(&format!("/api/v1/customers/{z}"), &w.manager)
                .await
                .status,
            StatusCode::OK
        );

        // Technical sees name and code only; production and admin no customers at all.
        let r = app
            .get(&format!("/api/v1/customers/{x}"), &w.technical)
            .await;
        assert_eq!(
            (r.status, r.body["view"].clone(), r.body["name"].clone()),
            (StatusCode::OK, json!("limited"), json!("甲公司"))
        );
        assert!(
            r.body["credit_code"].is_null()
                && r.body["owner_user_id"].is_null()
                && r.body["grade"].is_null()
        );
        let r = app.get("/api/v1/customers", &w.technical).await;
        assert_eq!(
            (r.body["total"].clone(), r.body["items"][0]["view"].clone()),
            (json!(3), json!("limited"))
        );
        // … and can neither filter nor search by what it cannot see.
        assert_eq!(
            app.get("/api/v1/customers?status=blacklisted", &w.technical)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.get("/api/v1/customers?owner_user_id=1", &w.technical)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.get("/api/v1/customers?q=88886666", &w.technical)
                .await
                .body["total"],
            0,
            "phone search would reveal the phone's owner"
        );
        assert_eq!(
            app.get("/api/v1/customers?q=%E7%94%B2", &w.technical)
                .await
                .body["total"],
            1,
            "name search works"
        );
        assert_eq!(
            app.get("/api/v1/customers", &w.production).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/api/v1/customers", &w.admin).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.post(
                "/api/v1/customers",
                Some(&w.technical),
                json!({"name": "x"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        // A salesman cannot create customers for someone else; a director only in its office.
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "丁公司", "owner_user_id": w.s2_id}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "owner_user_id");
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.director_b),
                json!({"name": "戊公司", "owner_user_id": w.s2_id}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "office_id");
        // The refused reads are audited as refusals.
        let admin_audit = app
            .get("/api/v1/audit-events?action=access.denied", &w.admin)
            .await;
        assert!(admin_audit.body["total"].as_i64().unwrap() >= 3);
    }
);

both!(
    registration_form_is_validated_field_by_field,
    |app: TestApp| async move {
        let w = world(&app).await;
        let r = app
        .post(
            "/api/v1/customers",
            Some(&w.s1),
            json!({"name": "", "credit_code": "91350100M000100Y44", "postal_code": "0500", "phone": "call me",
                   "registered_capital_fen": -1, "registration_date": "2999-01-01", "tags": ["ok", ""]}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<String> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "credit_code",
                "postal_code",
                "phone",
                "registered_capital_fen",
                "registration_date",
                "tags[1]"
            ]
        );
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "x", "grade": "A"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("grade".to_string(), "unknown_field".to_string())],
            "grade is set by ratings only"
        );
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "x", "status": "active"}),
            )
            .await;
        assert_eq!(
            field_codes(&r)[0].0,
            "status",
            "status changes only through its action"
        );
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "x", "registration_date": "2026-02-30"}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "registration_date", "impossible date");

        let a = create(&app, &w.s1, json!({"name": "河北纪元光电有限公司", "credit_code": "91130100ma07l7qg1a", "registered_capital_fen": 1000000000, "tags": ["光伏", "光伏", "重点"]})).await;
        let b = create(&app, &w.s1, json!({"name": "另一家"})).await;
        let year = app.state.today().format("%Y").to_string();
        assert_eq!(a["code"], format!("C{year}00001"));
        assert_eq!(b["code"], format!("C{year}00002"));
        assert_eq!(a["credit_code"], "91130100MA07L7QG1A", "stored in capitals");
        assert_eq!(a["tags"], json!(["光伏", "重点"]));
        assert_eq!(
            (
                a["status"].clone(),
                a["category"].clone(),
                a["grade"].clone()
            ),
            (json!("prospect"), json!("general"), json!(null))
        );

        // Edits keep the version discipline and can clear nullable fields.
        let id = a["id"].as_i64().unwrap();
        let r = app
            .patch(
                &format!("/api/v1/customers/{id}"),
                &w.s1,
                json!({"version": 1, "registered_capital_fen": null, "industry": "光电"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (
                r.body["registered_capital_fen"].clone(),
                r.body["industry"].clone(),
                r.body["version"].clone()
            ),
            (json!(null), json!("光电"), json!(2))
        );
        let r = app
            .patch(
                &format!("/api/v1/customers/{id}"),
                &w.s1,
                json!({"version": 1, "name": "旧版本"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.stale_version")
        );
        let r = app
            .patch(
                &format!("/api/v1/customers/{id}"),
                &w.s1,
                json!({"name": "无版本"}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "version");
        let r = app
            .patch(
                &format!("/api/v1/customers/{id}"),
                &w.s1,
                json!({"version": 2, "owner_user_id": w.s2_id}),
            )
            .await;
        assert_eq!(
            field_codes(&r)[0].0,
            "owner_user_id",
            "owners change by transfer"
        );

        // The code pattern is a setting.
        let r = app
            .patch(
                "/api/v1/settings",
                &w.admin,
                json!({"customer_code_pattern": "JY-{YY}{MM}-{SEQ:3}"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let c = create(&app, &w.s1, json!({"name": "第三家"})).await;
        assert!(
            c["code"].as_str().unwrap().starts_with("JY-")
                && c["code"].as_str().unwrap().ends_with("-003"),
            "{c}"
        );
        let r = app
            .patch(
                "/api/v1/settings",
                &w.admin,
                json!({"customer_code_pattern": "NOSEQ"}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "customer_code_pattern");
    }
);

both!(
    duplicates_are_refused_without_leaking,
    |app: TestApp| async move {
        let w = world(&app).await;
        let a = create(
            &app,
            &w.s1,
            json!({"name": "河北纪元光电有限公司", "credit_code": "91130100MA07L7QG1A"}),
        )
        .await;
        // Same credit code, in scope: a pointer to the existing customer.
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "别名", "credit_code": "91130100MA07L7QG1A"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "customer.duplicate")
        );
        assert_eq!(r.body["duplicate_of"]["id"], a["id"]);
        assert_eq!(
            field_codes(&r),
            [("credit_code".to_string(), "duplicate".to_string())]
        );
        // The same name written differently.
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.s1),
                json!({"name": "河北 纪元光电"}),
            )
            .await;
        assert_eq!(
            (code(&r), r.body["duplicate_of"]["code"].clone()),
            ("customer.duplicate", a["code"].clone())
        );
        // Outside the scope: refused, told to ask for access, nothing about the customer revealed.
        let r = app
            .post(
                "/api/v1/customers",
                Some(&w.sb),
                json!({"name": "河北纪元光电(有限公司)"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "customer.duplicate")
        );
        assert!(r.body.get("duplicate_of").is_none());
        let text = r.body.to_string();
        assert!(
            !text.contains(a["code"].as_str().unwrap()) && !text.contains(&a["id"].to_string())
                || text.contains("ask for access")
        );
        assert!(
            text.contains("ask for access") && !text.contains(a["code"].as_str().unwrap()),
            "{text}"
        );
        // Editing into a duplicate is refused too.
        let b = create(&app, &w.s1, json!({"name": "乙公司"})).await;
        let r = app
            .patch(
                &format!("/api/v1/customers/{}", b["id"]),
                &w.s1,
                json!({"version": 1, "name": "河北纪元光电"}),
            )
            .await;
        assert_eq!(code(&r), "customer.duplicate");
    }
);

both!(
    search_by_name_pinyin_code_phone_and_filters,
    |app: TestApp| async move {
        let w = world(&app).await;
        let a = create(&app, &w.staff, json!({"name": "河北纪元光电", "phone": "0311-8888 6666", "credit_code": "91130100MA07L7QG1A", "tags": ["光伏"]})).await;
        create(
            &app,
            &w.staff,
            json!({"name": "北京测试科技", "phone": "010-12345678"}),
        )
        .await;
        create(&app, &w.staff, json!({"name": "天津港务50%_集团"})).await;
        let search = |q: &str| {
            let q = q.to_string();
            let staff = w.staff.clone();
            let app = &app;
            async move { ids(&app.get(&format!("/api/v1/customers?q={q}"), &staff).await) }
        };
        assert_eq!(search("hbjy").await, ["河北纪元光电"], "pinyin initials");
        assert_eq!(
            search("HeBei").await,
            ["河北纪元光电"],
            "full pinyin, any case"
        );
        assert_eq!(
            search("%E7%BA%AA%E5%85%83").await,
            ["河北纪元光电"],
            "Chinese substring"
        );
        assert_eq!(search("88886666").await, ["河北纪元光电"], "phone digits");
        assert_eq!(
            search("0311-8888").await,
            ["河北纪元光电"],
            "phone as typed"
        );
        assert_eq!(
            search(&a["code"].as_str().unwrap().to_lowercase()).await,
            ["河北纪元光电"],
            "code"
        );
        assert_eq!(
            search("91130100ma07").await,
            ["河北纪元光电"],
            "credit code"
        );
        assert_eq!(
            search("50%25_").await,
            ["天津港务50%_集团"],
            "LIKE wildcards are literal"
        );
        assert_eq!(search("bjcs").await, ["北京测试科技"]);
        assert_eq!(
            app.get("/api/v1/customers?tag=%E5%85%89%E4%BC%8F", &w.staff)
                .await
                .body["total"],
            1,
            "tag filter"
        );
        assert_eq!(
            app.get(
                "/api/v1/customers?status=prospect&category=general&key_customer=false",
                &w.staff
            )
            .await
            .body["total"],
            3
        );
        assert_eq!(
            app.get("/api/v1/customers?grade=A", &w.staff).await.body["total"],
            0
        );
        // Stale: dossier not touched for longer than the setting.
        app.sql(&format!(
            "UPDATE customers SET dossier_updated_at = '2020-01-01 00:00:00' WHERE id = {}",
            a["id"]
        ))
        .await;
        let r = app.get("/api/v1/customers?stale=true", &w.staff).await;
        assert_eq!(
            (ids(&r), r.body["items"][0]["dossier_stale"].clone()),
            (vec!["河北纪元光电".to_string()], json!(true))
        );
        assert_eq!(
            app.get("/api/v1/customers?stale=false", &w.staff)
                .await
                .body["total"],
            2
        );
        let r = app
            .get("/api/v1/customers?sort=-name&page_size=2", &w.staff)
            .await;
        assert_eq!(
            (
                r.body["total"].clone(),
                r.body["items"].as_array().unwrap().len()
            ),
            (json!(3), 2)
        );
        assert_eq!(
            app.get("/api/v1/customers?sort=search_text", &w.staff)
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            app.get("/api/v1/customers?grade=D", &w.staff).await.status,
            StatusCode::BAD_REQUEST
        );
    }
);

both!(
    transfer_and_lifecycle_are_explicit_actions,
    |app: TestApp| async move {
        let w = world(&app).await;
        let x = create(&app, &w.s1, json!({"name": "转移客户"})).await;
        let id = x["id"].as_i64().unwrap();
        let r = app
            .post(
                &format!("/api/v1/customers/{id}/transfer"),
                Some(&w.s1),
                json!({"owner_user_id": w.s2_id, "reason": "x"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "salesmen do not transfer");
        let r = app
            .post(
                &format!("/api/v1/customers/{id}/transfer"),
                Some(&w.manager),
                json!({"owner_user_id": w.s2_id, "reason": ""}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "reason");
        let r = app
            .post(
                &format!("/api/v1/customers/{id}/transfer"),
                Some(&w.manager),
                json!({"owner_user_id": w.s2_id, "reason": "业务员调岗"}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["owner_name"].clone()),
            (StatusCode::OK, json!("s2")),
            "{r:?}"
        );
        assert_eq!(
            app.get(&format!("/api/v1/customers/{id}"), &w.s1)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&format!("/api/v1/customers/{id}"), &w.s2)
                .await
                .status,
            StatusCode::OK
        );

        let status = |to: &str, token: &str| {
            let (to, token) = (to.to_string(), token.to_string());
            let app = &app;
            async move {
                app.post(
                    &format!("/api/v1/customers/{id}/status"),
                    Some(&token),
                    json!({"status": to, "reason": "原因"}),
                )
                .await
            }
        };
        assert_eq!(
            field_codes(&status("active", &w.s2).await)[0].0,
            "status",
            "prospect cannot jump to active"
        );
        assert_eq!(status("new", &w.s2).await.body["status"], "new");
        assert_eq!(status("active", &w.s2).await.body["status"], "active");
        assert_eq!(
            status("blacklisted", &w.s2).await.status,
            StatusCode::FORBIDDEN,
            "the blacklist is for managers"
        );
        assert_eq!(
            status("blacklisted", &w.manager).await.body["status"],
            "blacklisted"
        );
        assert_eq!(
            status("dormant", &w.s2).await.status,
            StatusCode::FORBIDDEN,
            "so is lifting it"
        );
        assert_eq!(
            status("dormant", &w.manager).await.body["status"],
            "dormant"
        );
        let r = app
            .post(
                &format!("/api/v1/customers/{id}/status"),
                Some(&w.s2),
                json!({"status": "lost", "reason": " "}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "reason");

        let changes = app
            .get(&format!("/api/v1/customers/{id}/changes"), &w.s2)
            .await
            .body;
        let kinds: Vec<_> = changes
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                format!(
                    "{}:{}",
                    c["kind"].as_str().unwrap(),
                    c["to_value"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            kinds[..4],
            [
                "status:dormant",
                "status:blacklisted",
                "status:active",
                "status:new"
            ]
        );
        assert_eq!(changes[4]["kind"], "transfer");
        assert_eq!(
            (
                changes[4]["from_value"].clone(),
                changes[4]["to_value"].clone()
            ),
            (json!("s1 / OA办事处"), json!("s2 / OA办事处")),
            "by name"
        );
        assert_eq!(changes[4]["actor_name"], "bm");
        assert_eq!(changes[4]["reason"], "业务员调岗");
        let audit = app
            .get(
                &format!("/api/v1/audit-events?entity=customer&entity_id={id}"),
                &w.manager,
            )
            .await;
        assert_eq!(
            audit.body["total"], 6,
            "create, transfer and four status changes are in the business audit trail"
        );
    }
);

both!(
    export_is_the_list_view_under_scope,
    |app: TestApp| async move {
        let w = world(&app).await;
        create(
            &app,
            &w.s1,
            json!({"name": "导出甲", "registered_capital_fen": 123456789}),
        )
        .await;
        create(&app, &w.s1, json!({"name": "导出乙"})).await;
        create(&app, &w.s2, json!({"name": "别人的"})).await;
        let r = app
            .send(
                actix_web::test::TestRequest::get()
                    .uri("/api/v1/customers/export.xlsx?sort=name")
                    .insert_header(("Authorization", format!("Bearer {}", w.s1))),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("spreadsheetml"));
        assert!(r
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains(".xlsx"));
        let bytes = match &r.body {
            Value::String(s) => s.as_bytes().to_vec(),
            _ => panic!("not a file"),
        };
        assert!(bytes.starts_with(b"PK"), "an xlsx (zip) file");
        let r = app
            .get("/api/v1/audit-events?action=customer.export", &w.manager)
            .await;
        assert_eq!(
            r.body["items"][0]["after"]["rows"], 2,
            "the salesman's own two customers only: {r:?}"
        );
        let r = app
            .get(
                "/api/v1/customers/export.xlsx?q=%E5%AF%BC%E5%87%BA%E7%94%B2",
                &w.staff,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let r = app
            .get("/api/v1/audit-events?action=customer.export", &w.manager)
            .await;
        assert_eq!(r.body["items"][0]["after"]["rows"], 1, "filters apply");
        assert_eq!(
            app.get("/api/v1/customers/export.xlsx", &w.production)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
);
