//! Fields that drive the rules belong to the role the measures name: the business manager
//! decides a customer's category and key-customer flag (with a reason, in the history and the
//! audit trail); the first-deal date comes from the first signed contract and only the business
//! department corrects it. A salesman's form carries neither.

use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};

struct Cast {
    salesman: String,
    staff: String,
    manager: String,
    vp: String,
    customer: i64,
}

async fn cast(app: &TestApp) -> Cast {
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
    let salesman = app.token_for(app.user("s1", &[Role::Salesman], Some(office)).await);
    let r = app
        .post(
            "/api/v1/customers",
            Some(&salesman),
            json!({"name": "分类测试有限公司"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    Cast {
        salesman,
        staff: app.as_role("staff", &[Role::BusinessStaff]).await.1,
        manager: app.as_role("bm", &[Role::BusinessManager]).await.1,
        vp: app.as_role("vp", &[Role::VicePresident]).await.1,
        customer: r.body["id"].as_i64().unwrap(),
    }
}

fn day(app: &TestApp, offset: i64) -> String {
    (app.state.today() + chrono::Duration::days(offset)).to_string()
}

async fn customer(app: &TestApp, token: &str, id: i64) -> Value {
    let r = app.get(&format!("/api/v1/customers/{id}"), token).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body
}

async fn changes(app: &TestApp, token: &str, id: i64) -> Vec<Value> {
    app.get(&format!("/api/v1/customers/{id}/changes"), token)
        .await
        .body
        .as_array()
        .unwrap()
        .clone()
}

both!(
    a_salesman_cannot_set_category_key_flag_or_first_deal,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let path = format!("/api/v1/customers/{}", c.customer);
        // The request: the owner moves his customer to big·C and backdates its first deal.
        let r = app
            .patch(
                &path,
                &c.salesman,
                json!({"version": 1, "category": "big", "first_deal_date": "2000-01-01"}),
            )
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::UNPROCESSABLE_ENTITY, "validation.failed"),
            "{r:?}"
        );
        assert_eq!(
            field_codes(&r)[0],
            ("category".into(), "unknown_field".into())
        );
        for (field, value) in [
            ("key_customer", json!(true)),
            ("first_deal_date", json!("2000-01-01")),
        ] {
            let r = app
                .patch(&path, &c.salesman, json!({"version": 1, field: value}))
                .await;
            assert_eq!(
                field_codes(&r),
                [(field.to_string(), "unknown_field".to_string())],
                "{r:?}"
            );
        }
        // Nor at registration.
        let r = app
            .post(
                "/api/v1/customers",
                Some(&c.salesman),
                json!({"name": "新客户", "category": "big", "key_customer": true}),
            )
            .await;
        assert_eq!(field_codes(&r)[0].0, "category");
        // Nothing changed.
        let after = customer(&app, &c.salesman, c.customer).await;
        assert_eq!(
            (
                after["category"].clone(),
                after["key_customer"].clone(),
                after["first_deal_date"].clone(),
                after["version"].clone()
            ),
            (json!("general"), json!(false), json!(null), json!(1))
        );
        // The actions are not his either.
        let r = app
            .post(
                &format!("{path}/classification"),
                Some(&c.salesman),
                json!({"version": 1, "category": "big", "key_customer": false, "reason": "大单"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                &format!("{path}/first-deal-date"),
                Some(&c.salesman),
                json!({"version": 1, "first_deal_date": "2000-01-01", "reason": "老客户"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(customer(&app, &c.salesman, c.customer).await["version"], 1);
    }
);

both!(
    the_business_manager_classifies_with_a_reason,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let path = format!("/api/v1/customers/{}/classification", c.customer);
        let body = |version: i64, reason: &str| json!({"version": version, "category": "big", "key_customer": true, "reason": reason});
        assert_eq!(
            app.post(&path, Some(&c.staff), body(1, "x")).await.status,
            StatusCode::FORBIDDEN,
            "the business staff does not decide it"
        );
        let r = app.post(&path, Some(&c.manager), body(1, " ")).await;
        assert_eq!(field_codes(&r), [("reason".into(), "required".into())]);
        let r = app.post(&path, Some(&c.manager), body(7, "x")).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.stale_version")
        );
        let r = app
            .post(&path, Some(&c.manager), body(1, "年协议金额超过 300 万元"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (
                r.body["category"].clone(),
                r.body["key_customer"].clone(),
                r.body["version"].clone()
            ),
            (json!("big"), json!(true), json!(2))
        );
        // The same decision again changes nothing and says so.
        let r = app.post(&path, Some(&c.manager), body(2, "再次")).await;
        assert_eq!(field_codes(&r), [("category".into(), "unchanged".into())]);

        // The owner sees the decision, its reason and who took it; the tier follows.
        let seen = customer(&app, &c.salesman, c.customer).await;
        assert_eq!(
            (seen["category"].clone(), seen["key_customer"].clone()),
            (json!("big"), json!(true))
        );
        let history = changes(&app, &c.salesman, c.customer).await;
        assert_eq!(
            (
                history[0]["kind"].clone(),
                history[0]["from_value"].clone(),
                history[0]["to_value"].clone(),
                history[0]["reason"].clone(),
                history[0]["actor_name"].clone()
            ),
            (
                json!("classification"),
                json!("general"),
                json!("big+key"),
                json!("年协议金额超过 300 万元"),
                json!("bm")
            )
        );
        let rating = app
            .get(
                &format!("/api/v1/customers/{}/rating", c.customer),
                &c.salesman,
            )
            .await;
        assert_eq!(rating.body["treatment"]["category"], "big", "{rating:?}");
        let audit = app
            .get("/api/v1/audit-events?action=customer.classify", &c.manager)
            .await;
        assert_eq!(audit.body["total"], 1, "{audit:?}");
        let event = &audit.body["items"][0];
        assert_eq!(
            (
                event["before"].clone(),
                event["after"].clone(),
                event["actor_name"].clone()
            ),
            (
                json!({"category": "general", "key_customer": false}),
                json!({"category": "big", "key_customer": true, "reason": "年协议金额超过 300 万元"}),
                json!("bm")
            )
        );
        // Above the business manager, the VP decides too.
        let r = app
            .post(
                &path,
                Some(&c.vp),
                json!({"version": 2, "category": "general", "key_customer": true, "reason": "协议金额回落"}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["category"].clone()),
            (StatusCode::OK, json!("general"))
        );
    }
);

/// A product (by the business manager) and a signed contract of the cast's customer: drafted
/// and submitted by the salesman, signed `signed_on` by the business staff's review.
async fn signed_contract(app: &TestApp, c: &Cast, product: i64, signed_on: &str) -> String {
    app.grant_credit(c.customer, 1_000_000_000).await;
    let r = app
        .post(
            "/api/v1/contracts",
            Some(&c.salesman),
            json!({"customer_id": c.customer, "credit_period_days": 30, "credit_form": "open_account",
                   "lines": [{"product_id": product, "quantity": 10, "price_fen": 10_000}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let (id, number) = (
        r.body["id"].as_i64().unwrap(),
        r.body["number"].as_str().unwrap().to_string(),
    );
    let r = app
        .post(
            &format!("/api/v1/contracts/{id}/submit"),
            Some(&c.salesman),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(r.body["status"], "in_review", "{r:?}");
    let r = app
        .post(
            &format!("/api/v1/contracts/{id}/review"),
            Some(&c.staff),
            json!({"version": 2, "outcome": "approved", "note": "", "signed_on": signed_on}),
        )
        .await;
    assert_eq!(r.body["status"], "signed", "{r:?}");
    number
}

both!(
    the_first_signed_contract_sets_the_first_deal_date,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let r = app
            .post(
                "/api/v1/products",
                Some(&c.manager),
                json!({"code": "P1", "name": "路灯", "unit": "套", "list_price_fen": 10_000, "effective_from": day(&app, -400)}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let product = r.body["id"].as_i64().unwrap();

        let k1 = signed_contract(&app, &c, product, &day(&app, -100)).await;
        assert_eq!(
            customer(&app, &c.salesman, c.customer).await["first_deal_date"],
            day(&app, -100)
        );
        // A later contract does not move it …
        signed_contract(&app, &c, product, &day(&app, -50)).await;
        assert_eq!(
            customer(&app, &c.salesman, c.customer).await["first_deal_date"],
            day(&app, -100)
        );
        // … an earlier one (signed late in the system) does.
        let k3 = signed_contract(&app, &c, product, &day(&app, -150)).await;
        let now = customer(&app, &c.salesman, c.customer).await;
        assert_eq!(now["first_deal_date"], day(&app, -150));
        let history = changes(&app, &c.salesman, c.customer).await;
        let deals: Vec<(Value, Value, Value)> = history
            .iter()
            .filter(|h| h["kind"] == "first_deal")
            .map(|h| {
                (
                    h["from_value"].clone(),
                    h["to_value"].clone(),
                    h["reason"].clone(),
                )
            })
            .collect();
        assert_eq!(
            deals,
            [
                (
                    json!(day(&app, -100)),
                    json!(day(&app, -150)),
                    json!(format!("合同 {k3} 签订 / contract {k3} signed"))
                ),
                (
                    json!(""),
                    json!(day(&app, -100)),
                    json!(format!("合同 {k1} 签订 / contract {k1} signed"))
                ),
            ]
        );

        // The business department corrects it, with a reason and within the rules.
        let path = format!("/api/v1/customers/{}/first-deal-date", c.customer);
        let version = now["version"].as_i64().unwrap();
        let correct = |token: &str, date: Value, reason: &str| {
            let (token, body) = (
                token.to_string(),
                json!({"version": version, "first_deal_date": date, "reason": reason}),
            );
            let (app, path) = (&app, path.clone());
            async move { app.post(&path, Some(&token), body).await }
        };
        let r = correct(&c.staff, json!("2019-05-10"), "").await;
        assert_eq!(field_codes(&r), [("reason".into(), "required".into())]);
        let r = correct(&c.staff, json!(day(&app, -120)), "签订日期录错").await;
        assert_eq!(
            field_codes(&r),
            [("first_deal_date".into(), "out_of_range".into())],
            "not after the first signed contract: {r:?}"
        );
        let r = correct(&c.staff, json!(day(&app, 1)), "x").await;
        assert_eq!(
            field_codes(&r),
            [("first_deal_date".into(), "out_of_range".into())]
        );
        let r = correct(&c.staff, json!(null), "没有成交").await;
        assert_eq!(
            field_codes(&r),
            [("first_deal_date".into(), "required".into())],
            "a customer with a signed contract keeps a first deal"
        );
        let r = app
            .post(
                &path,
                Some(&c.staff),
                json!({"version": version, "reason": "x"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("first_deal_date".into(), "required".into())]
        );
        let r = correct(
            &c.staff,
            json!("2019-05-10"),
            "首笔合同为系统上线前的纸质合同",
        )
        .await;
        assert_eq!(
            (r.status, r.body["first_deal_date"].clone()),
            (StatusCode::OK, json!("2019-05-10")),
            "{r:?}"
        );
        let history = changes(&app, &c.salesman, c.customer).await;
        assert_eq!(
            (
                history[0]["kind"].clone(),
                history[0]["to_value"].clone(),
                history[0]["reason"].clone(),
                history[0]["actor_name"].clone()
            ),
            (
                json!("first_deal"),
                json!("2019-05-10"),
                json!("首笔合同为系统上线前的纸质合同"),
                json!("staff")
            )
        );
        let audit = app
            .get(
                "/api/v1/audit-events?action=customer.first_deal",
                &c.manager,
            )
            .await;
        assert_eq!(audit.body["total"], 3, "two signings, one correction");
        assert_eq!(
            audit.body["items"][0]["after"],
            json!({"first_deal_date": "2019-05-10", "reason": "首笔合同为系统上线前的纸质合同"})
        );
        // A stale version is refused.
        let r = correct(&c.manager, json!("2019-01-01"), "x").await;
        assert_eq!(code(&r), "conflict.stale_version");
    }
);
