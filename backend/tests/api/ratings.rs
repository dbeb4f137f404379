//! Customer rating end to end on a hand-built ledger: a run computed in the background, each
//! customer's inputs, levels, points and grade checked by hand against the measures, scope,
//! overrides with reasons, submission, the VP's approval applying every grade at once,
//! immutability, rating history and treatment, revisits planned on working days, an ad hoc
//! re-rating, a resumed run, and a what-if that equals the run after the policy's approval.

use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{field_codes, Resp, TestApp};

const R: &str = "2026-06-30";

struct Cast {
    admin: String,
    s1: String,
    s2: String,
    bm: String,
    vp: String,
    od: String,
    /// 甲 乙 丙 丁 (office OA, salesman s1), 戊 (office OB, salesman s2), a prospect.
    c: [i64; 6],
}

async fn customer(app: &TestApp, token: &str, name: &str) -> i64 {
    let r = app
        .post("/api/v1/customers", Some(token), json!({"name": name}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.body["id"].as_i64().unwrap()
}

/// The ledger of the measures' worked rating example customers, rating date 2026-06-30, 12-month window
/// (from 2025-07-01), 30 days' grace — hand-computed in the comments.
async fn cast(app: &TestApp) -> Cast {
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
    let (oa, ob) = (office("OA").await, office("OB").await);
    let s1 = app.token_for(app.user("s1", &[Role::Salesman], Some(oa)).await);
    let s2 = app.token_for(app.user("s2", &[Role::Salesman], Some(ob)).await);
    let od = app.token_for(app.user("od", &[Role::OfficeDirector], Some(oa)).await);
    let mut c = [0; 6];
    for (i, name) in ["甲公司", "乙公司", "丙公司", "丁公司"].iter().enumerate() {
        c[i] = customer(app, &s1, name).await;
    }
    c[4] = customer(app, &s2, "戊公司").await;
    c[5] = customer(app, &s1, "潜在客户").await;
    let ts = "'2026-01-01 00:00:00'";
    let contract = |n: &str, cust: i64, signed: &str, amount_wan: i64, list_wan: i64| {
        format!(
            "INSERT INTO contracts (number, customer_id, status, signed_on, credit_period_days, credit_form,
                 amount_fen, list_amount_fen, created_at, updated_at)
             VALUES ('{n}', {cust}, 'signed', '{signed}', 30, 'open_account', {}, {}, {ts}, {ts});",
            amount_wan * 1_000_000,
            list_wan * 1_000_000
        )
    };
    let receivable = |n: &str, issued: &str, due: &str, wan: i64, paid_wan: i64| {
        format!(
            "INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
             SELECT customer_id, id, '{issued}', '{due}', {}, {}, 0, {ts} FROM contracts WHERE number = '{n}';",
            wan * 1_000_000,
            paid_wan * 1_000_000
        )
    };
    let payment = |n: &str, due: &str, on: &str, wan: i64| {
        format!(
            "INSERT INTO payments (customer_id, received_on, amount_fen, method, bank_ref, allocated_fen, created_at)
             SELECT customer_id, '{on}', {f}, 'bank_transfer', '{n}-{on}', {f}, {ts} FROM contracts WHERE number = '{n}';
             INSERT INTO allocations (payment_id, receivable_id, amount_fen, received_on, created_at)
             SELECT (SELECT MAX(id) FROM payments), r.id, {f}, '{on}', {ts}
             FROM receivables r JOIN contracts k ON k.id = r.contract_id WHERE k.number = '{n}' AND r.due_date = '{due}';",
            f = wan * 1_000_000
        )
    };
    let mut sql = String::new();
    // 甲: 600万 at list 500万 (premium 20 %), a receivable of 8万 open but not late, industry
    // leader → L1 ×4 = 100 → A; ≥ 300万 → big suggested.
    sql += &format!(
        "UPDATE customers SET first_deal_date = '2020-01-01' WHERE id = {};",
        c[0]
    );
    sql += &contract("K-A", c[0], "2025-09-01", 600, 500);
    sql += &receivable("K-A", "2026-05-01", "2026-06-20", 8, 0);
    // 乙: 250万 at list 240万 (4.17 % → L3); 50万 due 2025-10-01 paid 2025-11-15, 45 days late
    // → amount L4; 60万 open → L3; influence "key" (a later "ordinary" is after the date) → L2.
    // 10 + 15 + 15 + 20 = 60 → C.
    sql += &format!(
        "UPDATE customers SET first_deal_date = '2023-03-01' WHERE id = {};",
        c[1]
    );
    sql += &contract("K-B", c[1], "2026-01-15", 250, 240);
    sql += &receivable("K-B", "2025-09-01", "2025-10-01", 50, 50);
    sql += &payment("K-B", "2025-10-01", "2025-11-15", 50);
    sql += &receivable("K-B", "2026-05-01", "2026-06-15", 60, 0);
    // 丙: first deal = its first contract 2025-10-15 (8½ months): new customer → C whatever its
    // 520万 at list 400万 (L1), nothing open (L1), not assessed (L4): 25 + 25 + 25 + 10 = 85.
    sql += &contract("K-C", c[2], "2025-10-15", 520, 400);
    // 丁: first deal 2026-04-01, under 6 months → not rated.
    sql += &format!(
        "UPDATE customers SET first_deal_date = '2026-04-01' WHERE id = {};",
        c[3]
    );
    sql += &contract("K-D", c[3], "2026-04-01", 80, 80);
    // Its 20万 due 2026-04-20 was paid in time (04-25), the payment bounced and was reversed on
    // 06-01 (after the grace ended 05-20) and paid again 06-10: late once, nothing open.
    sql += &receivable("K-D", "2026-04-01", "2026-04-20", 20, 20);
    sql += &payment("K-D", "2026-04-20", "2026-04-25", 20);
    sql += "UPDATE payments SET reversed_on = '2026-06-01', allocated_fen = 0 WHERE bank_ref = 'K-D-2026-04-25';
            UPDATE allocations SET reversed_on = '2026-06-01' WHERE received_on = '2026-04-25';";
    sql += &payment("K-D", "2026-04-20", "2026-06-10", 20);
    // 戊 (office OB): 60万 signed on the window's first day counts, 1000万 the day before does
    // not (L3, 15); 30万 due 2025-05-15, 10万 paid 2025-06-10, still 20万 open when the window
    // opened → late → amount L4 (10); 20万 open → L2 (20); premium 0 → L4 (10); ordinary → L3
    // (15): 55 → C.
    sql += &format!(
        "UPDATE customers SET first_deal_date = '2019-01-01' WHERE id = {};",
        c[4]
    );
    sql += &contract("K-E", c[4], "2025-07-01", 60, 60);
    sql += &contract("K-E0", c[4], "2025-06-30", 1000, 900);
    sql += &receivable("K-E0", "2025-04-15", "2025-05-15", 30, 10);
    sql += &payment("K-E0", "2025-05-15", "2025-06-10", 10);
    app.sql(&sql).await;
    let bm = app.as_role("bm", &[Role::BusinessManager]).await.1;
    for (cust, level, on) in [
        (c[0], "industry_leader", "2026-01-10"),
        (c[1], "key", "2026-02-01"),
        (c[1], "ordinary", "2026-08-01"),
        (c[4], "ordinary", "2025-12-01"),
    ] {
        let r = app
            .post(
                &format!("/api/v1/customers/{cust}/influence"),
                Some(&bm),
                json!({"level": level, "reason": "行业地位评估", "assessed_on": on}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    }
    Cast {
        admin,
        s1,
        s2,
        bm,
        vp: app.as_role("vp", &[Role::VicePresident]).await.1,
        od,
        c,
    }
}

/// Start a run and wait for the background job to finish computing it.
async fn run(app: &TestApp, token: &str, body: Value) -> Value {
    let r = app.post("/api/v1/rating-runs", Some(token), body).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{r:?}");
    let id = r.body["id"].as_i64().unwrap();
    wait(app, token, id).await
}

async fn wait(app: &TestApp, token: &str, id: i64) -> Value {
    for _ in 0..400 {
        let r = app.get(&format!("/api/v1/rating-runs/{id}"), token).await;
        if r.body["status"] != "computing" {
            return r.body;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("run {id} still computing");
}

async fn results(app: &TestApp, token: &str, run: i64, query: &str) -> Resp {
    let r = app
        .get(&format!("/api/v1/rating-runs/{run}/results?{query}"), token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r
}

fn by_customer(r: &Resp, id: i64) -> Value {
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["customer_id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no result for {id}: {r:?}"))
}

async fn decide(app: &TestApp, token: &str, approval: &Value, approve: bool) -> Resp {
    let verb = if approve { "approve" } else { "reject" };
    app.post(
        &format!("/api/v1/approvals/{}/{verb}", approval.as_i64().unwrap()),
        Some(token),
        json!({"comment": "同意"}),
    )
    .await
}

both!(
    a_rating_run_is_computed_reviewed_approved_and_applied,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let run1 = run(
            &app,
            &c.bm,
            json!({"rating_date": R, "note": "2026 年中评级"}),
        )
        .await;
        assert_eq!(
            (
                run1["status"].clone(),
                run1["total"].clone(),
                run1["done"].clone()
            ),
            (json!("draft"), json!(5), json!(5)),
            "every customer with a deal, not the prospect: {run1}"
        );
        assert_eq!(
            run1["grades"],
            json!({"a": 1, "b": 0, "c": 3, "not_rated": 1})
        );
        let id = run1["id"].as_i64().unwrap();
        let all = results(&app, &c.bm, id, "page_size=50").await;
        assert_eq!(all.body["total"], 5);
        let row = |i: usize| by_customer(&all, c.c[i]);
        let summary = |v: &Value| {
            (
                [
                    v["contract_amount"]["level"].as_i64().unwrap(),
                    v["receivables"]["level"].as_i64().unwrap(),
                    v["premium"]["level"].as_i64().unwrap(),
                    v["strategic_influence"]["level"].as_i64().unwrap(),
                ],
                v["total_points"].as_i64().unwrap(),
                v["eligibility"].as_str().unwrap().to_string(),
                v["proposed_grade"].clone(),
            )
        };
        assert_eq!(
            summary(&row(0)),
            ([1, 1, 1, 1], 100, "rated".into(), json!("A"))
        );
        assert_eq!(
            summary(&row(1)),
            ([4, 3, 3, 2], 60, "rated".into(), json!("C"))
        );
        assert_eq!(
            summary(&row(2)),
            ([1, 1, 1, 4], 85, "new_customer".into(), json!("C"))
        );
        assert_eq!(summary(&row(3)).2, "not_rated");
        assert_eq!(
            (
                row(3)["late_receivables"].clone(),
                row(3)["open_receivables_fen"].clone()
            ),
            (json!(1), json!(0)),
            "a payment reversed after the grace period leaves the receivable late"
        );
        assert_eq!(row(3)["proposed_grade"], Value::Null);
        assert_eq!(
            summary(&row(4)),
            ([4, 2, 4, 3], 55, "rated".into(), json!("C"))
        );
        // The inputs behind them.
        assert_eq!(
            (
                row(0)["contract_amount_fen"].clone(),
                row(0)["premium_bp"].clone(),
                row(0)["suggested_category"].clone()
            ),
            (json!(600_000_000), json!(2000), json!("big"))
        );
        assert_eq!(
            (
                row(1)["late_receivables"].clone(),
                row(1)["open_receivables_fen"].clone(),
                row(1)["influence"].clone()
            ),
            (json!(1), json!(60_000_000), json!("key"))
        );
        assert_eq!(row(2)["first_deal_date"], "2025-10-15");
        assert_eq!(
            (
                row(4)["contract_amount_fen"].clone(),
                row(4)["late_receivables"].clone(),
                row(4)["open_receivables_fen"].clone()
            ),
            (json!(60_000_000), json!(1), json!(20_000_000))
        );
        // Explanations a manager reads, in both languages.
        assert_eq!(
            row(0)["explanation"]["zh"][0],
            "协议金额 600 万元 ≥ 500 万元且及时回款 → 第1档 25分"
        );
        assert!(row(1)["explanation"]["zh"][0]
            .as_str()
            .unwrap()
            .contains("1 笔应收账款逾期超过 30 天 → 第4档 10分"));
        assert!(row(2)["explanation"]["en"][4]
            .as_str()
            .unwrap()
            .contains("new customer, grade C"));
        assert!(row(3)["explanation"]["zh"][4]
            .as_str()
            .unwrap()
            .contains("不评级"));

        // Scope: a salesman sees his own customers' results, the office director the office's.
        assert_eq!(results(&app, &c.s1, id, "").await.body["total"], 4);
        assert_eq!(results(&app, &c.s2, id, "").await.body["total"], 1);
        assert_eq!(results(&app, &c.od, id, "").await.body["total"], 4);
        let s2_run = app.get(&format!("/api/v1/rating-runs/{id}"), &c.s2).await;
        assert_eq!(
            s2_run.body["grades"],
            json!({"a": 0, "b": 0, "c": 1, "not_rated": 0})
        );
        // The rating table in Excel, under the reader's scope.
        let r = app
            .get(&format!("/api/v1/rating-runs/{id}/results.xlsx"), &c.s1)
            .await;
        assert_eq!(r.status, StatusCode::OK);
        {
            use calamine::Reader;
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes)).unwrap();
            let sheet = book.worksheet_range("客户评级").unwrap();
            let rows: Vec<Vec<String>> = sheet
                .rows()
                .skip(3)
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(rows.len(), 4, "the salesman's four customers");
            let jia = rows.iter().find(|r| r[1] == "甲公司").unwrap();
            assert_eq!((jia[12].as_str(), jia[13].as_str()), ("100", "A"));
            assert!(jia[19].starts_with("协议金额 600 万元"), "{jia:?}");
        }
        let offices = app
            .get(&format!("/api/v1/rating-runs/{id}/by-office"), &c.bm)
            .await;
        assert_eq!(offices.body.as_array().unwrap().len(), 2, "{offices:?}");

        // Overrides need a reason and stand beside the computed grade.
        let path = |cust: i64| format!("/api/v1/rating-runs/{id}/results/{cust}");
        let r = app
            .patch(&path(c.c[1]), &c.bm, json!({"grade": "B", "reason": " "}))
            .await;
        assert_eq!(field_codes(&r), [("reason".into(), "required".into())]);
        let r = app
            .patch(
                &path(c.c[1]),
                &c.bm,
                json!({"grade": "B", "reason": "逾期已结清，大额订单在谈"}),
            )
            .await;
        assert_eq!(
            (
                r.body["proposed_grade"].clone(),
                r.body["final_grade"].clone(),
                r.body["override_reason"].clone()
            ),
            (json!("C"), json!("B"), json!("逾期已结清，大额订单在谈")),
            "{r:?}"
        );
        let r = app
            .patch(
                &path(c.c[0]),
                &c.bm,
                json!({"category": "big", "reason": "协议金额超过 300 万"}),
            )
            .await;
        assert_eq!(
            (
                r.body["final_grade"].clone(),
                r.body["final_category"].clone(),
                r.body["changed"].clone()
            ),
            (json!("A"), json!("big"), json!(true))
        );
        let overridden = results(&app, &c.bm, id, "overridden=true").await;
        assert_eq!(overridden.body["total"], 2);

        // Submit (a stale version is refused), then nothing changes until the VP approves.
        let version = app
            .get(&format!("/api/v1/rating-runs/{id}"), &c.bm)
            .await
            .body["version"]
            .clone();
        let stale = app
            .post(
                &format!("/api/v1/rating-runs/{id}/submit"),
                Some(&c.bm),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{stale:?}");
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{id}/submit"),
                Some(&c.bm),
                json!({"version": version}),
            )
            .await;
        assert_eq!(r.body["status"], "submitted", "{r:?}");
        let approval = r.body["approval_id"].clone();
        let r = app
            .patch(&path(c.c[1]), &c.bm, json!({"grade": "A", "reason": "x"}))
            .await;
        assert_eq!(field_codes(&r), [("status".into(), "rating.status".into())]);
        let customer = |i: usize| {
            let app = &app;
            let token = c.s1.clone();
            let id = c.c[i];
            async move {
                app.get(&format!("/api/v1/customers/{id}"), &token)
                    .await
                    .body
            }
        };
        assert_eq!(customer(0).await["grade"], Value::Null);
        let inbox = app.get("/api/v1/approvals?box=inbox", &c.vp).await;
        assert_eq!(inbox.body["items"][0]["kind"], "rating_run", "{inbox:?}");
        // A holiday on the day 甲's first quarterly visit would fall on (when a weekday): the
        // plan moves it to the next working day of the company calendar.
        let quarter = app
            .state
            .today()
            .checked_add_months(chrono::Months::new(3))
            .unwrap();
        if chrono::Datelike::weekday(&quarter).number_from_monday() <= 5 {
            let admin = &c.admin;
            let r = app
                .send(
                    actix_web::test::TestRequest::put()
                        .uri(&format!("/api/v1/calendar/{}", chrono::Datelike::year(&quarter)))
                        .insert_header(("Authorization", format!("Bearer {admin}")))
                        .set_json(json!({"days": [{"date": quarter, "kind": "holiday", "name": "测试假日"}]})),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{r:?}");
        }
        // The VP approves: every grade and category at once.
        let r = decide(&app, &c.vp, &approval, true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let after = app
            .get(&format!("/api/v1/rating-runs/{id}"), &c.bm)
            .await
            .body;
        assert_eq!(after["status"], "approved");
        assert_eq!(
            (
                customer(0).await["grade"].clone(),
                customer(0).await["category"].clone()
            ),
            (json!("A"), json!("big"))
        );
        assert_eq!(customer(1).await["grade"], "B", "the override applies");
        assert_eq!(customer(2).await["grade"], "C");
        assert_eq!(
            customer(3).await["grade"],
            Value::Null,
            "not rated: unchanged"
        );
        // Immutable once approved.
        let r = app
            .patch(&path(c.c[1]), &c.bm, json!({"grade": "C", "reason": "x"}))
            .await;
        assert_eq!(field_codes(&r), [("status".into(), "rating.status".into())]);
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{id}/cancel"),
                Some(&c.bm),
                json!({"version": after["version"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");

        // The salesman sees the new grade, the tier's treatment and the history.
        let r = app
            .get(&format!("/api/v1/customers/{}/rating", c.c[0]), &c.s1)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let tier = &r.body["treatment"]["tier"];
        assert_eq!(
            (
                tier["shipping_priority"].clone(),
                tier["price_level"].clone(),
                tier["revisit_every_months"].clone()
            ),
            (json!(1), json!("best"), json!(3))
        );
        assert_eq!(r.body["history"].as_array().unwrap().len(), 1);
        assert_eq!(r.body["history"][0]["total_points"], 100);
        assert_eq!(r.body["latest_influence"]["level"], "industry_leader");
        assert_eq!(
            app.get(&format!("/api/v1/customers/{}/rating", c.c[4]), &c.s1)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "another salesman's customer"
        );

        // Revisits: big A → VP and business manager quarterly, general B → office director
        // every 6 months; general C → office director yearly; due on a working day.
        let plan = app.get("/api/v1/revisits?page_size=50", &c.bm).await;
        let mut planned: Vec<(i64, String)> = plan.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["customer_id"].as_i64().unwrap(),
                    v["role"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        planned.sort();
        let mut expected = vec![
            (c.c[0], "vice_president".to_string()),
            (c.c[0], "business_manager".to_string()),
            (c.c[1], "office_director".to_string()),
            (c.c[2], "office_director".to_string()),
            (c.c[4], "office_director".to_string()),
        ];
        expected.sort();
        assert_eq!(planned, expected);
        let today = app.state.today();
        let first_a = plan.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["customer_id"] == c.c[0])
            .unwrap();
        assert!(
            first_a["due_on"].as_str().unwrap() > quarter.to_string().as_str(),
            "a weekend or holiday is never a due date: {first_a}"
        );
        for v in plan.body["items"].as_array().unwrap() {
            let due: chrono::NaiveDate = v["due_on"].as_str().unwrap().parse().unwrap();
            let months = if v["customer_id"] == c.c[0] {
                3
            } else if v["customer_id"] == c.c[1] {
                6
            } else {
                12
            };
            let base = today
                .checked_add_months(chrono::Months::new(months))
                .unwrap();
            let r = app
                .get(
                    &format!("/api/v1/calendar/working-days?from={base}&add=0"),
                    &c.bm,
                )
                .await;
            assert_eq!(r.body["date"], json!(due.to_string()), "{v} {r:?}");
        }
        // The office director's own list, then the visit recorded as an interaction.
        let mine = app.get("/api/v1/revisits?mine=true", &c.od).await;
        assert_eq!(mine.body["total"], 2, "{mine:?}");
        let item = mine.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["customer_id"] == c.c[1])
            .unwrap()
            .clone();
        let r = app
            .post(
                &format!("/api/v1/revisits/{}/complete", item["id"]),
                Some(&c.s1),
                json!({"content": "回访"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "not the salesman's visit");
        let r = app
            .post(
                &format!("/api/v1/revisits/{}/complete", item["id"]),
                Some(&c.od),
                json!({"content": "回访：了解下半年项目", "participants": "王总"}),
            )
            .await;
        assert_eq!(
            (r.status, r.body["status"].clone()),
            (StatusCode::OK, json!("done")),
            "{r:?}"
        );
        let entry = r.body["interaction_id"].as_i64().unwrap();
        let dossier = app
            .get(
                &format!("/api/v1/customers/{}/dossier?kind=interaction", c.c[1]),
                &c.s1,
            )
            .await;
        assert!(
            dossier.body.to_string().contains("回访：了解下半年项目"),
            "{dossier:?} {entry}"
        );
        let next = app
            .get(
                &format!("/api/v1/revisits?customer_id={}&status=planned", c.c[1]),
                &c.od,
            )
            .await;
        assert_eq!(next.body["total"], 1, "the next visit is planned: {next:?}");
        let compliance = app
            .get(
                &format!(
                    "/api/v1/revisits/compliance?from={today}&to={}",
                    today + chrono::Duration::days(400)
                ),
                &c.bm,
            )
            .await;
        assert_eq!(compliance.status, StatusCode::OK, "{compliance:?}");
        // Due in the period: the five planned, the one done, and the next one of that customer.
        assert_eq!(
            (
                compliance.body["planned"].clone(),
                compliance.body["done"].clone(),
                compliance.body["overdue"].clone()
            ),
            (json!(6), json!(1), json!(0)),
            "{compliance:?}"
        );
        // Replanning finds every plan up to date.
        let r = app
            .post("/api/v1/revisits/replan", Some(&c.bm), json!({}))
            .await;
        assert_eq!(r.body["planned"], 0, "{r:?}");

        // An ad hoc re-rating of one customer goes through the same workflow.
        let one = run(
            &app,
            &c.bm,
            json!({"rating_date": R, "customer_ids": [c.c[1]]}),
        )
        .await;
        assert_eq!(
            (one["total"].clone(), one["chosen"].clone()),
            (json!(1), json!(true))
        );
        let r = results(&app, &c.bm, one["id"].as_i64().unwrap(), "").await;
        assert_eq!(r.body["items"][0]["previous_grade"], "B");
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{}/cancel", one["id"]),
                Some(&c.bm),
                json!({"version": one["version"]}),
            )
            .await;
        assert_eq!(r.body["status"], "cancelled", "{r:?}");

        // Bad requests name the field.
        let r = app
            .post(
                "/api/v1/rating-runs",
                Some(&c.bm),
                json!({"window_months": 7, "customer_ids": [999999]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [
                ("window_months".into(), "policy.not_allowed".into()),
                ("customer_ids[0]".into(), "unknown".into())
            ]
        );
        let r = app
            .post(
                &format!("/api/v1/customers/{}/influence", c.c[0]),
                Some(&c.bm),
                json!({"level": "key", "reason": ""}),
            )
            .await;
        assert_eq!(field_codes(&r), [("reason".into(), "required".into())]);
    }
);

both!(
    a_stopped_run_is_resumed_and_a_what_if_equals_the_run_after_approval,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let first = run(&app, &c.bm, json!({"rating_date": R})).await;
        let id = first["id"].as_i64().unwrap();
        // As if the computing instance died after nothing was written: the lease runs out and
        // another instance takes the run over and finishes it.
        app.sql(&format!(
            "DELETE FROM rating_results WHERE run_id = {id};
             UPDATE rating_runs SET status = 'computing', cursor_id = 0, done = 0,
                 lease_until = '2000-01-01 00:00:00' WHERE id = {id};"
        ))
        .await;
        let claimed = app
            .state
            .db(jiyuan_crm::ratings::service::claim_stalled)
            .await
            .unwrap();
        assert_eq!(claimed, Some(id));
        jiyuan_crm::ratings::service::drive(app.state.clone(), id).await;
        let again = wait(&app, &c.bm, id).await;
        assert_eq!(
            (again["status"].clone(), again["done"].clone()),
            (json!("draft"), json!(5))
        );
        assert_eq!(again["grades"], first["grades"]);

        // A draft policy with grade B from 55 points, simulated for tomorrow …
        let tomorrow = (app.state.today() + chrono::Duration::days(1)).to_string();
        let draft = app.post("/api/v1/policies", Some(&c.bm), json!({})).await;
        let pid = draft.body["id"].as_i64().unwrap();
        let mut doc = draft.body["document"].clone();
        doc["rating"]["grade_b_min_points"] = json!(55);
        let r = app
            .patch(
                &format!("/api/v1/policies/{pid}"),
                &c.bm,
                json!({"version": 1, "document": doc, "effective_from": tomorrow}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let what_if = run(
            &app,
            &c.bm,
            json!({"rating_date": tomorrow, "policy_version_id": pid}),
        )
        .await;
        assert_eq!(what_if["purpose"], "what_if");
        let wid = what_if["id"].as_i64().unwrap();
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{wid}/submit"),
                Some(&c.bm),
                json!({"version": what_if["version"]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("status".into(), "rating.status".into())],
            "never submitted"
        );
        let simulated = results(&app, &c.bm, wid, "page_size=50").await;
        let changed = results(&app, &c.bm, wid, "changed=true&page_size=50").await;
        assert!(changed.body["total"].as_i64().unwrap() >= 1, "{changed:?}");
        // … then approved by the VP, in force tomorrow: the run for tomorrow gives the same.
        let r = app
            .post(
                &format!("/api/v1/policies/{pid}/submit"),
                Some(&c.bm),
                json!({"version": 2}),
            )
            .await;
        let r = decide(&app, &c.vp, &r.body["approval_id"], true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let real = run(&app, &c.bm, json!({"rating_date": tomorrow})).await;
        assert_eq!(real["purpose"], "rating");
        assert_eq!(real["policy_version_id"], json!(pid));
        let actual = results(&app, &c.bm, real["id"].as_i64().unwrap(), "page_size=50").await;
        let grades = |r: &Resp| {
            let mut v: Vec<(i64, Value, i64, Value)> = r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["customer_id"].as_i64().unwrap(),
                        x["proposed_grade"].clone(),
                        x["total_points"].as_i64().unwrap(),
                        x["explanation"].clone(),
                    )
                })
                .collect();
            v.sort_by_key(|x| x.0);
            v
        };
        assert_eq!(grades(&simulated), grades(&actual));
        // A run for a date still ahead is a preview: it is submitted once run on that date.
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{}/submit", real["id"]),
                Some(&c.bm),
                json!({"version": real["version"]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("rating_date".into(), "rating.early".into())]
        );

        // Two runs over 乙: the older one approved last does not undo the newer grade.
        let newer = run(
            &app,
            &c.bm,
            json!({"rating_date": R, "customer_ids": [c.c[1]]}),
        )
        .await;
        let nid = newer["id"].as_i64().unwrap();
        app.patch(
            &format!("/api/v1/rating-runs/{nid}/results/{}", c.c[1]),
            &c.bm,
            json!({"grade": "A", "reason": "战略合作协议已签"}),
        )
        .await;
        let version = app
            .get(&format!("/api/v1/rating-runs/{nid}"), &c.bm)
            .await
            .body["version"]
            .clone();
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{nid}/submit"),
                Some(&c.bm),
                json!({"version": version}),
            )
            .await;
        decide(&app, &c.vp, &r.body["approval_id"], true).await;
        let version = app
            .get(&format!("/api/v1/rating-runs/{id}"), &c.bm)
            .await
            .body["version"]
            .clone();
        let r = app
            .post(
                &format!("/api/v1/rating-runs/{id}/submit"),
                Some(&c.bm),
                json!({"version": version}),
            )
            .await;
        assert_eq!(r.body["status"], "submitted", "{r:?}");
        let r = decide(&app, &c.vp, &r.body["approval_id"], true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let grade = |i: usize| {
            let app = &app;
            let token = c.bm.clone();
            let id = c.c[i];
            async move {
                app.get(&format!("/api/v1/customers/{id}"), &token)
                    .await
                    .body["grade"]
                    .clone()
            }
        };
        assert_eq!(grade(1).await, "A", "the newer approved grade stays");
        assert_eq!(grade(0).await, "A");
        let history = app
            .get(&format!("/api/v1/customers/{}/rating", c.c[1]), &c.bm)
            .await;
        assert_eq!(
            history.body["history"].as_array().unwrap().len(),
            1,
            "{history:?}"
        );
        assert_eq!(history.body["history"][0]["run_id"], nid);
        let _ = (&c.s1, &c.s2, &c.od);
    }
);

both!(
    overrides_respect_eligibility_and_the_category_is_the_managers,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let staff = app.as_role("staff", &[Role::BusinessStaff]).await.1;
        let run1 = run(&app, &c.bm, json!({"rating_date": R})).await;
        let id = run1["id"].as_i64().unwrap();
        let path = |cust: i64| format!("/api/v1/rating-runs/{id}/results/{cust}");
        // 丙 is a new customer (first deal 2025-10-15): C whatever its 85 points.
        for grade in ["A", "B"] {
            let r = app
                .patch(
                    &path(c.c[2]),
                    &c.bm,
                    json!({"grade": grade, "reason": "85 分，实际很重要"}),
                )
                .await;
            assert_eq!(
                field_codes(&r),
                [("grade".to_string(), "rating.ineligible".to_string())],
                "{r:?}"
            );
            assert!(
                r.body["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("2025-10-15"),
                "the message says why: {r:?}"
            );
        }
        // 丁 has under six months of business: not rated, so no grade at all.
        let r = app
            .patch(&path(c.c[3]), &c.bm, json!({"grade": "C", "reason": "x"}))
            .await;
        assert_eq!(
            field_codes(&r),
            [("grade".to_string(), "rating.ineligible".to_string())]
        );
        let results_now = results(&app, &c.bm, id, "overridden=true").await;
        assert_eq!(results_now.body["total"], 0, "nothing was overridden");
        // What the rules leave open stays open: C for the new customer, B for 乙.
        let r = app
            .patch(
                &path(c.c[2]),
                &c.bm,
                json!({"grade": "C", "reason": "维持"}),
            )
            .await;
        assert_eq!(r.body["final_grade"], "C", "{r:?}");
        let r = app
            .patch(
                &path(c.c[1]),
                &staff,
                json!({"grade": "B", "reason": "逾期已结清"}),
            )
            .await;
        assert_eq!(r.body["final_grade"], "B", "{r:?}");
        // The category is the business manager's, not the business staff's.
        let r = app
            .patch(
                &path(c.c[0]),
                &staff,
                json!({"category": "big", "reason": "协议金额超过 300 万"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        let r = app
            .patch(
                &path(c.c[3]),
                &c.bm,
                json!({"category": "big", "reason": "战略合作伙伴"}),
            )
            .await;
        assert_eq!(
            (
                r.status,
                r.body["final_category"].clone(),
                r.body["final_grade"].clone()
            ),
            (StatusCode::OK, json!("big"), json!(null)),
            "a customer not rated may still be classified: {r:?}"
        );
    }
);
