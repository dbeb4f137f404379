//! The sales ledger end to end: products, a contract with premiums, review and signing,
//! shipping (never more than ordered), receivables, payments oldest-first and manual, a
//! reversal, a credit note, the AR aging as of three dates against hand-computed figures, and
//! idempotent pushes.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, Resp, TestApp};

struct Cast {
    s1: String,
    s2: String,
    bm: String,
    warehouse: String,
    finance: String,
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
    let s1 = app.token_for(app.user("s1", &[Role::Salesman], Some(office)).await);
    let s2 = app.token_for(app.user("s2", &[Role::Salesman], Some(office)).await);
    let customer = app
        .post(
            "/api/v1/customers",
            Some(&s1),
            json!({"name": "账龄测试客户有限公司"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    Cast {
        s1,
        s2,
        bm: app.as_role("bm", &[Role::BusinessManager]).await.1,
        warehouse: app.as_role("wh", &[Role::Warehouse]).await.1,
        finance: app.as_role("fin", &[Role::Finance]).await.1,
        customer,
    }
}

fn day(app: &TestApp, offset: i64) -> String {
    (app.state.today() + chrono::Duration::days(offset)).to_string()
}

async fn post_keyed(app: &TestApp, path: &str, token: &str, key: &str, body: Value) -> Resp {
    app.send(
        TestRequest::post()
            .uri(path)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("Idempotency-Key", key))
            .set_json(body),
    )
    .await
}

/// A signed contract for the cast's customer: P1 100 × 120.00 (list 100.00), P2 50 × 50.00
/// (list 50.00), 30 days' credit, signed 200 days ago. Returns (contract, P1 line, P2 line).
async fn signed_contract(app: &TestApp, c: &Cast) -> (i64, i64, i64) {
    app.grant_credit(c.customer, 1_000_000_000).await;
    let product = |code: &'static str, price: i64| {
        let bm = c.bm.clone();
        let from = day(app, -400);
        async move {
            let r = app
                .post(
                    "/api/v1/products",
                    Some(&bm),
                    json!({"code": code, "name": code, "unit": "套", "list_price_fen": price, "effective_from": from}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            r.body["id"].as_i64().unwrap()
        }
    };
    let (p1, p2) = (product("P1", 10_000).await, product("P2", 5_000).await);
    // A later list price does not touch a contract signed before it.
    let r = app
        .post(
            &format!("/api/v1/products/{p1}/prices"),
            Some(&c.bm),
            json!({"price_fen": 11_000, "effective_from": day(app, -10)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let r = app
        .post(
            "/api/v1/contracts",
            Some(&c.s1),
            json!({"customer_id": c.customer, "credit_period_days": 30, "credit_form": "open_account",
                   "lines": [{"product_id": p1, "quantity": 100, "price_fen": 12_000},
                             {"product_id": p2, "quantity": 50, "price_fen": 5_000}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/contracts/{id}");
    let r = app
        .post(
            &format!("{path}/submit"),
            Some(&c.s1),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(r.body["status"], "in_review", "{r:?}");
    // The salesman cannot review; the business manager signs it.
    let review = json!({"version": 2, "outcome": "approved", "note": "符合政策", "signed_on": day(app, -200)});
    assert_eq!(
        app.post(&format!("{path}/review"), Some(&c.s1), review.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(&format!("{path}/review"), Some(&c.bm), review)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(
        (
            r.body["status"].clone(),
            r.body["amount_fen"].clone(),
            r.body["list_amount_fen"].clone(),
            r.body["premium_bp"].clone()
        ),
        (
            json!("signed"),
            json!(1_450_000),
            json!(1_250_000),
            json!(1600)
        ),
        "(1,450,000 − 1,250,000) / 1,250,000 = 16 %, with the list prices of the signing date"
    );
    assert_eq!(r.body["lines"][0]["premium_bp"], 2000);
    let lines = r.body["lines"].as_array().unwrap();
    (
        id,
        lines[0]["id"].as_i64().unwrap(),
        lines[1]["id"].as_i64().unwrap(),
    )
}

async fn aging(app: &TestApp, token: &str, as_of: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/reports/ar-aging?as_of={as_of}"), token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body
}

both!(
    contract_shipment_payment_and_aging_as_of_any_date,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let (contract, l1, l2) = signed_contract(&app, &c).await;
        assert_eq!(
            app.get(&format!("/api/v1/contracts/{contract}"), &c.s2)
                .await
                .status,
            StatusCode::NOT_FOUND,
            "another salesman's customer"
        );

        // Two shipments; a third would ship more than ordered.
        let ship = |date: String, lines: Value| {
            let wh = c.warehouse.clone();
            let app = &app;
            async move {
                app.post(
                    "/api/v1/shipping-notes",
                    Some(&wh),
                    json!({"contract_id": contract, "ship_date": date, "lines": lines}),
                )
                .await
            }
        };
        let n1 = ship(
            day(&app, -190),
            json!([{"contract_line_id": l1, "quantity": 40}]),
        )
        .await;
        assert_eq!(
            (n1.status, n1.body["amount_fen"].clone()),
            (StatusCode::CREATED, json!(480_000)),
            "{n1:?}"
        );
        // The warehouse (no contract rights) sees what is left to ship, without prices.
        let open = app
            .get(
                "/api/v1/shippable-contracts?q=%E8%B4%A6%E9%BE%84%E6%B5%8B%E8%AF%95",
                &c.warehouse,
            )
            .await;
        assert_eq!(open.body["total"], 1, "{open:?}");
        let item = &open.body["items"][0];
        assert_eq!(item["contract_id"], contract);
        let left: Vec<(Value, Value, Value)> = item["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["contract_line_id"].clone(),
                    l["shipped"].clone(),
                    l["remaining"].clone(),
                )
            })
            .collect();
        assert_eq!(
            left,
            [
                (json!(l1), json!(40), json!(60)),
                (json!(l2), json!(0), json!(50))
            ]
        );
        assert!(item["lines"][0].get("price_fen").is_none());
        let n2 = ship(day(&app, -100), json!([{"contract_line_id": l1, "quantity": 60}, {"contract_line_id": l2, "quantity": 50}])).await;
        // Fully shipped: no longer offered.
        assert_eq!(
            app.get("/api/v1/shippable-contracts", &c.warehouse)
                .await
                .body["total"],
            0
        );
        assert_eq!(n2.body["amount_fen"], 970_000, "{n2:?}");
        let over = ship(
            day(&app, -90),
            json!([{"contract_line_id": l1, "quantity": 1}]),
        )
        .await;
        assert_eq!(
            field_codes(&over),
            [(
                "lines[0].quantity".to_string(),
                "shipping.over_ordered".to_string()
            )]
        );
        // The warehouse's queue, then the shipper confirms: receivables due ship date + 30 days.
        let queue = app
            .get("/api/v1/shipping-notes?status=issued", &c.warehouse)
            .await;
        assert_eq!(queue.body["total"], 2, "{queue:?}");
        for n in [&n1, &n2] {
            let r = app
                .post(
                    &format!("/api/v1/shipping-notes/{}/confirm", n.body["id"]),
                    Some(&c.warehouse),
                    json!({}),
                )
                .await;
            assert_eq!(r.body["status"], "confirmed", "{r:?}");
        }
        let r = app
            .get(
                &format!("/api/v1/receivables?customer_id={}", c.customer),
                &c.finance,
            )
            .await;
        let due: Vec<(Value, Value)> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["amount_fen"].clone(), x["due_date"].clone()))
            .collect();
        assert_eq!(
            due,
            [
                (json!(480_000), json!(day(&app, -160))),
                (json!(970_000), json!(day(&app, -70)))
            ]
        );
        let r1 = r.body["items"][0]["id"].as_i64().unwrap();
        let r2 = r.body["items"][1]["id"].as_i64().unwrap();
        // A contract's receivables, as its page lists them.
        let by_contract = |id: i64| {
            let app = &app;
            let finance = c.finance.clone();
            async move {
                app.get(&format!("/api/v1/receivables?contract_id={id}"), &finance)
                    .await
                    .body["total"]
                    .clone()
            }
        };
        assert_eq!(by_contract(contract).await, 2);
        assert_eq!(by_contract(contract + 1000).await, 0);
        assert_eq!(
            app.post(
                &format!("/api/v1/contracts/{contract}/cancel"),
                Some(&c.s1),
                json!({"version": 3, "reason": "x"})
            )
            .await
            .body["errors"][0]["field"],
            "status",
            "shipped contracts are completed, not cancelled"
        );

        // Payment A 150 days ago, oldest first: 300,000 to R1.
        let a = app
            .post("/api/v1/payments", Some(&c.finance), json!({"customer_id": c.customer, "received_on": day(&app, -150), "amount_fen": 300_000, "method": "bank_transfer", "bank_ref": "A"}))
            .await;
        assert_eq!(
            (a.status, a.body["allocated_fen"].clone()),
            (StatusCode::CREATED, json!(300_000)),
            "{a:?}"
        );
        // Over-allocation by hand is refused and books nothing.
        let r = app
            .post("/api/v1/payments", Some(&c.finance), json!({"customer_id": c.customer, "received_on": day(&app, -60), "amount_fen": 500_000, "method": "bank_transfer",
                   "allocations": [{"receivable_id": r1, "amount_fen": 180_001}]}))
            .await;
        assert_eq!(
            field_codes(&r),
            [(
                "allocations[0].amount_fen".to_string(),
                "payment.over_allocated".to_string()
            )]
        );
        // Payment B 50 days ago: 180,000 to R1, 820,000 to R2.
        let b = app
            .post("/api/v1/payments", Some(&c.finance), json!({"customer_id": c.customer, "received_on": day(&app, -50), "amount_fen": 1_000_000, "method": "bank_transfer", "bank_ref": "B"}))
            .await;
        let allocs: Vec<(Value, Value)> = b.body["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["receivable_id"].clone(), x["amount_fen"].clone()))
            .collect();
        assert_eq!(
            allocs,
            [(json!(r1), json!(180_000)), (json!(r2), json!(820_000))]
        );
        // A credit note of 20,000 on R2, 40 days ago.
        let r = app
            .post("/api/v1/credit-notes", Some(&c.finance), json!({"receivable_id": r2, "amount_fen": 20_000, "issued_on": day(&app, -40), "reason": "质量赔偿"}))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        // Payment B bounces today.
        let r = app
            .post(
                &format!("/api/v1/payments/{}/reverse", b.body["id"]),
                Some(&c.finance),
                json!({"reason": "银行退票"}),
            )
            .await;
        assert_eq!(
            (
                r.body["reversed_on"].clone(),
                r.body["allocated_fen"].clone()
            ),
            (json!(day(&app, 0)), json!(0)),
            "{r:?}"
        );

        // As of 10 days ago B still counts: R1 paid off, R2 970,000 − 820,000 − 20,000 = 130,000,
        // 60 days past due → 31–60.
        let rep = aging(&app, &c.finance, &day(&app, -10)).await;
        assert_eq!(
            rep["buckets"],
            json!(["1-30", "31-60", "61-90", "91-180", "181-365", ">365"])
        );
        assert_eq!(
            rep["totals"]["buckets_fen"],
            json!([0, 130_000, 0, 0, 0, 0])
        );
        // Today: R1 180,000 at 160 days (91–180), R2 950,000 at 70 days (61–90).
        let rep = aging(&app, &c.finance, &day(&app, 0)).await;
        assert_eq!(
            rep["totals"]["buckets_fen"],
            json!([0, 0, 950_000, 180_000, 0, 0])
        );
        assert_eq!(rep["totals"]["total_fen"], 1_130_000);
        assert!(rep["rows"][0]["label"]
            .as_str()
            .unwrap()
            .ends_with("账龄测试客户有限公司"));
        // 155 days ago: only R1 existed, all open, 5 days past due.
        let rep = aging(&app, &c.finance, &day(&app, -155)).await;
        assert_eq!(
            rep["totals"]["buckets_fen"],
            json!([480_000, 0, 0, 0, 0, 0])
        );
        // Drill-down and grouping; the other salesman sees nothing of it.
        let r = app
            .get(
                &format!(
                    "/api/v1/reports/ar-aging/receivables?customer_id={}",
                    c.customer
                ),
                &c.s1,
            )
            .await;
        let open: Vec<(Value, Value)> = r
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["open_fen"].clone(), x["bucket"].clone()))
            .collect();
        assert_eq!(
            open,
            [(json!(180_000), json!(3)), (json!(950_000), json!(2))]
        );
        let r = aging(
            &app,
            &c.finance,
            &format!("{}&group_by=office", day(&app, 0)),
        )
        .await;
        assert_eq!(r["rows"][0]["label"], "石家庄办事处");
        assert_eq!(
            aging(&app, &c.s2, &day(&app, 0)).await["totals"]["total_fen"],
            0
        );
        // The customer card's ledger section, for its salesman.
        let card = app
            .get(&format!("/api/v1/customers/{}/card", c.customer), &c.s1)
            .await;
        let ledger = &card.body["ledger"];
        assert_eq!(
            (
                ledger["open_fen"].clone(),
                ledger["overdue_fen"].clone(),
                ledger["contracts"][0]["premium_bp"].clone()
            ),
            (json!(1_130_000), json!(1_130_000), json!(1600)),
            "{card:?}"
        );
        assert_eq!(ledger["open_receivables"].as_array().unwrap().len(), 2);
        assert_eq!(ledger["payments"].as_array().unwrap().len(), 2);
        assert_eq!(
            ledger["dso_days"],
            Value::Null,
            "no sales in the last 90 days"
        );
        // The register as a workbook, with the figures in 元.
        let r = app
            .get(
                "/api/v1/reports/ar-aging.xlsx?group_by=customer",
                &c.finance,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes)).unwrap();
        let range = book.worksheet_range("应收账款账龄").unwrap();
        let total = range
            .rows()
            .next_back()
            .unwrap()
            .last()
            .unwrap()
            .to_string();
        assert_eq!(total, "11300", "1,130,000 fen = 11,300.00 元");
    }
);

both!(
    pushes_with_an_idempotency_key_book_once,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let (_, _, _) = signed_contract(&app, &c).await;
        let body = json!({"customer_id": c.customer, "received_on": day(&app, 0), "amount_fen": 1_000, "method": "bank_transfer", "external_ref": "ERP-PAY-1"});
        let first = post_keyed(&app, "/api/v1/payments", &c.finance, "pay-1", body.clone()).await;
        let again = post_keyed(&app, "/api/v1/payments", &c.finance, "pay-1", body.clone()).await;
        assert_eq!(first.status, StatusCode::CREATED, "{first:?}");
        assert_eq!(
            (again.status, again.body["id"].clone()),
            (StatusCode::CREATED, first.body["id"].clone())
        );
        let r = app
            .get(
                &format!("/api/v1/payments?customer_id={}", c.customer),
                &c.finance,
            )
            .await;
        assert_eq!(r.body["total"], 1, "booked once");
        let mut other = body.clone();
        other["amount_fen"] = json!(2_000);
        let r = post_keyed(&app, "/api/v1/payments", &c.finance, "pay-1", other).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "idempotency.conflict")
        );
        // The same external reference without a key is a duplicate.
        let r = app.post("/api/v1/payments", Some(&c.finance), body).await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::CONFLICT, "conflict.duplicate")
        );
    }
);

both!(
    concurrent_payments_never_over_allocate,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let (contract, l1, _) = signed_contract(&app, &c).await;
        let note = app
            .post("/api/v1/shipping-notes", Some(&c.warehouse), json!({"contract_id": contract, "ship_date": day(&app, -30), "lines": [{"contract_line_id": l1, "quantity": 10}]}))
            .await;
        app.post(
            &format!("/api/v1/shipping-notes/{}/confirm", note.body["id"]),
            Some(&c.warehouse),
            json!({}),
        )
        .await;
        // One receivable of 120,000; twenty payments of 10,000 at once.
        let pay = || {
            app.post("/api/v1/payments", Some(&c.finance), json!({"customer_id": c.customer, "received_on": day(&app, 0), "amount_fen": 10_000, "method": "cash"}))
        };
        let results = futures_util::future::join_all((0..20).map(|_| pay())).await;
        assert!(
            results.iter().all(|r| r.status == StatusCode::CREATED),
            "{:?}",
            results.iter().map(|r| r.status).collect::<Vec<_>>()
        );
        let allocated: i64 = results
            .iter()
            .map(|r| r.body["allocated_fen"].as_i64().unwrap())
            .sum();
        assert_eq!(allocated, 120_000, "exactly the receivable, never more");
        let r = app
            .get(
                &format!("/api/v1/receivables?customer_id={}", c.customer),
                &c.finance,
            )
            .await;
        assert_eq!(
            (
                r.body["items"][0]["allocated_fen"].clone(),
                r.body["items"][0]["balance_fen"].clone()
            ),
            (json!(120_000), json!(0))
        );
    }
);

both!(
    nobody_reviews_a_contract_they_drew_up_or_sent_to_review,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let staff = app.as_role("bs", &[Role::BusinessStaff]).await.1;
        let product = app
            .post(
                "/api/v1/products",
                Some(&c.bm),
                json!({"code": "P9", "name": "P9", "unit": "套", "list_price_fen": 100, "effective_from": day(&app, -30)}),
            )
            .await
            .body["id"]
            .as_i64()
            .unwrap();
        let draft = |token: String| {
            let customer = c.customer;
            let app = &app;
            async move {
                let r = app
                    .post(
                        "/api/v1/contracts",
                        Some(&token),
                        json!({"customer_id": customer, "credit_period_days": 30, "credit_form": "open_account",
                               "lines": [{"product_id": product, "quantity": 1, "price_fen": 100}]}),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
                r.body["id"].as_i64().unwrap()
            }
        };
        let review =
            json!({"version": 2, "outcome": "approved", "note": "", "signed_on": day(&app, 0)});
        // The business manager drew it up and sent it: someone else reviews it.
        let own = draft(c.bm.clone()).await;
        let path = format!("/api/v1/contracts/{own}");
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.bm),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = app
            .post(&format!("{path}/review"), Some(&c.bm), review.clone())
            .await;
        assert_eq!(
            (r.status, code(&r)),
            (StatusCode::FORBIDDEN, "approval.self_approval"),
            "{r:?}"
        );
        // Business staff drew it up, the business manager sent it: neither reviews it.
        let theirs = draft(staff.clone()).await;
        let path = format!("/api/v1/contracts/{theirs}");
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.bm),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        for token in [&c.bm, &staff] {
            let r = app
                .post(&format!("{path}/review"), Some(token), review.clone())
                .await;
            assert_eq!(code(&r), "approval.self_approval", "{r:?}");
        }
        // A third person of the business department signs it (the customer has credit).
        app.grant_credit(c.customer, 1_000_000_000).await;
        let other = app.as_role("bs2", &[Role::BusinessStaff]).await.1;
        let r = app
            .post(&format!("{path}/review"), Some(&other), review)
            .await;
        assert_eq!(r.body["status"], "signed", "{r:?}");
        let r = app
            .post(
                &format!("/api/v1/contracts/{own}/review"),
                Some(&other),
                json!({"version": 2, "outcome": "approved", "note": "", "signed_on": day(&app, 0)}),
            )
            .await;
        assert_eq!(r.body["status"], "signed", "{r:?}");
    }
);

both!(
    the_aging_before_the_first_policy_version_names_the_date,
    |app: TestApp| async move {
        let c = cast(&app).await;
        for path in [
            "/api/v1/reports/ar-aging?as_of=1999-12-31",
            "/api/v1/reports/ar-aging/receivables?as_of=1999-12-31",
            "/api/v1/reports/ar-aging.xlsx?as_of=1999-12-31",
        ] {
            let r = app.get(path, &c.finance).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {r:?}");
            assert_eq!(
                field_codes(&r),
                [("as_of".to_string(), "policy.none_in_force".to_string())],
                "{path}"
            );
        }
    }
);
