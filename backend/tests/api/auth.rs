use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use base64::Engine;
use jiyuan_crm::auth::jwt::Claims;
use jiyuan_crm::auth::policy::Role;
use serde_json::json;

use crate::both;
use crate::common::{code, field_codes, TestApp, PASSWORD};

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn claims(sub: i64) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims {
        iss: "jiyuan-crm".into(),
        aud: "jiyuan-crm-api".into(),
        sub: sub.to_string(),
        exp: now + 600,
        iat: now,
        jti: "j".into(),
        typ: "access".into(),
        gen: 0,
    }
}

both!(
    login_refresh_logout_and_reuse_detection,
    |app: TestApp| async move {
        app.user("wangwu", &[Role::Salesman], None).await;
        let r = app.login("WangWu", PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["token_type"], "Bearer");
        assert_eq!(r.body["expires_in"], 900);
        assert_eq!(r.body["user"]["username"], "wangwu");
        assert_eq!(r.body["user"]["roles"], json!(["salesman"]));
        assert!(r.body["user"]["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("customer_master.write")));
        let access = r.body["access_token"].as_str().unwrap().to_string();
        let first = r.body["refresh_token"].as_str().unwrap().to_string();
        assert_eq!(
            app.get("/api/v1/me", &access).await.body["username"],
            "wangwu"
        );

        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": first}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let second = r.body["refresh_token"].as_str().unwrap().to_string();
        assert_ne!(first, second);
        assert_eq!(
            app.get("/api/v1/me", r.body["access_token"].as_str().unwrap())
                .await
                .status,
            StatusCode::OK
        );

        // The used token again: refused, and the whole family (the new one too) is revoked.
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": first}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token")
        );
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": second}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "family revoked after reuse"
        );

        // Logout ends that session; another login's session is unaffected.
        let a = app.login("wangwu", PASSWORD).await.body;
        let b = app.login("wangwu", PASSWORD).await.body;
        let r = app
            .post(
                "/api/v1/auth/logout",
                None,
                json!({"refresh_token": a["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": a["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": b["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);

        let admin = app.admin().await;
        let r = app
            .get(
                "/api/v1/audit-events?action=auth.refresh_reuse_detected",
                &admin,
            )
            .await;
        assert_eq!(r.body["total"], 1, "{r:?}");
    }
);

both!(
    wrong_password_and_unknown_user_answer_the_same,
    |app: TestApp| async move {
        app.user("lisi", &[Role::Finance], None).await;
        let wrong = app.login("lisi", "Not-The-Password-1").await;
        let unknown = app.login("nobody", "Not-The-Password-1").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.body, unknown.body);
        assert_eq!(code(&wrong), "auth.invalid_credentials");
    }
);

both!(
    invalid_access_tokens_are_refused,
    |app: TestApp| async move {
        let (id, good) = app.as_role("zhaoliu", &[Role::Admin]).await;
        assert_eq!(app.get("/api/v1/users", &good).await.status, StatusCode::OK);
        let jwt = &app.state.jwt;
        let now = chrono::Utc::now().timestamp();
        let mut cases: Vec<(&str, String)> = Vec::new();
        let mut c = claims(id);
        c.exp = now - 120;
        c.iat = now - 1000;
        cases.push(("expired", jwt.sign(&c)));
        let mut c = claims(id);
        c.aud = "someone-else".into();
        cases.push(("wrong aud", jwt.sign(&c)));
        let mut c = claims(id);
        c.iss = "evil".into();
        cases.push(("wrong iss", jwt.sign(&c)));
        let mut c = claims(id);
        c.typ = "refresh".into();
        cases.push(("wrong typ", jwt.sign(&c)));
        let mut c = claims(id);
        c.gen = 5;
        cases.push(("old session generation", jwt.sign(&c)));
        let mut v = serde_json::to_value(claims(id)).unwrap();
        v.as_object_mut().unwrap().remove("exp");
        cases.push(("missing exp", jwt.sign(&v)));
        let mut v = serde_json::to_value(claims(id)).unwrap();
        v.as_object_mut().unwrap().remove("aud");
        cases.push(("missing aud", jwt.sign(&v)));
        let mut v = serde_json::to_value(claims(id)).unwrap();
        v.as_object_mut().unwrap().remove("typ");
        cases.push(("missing typ", jwt.sign(&v)));
        let other =
            jiyuan_crm::auth::jwt::JwtKeys::new(b"a-completely-different-secret-0123456789");
        cases.push(("wrong signature", other.sign(&claims(id))));
        let none = format!(
            "{}.{}.",
            b64(&json!({"alg": "none", "typ": "JWT"})),
            b64(&serde_json::to_value(claims(id)).unwrap())
        );
        cases.push(("alg none", none));
        let hs512 = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS512),
            &claims(id),
            &jsonwebtoken::EncodingKey::from_secret(crate::common::SECRET.as_bytes()),
        )
        .unwrap();
        cases.push(("other algorithm", hs512));
        app.user("refresher", &[Role::Admin], None).await;
        let refresh = app.login("refresher", PASSWORD).await.body["refresh_token"]
            .as_str()
            .unwrap()
            .to_string();
        cases.push(("refresh token as access token", refresh));
        cases.push(("garbage", "not-a-token".into()));
        cases.push(("unknown API token", "jyt_unknown".into()));
        for (what, token) in cases {
            let r = app.get("/api/v1/users", &token).await;
            assert_eq!(
                (r.status, code(&r)),
                (StatusCode::UNAUTHORIZED, "auth.unauthenticated"),
                "{what}"
            );
        }
        let r = app.call(Method::GET, "/api/v1/users", None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "no header");
        let r = app
            .send(
                TestRequest::get()
                    .uri("/api/v1/users")
                    .insert_header(("Authorization", "Basic YWRtaW46eA==")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "basic auth");
    }
);

both!(
    lockout_backs_off_and_a_correct_login_after_the_wait_clears_it,
    |c: &mut jiyuan_crm::config::Config| {
        c.lockout_threshold = 3;
        c.lockout_base_secs = 60;
    },
    |app: TestApp| async move {
        app.user("locky", &[Role::Salesman], None).await;
        for _ in 0..2 {
            assert_eq!(
                app.login("locky", "Wrong-Password-1").await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let r = app.login("locky", "Wrong-Password-1").await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "auth.account_locked")
        );
        assert_eq!(r.headers.get("retry-after").unwrap(), "60");
        assert_eq!(r.body["retry_after_seconds"], 60);
        // Even the right password waits.
        let r = app.login("locky", PASSWORD).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        let secs: u64 = r
            .headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&secs));
        // One more failure after the wait doubles the lock.
        app.sql("UPDATE users SET locked_until = '2000-01-01 00:00:00' WHERE username = 'locky'")
            .await;
        let r = app.login("locky", "Wrong-Password-1").await;
        assert_eq!(r.headers.get("retry-after").unwrap(), "120");
        // After the wait the correct password logs in and clears the count.
        app.sql("UPDATE users SET locked_until = '2000-01-01 00:00:00' WHERE username = 'locky'")
            .await;
        assert_eq!(app.login("locky", PASSWORD).await.status, StatusCode::OK);
        assert_eq!(
            app.login("locky", "Wrong-Password-1").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    auth_endpoints_are_rate_limited_per_ip,
    |c: &mut jiyuan_crm::config::Config| c.auth_rate_limit_per_minute = 3,
    |app: TestApp| async move {
        let attempt = |ip: &str| {
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .peer_addr(format!("{ip}:4000").parse().unwrap())
                .set_json(json!({"username": "x", "password": "Wrong-Password-1"}))
        };
        for _ in 0..3 {
            assert_eq!(
                app.send(attempt("10.1.1.1")).await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let r = app.send(attempt("10.1.1.1")).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "auth.rate_limited")
        );
        assert!(r.headers.get("retry-after").is_some());
        // Another client is not affected.
        assert_eq!(
            app.send(attempt("10.2.2.2")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    disabled_user_loses_sessions_and_cannot_log_in,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let id = app.user("leaver", &[Role::Salesman], None).await;
        let session = app.login("leaver", PASSWORD).await.body;
        let access = session["access_token"].as_str().unwrap();
        assert_eq!(app.get("/api/v1/me", access).await.status, StatusCode::OK);
        let r = app
            .post(
                &format!("/api/v1/users/{id}/disable"),
                Some(&admin),
                json!({}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["active"].clone()),
            (StatusCode::OK, json!(false)),
            "{r:?}"
        );
        assert_eq!(
            app.get("/api/v1/me", access).await.status,
            StatusCode::UNAUTHORIZED
        );
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": session["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = app.login("leaver", PASSWORD).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::FORBIDDEN, "auth.account_disabled")
        );
        // The disabled state is only revealed to someone who knows the password.
        assert_eq!(
            app.login("leaver", "Wrong-Password-1").await.status,
            StatusCode::UNAUTHORIZED
        );
        app.post(
            &format!("/api/v1/users/{id}/enable"),
            Some(&admin),
            json!({}),
        )
        .await;
        assert_eq!(app.login("leaver", PASSWORD).await.status, StatusCode::OK);
    }
);

both!(
    first_login_must_change_password,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let r = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"username": "newbie", "display_name": "新人", "roles": ["salesman"], "password": "Initial-Passw0rd-1"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(r.body["must_change_password"], true);
        let s = app.login("newbie", "Initial-Passw0rd-1").await.body;
        assert_eq!(s["user"]["must_change_password"], true);
        let old = s["access_token"].as_str().unwrap().to_string();
        let r = app.get("/api/v1/offices", &old).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::FORBIDDEN, "auth.password_change_required")
        );
        assert_eq!(app.get("/api/v1/me", &old).await.status, StatusCode::OK);

        let r = app
            .post(
                "/api/v1/me/password",
                Some(&old),
                json!({"current_password": "wrong", "new_password": "short"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            field_codes(&r),
            [
                (
                    "current_password".to_string(),
                    "password.wrong_current".to_string()
                ),
                ("new_password".to_string(), "password.too_short".to_string())
            ]
        );
        for (new, expected) in [
            ("password123", "password.too_common"),
            ("Passw0rd", "password.too_common"),
            ("x".repeat(129).as_str(), "password.too_long"),
        ] {
            let r = app
                .post(
                    "/api/v1/me/password",
                    Some(&old),
                    json!({"current_password": "Initial-Passw0rd-1", "new_password": new}),
                )
                .await;
            assert_eq!(field_codes(&r)[0].1, expected, "{new}");
        }
        let r = app
            .post(
                "/api/v1/me/password",
                Some(&old),
                json!({"current_password": "Initial-Passw0rd-1", "new_password": "newbie.newbie"}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "a long enough password that merely contains the username is fine"
        );
        let new_access = r.body["access_token"].as_str().unwrap().to_string();
        assert_eq!(r.body["user"]["must_change_password"], false);
        // Other sessions (the old token) end; the answered one works everywhere.
        assert_eq!(
            app.get("/api/v1/me", &old).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.get("/api/v1/offices", &new_access).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.login("newbie", "newbie.newbie").await.status,
            StatusCode::OK
        );
        let r = app
            .post(
                "/api/v1/me/password",
                Some(&new_access),
                json!({"current_password": "newbie.newbie", "new_password": "newbie.newbie"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("new_password".to_string(), "password.unchanged".to_string())]
        );
    }
);

both!(self_update_cannot_assign_roles, |app: TestApp| async move {
    let (id, token) = app.as_role("sneaky", &[Role::Salesman]).await;
    let r = app
        .patch("/api/v1/me", &token, json!({"roles": ["admin"]}))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&r),
        [("roles".to_string(), "unknown_field".to_string())]
    );
    let r = app
        .patch(
            "/api/v1/me",
            &token,
            json!({"office_id": 1, "language": "en"}),
        )
        .await;
    assert_eq!(field_codes(&r)[0].0, "office_id");
    let r = app
        .patch(
            "/api/v1/me",
            &token,
            json!({"language": "en", "display_name": "Sneaky Pete"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(
        (r.body["language"].clone(), r.body["roles"].clone()),
        (json!("en"), json!(["salesman"]))
    );
    let admin = app.admin().await;
    assert_eq!(
        app.get(&format!("/api/v1/users/{id}"), &admin).await.body["roles"],
        json!(["salesman"])
    );
});

both!(
    end_sessions_stops_every_token_at_once,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let id = app.user("sessions", &[Role::Finance], None).await;
        let s = app.login("sessions", PASSWORD).await.body;
        let r = app
            .post(
                &format!("/api/v1/users/{id}/end-sessions"),
                Some(&admin),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/v1/me", s["access_token"].as_str().unwrap())
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                json!({"refresh_token": s["refresh_token"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.login("sessions", PASSWORD).await.status, StatusCode::OK);
    }
);

both!(
    api_tokens_act_as_their_role_until_revoked,
    |app: TestApp| async move {
        let admin = app.admin().await;
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "ERP sync", "role": "finance"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let token = r.body["token"].as_str().unwrap().to_string();
        let id = r.body["api_token"]["id"].as_i64().unwrap();
        assert!(token.starts_with("jyt_"));
        assert_eq!(r.body["api_token"]["token_prefix"], &token[..8]);
        let me = app.get("/api/v1/me", &token).await;
        assert_eq!(
            (me.status, me.body["roles"].clone()),
            (StatusCode::OK, json!(["finance"]))
        );
        assert_eq!(
            app.get("/api/v1/users", &token).await.status,
            StatusCode::FORBIDDEN
        );
        let r = app
            .post(
                "/api/v1/me/password",
                Some(&token),
                json!({"current_password": "x", "new_password": "y"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let list = app.get("/api/v1/api-tokens", &admin).await;
        assert_eq!(list.body["total"], 1);
        assert!(list.body["items"][0]["last_used_at"].is_string());
        assert!(
            !list.body.to_string().contains(&token),
            "the secret is never listed"
        );
        let used = app
            .get("/api/v1/audit-events?action=api_token.used", &admin)
            .await;
        assert_eq!(used.body["total"], 1, "use is audited (once an hour)");
        let r = app
            .call(
                Method::DELETE,
                &format!("/api/v1/api-tokens/{id}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert_eq!(
            app.get("/api/v1/me", &token).await.status,
            StatusCode::UNAUTHORIZED
        );
        // Validation: no admin tokens, expiry in the future.
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "x", "role": "admin"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("role".to_string(), "invalid".to_string())]
        );
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "x", "role": "finance", "expires_at": "2001-01-01T00:00:00Z"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("expires_at".to_string(), "out_of_range".to_string())]
        );
        // An expired token stops working.
        let r = app
            .post(
                "/api/v1/api-tokens",
                Some(&admin),
                json!({"name": "short", "role": "planning"}),
            )
            .await;
        let short = r.body["token"].as_str().unwrap().to_string();
        app.sql(&format!(
            "UPDATE api_tokens SET expires_at = '2001-01-01 00:00:00' WHERE id = {}",
            r.body["api_token"]["id"]
        ))
        .await;
        assert_eq!(
            app.get("/api/v1/me", &short).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
);

both!(
    parallel_wrong_passwords_lock_the_account,
    |c: &mut jiyuan_crm::config::Config| {
        c.lockout_threshold = 5;
        c.lockout_base_secs = 60;
    },
    |app: TestApp| async move {
        app.user("storm", &[Role::Salesman], None).await;
        // 40 wrong guesses at once, with the right password in the middle of them: every
        // failure counts, so the storm ends with the account locked whatever the order.
        let mut attempts = Vec::new();
        for i in 0..41 {
            let password = if i == 20 {
                PASSWORD
            } else {
                "Wrong-Password-1"
            };
            attempts.push(app.login("storm", password));
        }
        let answers = futures_util::future::join_all(attempts).await;
        let locked = answers
            .iter()
            .filter(|r| code(r) == "auth.account_locked")
            .count();
        assert!(locked >= 30, "most guesses meet the lock: {locked}");
        let r = app.login("storm", PASSWORD).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "auth.account_locked"),
            "the right password waits for the lock to run out"
        );
    }
);

both!(
    wrong_current_passwords_count_toward_the_lockout,
    |c: &mut jiyuan_crm::config::Config| {
        c.lockout_threshold = 3;
        c.lockout_base_secs = 60;
    },
    |app: TestApp| async move {
        let id = app.user("victim", &[Role::Salesman], None).await;
        let token = app.token_for(id);
        let change = |current: &'static str| {
            app.post(
                "/api/v1/me/password",
                Some(&token),
                json!({"current_password": current, "new_password": "A-New-Passw0rd-2026"}),
            )
        };
        for _ in 0..2 {
            let r = change("Wrong-Password-1").await;
            assert_eq!(
                field_codes(&r)[0],
                ("current_password".into(), "password.wrong_current".into()),
                "{r:?}"
            );
        }
        let r = change("Wrong-Password-1").await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "auth.account_locked"),
            "{r:?}"
        );
        // Locked for the login and for the password change alike, even with the right password.
        assert_eq!(change(PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            app.login("victim", PASSWORD).await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
);

both!(
    the_password_change_is_rate_limited_per_client,
    |c: &mut jiyuan_crm::config::Config| c.auth_rate_limit_per_minute = 2,
    |app: TestApp| async move {
        let id = app.user("hasty", &[Role::Salesman], None).await;
        let token = app.token_for(id);
        let attempt = || {
            TestRequest::post()
                .uri("/api/v1/me/password")
                .peer_addr("10.9.9.9:4000".parse().unwrap())
                .insert_header(("Authorization", format!("Bearer {token}")))
                .set_json(json!({"current_password": "x", "new_password": "short"}))
        };
        for _ in 0..2 {
            assert_eq!(
                app.send(attempt()).await.status,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        let r = app.send(attempt()).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::TOO_MANY_REQUESTS, "auth.rate_limited")
        );
    }
);

both!(
    behind_a_trusted_proxy_the_forwarded_client_is_limited,
    |c: &mut jiyuan_crm::config::Config| {
        c.auth_rate_limit_per_minute = 2;
        c.trusted_proxies = "10.0.0.0/8".into();
    },
    |app: TestApp| async move {
        let attempt = |peer: &str, forwarded: &str| {
            TestRequest::post()
                .uri("/api/v1/auth/login")
                .peer_addr(format!("{peer}:4000").parse().unwrap())
                .insert_header(("X-Forwarded-For", forwarded.to_string()))
                .set_json(json!({"username": "x", "password": "Wrong-Password-1"}))
        };
        // Two clients behind the proxy are two clients.
        for _ in 0..2 {
            assert_eq!(
                app.send(attempt("10.0.0.2", "198.51.100.1")).await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            app.send(attempt("10.0.0.2", "198.51.100.1")).await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            app.send(attempt("10.0.0.2", "198.51.100.2")).await.status,
            StatusCode::UNAUTHORIZED
        );
        // A client outside the proxy cannot escape its limit by forging the header.
        for forged in ["192.0.2.1", "192.0.2.2"] {
            assert_eq!(
                app.send(attempt("203.0.113.5", forged)).await.status,
                StatusCode::UNAUTHORIZED
            );
        }
        let r = app.send(attempt("203.0.113.5", "192.0.2.3")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    }
);

/// The refresh token in a `Set-Cookie` answer, after checking the cookie's protections.
fn refresh_cookie(r: &crate::common::Resp) -> String {
    let set = r
        .headers
        .get("set-cookie")
        .unwrap_or_else(|| panic!("no cookie: {r:?}"))
        .to_str()
        .unwrap()
        .to_string();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
        assert!(set.contains(part), "{part} missing: {set}");
    }
    let value = set
        .split(';')
        .next()
        .unwrap()
        .strip_prefix("jiyuan_refresh=")
        .unwrap()
        .to_string();
    value
}

both!(
    the_web_app_keeps_its_refresh_token_in_an_http_only_cookie,
    |app: TestApp| async move {
        app.user("webuser", &[Role::Salesman], None).await;
        let r = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"username": "webuser", "password": PASSWORD, "refresh_cookie": true}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert!(
            r.body.get("refresh_token").is_none(),
            "not readable by script: {r:?}"
        );
        assert!(r.body["access_token"].is_string());
        let first = refresh_cookie(&r);
        let with_cookie = |value: String, body: serde_json::Value, path: &'static str| {
            TestRequest::post()
                .uri(path)
                .insert_header(("Cookie", format!("theme=light; jiyuan_refresh={value}")))
                .set_json(body)
        };
        // Refresh from the cookie: a new cookie, a new access token, nothing in the body.
        let r = app
            .send(with_cookie(
                first.clone(),
                json!({}),
                "/api/v1/auth/refresh",
            ))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert!(r.body.get("refresh_token").is_none());
        let second = refresh_cookie(&r);
        assert_ne!(first, second);
        // The used cookie again: refused, the family revoked, the cookie cleared.
        let r = app
            .send(with_cookie(first, json!({}), "/api/v1/auth/refresh"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let cleared = r.headers.get("set-cookie").unwrap().to_str().unwrap();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        let r = app
            .send(with_cookie(second, json!({}), "/api/v1/auth/refresh"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "reuse ended the family");
        // Without a cookie or a token there is nothing to refresh.
        let r = app.post("/api/v1/auth/refresh", None, json!({})).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::UNAUTHORIZED, "auth.invalid_refresh_token")
        );

        // Log in again; logging out with the cookie ends the session and clears the cookie.
        let r = app
            .post(
                "/api/v1/auth/login",
                None,
                json!({"username": "webuser", "password": PASSWORD, "refresh_cookie": true}),
            )
            .await;
        let third = refresh_cookie(&r);
        let r = app
            .send(with_cookie(third.clone(), json!({}), "/api/v1/auth/logout"))
            .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        assert!(r
            .headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        let r = app
            .send(with_cookie(third, json!({}), "/api/v1/auth/refresh"))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);

        // API clients keep the token in the body, as before.
        let r = app.login("webuser", PASSWORD).await;
        assert!(r.body["refresh_token"].is_string());
        assert!(r.headers.get("set-cookie").is_none());
    }
);
