use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use futures_util::future::join_all;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, field_codes, TestApp};

both!(
    offices_create_list_update_with_versions,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let (director, _) = app.as_role("director1", &[Role::OfficeDirector]).await;
        let r = app
        .post("/api/v1/offices", Some(&admin), json!({"code": "HB-SJZ", "name": "石家庄办事处", "region": "华北", "director_user_id": director}))
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(
            (r.body["version"].clone(), r.body["director_name"].clone()),
            (json!(1), json!("director1"))
        );
        let id = r.body["id"].as_i64().unwrap();
        for (code_, name) in [("BJ", "北京办事处"), ("TJ", "天津办事处")] {
            app.post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": code_, "name": name}),
            )
            .await;
        }
        let r = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "HB-SJZ", "name": "again"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.duplicate")
        );
        assert_eq!(
            field_codes(&r),
            [("code".to_string(), "duplicate".to_string())]
        );
        let r = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "bad code!", "name": "", "director_user_id": 9999}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<_> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["code", "name", "director_user_id"]);

        // Everyone may read offices (names for filters); search and sort.
        let (_, salesman) = app.as_role("s1", &[Role::Salesman]).await;
        let r = app
            .get("/api/v1/offices?q=%E7%9F%B3%E5%AE%B6%E5%BA%84", &salesman)
            .await;
        assert_eq!(r.body["total"], 1, "{r:?}");
        let r = app
            .get("/api/v1/offices?sort=-code&page_size=2", &salesman)
            .await;
        assert_eq!(
            (
                r.body["total"].clone(),
                r.body["items"].as_array().unwrap().len()
            ),
            (json!(3), 2)
        );
        assert_eq!(r.body["items"][0]["code"], "TJ");
        assert_eq!(
            app.post(
                "/api/v1/offices",
                Some(&salesman),
                json!({"code": "X1", "name": "x"})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );

        let r = app
            .patch(
                &format!("/api/v1/offices/{id}"),
                &admin,
                json!({"version": 1, "region": "河北", "director_user_id": null}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (
                r.body["version"].clone(),
                r.body["region"].clone(),
                r.body["director_user_id"].clone()
            ),
            (json!(2), json!("河北"), json!(null))
        );
        let r = app
            .patch(
                &format!("/api/v1/offices/{id}"),
                &admin,
                json!({"version": 1, "name": "stale"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.stale_version")
        );
        let r = app
            .patch(
                &format!("/api/v1/offices/{id}"),
                &admin,
                json!({"version": 2, "code": "NEW"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("code".to_string(), "unknown_field".to_string())],
            "the code is permanent"
        );
        assert_eq!(
            app.get("/api/v1/offices/99999", &admin).await.status,
            StatusCode::NOT_FOUND
        );
    }
);

both!(
    users_create_filter_update_disable,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let office = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "BJ", "name": "北京办事处"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let mut ids = Vec::new();
        for (u, name, roles) in [
            ("zhangsan", "张三", json!(["salesman"])),
            ("lisi", "李四", json!(["salesman", "office_director"])),
            ("wangcw", "王财务", json!(["finance"])),
        ] {
            let r = app
            .post("/api/v1/users", Some(&admin), json!({"username": u, "display_name": name, "roles": roles, "office_id": office, "password": "Initial-Passw0rd-1"}))
            .await;
            assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            assert_eq!(r.body["office_name"], "北京办事处");
            ids.push(r.body["id"].as_i64().unwrap());
        }
        let r = app
        .post("/api/v1/users", Some(&admin), json!({"username": "ZhangSan", "display_name": "x", "roles": ["salesman"], "password": "Initial-Passw0rd-1"}))
        .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.duplicate"),
            "usernames are case-insensitive"
        );
        let r = app
        .post("/api/v1/users", Some(&admin), json!({"username": "a b", "display_name": "", "roles": [], "office_id": 777, "password": "x"}))
        .await;
        let fields: Vec<_> = field_codes(&r).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["username", "display_name", "roles", "password", "office_id"],
            "{r:?}"
        );
        let r = app
        .post("/api/v1/users", Some(&admin), json!({"username": "x", "display_name": "x", "roles": ["king"], "password": "Initial-Passw0rd-1"}))
        .await;
        assert_eq!(
            (r.status, field_codes(&r)[0].0.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "roles[0]"),
            "unknown enum value named"
        );
        let r = app
        .post("/api/v1/users", Some(&admin), json!({"username": "longusername", "display_name": "x", "roles": ["finance"], "password": "LongUserName"}))
        .await;
        assert_eq!(
            field_codes(&r),
            [(
                "password".to_string(),
                "password.equals_username".to_string()
            )]
        );

        let r = app
            .get("/api/v1/users?role=salesman&kind=person", &admin)
            .await;
        assert_eq!(r.body["total"], 2);
        let r = app.get("/api/v1/users?q=%E6%9D%8E", &admin).await;
        assert_eq!(
            (
                r.body["total"].clone(),
                r.body["items"][0]["username"].clone()
            ),
            (json!(1), json!("lisi"))
        );
        let r = app
            .get(
                &format!("/api/v1/users?office_id={office}&sort=-username"),
                &admin,
            )
            .await;
        assert_eq!(r.body["items"][0]["username"], "zhangsan");
        assert_eq!(r.body["items"][1]["roles"], json!(["finance"]));
        let r = app.get("/api/v1/users?q=50%25_off", &admin).await;
        assert_eq!(
            r.body["total"], 0,
            "LIKE wildcards in the search are literal"
        );

        let id = ids[0];
        let r = app.patch(&format!("/api/v1/users/{id}"), &admin, json!({"version": 1, "roles": ["salesman", "business_staff"], "office_id": null, "language": "en"})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (
                r.body["roles"].clone(),
                r.body["office_id"].clone(),
                r.body["version"].clone()
            ),
            (json!(["salesman", "business_staff"]), json!(null), json!(2))
        );
        let r = app
            .patch(
                &format!("/api/v1/users/{id}"),
                &admin,
                json!({"version": 1, "display_name": "stale"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        let r = app
            .post(
                &format!("/api/v1/users/{id}/disable"),
                Some(&admin),
                json!({}),
            )
            .await;
        assert_eq!(r.body["active"], false);
        assert_eq!(
            app.get("/api/v1/users?active=false", &admin).await.body["total"],
            1
        );
        let r = app
            .post(
                &format!("/api/v1/users/{id}/reset-password"),
                Some(&admin),
                json!({"new_password": "123"}),
            )
            .await;
        assert_eq!(
            field_codes(&r)[0],
            ("new_password".to_string(), "password.too_short".to_string())
        );
        let r = app
            .post(
                &format!("/api/v1/users/{id}/reset-password"),
                Some(&admin),
                json!({"new_password": "Temp-Passw0rd-77"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get(&format!("/api/v1/users/{id}"), &admin).await.body["must_change_password"],
            true
        );

        // Admins cannot lock themselves out.
        let me = app.get("/api/v1/me", &admin).await.body["id"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                &format!("/api/v1/users/{me}/disable"),
                Some(&admin),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .patch(
                &format!("/api/v1/users/{me}"),
                &admin,
                json!({"version": 1, "roles": ["finance"]}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "roles");
    }
);

both!(
    twenty_concurrent_editors_lose_no_update,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let id = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": "C1", "name": "并发"}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let requests = (0..20).map(|i| {
            app.send(
                TestRequest::patch()
                    .uri(&format!("/api/v1/offices/{id}"))
                    .insert_header(("Authorization", format!("Bearer {admin}")))
                    .set_json(json!({"version": 1, "name": format!("editor {i}")})),
            )
        });
        let results = join_all(requests).await;
        let ok: Vec<_> = results
            .iter()
            .filter(|r| r.status == StatusCode::OK)
            .collect();
        let conflicts = results
            .iter()
            .filter(|r| r.status == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok.len(), conflicts), (1, 19), "{results:?}");
        let now = app.get(&format!("/api/v1/offices/{id}"), &admin).await.body;
        assert_eq!(
            (now["version"].clone(), now["name"].clone()),
            (json!(2), ok[0].body["name"].clone())
        );
    }
);

both!(
    nobody_changes_their_own_roles_and_service_accounts_never_administer,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let me = app.get("/api/v1/me", &admin).await.body["id"]
            .as_i64()
            .unwrap();
        // An administrator cannot give himself business roles (nor drop his own).
        for roles in [json!(["admin", "general_manager"]), json!(["finance"])] {
            let r = app
                .patch(
                    &format!("/api/v1/users/{me}"),
                    &admin,
                    json!({"version": 1, "roles": roles}),
                )
                .await;
            assert_eq!(
                (r.status, field_codes(&r)),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    vec![("roles".to_string(), "roles.own".to_string())]
                ),
                "{roles}: {r:?}"
            );
        }
        // The same roles again are no change.
        let r = app
            .patch(
                &format!("/api/v1/users/{me}"),
                &admin,
                json!({"version": 1, "roles": ["admin"], "language": "en"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let roles = app.get("/api/v1/me", &admin).await.body["roles"].clone();
        assert_eq!(roles, json!(["admin"]));

        // A service account (an API token's) is never made an administrator.
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "ERP sync", "role": "finance"}),
            )
            .await;
        let service = r.body["api_token"]["service_user_id"].as_i64().unwrap();
        let token = r.body["token"].as_str().unwrap().to_string();
        let version = app
            .get(&format!("/api/v1/users/{service}"), &admin)
            .await
            .body["version"]
            .clone();
        let r = app
            .patch(
                &format!("/api/v1/users/{service}"),
                &admin,
                json!({"version": version, "roles": ["finance", "admin"]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("roles".to_string(), "roles.service_admin".to_string())],
            "{r:?}"
        );
        assert_eq!(
            app.get("/api/v1/users", &token).await.status,
            StatusCode::FORBIDDEN,
            "the token still cannot administer"
        );
        // Another administrator may change this one's roles.
        let other = app.as_role("root2", &[Role::Admin]).await.1;
        let r = app
            .patch(
                &format!("/api/v1/users/{me}"),
                &other,
                json!({"version": 2, "roles": ["admin", "finance"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
    }
);

both!(
    a_display_name_cannot_imitate_another_users,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let create = |username: &'static str, name: &'static str| {
            app.post(
                "/api/v1/users",
                Some(&admin),
                json!({"username": username, "display_name": name, "roles": ["salesman"], "password": "Initial-Passw0rd-1"}),
            )
        };
        assert_eq!(create("zhangwei", "张伟").await.status, StatusCode::CREATED);
        // Spaces, full-width letters and case do not make another name.
        for copy in ["张 伟", " 张伟 ", "张\u{200B}伟"] {
            let r = app
                .post(
                    "/api/v1/users",
                    Some(&admin),
                    json!({"username": "zhangwei2", "display_name": copy, "roles": ["salesman"], "password": "Initial-Passw0rd-1"}),
                )
                .await;
            assert_eq!(
                field_codes(&r),
                [("display_name".to_string(), "display_name.taken".to_string())],
                "{copy:?}: {r:?}"
            );
            assert!(r.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("zhangwei"));
        }
        assert_eq!(create("gm", "ＧＭ Wang").await.status, StatusCode::CREATED);
        // Told apart, the namesake is welcome.
        assert_eq!(
            create("zhangwei2", "张伟（石家庄）").await.status,
            StatusCode::CREATED
        );
        // Nobody renames himself into someone else.
        let (_, salesman) = app.as_role("s1", &[Role::Salesman]).await;
        let r = app
            .patch("/api/v1/me", &salesman, json!({"display_name": "gm wang"}))
            .await;
        assert_eq!(
            field_codes(&r),
            [("display_name".to_string(), "display_name.taken".to_string())],
            "{r:?}"
        );
        // Keeping one's own name is no conflict.
        let r = app
            .patch(
                "/api/v1/me",
                &salesman,
                json!({"display_name": "s1", "language": "en"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // An API token cannot carry a person's name either.
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "张伟", "role": "finance"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("name".to_string(), "display_name.taken".to_string())],
            "{r:?}"
        );
    }
);
