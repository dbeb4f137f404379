//! Credit reviews end to end, on both databases, with figures computed by hand: the campaign
//! of the latest review month gathers every customer with credit in the background, proposes
//! an upgrade (no late payment, 80 % used), a downgrade (paid 75 days late) and keep (no use);
//! the business department fills the form (refused when the grade disagrees or the raise is
//! the GM's), the VP approves the campaign with an exception and rejects it apart, nobody
//! decides his own review; the result is on the credit profile with its history, notified to
//! the owner and finance; salesmen see their own customers only. The scheduled start happens on
//! the review month's first working day only, once.

use actix_web::http::{Method, StatusCode};
use chrono::{Datelike, NaiveDate};
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::credit_reviews::service;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};

/// The latest review month (June, December) not after today, `YYYY-MM`, and its period.
fn month_of(today: NaiveDate) -> (String, String, String) {
    let (y, m) = match today.month() {
        12 => (today.year(), 12),
        6..=11 => (today.year(), 6),
        _ => (today.year() - 1, 12),
    };
    let (from, to) = if m == 12 {
        (format!("{y}-06-01"), format!("{y}-11-30"))
    } else {
        (format!("{}-12-01", y - 1), format!("{y}-05-31"))
    };
    (format!("{y}-{m:02}"), from, to)
}

struct Cast {
    s1: String,
    s2: String,
    staff: String,
    vp: String,
    both_hats: String,
    finance_id: i64,
    s1_id: i64,
    up: i64,
    down: i64,
    keep: i64,
}

async fn customer(app: &TestApp, token: &str, name: &str) -> i64 {
    let r = app
        .post("/api/v1/customers", Some(token), json!({ "name": name }))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.body["id"].as_i64().unwrap()
}

/// A signed open-account contract with receivables (issued, due, amount, paid on).
async fn ledger(
    app: &TestApp,
    customer: i64,
    number: &str,
    lines: &[(&str, &str, i64, Option<&str>)],
) {
    let ts = "'2026-01-01 00:00:00'";
    let mut sql = format!(
        "INSERT INTO contracts (number, customer_id, status, signed_on, credit_period_days, credit_form,
             amount_fen, list_amount_fen, created_at, updated_at)
         VALUES ('{number}', {customer}, 'signed', '2025-01-01', 30, 'open_account', 0, 0, {ts}, {ts});"
    );
    for (i, (issued, due, amount, paid)) in lines.iter().enumerate() {
        let allocated = if paid.is_some() { *amount } else { 0 };
        sql += &format!(
            "INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
             SELECT customer_id, id, '{issued}', '{due}', {amount}, {allocated}, 0, {ts} FROM contracts WHERE number = '{number}';"
        );
        if let Some(paid) = paid {
            let bank = format!("{number}-{i}");
            sql += &format!(
                "INSERT INTO payments (customer_id, received_on, amount_fen, method, bank_ref, allocated_fen, created_at)
                 VALUES ({customer}, '{paid}', {amount}, 'bank_transfer', '{bank}', {amount}, {ts});
                 INSERT INTO allocations (payment_id, receivable_id, amount_fen, received_on, created_at)
                 SELECT p.id, r.id, {amount}, '{paid}', {ts} FROM payments p, receivables r
                  WHERE p.bank_ref = '{bank}' AND r.customer_id = {customer} AND r.due_date = '{due}' AND r.amount_fen = {amount};"
            );
        }
    }
    app.sql(&sql).await;
}

async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let office = app
        .post(
            "/api/v1/offices",
            Some(&admin),
            json!({"code": "RV", "name": "评审办事处"}),
        )
        .await;
    let office = office.body["id"].as_i64().unwrap();
    let s1_id = app.user("s1", &[Role::Salesman], Some(office)).await;
    let s1 = app.token_for(s1_id);
    let s2 = app.token_for(app.user("s2", &[Role::Salesman], Some(office)).await);
    let up = customer(app, &s1, "升级测试有限公司").await;
    let down = customer(app, &s2, "降级测试有限公司").await;
    let keep = customer(app, &s2, "维持测试有限公司").await;
    let none = customer(app, &s2, "无信用测试有限公司").await;
    // 1万元 at grade A, 90 days (grant_credit); the fourth customer's approval has expired.
    for c in [up, down, keep, none] {
        app.grant_credit(c, 1_000_000).await;
    }
    app.sql(&format!(
        "UPDATE credit_profiles SET valid_until = '2020-12-31' WHERE customer_id = {none}"
    ))
    .await;
    let (month, from, _) = month_of(app.state.today());
    let y: i32 = month[..4].parse().unwrap();
    let inside = |md: &str| {
        format!(
            "{}-{md}",
            from[..4].parse::<i32>().unwrap() + i32::from(md < "06")
        )
    };
    // Upgrade: paid before due; 8,000 yuan open and not due (80 % of the limit).
    ledger(
        app,
        up,
        "RV-UP",
        &[
            (
                &inside("07-01"),
                &inside("08-01"),
                500_000,
                Some(&inside("07-25")),
            ),
            (&inside("11-01"), &format!("{}-06-01", y + 1), 800_000, None),
        ],
    )
    .await;
    // Downgrade: due on 08-01, paid 75 days later on 10-15.
    ledger(
        app,
        down,
        "RV-DOWN",
        &[(
            &inside("07-01"),
            &inside("08-01"),
            200_000,
            Some(&inside("10-15")),
        )],
    )
    .await;
    let finance_id = app.user("fin", &[Role::Finance], None).await;
    Cast {
        s1,
        s2,
        staff: app.as_role("staff", &[Role::BusinessStaff]).await.1,
        vp: app.as_role("vp", &[Role::VicePresident]).await.1,
        both_hats: app
            .as_role("bmvp", &[Role::BusinessManager, Role::VicePresident])
            .await
            .1,
        finance_id,
        s1_id,
        up,
        down,
        keep,
    }
}

/// Wait for the background gathering to finish; the campaign.
async fn gathered(app: &TestApp, token: &str, id: i64) -> Value {
    for _ in 0..400 {
        let r = app
            .get(&format!("/api/v1/credit/reviews/{id}"), token)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        if r.body["status"] != "generating" {
            return r.body;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the campaign was not gathered in 10 s");
}

async fn items(app: &TestApp, token: &str, id: i64, query: &str) -> Vec<Value> {
    let r = app
        .get(
            &format!("/api/v1/credit/reviews/{id}/items?page_size=100{query}"),
            token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body["items"].as_array().unwrap().clone()
}

fn of(items: &[Value], customer: i64) -> Value {
    items
        .iter()
        .find(|i| i["customer_id"] == customer)
        .cloned()
        .unwrap_or_else(|| panic!("customer {customer} not in {items:?}"))
}

async fn fill(
    app: &TestApp,
    token: &str,
    review: i64,
    item: &Value,
    form: Value,
) -> crate::common::Resp {
    let mut body = form;
    body["version"] = item["version"].clone();
    app.call(
        Method::PUT,
        &format!("/api/v1/credit/reviews/{review}/items/{}", item["id"]),
        Some(token),
        Some(body),
    )
    .await
}

/// The VP's (or anyone's) decision on an item, with the form's version as it stands now.
async fn decide(
    app: &TestApp,
    reader: &str,
    token: &str,
    review: i64,
    item: &Value,
    body: Value,
) -> crate::common::Resp {
    let now = app
        .get(
            &format!("/api/v1/credit/reviews/{review}/items/{}", item["id"]),
            reader,
        )
        .await;
    let mut body = body;
    body["version"] = now.body["version"].clone();
    app.post(
        &format!(
            "/api/v1/credit/reviews/{review}/items/{}/decision",
            item["id"]
        ),
        Some(token),
        body,
    )
    .await
}

both!(
    a_campaign_from_proposal_to_profile,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let today = app.state.today();
        let (month, from, to) = month_of(today);

        // Refusals: not a review month, after this month; the salesman may not start one.
        for (m, why) in [
            ("2026-07", "not a review month"),
            ("2099-12", "after this month"),
        ] {
            let r = app
                .post(
                    "/api/v1/credit/reviews",
                    Some(&c.staff),
                    json!({"review_month": m}),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}: {r:?}");
            assert_eq!(
                field_codes(&r),
                [("review_month".into(), "review.month".into())]
            );
        }
        let r = app
            .post(
                "/api/v1/credit/reviews",
                Some(&c.s1),
                json!({"review_month": month}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");

        let r = app
            .post(
                "/api/v1/credit/reviews",
                Some(&c.vp),
                json!({"review_month": month}),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{r:?}");
        assert_eq!(
            r.body["total"], 3,
            "three customers with valid credit: {r:?}"
        );
        assert_eq!(
            (r.body["period_from"].as_str(), r.body["period_to"].as_str()),
            (Some(from.as_str()), Some(to.as_str()))
        );
        let id = r.body["id"].as_i64().unwrap();
        let again = app
            .post(
                "/api/v1/credit/reviews",
                Some(&c.staff),
                json!({"review_month": month}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{again:?}");

        let review = gathered(&app, &c.vp, id).await;
        assert_eq!(review["status"], "open", "{review}");
        assert_eq!(
            (review["done"].as_i64(), review["total"].as_i64()),
            (Some(3), Some(3))
        );
        assert_eq!(
            review["proposals"],
            json!({"upgrade": 1, "keep": 1, "downgrade": 1})
        );
        assert_eq!(review["counts"]["proposed"], 3);
        // Gathering again creates nothing twice.
        let done = app
            .state
            .db(move |conn| service::gather_slice(conn, id))
            .await
            .unwrap();
        assert!(done);
        let all = items(&app, &c.staff, id, "").await;
        assert_eq!(all.len(), 3);

        // By hand, period of 183 days. Upgrade: sales 5,000 + 8,000 yuan; open 8,000 = 80 % of
        // 10,000; DSO 800,000 × 183 / 1,300,000 = 112; AA, limit capped at the VP's 100 万, 60 days.
        let up = of(&all, c.up);
        assert_eq!(up["sales_fen"], 1_300_000);
        assert_eq!(up["open_ar_fen"], 800_000);
        assert_eq!(up["overdue_fen"], 0);
        assert_eq!(up["utilisation_pct"], 80);
        assert_eq!(up["dso_days"], 112);
        assert_eq!(
            (
                up["late_receivables"].as_i64(),
                up["worst_days_late"].as_i64()
            ),
            (Some(0), Some(0))
        );
        assert_eq!(up["proposal"], "upgrade");
        assert_eq!(up["proposed_grade"], "AA");
        assert_eq!(up["proposed_limit_fen"], 100_000_000);
        assert_eq!(
            up["proposed_period_days"], 90,
            "never below the current 90 days"
        );
        assert_eq!(up["reasons"], json!(["good_payment_high_use"]));
        // Downgrade: one receivable paid 75 days late (08-01 → 10-15); nothing open.
        let down = of(&all, c.down);
        assert_eq!(
            (
                down["late_receivables"].as_i64(),
                down["worst_days_late"].as_i64()
            ),
            (Some(1), Some(75))
        );
        assert_eq!(down["proposal"], "downgrade");
        assert_eq!(down["proposed_grade"], "B");
        assert_eq!(
            down["proposed_limit_fen"], 1_000_000,
            "never above the current limit"
        );
        assert_eq!(down["proposed_period_days"], 30);
        assert_eq!(down["reasons"], json!(["late_payment"]));
        assert_eq!(down["dso_days"], 0);
        let keep = of(&all, c.keep);
        assert_eq!(keep["proposal"], "keep");
        assert_eq!(
            (keep["dso_days"].clone(), keep["utilisation_pct"].clone()),
            (Value::Null, json!(0))
        );

        // Scope: each salesman sees his own customers' forms only.
        let mine = items(&app, &c.s1, id, "").await;
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["customer_id"], c.up);
        let r = app
            .get(
                &format!("/api/v1/credit/reviews/{id}/items/{}", down["id"]),
                &c.s1,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{r:?}");
        assert_eq!(
            items(&app, &c.staff, id, "&proposal=downgrade").await.len(),
            1
        );

        // The form: the grade must agree with the decision; a raise above the GM's amount is his.
        let r = fill(&app, &c.staff, id, &up, json!({"decision": "upgrade", "new_grade": "A", "new_limit_fen": 100_000_000, "new_period_days": 60, "opinion": "好"})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(
            field_codes(&r),
            [("new_grade".into(), "review.grade_mismatch".into())]
        );
        let r = fill(&app, &c.staff, id, &up, json!({"decision": "upgrade", "new_grade": "AA", "new_limit_fen": 100_000_001, "new_period_days": 60, "opinion": " "})).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(
            field_codes(&r),
            [
                ("new_limit_fen".into(), "review.needs_gm".into()),
                ("opinion".into(), "required".into())
            ]
        );
        // The VP decides, he does not fill the form; the staff does not decide.
        let r = fill(&app, &c.vp, id, &up, json!({"decision": "keep", "new_grade": "A", "new_limit_fen": 1_000_000, "new_period_days": 90, "opinion": "维持"})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        let r = decide(&app, &c.staff, &c.vp, id, &up, json!({"approve": true})).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not reviewed yet: {r:?}"
        );

        let r = fill(&app, &c.staff, id, &up, json!({"decision": "upgrade", "new_grade": "AA", "new_limit_fen": 100_000_000, "new_period_days": 60, "opinion": "回款及时，额度使用充分"})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["status"], "reviewed");
        // A second fill from the stale version is refused.
        let r = fill(&app, &c.staff, id, &up, json!({"decision": "keep", "new_grade": "A", "new_limit_fen": 1_000_000, "new_period_days": 90, "opinion": "维持"})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
        let r = fill(&app, &c.staff, id, &down, json!({"decision": "downgrade", "new_grade": "B", "new_limit_fen": 1_000_000, "new_period_days": 30, "opinion": "逾期75天付款"})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // Someone who is business manager and VP fills the third form: he may not decide it.
        let r = fill(&app, &c.both_hats, id, &keep, json!({"decision": "keep", "new_grade": "A", "new_limit_fen": 1_000_000, "new_period_days": 90, "opinion": "维持"})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = decide(
            &app,
            &c.staff,
            &c.both_hats,
            id,
            &keep,
            json!({"approve": true}),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        assert_eq!(code(&r), "approval.self_approval");

        // A decision on a form read before it was saved again is refused.
        let r = app
            .post(
                &format!("/api/v1/credit/reviews/{id}/items/{}/decision", down["id"]),
                Some(&c.vp),
                json!({"approve": true, "version": down["version"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{r:?}");
        assert_eq!(code(&r), "conflict.stale_version");
        // The campaign at once, from a list read before the forms were saved: nothing is
        // approved unseen.
        let batch = |before: String| {
            let (app, token) = (&app, c.both_hats.clone());
            let body = json!({"except": [down["id"]], "note": "同意", "reviewed_before": before});
            async move {
                app.post(
                    &format!("/api/v1/credit/reviews/{id}/approve"),
                    Some(&token),
                    body,
                )
                .await
            }
        };
        let r = batch("2026-01-01T00:00:00Z".into()).await;
        assert_eq!(
            r.body,
            json!({"approved": 0, "excepted": 1, "own": 1, "later": 1, "changed": 0})
        );
        // A limit decided for the upgraded customer after its form was filled: the form is not
        // applied over it, alone or in the batch, until the business department fills it again.
        app.sql(&format!(
            "UPDATE credit_profiles SET request_id = 77 WHERE customer_id = {}",
            c.up
        ))
        .await;
        let r = decide(&app, &c.staff, &c.vp, id, &up, json!({"approve": true})).await;
        assert_eq!(
            field_codes(&r),
            [("status".into(), "review.profile_changed".into())]
        );
        // The page as the VP reads it: the latest form saved is what the batch sends back.
        let read = || async {
            app.get(&format!("/api/v1/credit/reviews/{id}"), &c.both_hats)
                .await
                .body["last_reviewed_at"]
                .as_str()
                .expect("forms saved")
                .to_string()
        };
        let r = batch(read().await).await;
        assert_eq!(
            r.body,
            json!({"approved": 0, "excepted": 1, "own": 1, "later": 0, "changed": 1})
        );
        let again = app
            .get(
                &format!("/api/v1/credit/reviews/{id}/items/{}", up["id"]),
                &c.staff,
            )
            .await
            .body;
        let r = fill(&app, &c.staff, id, &again, json!({"decision": "upgrade", "new_grade": "AA", "new_limit_fen": 100_000_000, "new_period_days": 60, "opinion": "回款及时，额度使用充分"})).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // The downgrade excepted; the own review is left too.
        let r = batch(read().await).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            r.body,
            json!({"approved": 1, "excepted": 1, "own": 1, "later": 0, "changed": 0})
        );
        let r = decide(&app, &c.staff, &c.vp, id, &down, json!({"approve": false})).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a rejection says why: {r:?}"
        );
        assert_eq!(field_codes(&r), [("note".into(), "required".into())]);
        let r = decide(
            &app,
            &c.staff,
            &c.vp,
            id,
            &down,
            json!({"approve": false, "note": "再观察一期"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["status"], "rejected");
        let r = decide(&app, &c.staff, &c.vp, id, &down, json!({"approve": true})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "decided already: {r:?}");
        let r = decide(&app, &c.staff, &c.vp, id, &keep, json!({"approve": true})).await;
        assert_eq!(r.status, StatusCode::OK, "another VP decides it: {r:?}");

        let review = gathered(&app, &c.vp, id).await;
        assert_eq!(
            review["counts"],
            json!({"proposed": 0, "reviewed": 0, "approved": 2, "rejected": 1})
        );

        // Applied: the profile and its history; the downgrade was not.
        let credit = app
            .get(&format!("/api/v1/customers/{}/credit", c.up), &c.s1)
            .await;
        assert_eq!(credit.status, StatusCode::OK, "{credit:?}");
        assert_eq!(credit.body["grade"], "AA");
        assert_eq!(credit.body["approved_limit_fen"], 100_000_000);
        assert_eq!(credit.body["credit_period_days"], 60);
        let last = &credit.body["requests"][0];
        assert_eq!(
            (
                last["status"].as_str(),
                last["old_grade"].as_str(),
                last["new_grade"].as_str()
            ),
            (Some("approved"), Some("A"), Some("AA"))
        );
        assert_eq!(last["old_limit_fen"], 1_000_000);
        assert!(
            last["reason"]
                .as_str()
                .unwrap()
                .starts_with(&format!("信用评审 {month}")),
            "{last}"
        );
        let credit = app
            .get(&format!("/api/v1/customers/{}/credit", c.down), &c.s2)
            .await;
        assert_eq!(credit.body["grade"], "A");
        let history = app
            .get(&format!("/api/v1/customers/{}/credit-reviews", c.up), &c.s1)
            .await;
        assert_eq!(history.status, StatusCode::OK, "{history:?}");
        assert_eq!(history.body[0]["status"], "approved");
        assert_eq!(history.body[0]["applied_request_id"], last["id"]);
        let r = app
            .get(&format!("/api/v1/customers/{}/credit-reviews", c.up), &c.s2)
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{r:?}");

        // Told: the owner and finance.
        for (user, token) in [
            (c.s1_id, c.s1.clone()),
            (c.finance_id, app.token_for(c.finance_id)),
        ] {
            let r = app.get("/api/v1/notifications?page_size=50", &token).await;
            assert_eq!(r.status, StatusCode::OK, "{r:?}");
            let kinds: Vec<&str> = r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|n| n["kind"].as_str())
                .collect();
            assert!(
                kinds.contains(&"credit_review.applied"),
                "user {user}: {kinds:?}"
            );
        }
    }
);

both!(
    the_scheduled_start_is_once_on_the_first_working_day,
    |app: TestApp| async move {
        // 2026-06-01 is a Monday, the first working day of June; 06-02 is not the first.
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let started = app
            .state
            .db(move |c| service::start_if_due(c, d("2026-06-02")))
            .await
            .unwrap();
        assert_eq!(started, None);
        let started = app
            .state
            .db(move |c| service::start_if_due(c, d("2026-05-04")))
            .await
            .unwrap();
        assert_eq!(started, None, "May is no review month");
        let first = app
            .state
            .db(move |c| service::start_if_due(c, d("2026-06-01")))
            .await
            .unwrap();
        let id = first.expect("started on the first working day");
        let again = app
            .state
            .db(move |c| service::start_if_due(c, d("2026-06-01")))
            .await
            .unwrap();
        assert_eq!(again, None, "a second instance starts nothing");
        // Another instance cannot take over a campaign whose lease runs; the campaign finishes.
        let claimed = app.state.db(service::claim_stalled).await.unwrap();
        assert_eq!(claimed, None);
        while !app
            .state
            .db(move |c| service::gather_slice(c, id))
            .await
            .unwrap()
        {}
        let vp = app.as_role("vp", &[Role::VicePresident]).await.1;
        let r = app.get(&format!("/api/v1/credit/reviews/{id}"), &vp).await;
        assert_eq!(r.body["review_month"], "2026-06");
        assert_eq!(
            (r.body["period_from"].as_str(), r.body["period_to"].as_str()),
            (Some("2025-12-01"), Some("2026-05-31"))
        );
        assert_eq!(r.body["status"], "open");
        // A campaign that failed gives way to a new start of its month.
        app.sql(&format!(
            "UPDATE credit_reviews SET status = 'failed' WHERE id = {id}"
        ))
        .await;
        let again = app
            .state
            .db(move |c| service::start_if_due(c, d("2026-06-01")))
            .await
            .unwrap();
        assert!(again.is_some_and(|n| n != id), "{again:?}");
    }
);
