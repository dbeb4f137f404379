//! Collection end to end, on both databases: the daily job opens each follow-up level once, on
//! the first working day it is reached (a holiday and a weekend in the way), a second instance
//! creates nothing twice, the hand-off to the planning department on day 90 + 1; promises kept
//! by a payment and broken by the date (the next level at once); a write-off decided by the GM
//! leaves the AR aging and stands in the register; scope of tasks and cases.

use actix_web::http::StatusCode;
use chrono::NaiveDate;
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::collection::service;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn day(app: &TestApp, offset: i64) -> NaiveDate {
    app.state.today() + chrono::Duration::days(offset)
}

struct Cast {
    s1: String,
    s2: String,
    od: String,
    od_other: String,
    planning: String,
    finance: String,
    gm: String,
    admin: String,
    customer: i64,
}

async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let mut offices = Vec::new();
    for code in ["OA", "OB"] {
        let r = app
            .post(
                "/api/v1/offices",
                Some(&admin),
                json!({"code": code, "name": format!("{code}办事处")}),
            )
            .await;
        offices.push(r.body["id"].as_i64().unwrap());
    }
    let s1 = app.token_for(app.user("s1", &[Role::Salesman], Some(offices[0])).await);
    let s2 = app.token_for(app.user("s2", &[Role::Salesman], Some(offices[0])).await);
    let od = app.token_for(
        app.user("od", &[Role::OfficeDirector], Some(offices[0]))
            .await,
    );
    let od_other = app.token_for(
        app.user("od2", &[Role::OfficeDirector], Some(offices[1]))
            .await,
    );
    let customer = app
        .post(
            "/api/v1/customers",
            Some(&s1),
            json!({"name": "催收测试客户有限公司"}),
        )
        .await;
    assert_eq!(customer.status, StatusCode::CREATED, "{customer:?}");
    Cast {
        s1,
        s2,
        od,
        od_other,
        planning: app.as_role("plan", &[Role::Planning]).await.1,
        finance: app.as_role("fin", &[Role::Finance]).await.1,
        gm: app.as_role("gm", &[Role::GeneralManager]).await.1,
        admin,
        customer: customer.body["id"].as_i64().unwrap(),
    }
}

/// A signed contract `number` of the customer with one receivable per (due date, amount).
async fn receivables(app: &TestApp, customer: i64, number: &str, due: &[(NaiveDate, i64)]) {
    let ts = "'2026-01-01 00:00:00'";
    let mut sql = format!(
        "INSERT INTO contracts (number, customer_id, status, signed_on, credit_period_days, credit_form,
             amount_fen, list_amount_fen, created_at, updated_at)
         VALUES ('{number}', {customer}, 'signed', '2025-01-01', 30, 'open_account', 0, 0, {ts}, {ts});"
    );
    for (due, amount) in due {
        sql += &format!(
            "INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
             SELECT customer_id, id, '{issued}', '{due}', {amount}, 0, 0, {ts} FROM contracts WHERE number = '{number}';",
            issued = *due - chrono::Duration::days(30)
        );
    }
    app.sql(&sql).await;
}

async fn run_as(app: &TestApp, on: NaiveDate, who: &'static str) -> Value {
    let run = app
        .state
        .db(move |c| service::run_if_due(c, on, who))
        .await
        .unwrap();
    serde_json::to_value(run).unwrap()
}

/// (level, action, opened_on, status, close_reason, receivable count) of every task.
async fn tasks(
    app: &TestApp,
    token: &str,
    customer: i64,
) -> Vec<(i64, String, String, String, Value, i64)> {
    let r = app
        .get(
            &format!("/api/v1/collection/tasks?customer_id={customer}&page_size=100"),
            token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let mut out: Vec<_> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["level_days"].as_i64().unwrap(),
                t["action"].as_str().unwrap().to_string(),
                t["opened_on"].as_str().unwrap().to_string(),
                t["status"].as_str().unwrap().to_string(),
                t["close_reason"].clone(),
                t["receivable_count"].as_i64().unwrap(),
            )
        })
        .collect();
    out.sort_by_key(|t| (t.0, t.2.clone()));
    out
}

both!(
    levels_open_once_on_the_first_working_day_they_are_reached,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // 2026-04-02 (Thursday) is a company holiday.
        app.sql("INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ('2026-04-02', 'holiday', '测试假日', '2026-01-01 00:00:00');").await;
        // Due Tuesday 2026-03-03: 7 days → Tue 03-10; 30 → Thu 04-02, a holiday → Fri 04-03;
        // 60 → Sat 05-02 → Mon 05-04; 90 → Mon 06-01; 90 + 1 → Tue 06-02, the planning department.
        // A second receivable due 03-20 joins the open tasks of its levels (7 → 03-27, 30 →
        // Sun 04-19 → 04-20, 60 → Tue 05-19) rather than opening new ones.
        receivables(
            &app,
            c.customer,
            "HT-L",
            &[(d("2026-03-03"), 100_000), (d("2026-03-20"), 50_000)],
        )
        .await;
        let mut opened = Vec::new();
        let mut day = d("2026-03-03");
        while day <= d("2026-06-10") {
            let first = run_as(&app, day, "instance-a").await;
            // The other instance finds the day done and creates nothing.
            let second = run_as(&app, day, "instance-b").await;
            assert_eq!(second["ran"], false, "{day}: {second}");
            if first["tasks_opened"].as_i64().unwrap() > 0
                || first["cases_opened"].as_i64().unwrap() > 0
            {
                opened.push((
                    day.to_string(),
                    first["tasks_opened"].clone(),
                    first["cases_opened"].clone(),
                ));
            }
            // Weekends and the holiday: no run at all.
            let weekend = matches!(
                chrono::Datelike::weekday(&day),
                chrono::Weekday::Sat | chrono::Weekday::Sun
            );
            assert_eq!(
                first["ran"],
                !(weekend || day == d("2026-04-02")),
                "{day}: {first}"
            );
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            opened,
            [
                ("2026-03-10".to_string(), json!(1), json!(0)),
                ("2026-04-03".to_string(), json!(1), json!(0)),
                ("2026-05-04".to_string(), json!(1), json!(0)),
                ("2026-06-01".to_string(), json!(1), json!(0)),
                ("2026-06-02".to_string(), json!(0), json!(1)),
            ]
        );
        // One task per level; the first receivable handed over closes the visit task it alone
        // carried; the others still carry the second receivable.
        assert_eq!(
            tasks(&app, &c.s1, c.customer).await,
            [
                (
                    7,
                    "reminder".into(),
                    "2026-03-10".into(),
                    "open".into(),
                    Value::Null,
                    2
                ),
                (
                    30,
                    "phone".into(),
                    "2026-04-03".into(),
                    "open".into(),
                    Value::Null,
                    2
                ),
                (
                    60,
                    "letter".into(),
                    "2026-05-04".into(),
                    "open".into(),
                    Value::Null,
                    2
                ),
                (
                    90,
                    "visit".into(),
                    "2026-06-01".into(),
                    "closed".into(),
                    json!("handed_over"),
                    1
                ),
            ]
        );
        // Running the day's work again (an administrator) creates nothing more.
        let again = app
            .state
            .db(|c| service::run_now(c, d("2026-06-02")))
            .await
            .unwrap();
        assert_eq!(
            (
                again.tasks_opened,
                again.cases_opened,
                again.receivables_marked
            ),
            (0, 0, 0)
        );
        // The case, for the planning department, with the receivable and its balance.
        let cases = app
            .get("/api/v1/collection/cases?status=open", &c.planning)
            .await;
        assert_eq!(cases.body["total"], 1, "{cases:?}");
        assert_eq!(cases.body["items"][0]["opened_on"], "2026-06-02");
        assert_eq!(cases.body["items"][0]["open_fen"], 100_000);
        assert_eq!(cases.body["items"][0]["receivable_count"], 1);
    }
);

both!(
    promises_are_kept_by_payment_and_broken_by_the_date,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // 35 days overdue today: the phone level (30).
        receivables(&app, c.customer, "HT-P", &[(day(&app, -35), 80_000)]).await;
        let run = app
            .post("/api/v1/collection/run", Some(&c.admin), json!({}))
            .await;
        assert_eq!(run.status, StatusCode::OK, "{run:?}");
        assert_eq!(run.body["tasks_opened"], 1, "{run:?}");
        let mine = app.get("/api/v1/collection/tasks?mine=true", &c.s1).await;
        assert_eq!(mine.body["total"], 1, "{mine:?}");
        let task = &mine.body["items"][0];
        assert_eq!(
            (
                task["level_days"].clone(),
                task["action"].clone(),
                task["open_fen"].clone()
            ),
            (json!(30), json!("phone"), json!(80_000))
        );
        let id = task["id"].as_i64().unwrap();
        // Another salesman of the office neither sees it as his nor acts on it; the office director
        // sees and acts; another office's director does not see it at all.
        assert_eq!(
            app.get("/api/v1/collection/tasks?mine=true", &c.s2)
                .await
                .body["total"],
            0
        );
        let other = app
            .get(&format!("/api/v1/collection/tasks/{id}"), &c.od_other)
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "{other:?}");
        let detail = app
            .get(&format!("/api/v1/collection/tasks/{id}"), &c.od)
            .await;
        assert_eq!(detail.body["can_act"], true, "{detail:?}");
        assert_eq!(detail.body["items"][0]["balance_fen"], 80_000);
        assert_eq!(detail.body["items"][0]["days_overdue"], 35);
        // The salesman records a call, then a promise of 500 元 within five days.
        let bad = app
        .post(&format!("/api/v1/collection/tasks/{id}/actions"), Some(&c.s1),
              json!({"kind": "phone", "done_on": day(&app, 1), "contact": "", "outcome": "答应付款"}))
        .await;
        assert_eq!(
            field_codes(&bad),
            [
                ("contact".to_string(), "required".to_string()),
                ("done_on".to_string(), "out_of_range".to_string())
            ]
        );
        let r = app
        .post(&format!("/api/v1/collection/tasks/{id}/actions"), Some(&c.s1),
              json!({"kind": "phone", "done_on": day(&app, 0), "contact": "财务 李经理", "outcome": "答应五日内付 500 元"}))
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["actions"][0]["contact"], "财务 李经理");
        let r = app
            .post(
                &format!("/api/v1/collection/tasks/{id}/promises"),
                Some(&c.s1),
                json!({"amount_fen": 50_000, "promised_on": day(&app, 5), "note": "电话承诺"}),
            )
            .await;
        assert_eq!(r.body["promises"][0]["status"], "open", "{r:?}");
        // Finance books 500 元: the promise is kept at once; 300 元 stay open, the task too.
        let pay = app
        .post("/api/v1/payments", Some(&c.finance),
              json!({"customer_id": c.customer, "received_on": day(&app, 0), "amount_fen": 50_000, "method": "bank_transfer", "bank_ref": "P-1"}))
        .await;
        assert_eq!(pay.status, StatusCode::CREATED, "{pay:?}");
        let detail = app
            .get(&format!("/api/v1/collection/tasks/{id}"), &c.s1)
            .await;
        assert_eq!(detail.body["promises"][0]["status"], "kept", "{detail:?}");
        assert_eq!(detail.body["task"]["open_fen"], 30_000);
        assert_eq!(detail.body["task"]["status"], "open");
        // A second promise of the remaining 300 元 by tomorrow, not met: on the day after, the run
        // marks it broken and opens the next level (the letter, 60) for that receivable at once.
        app.post(
            &format!("/api/v1/collection/tasks/{id}/promises"),
            Some(&c.s1),
            json!({"amount_fen": 30_000, "promised_on": day(&app, 1)}),
        )
        .await;
        let later = day(&app, 2);
        let run = app
            .state
            .db(move |c| service::run_now(c, later))
            .await
            .unwrap();
        assert_eq!(run.promises_broken, 1, "{run:?}");
        let all = tasks(&app, &c.s1, c.customer).await;
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(
            (all[1].0, all[1].1.as_str(), all[1].2.clone()),
            (60, "letter", later.to_string())
        );
        let list = app
            .get(
                &format!(
                    "/api/v1/collection/tasks?customer_id={}&level_days=60",
                    c.customer
                ),
                &c.s1,
            )
            .await;
        assert!(
            list.body["items"][0]["raised_by_promise_id"].is_i64(),
            "{list:?}"
        );
        assert_eq!(
            app.get(&format!("/api/v1/collection/tasks/{id}"), &c.s1)
                .await
                .body["task"]["has_broken_promise"],
            true
        );
        // When the receivable really reaches 60 days, nothing is opened twice.
        let at_60 = day(&app, 25);
        let run = app
            .state
            .db(move |c| service::run_now(c, at_60))
            .await
            .unwrap();
        assert_eq!(run.tasks_opened, 0, "{run:?}");
        // Paying the rest closes both tasks as paid.
        app.post("/api/v1/payments", Some(&c.finance),
             json!({"customer_id": c.customer, "received_on": day(&app, 0), "amount_fen": 30_000, "method": "bank_transfer", "bank_ref": "P-2"}))
        .await;
        let all = tasks(&app, &c.s1, c.customer).await;
        assert!(
            all.iter().all(|t| t.3 == "closed" && t.4 == json!("paid")),
            "{all:?}"
        );
        // Readers read; they do not act.
        let r = app
            .post(
                &format!("/api/v1/collection/tasks/{id}/actions"),
                Some(&c.finance),
                json!({"kind": "phone", "done_on": day(&app, 0), "contact": "x", "outcome": "y"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        // The customer card.
        let card = app
            .get(
                &format!("/api/v1/customers/{}/collection", c.customer),
                &c.s1,
            )
            .await;
        assert_eq!(card.body["tasks"].as_array().unwrap().len(), 2, "{card:?}");
        assert_eq!(card.body["promises"].as_array().unwrap().len(), 2);
    }
);

both!(
    the_planning_department_takes_a_case_to_write_off,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // 95 days overdue: beyond the normal period of 90 days.
        receivables(
            &app,
            c.customer,
            "HT-W",
            &[(day(&app, -95), 120_000), (day(&app, -10), 40_000)],
        )
        .await;
        let run = app
            .post("/api/v1/collection/run", Some(&c.admin), json!({}))
            .await;
        assert_eq!(
            (
                run.body["cases_opened"].clone(),
                run.body["tasks_opened"].clone()
            ),
            (json!(1), json!(1)),
            "{run:?}"
        );
        let cases = app.get("/api/v1/collection/cases", &c.planning).await;
        let id = cases.body["items"][0]["id"].as_i64().unwrap();
        // The office reads its case; another office does not see it; the salesman cannot work it.
        assert_eq!(
            app.get(&format!("/api/v1/collection/cases/{id}"), &c.od)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            app.get(&format!("/api/v1/collection/cases/{id}"), &c.od_other)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get("/api/v1/collection/cases", &c.od_other).await.body["total"],
            0
        );
        let r = app
            .post(
                &format!("/api/v1/collection/cases/{id}/take"),
                Some(&c.s1),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Planning takes it, writes the analysis, records a lawyer's letter costing 2,000 元.
        let r = app
            .post(
                &format!("/api/v1/collection/cases/{id}/take"),
                Some(&c.planning),
                json!({}),
            )
            .await;
        assert_eq!(r.body["case"]["assigned_name"], "plan", "{r:?}");
        let r = app
            .patch(
                &format!("/api/v1/collection/cases/{id}"),
                &c.planning,
                json!({"analysis": "客户停产，仅余设备", "method": "lawyer_letter"}),
            )
            .await;
        assert_eq!(r.body["case"]["method"], "lawyer_letter", "{r:?}");
        let r = app
        .post(&format!("/api/v1/collection/cases/{id}/actions"), Some(&c.planning),
              json!({"done_on": day(&app, 0), "method": "lawyer_letter", "note": "发律师函", "cost_fen": 200_000}))
        .await;
        assert_eq!(r.body["case"]["cost_fen"], 200_000, "{r:?}");
        let receivable = r.body["items"][0]["receivable_id"].as_i64().unwrap();
        assert_eq!(r.body["can_propose_write_off"], true);
        // Closing as recovered while money is open is refused.
        let r = app
            .post(
                &format!("/api/v1/collection/cases/{id}/close"),
                Some(&c.planning),
                json!({"outcome": "recovered_full"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [("outcome".to_string(), "collection.balance_open".to_string())]
        );
        // A write-off: more than the balance is refused; the receivable not with the case too.
        let over = app
        .post("/api/v1/collection/write-offs", Some(&c.planning),
              json!({"receivable_id": receivable, "amount_fen": 120_001, "reason": "无可执行财产"}))
        .await;
        assert_eq!(
            field_codes(&over),
            [("amount_fen".to_string(), "out_of_range".to_string())]
        );
        let young = app
            .get(
                &format!("/api/v1/collection/tasks?customer_id={}", c.customer),
                &c.s1,
            )
            .await;
        let young_receivable = app
            .get(
                &format!("/api/v1/collection/tasks/{}", young.body["items"][0]["id"]),
                &c.s1,
            )
            .await
            .body["items"][0]["receivable_id"]
            .as_i64()
            .unwrap();
        let r = app
            .post(
                "/api/v1/collection/write-offs",
                Some(&c.finance),
                json!({"receivable_id": young_receivable, "amount_fen": 100, "reason": "x"}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [(
                "receivable_id".to_string(),
                "collection.not_handed_over".to_string()
            )]
        );
        let w = app
        .post("/api/v1/collection/write-offs", Some(&c.planning),
              json!({"receivable_id": receivable, "amount_fen": 120_000, "reason": "法院终结执行，无可执行财产"}))
        .await;
        assert_eq!(w.status, StatusCode::CREATED, "{w:?}");
        assert_eq!(w.body["status"], "pending");
        let again = app
            .post(
                "/api/v1/collection/write-offs",
                Some(&c.finance),
                json!({"receivable_id": receivable, "amount_fen": 1, "reason": "重复"}),
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{again:?}");
        // Before the decision the receivable is in the aging.
        let customer = c.customer;
        let aging = |token: String, as_of: NaiveDate| {
            let app = &app;
            async move {
                let r = app
                .get(&format!("/api/v1/reports/ar-aging/receivables?customer_id={customer}&as_of={as_of}"), &token)
                .await;
                assert_eq!(r.status, StatusCode::OK, "{r:?}");
                r.body
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r["receivable_id"].as_i64().unwrap())
                    .collect::<Vec<i64>>()
            }
        };
        assert!(aging(c.finance.clone(), day(&app, 0))
            .await
            .contains(&receivable));
        // The GM approves in his inbox.
        let inbox = app
            .get("/api/v1/approvals?box=inbox&kind=write_off", &c.gm)
            .await;
        assert_eq!(
            inbox.body["items"][0]["payload"]["amount_fen"], 120_000,
            "{inbox:?}"
        );
        let approval = inbox.body["items"][0]["id"].as_i64().unwrap();
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/approve"),
                Some(&c.gm),
                json!({"comment": "同意核销"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // Written off: out of the aging (only the young receivable is left), in the register.
        let left = aging(c.finance.clone(), day(&app, 0)).await;
        assert!(!left.contains(&receivable), "{left:?}");
        assert_eq!(left.len(), 1, "{left:?}");
        // As of yesterday it was still owed.
        assert!(aging(c.finance.clone(), day(&app, -1))
            .await
            .contains(&receivable));
        let register = app
            .get("/api/v1/collection/write-offs?status=approved", &c.finance)
            .await;
        assert_eq!(register.body["total"], 1, "{register:?}");
        assert_eq!(register.body["total_fen"], 120_000);
        assert_eq!(
            register.body["items"][0]["written_off_on"],
            day(&app, 0).to_string()
        );
        assert_eq!(register.body["items"][0]["contract_number"], "HT-W");
        let rv = app
            .get(
                &format!("/api/v1/receivables?customer_id={}", c.customer),
                &c.finance,
            )
            .await;
        let row = rv.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == receivable)
            .unwrap()
            .clone();
        assert_eq!(
            (row["written_off_fen"].clone(), row["balance_fen"].clone()),
            (json!(120_000), json!(0))
        );
        // A credit event on the customer, and a credit hold.
        let profile = app
            .get(&format!("/api/v1/customers/{}/credit", c.customer), &c.gm)
            .await;
        assert!(profile.body["hold"].is_object(), "{profile:?}");
        // The case closes as written off.
        let r = app
            .post(
                &format!("/api/v1/collection/cases/{id}/close"),
                Some(&c.planning),
                json!({"outcome": "written_off", "note": "全额核销"}),
            )
            .await;
        assert_eq!(r.body["case"]["status"], "closed", "{r:?}");
        assert_eq!(r.body["write_offs"][0]["status"], "approved");
        // Salesmen and the office do not read the register.
        assert_eq!(
            app.get("/api/v1/collection/write-offs", &c.s1).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            code(&app.get("/api/v1/collection/write-offs", &c.od).await),
            "auth.forbidden"
        );
    }
);

both!(
    a_statement_of_account_adds_up_by_hand,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // Contract HT-S signed 2026-01-10; receivables 3,000 元 (issued 01-15, due 02-14) and
        // 2,000 元 (issued 03-01, due 03-31); another contract signed in the period.
        app.sql(&format!(
        "INSERT INTO contracts (number, customer_id, status, signed_on, credit_period_days, credit_form, amount_fen, list_amount_fen, created_at, updated_at)
           VALUES ('HT-S', {cu}, 'signed', '2026-01-10', 30, 'open_account', 500000, 500000, '2026-01-10 00:00:00', '2026-01-10 00:00:00'),
                  ('HT-S2', {cu}, 'signed', '2026-03-20', 30, 'open_account', 90000, 90000, '2026-03-20 00:00:00', '2026-03-20 00:00:00');
         INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
           SELECT customer_id, id, '2026-01-15', '2026-02-14', 300000, 0, 0, '2026-01-15 00:00:00' FROM contracts WHERE number = 'HT-S';
         INSERT INTO receivables (customer_id, contract_id, issued_on, due_date, amount_fen, allocated_fen, credited_fen, created_at)
           SELECT customer_id, id, '2026-03-01', '2026-03-31', 200000, 0, 0, '2026-03-01 00:00:00' FROM contracts WHERE number = 'HT-S';",
        cu = c.customer
    ))
    .await;
        let pay = |on: &'static str, fen: i64, r: &'static str| {
            let (app, finance, customer) = (&app, c.finance.clone(), c.customer);
            async move {
                let p = app
                .post("/api/v1/payments", Some(&finance),
                      json!({"customer_id": customer, "received_on": on, "amount_fen": fen, "method": "bank_transfer", "bank_ref": r}))
                .await;
                assert_eq!(p.status, StatusCode::CREATED, "{p:?}");
            }
        };
        // 1,000 元 on 02-01 (to the oldest), a credit note of 200 元 on 03-05, 500 元 on 03-10.
        pay("2026-02-01", 100_000, "B-1").await;
        let rv = app
            .get(
                &format!("/api/v1/receivables?customer_id={}", c.customer),
                &c.finance,
            )
            .await;
        let first = rv.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["issued_on"] == "2026-01-15")
            .unwrap()["id"]
            .clone();
        let cn = app
        .post("/api/v1/credit-notes", Some(&c.finance), json!({"receivable_id": first, "amount_fen": 20_000, "issued_on": "2026-03-05", "reason": "质量赔偿"}))
        .await;
        assert_eq!(cn.status, StatusCode::CREATED, "{cn:?}");
        pay("2026-03-10", 50_000, "B-2").await;
        let s = app
            .get(
                &format!(
                    "/api/v1/customers/{}/statement?from=2026-02-15&to=2026-03-31",
                    c.customer
                ),
                &c.s1,
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{s:?}");
        let b = &s.body;
        // Opening: 3,000 − 1,000 = 2,000 元; then +2,000 (shipment), −200 (credit note), −500.
        assert_eq!(b["opening_fen"], 200_000);
        let lines: Vec<(Value, Value, Value, Value, Value)> = b["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["on"].clone(),
                    l["kind"].clone(),
                    l["debit_fen"].clone(),
                    l["credit_fen"].clone(),
                    l["balance_fen"].clone(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (
                    json!("2026-03-01"),
                    json!("shipment"),
                    json!(200_000),
                    json!(0),
                    json!(400_000)
                ),
                (
                    json!("2026-03-05"),
                    json!("credit_note"),
                    json!(0),
                    json!(20_000),
                    json!(380_000)
                ),
                (
                    json!("2026-03-10"),
                    json!("payment"),
                    json!(0),
                    json!(50_000),
                    json!(330_000)
                ),
            ]
        );
        assert_eq!(
            (
                b["debit_fen"].clone(),
                b["credit_fen"].clone(),
                b["closing_fen"].clone()
            ),
            (json!(200_000), json!(70_000), json!(330_000))
        );
        // Contracts signed in the period: HT-S2 only.
        assert_eq!(b["contracts"].as_array().unwrap().len(), 1);
        assert_eq!(b["contracts"][0]["number"], "HT-S2");
        // Aging at 03-31: the first receivable's 1,300 元 is 45 days late (31–60), the second not
        // yet due; nothing unallocated.
        assert_eq!(b["aging_current_fen"], 200_000);
        assert_eq!(b["aging_buckets_fen"][1], 130_000, "{b}");
        assert_eq!(
            (b["aging_total_fen"].clone(), b["unallocated_fen"].clone()),
            (json!(330_000), json!(0))
        );
        // The workbook; a period backwards; another office's director.
        let x = app
            .get(
                &format!(
                    "/api/v1/customers/{}/statement.xlsx?from=2026-02-15&to=2026-03-31",
                    c.customer
                ),
                &c.finance,
            )
            .await;
        assert_eq!(x.status, StatusCode::OK);
        let bad = app
            .get(
                &format!(
                    "/api/v1/customers/{}/statement?from=2026-04-01&to=2026-03-31",
                    c.customer
                ),
                &c.finance,
            )
            .await;
        assert_eq!(
            field_codes(&bad),
            [("from".to_string(), "out_of_range".to_string())]
        );
        let other = app
            .get(
                &format!(
                    "/api/v1/customers/{}/statement?from=2026-02-15&to=2026-03-31",
                    c.customer
                ),
                &c.od_other,
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
    }
);

both!(
    the_dunning_letter_follows_the_business_departments_template,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let staff = app.as_role("staff", &[Role::BusinessStaff]).await.1;
        receivables(
            &app,
            c.customer,
            "HT-D",
            &[
                (day(&app, -40), 123_456),
                (day(&app, -5), 10_000),
                (day(&app, 10), 99_999),
            ],
        )
        .await;
        // The default template names every placeholder it may.
        let t = app.get("/api/v1/collection/letter-template", &c.s1).await;
        assert_eq!(t.body["title"], "催款函", "{t:?}");
        assert_eq!(t.body["can_edit"], false);
        // The salesman may not change it; an unknown placeholder is refused.
        let r = app
            .call(
                actix_web::http::Method::PUT,
                "/api/v1/collection/letter-template",
                Some(&c.s1),
                Some(json!({"title": "x", "body": "y"})),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
        let r = app
            .call(
                actix_web::http::Method::PUT,
                "/api/v1/collection/letter-template",
                Some(&staff),
                Some(json!({"title": "催款通知", "body": "{customer_name} 欠 {amount}"})),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            [(
                "body".to_string(),
                "template.unknown_placeholder".to_string()
            )]
        );
        let r = app.call(actix_web::http::Method::PUT, "/api/v1/collection/letter-template", Some(&staff),
                     Some(json!({"title": "催款通知", "body": "{customer_name}（{customer_code}）：截至{date}共{count}笔逾期，合计{total}，最早到期{oldest_due_date}。"}))).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // The letter: the two past-due receivables, oldest first, their total in the body.
        let l = app
            .get(
                &format!("/api/v1/customers/{}/dunning-letter", c.customer),
                &c.s1,
            )
            .await;
        assert_eq!(l.status, StatusCode::OK, "{l:?}");
        assert_eq!(l.body["title"], "催款通知");
        assert_eq!(l.body["total_fen"], 133_456);
        assert_eq!(l.body["items"].as_array().unwrap().len(), 2);
        assert_eq!(l.body["items"][0]["days_overdue"], 40);
        let oldest = day(&app, -40);
        let expected = format!(
            "催收测试客户有限公司（{}）：截至{}共2笔逾期，合计1334.56 元，最早到期{}年{}月{}日。",
            l.body["customer_code"].as_str().unwrap(),
            {
                let t = day(&app, 0);
                format!(
                    "{}年{}月{}日",
                    chrono::Datelike::year(&t),
                    chrono::Datelike::month(&t),
                    chrono::Datelike::day(&t)
                )
            },
            chrono::Datelike::year(&oldest),
            chrono::Datelike::month(&oldest),
            chrono::Datelike::day(&oldest)
        );
        assert_eq!(l.body["body"], expected);
        // Another office does not see the customer.
        let r = app
            .get(
                &format!("/api/v1/customers/{}/dunning-letter", c.customer),
                &c.od_other,
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
);
