//! Credit control end to end, on both databases, with hand-computed figures: a new customer has
//! no credit; the standard and a limit request approved by the VP (and the GM above the policy
//! amount) give it some; contract review checks exposure + contract against the limit (a tie
//! passes, one fen over makes a special contract the GM decides); every shipping note is checked
//! (blocked notes cannot be confirmed; the VP releases within the delegated amount, the GM
//! above; payments re-check them); a hold stops everything; two notes at the same instant are
//! checked one after the other.

use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{code, field_codes, TestApp};

struct Cast {
    s1: String,
    s_other: String,
    staff: String,
    bm: String,
    vp: String,
    gm: String,
    warehouse: String,
    finance: String,
    customer: i64,
    product: i64,
}

fn day(app: &TestApp, offset: i64) -> String {
    (app.state.today() + chrono::Duration::days(offset)).to_string()
}

async fn cast(app: &TestApp) -> Cast {
    let admin = app.admin().await;
    let office = |code: &'static str| {
        let admin = admin.clone();
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
    let (o1, o2) = (office("OA").await, office("OB").await);
    let s1 = app.token_for(app.user("s1", &[Role::Salesman], Some(o1)).await);
    let s_other = app.token_for(app.user("s2", &[Role::Salesman], Some(o2)).await);
    let customer = app
        .post(
            "/api/v1/customers",
            Some(&s1),
            json!({"name": "信用测试客户有限公司", "registration_date": day(app, -800)}),
        )
        .await;
    assert_eq!(customer.status, StatusCode::CREATED, "{customer:?}");
    let bm = app.as_role("bm", &[Role::BusinessManager]).await.1;
    let r = app
        .post(
            "/api/v1/products",
            Some(&bm),
            json!({"code": "P1", "name": "路灯", "unit": "套", "list_price_fen": 100, "effective_from": day(app, -400)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    Cast {
        s1,
        s_other,
        staff: app.as_role("staff", &[Role::BusinessStaff]).await.1,
        bm,
        vp: app.as_role("vp", &[Role::VicePresident]).await.1,
        gm: app.as_role("gm", &[Role::GeneralManager]).await.1,
        warehouse: app.as_role("wh", &[Role::Warehouse]).await.1,
        finance: app.as_role("fin", &[Role::Finance]).await.1,
        customer: customer.body["id"].as_i64().unwrap(),
        product: r.body["id"].as_i64().unwrap(),
    }
}

/// The pending approval of a kind about the customer, from the decider's inbox.
async fn pending(app: &TestApp, token: &str, kind: &str) -> i64 {
    let r = app
        .get(&format!("/api/v1/approvals?box=inbox&kind={kind}"), token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no pending {kind}: {r:?}"))
}

async fn decide(app: &TestApp, token: &str, id: i64, approve: bool) -> Value {
    let verb = if approve { "approve" } else { "reject" };
    let r = app
        .post(
            &format!("/api/v1/approvals/{id}/{verb}"),
            Some(token),
            json!({"comment": "同意"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body
}

/// Give the customer credit the way the measures do: an investigation on file, a request by the
/// business staff, the VP's approval.
async fn grant(app: &TestApp, c: &Cast, limit_fen: i64) {
    let base = format!("/api/v1/customers/{}/credit", c.customer);
    let r = app
        .post(
            &format!("{base}/investigations"),
            Some(&c.staff),
            json!({"source": "bank_report", "investigated_on": day(app, -10), "findings": "银行评级 AA"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let r = app
        .post(
            &format!("{base}/limit-requests"),
            Some(&c.staff),
            json!({"new_grade": "A", "new_limit_fen": limit_fen, "credit_period_days": 30, "reason": "两年回款良好"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = pending(app, &c.vp, "credit_limit").await;
    decide(app, &c.vp, id, true).await;
}

/// A contract of `quantity` × 1.00 yuan (100 fen), submitted by the salesman and reviewed by the
/// business staff; the review's answer.
async fn reviewed(app: &TestApp, c: &Cast, quantity: i64, form: &str) -> Value {
    let r = app
        .post(
            "/api/v1/contracts",
            Some(&c.s1),
            json!({"customer_id": c.customer, "credit_period_days": 30, "credit_form": form,
                   "lines": [{"product_id": c.product, "quantity": quantity, "price_fen": 100}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["id"].as_i64().unwrap();
    let r = app
        .post(
            &format!("/api/v1/contracts/{id}/submit"),
            Some(&c.s1),
            json!({"version": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = app
        .post(
            &format!("/api/v1/contracts/{id}/review"),
            Some(&c.staff),
            json!({"version": 2, "outcome": "approved", "note": "符合政策", "signed_on": day(app, -5)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body
}

async fn ship(app: &TestApp, c: &Cast, contract: &Value, quantity: i64) -> Value {
    let r = app
        .post(
            "/api/v1/shipping-notes",
            Some(&c.warehouse),
            json!({"contract_id": contract["id"], "ship_date": day(app, 0),
                   "lines": [{"contract_line_id": contract["lines"][0]["id"], "quantity": quantity}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    r.body
}

async fn exposure(app: &TestApp, c: &Cast) -> Value {
    let r = app
        .get(&format!("/api/v1/customers/{}/exposure", c.customer), &c.bm)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    r.body
}

both!(
    a_new_customer_has_no_credit_until_the_vp_approves_a_limit,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let base = format!("/api/v1/customers/{}/credit", c.customer);
        let p = app.get(&base, &c.s1).await;
        assert_eq!(p.status, StatusCode::OK, "{p:?}");
        assert_eq!(
            (
                p.body["has_credit"].clone(),
                p.body["exposure"]["limit_fen"].clone(),
                p.body["standard"]["passed"].clone()
            ),
            (json!(false), json!(0), json!(false)),
            "no credit, and no investigation on file yet"
        );
        assert_eq!(
            app.get(&base, &c.s_other).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.get(&base, &c.warehouse).await.status,
            StatusCode::FORBIDDEN
        );
        // Salesmen do not propose limits; a request needs a reason.
        let ask = json!({"new_grade": "A", "new_limit_fen": 80_000_000, "credit_period_days": 45, "reason": "回款良好"});
        assert_eq!(
            app.post(&format!("{base}/limit-requests"), Some(&c.s1), ask.clone())
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        let r = app
            .post(
                &format!("{base}/limit-requests"),
                Some(&c.staff),
                json!({"new_grade": "A", "new_limit_fen": 1, "credit_period_days": 45, "reason": " "}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            vec![("reason".to_string(), "required".to_string())]
        );
        let r = app
            .post(
                &format!("{base}/limit-requests"),
                Some(&c.staff),
                ask.clone(),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(
            (r.body["status"].clone(), r.body["old_limit_fen"].clone()),
            (json!("pending"), json!(0))
        );
        // One pending request per customer.
        let again = app
            .post(&format!("{base}/limit-requests"), Some(&c.bm), ask.clone())
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{again:?}");
        // The business manager may not decide it; the VP does.
        let id = pending(&app, &c.vp, "credit_limit").await;
        let r = app
            .post(
                &format!("/api/v1/approvals/{id}/approve"),
                Some(&c.bm),
                json!({}),
            )
            .await;
        assert!(
            r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
            "{r:?}"
        );
        decide(&app, &c.vp, id, true).await;
        let p = app.get(&base, &c.s1).await.body;
        assert_eq!(
            (
                p["has_credit"].clone(),
                p["grade"].clone(),
                p["approved_limit_fen"].clone(),
                p["credit_period_days"].clone(),
                p["requests"][0]["status"].clone()
            ),
            (
                json!(true),
                json!("A"),
                json!(80_000_000),
                json!(45),
                json!("approved")
            )
        );

        // Above the policy's 100 万元 the GM decides after the VP.
        let r = app
            .post(
                &format!("{base}/limit-requests"),
                Some(&c.staff),
                json!({"new_grade": "AA", "new_limit_fen": 100_000_001, "credit_period_days": 60, "reason": "扩大合作"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let id = pending(&app, &c.vp, "credit_limit").await;
        decide(&app, &c.vp, id, true).await;
        assert_eq!(
            app.get(&base, &c.s1).await.body["approved_limit_fen"],
            80_000_000,
            "not before the GM approves"
        );
        let id = pending(&app, &c.gm, "credit_limit_gm").await;
        decide(&app, &c.gm, id, true).await;
        let p = app.get(&base, &c.s1).await.body;
        assert_eq!(
            (
                p["grade"].clone(),
                p["approved_limit_fen"].clone(),
                p["requests"].as_array().unwrap().len()
            ),
            (json!("AA"), json!(100_000_001), 2),
            "the history keeps both"
        );

        // Instruments raise the limit, so the VP or GM records them, not the business staff.
        let guarantee = |amount: i64, expires: String| json!({"kind": "guarantee", "provider": "河北银行", "amount_fen": amount, "expires_on": expires});
        let r = app
            .post(
                &format!("{base}/instruments"),
                Some(&c.staff),
                guarantee(5_000, day(&app, 30)),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                &format!("{base}/instruments"),
                Some(&c.vp),
                guarantee(1_000_000_000_001, day(&app, 30)),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            vec![("amount_fen".to_string(), "out_of_range".to_string())]
        );
        // A valid guarantee adds to the limit; an expired one does not; a voided one no more.
        let mut ids = Vec::new();
        for (amount, expires) in [
            (5_000, day(&app, 30)),
            (7_000, day(&app, -1)),
            (9_000, day(&app, 60)),
        ] {
            let r = app
                .post(
                    &format!("{base}/instruments"),
                    Some(&c.vp),
                    guarantee(amount, expires),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            let mine = r.body["instruments"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["amount_fen"] == amount)
                .unwrap()["id"]
                .clone();
            ids.push(mine);
        }
        assert_eq!(exposure(&app, &c).await["limit_fen"], 100_014_001);
        let r = app
            .post(
                &format!("{base}/instruments/{}/void", ids[2]),
                Some(&c.gm),
                json!({"reason": "担保撤回"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let e = exposure(&app, &c).await;
        assert_eq!(
            e["limit_fen"], 100_005_001,
            "100,000,001 + 5,000; the expired 7,000 and the voided 9,000 not"
        );
    }
);

both!(
    contract_review_checks_the_limit_and_the_gm_decides_special_contracts,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // Without credit, an open-account contract is a special contract; a prepayment one is not.
        let prepaid = reviewed(&app, &c, 5, "prepayment").await;
        assert_eq!(
            (
                prepaid["status"].clone(),
                prepaid["credit_check"]["passed"].clone()
            ),
            (json!("signed"), json!(true)),
            "{prepaid}"
        );
        grant(&app, &c, 1_000_000).await;
        // Exactly at the limit passes: 500 (the prepaid contract consumes none) …
        let a = reviewed(&app, &c, 10_000, "open_account").await;
        assert_eq!(
            (
                a["status"].clone(),
                a["credit_state"].clone(),
                a["credit_check"]["exposure_fen"].clone()
            ),
            (json!("signed"), json!("passed"), json!(1_000_000)),
            "{a}"
        );
        // … one fen over fails: a special contract for the GM, still in review.
        let b = reviewed(&app, &c, 1, "open_account").await;
        assert_eq!(
            (b["status"].clone(), b["credit_state"].clone()),
            (json!("in_review"), json!("special_pending")),
            "{b}"
        );
        let reasons = &b["credit_check"]["reasons"];
        assert_eq!(
            (
                reasons[0]["code"].clone(),
                reasons[0]["actual"].clone(),
                reasons[0]["allowed"].clone()
            ),
            (json!("limit"), json!(1_000_100), json!(1_000_000)),
            "1,000,000 unshipped + 100 against 1,000,000"
        );
        let approval = b["special_approval_id"].as_i64().unwrap();
        // Not the VP's to decide; the GM approves and the contract is signed.
        let r = app
            .post(
                &format!("/api/v1/approvals/{approval}/approve"),
                Some(&c.vp),
                json!({}),
            )
            .await;
        assert!(
            r.status == StatusCode::FORBIDDEN || r.status == StatusCode::NOT_FOUND,
            "{r:?}"
        );
        let d = decide(&app, &c.gm, approval, true).await;
        assert_eq!(d["payload"]["limit_fen"], 1_000_000, "{d}");
        let b = app
            .get(&format!("/api/v1/contracts/{}", b["id"]), &c.s1)
            .await
            .body;
        assert_eq!(
            (
                b["status"].clone(),
                b["credit_state"].clone(),
                b["signed_on"].clone()
            ),
            (
                json!("signed"),
                json!("special_approved"),
                json!(day(&app, -5))
            )
        );
        // A third over the limit, rejected by the GM: back to draft, and it can be re-submitted
        // (and is checked again).
        let x = reviewed(&app, &c, 3, "open_account").await;
        let approval = x["special_approval_id"].as_i64().unwrap();
        decide(&app, &c.gm, approval, false).await;
        let x = app
            .get(&format!("/api/v1/contracts/{}", x["id"]), &c.s1)
            .await
            .body;
        assert_eq!(
            (x["status"].clone(), x["credit_state"].clone()),
            (json!("draft"), json!("special_rejected"))
        );
        // Re-opened (submitted again), it is checked again at its next review.
        let r = app
            .post(
                &format!("/api/v1/contracts/{}/submit", x["id"]),
                Some(&c.s1),
                json!({"version": x["version"]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = app
            .post(
                &format!("/api/v1/contracts/{}/review", x["id"]),
                Some(&c.staff),
                json!({"version": r.body["version"], "outcome": "approved", "note": "", "signed_on": day(&app, -1)}),
            )
            .await;
        assert_eq!(
            (
                r.body["status"].clone(),
                r.body["credit_state"].clone(),
                r.body["credit_check"]["exposure_fen"].clone()
            ),
            (
                json!("in_review"),
                json!("special_pending"),
                json!(1_000_400)
            ),
            "1,000,100 signed (the GM's special contract included) + 300: {r:?}"
        );
        // A hold stops even a prepayment contract.
        let r = app
            .post(
                &format!("/api/v1/customers/{}/credit/hold", c.customer),
                Some(&c.staff),
                json!({"reason": "拒付"}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "business staff do not set holds"
        );
        let r = app
            .post(
                &format!("/api/v1/customers/{}/credit/hold", c.customer),
                Some(&c.bm),
                json!({"reason": "客户拒付货款"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["hold"]["reason"], "客户拒付货款");
        let held = reviewed(&app, &c, 1, "prepayment").await;
        assert_eq!(
            (
                held["credit_state"].clone(),
                held["credit_check"]["reasons"][0]["code"].clone()
            ),
            (json!("special_pending"), json!("hold"))
        );
    }
);

both!(
    shipping_notes_are_checked_blocked_released_and_rechecked_on_payment,
    |app: TestApp| async move {
        let c = cast(&app).await;
        grant(&app, &c, 1_000_000).await;
        let contract = reviewed(&app, &c, 10_000, "open_account").await;
        assert_eq!(contract["status"], "signed");
        // 6,000 shipped: the exposure does not change (unshipped → shipped-not-invoiced).
        let n1 = ship(&app, &c, &contract, 6_000).await;
        assert_eq!(n1["credit_state"], "passed", "{n1}");
        let e = exposure(&app, &c).await;
        assert_eq!(
            (
                e["shipped_not_invoiced_fen"].clone(),
                e["unshipped_contracts_fen"].clone(),
                e["exposure_fen"].clone(),
                e["headroom_fen"].clone(),
                e["utilisation_pct"].clone()
            ),
            (
                json!(600_000),
                json!(400_000),
                json!(1_000_000),
                json!(0),
                json!(100.0)
            )
        );
        let r = app
            .post(
                &format!("/api/v1/shipping-notes/{}/confirm", n1["id"]),
                Some(&c.warehouse),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // The VP lowers the limit to 8,000.00 yuan.
        let base = format!("/api/v1/customers/{}/credit", c.customer);
        let r = app
            .post(
                &format!("{base}/limit-requests"),
                Some(&c.staff),
                json!({"new_grade": "B", "new_limit_fen": 800_000, "credit_period_days": 30, "reason": "回款变慢"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let id = pending(&app, &c.vp, "credit_limit").await;
        decide(&app, &c.vp, id, true).await;
        // 600,000 receivable + 400,000 this note > 800,000: blocked.
        let n2 = ship(&app, &c, &contract, 4_000).await;
        assert_eq!(n2["credit_state"], "blocked", "{n2}");
        let note = format!("/api/v1/shipping-notes/{}", n2["id"]);
        let n2 = app.get(&note, &c.bm).await.body;
        assert_eq!(
            (
                n2["credit_check"]["reasons"][0]["code"].clone(),
                n2["credit_check"]["exposure_fen"].clone()
            ),
            (json!("limit"), json!(1_000_000))
        );
        let r = app
            .post(&format!("{note}/confirm"), Some(&c.warehouse), json!({}))
            .await;
        assert_eq!(
            (r.status, field_codes(&r)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![("status".to_string(), "credit.blocked".to_string())]
            )
        );
        // The warehouse sees it blocked, without the figures.
        let w = app.get(&note, &c.warehouse).await.body;
        assert_eq!(
            (w["credit_state"].clone(), w["credit_check"].clone()),
            (json!("blocked"), Value::Null)
        );
        // The VP (400,000 ≤ 50 万元) hears of it at once …
        let inbox = app.get("/api/v1/notifications", &c.vp).await.body;
        assert!(
            inbox["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["kind"] == "shipping_note.blocked" && n["link"] == "/credit-blocks"),
            "{inbox}"
        );
        // … and finds it on the worklist, with the customer's payments.
        let list = app.get("/api/v1/credit-blocks", &c.vp).await;
        assert_eq!(list.status, StatusCode::OK, "{list:?}");
        assert_eq!(list.body["total"], 1);
        let item = &list.body["items"][0];
        assert_eq!(
            (
                item["note"]["id"].clone(),
                item["releaser_role"].clone(),
                item["can_release"].clone()
            ),
            (n2["id"].clone(), json!("vice_president"), json!(true))
        );
        assert_eq!(
            app.get("/api/v1/credit-blocks", &c.s_other).await.body["total"],
            0
        );
        // A payment of 199,999 leaves 800,001: still blocked; one more fen releases it (a tie passes).
        let pay = |amount: i64| {
            let fin = c.finance.clone();
            let customer = c.customer;
            let app = &app;
            async move {
                let r = app
                    .post(
                        "/api/v1/payments",
                        Some(&fin),
                        json!({"customer_id": customer, "received_on": day(app, 0), "amount_fen": amount, "method": "bank_transfer"}),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            }
        };
        pay(199_999).await;
        assert_eq!(app.get(&note, &c.bm).await.body["credit_state"], "blocked");
        pay(1).await;
        let n2 = app.get(&note, &c.bm).await.body;
        assert_eq!(
            (
                n2["credit_state"].clone(),
                n2["credit_check"]["exposure_fen"].clone()
            ),
            (json!("passed"), json!(800_000))
        );
        let r = app
            .post(&format!("{note}/confirm"), Some(&c.warehouse), json!({}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");

        // A hold blocks the next note whatever the exposure; release needs a reason and the right
        // person: not the business manager, the VP within 50 万元.
        let contract2 = {
            let r = app
                .post(
                    &format!("{base}/limit-requests"),
                    Some(&c.staff),
                    json!({"new_grade": "A", "new_limit_fen": 90_000_000, "credit_period_days": 30, "reason": "恢复"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
            let id = pending(&app, &c.vp, "credit_limit").await;
            decide(&app, &c.vp, id, true).await;
            reviewed(&app, &c, 600_000, "open_account").await
        };
        assert_eq!(contract2["status"], "signed", "{contract2}");
        let r = app
            .post(
                &format!("{base}/hold"),
                Some(&c.bm),
                json!({"reason": "诉讼"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let small = ship(&app, &c, &contract2, 100).await;
        let big = ship(&app, &c, &contract2, 500_001).await;
        for n in [&small, &big] {
            let n = app
                .get(&format!("/api/v1/shipping-notes/{}", n["id"]), &c.bm)
                .await
                .body;
            assert_eq!(
                (
                    n["credit_state"].clone(),
                    n["credit_check"]["reasons"][0]["code"].clone()
                ),
                (json!("blocked"), json!("hold"))
            );
        }
        let release = |id: &Value| format!("/api/v1/credit-blocks/{id}/release");
        let r = app
            .post(
                &release(&small["id"]),
                Some(&c.bm),
                json!({"reason": "客户已付款"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(&release(&small["id"]), Some(&c.vp), json!({"reason": " "}))
            .await;
        assert_eq!(
            field_codes(&r),
            vec![("reason".to_string(), "required".to_string())]
        );
        let r = app
            .post(
                &release(&big["id"]),
                Some(&c.vp),
                json!({"reason": "客户已付款"}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "50,000,100 fen is above the VP's 50 万元"
        );
        let r = app
            .post(
                &release(&small["id"]),
                Some(&c.vp),
                json!({"reason": "客户已付款"}),
            )
            .await;
        assert_eq!(
            (
                r.status,
                r.body["credit_state"].clone(),
                r.body["release_reason"].clone()
            ),
            (StatusCode::OK, json!("released"), json!("客户已付款"))
        );
        let r = app
            .post(
                &format!("/api/v1/shipping-notes/{}/confirm", small["id"]),
                Some(&c.warehouse),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // The GM rejects the big one: cancelled, its quantity back on the contract.
        let r = app
            .post(
                &format!("/api/v1/credit-blocks/{}/reject", big["id"]),
                Some(&c.gm),
                json!({"reason": "风险过高"}),
            )
            .await;
        assert_eq!(
            (
                r.status,
                r.body["status"].clone(),
                r.body["credit_state"].clone()
            ),
            (StatusCode::OK, json!("cancelled"), json!("rejected"))
        );
        let c2 = app
            .get(&format!("/api/v1/contracts/{}", contract2["id"]), &c.s1)
            .await
            .body;
        assert_eq!(c2["lines"][0]["shipped_quantity"], 100);
        // Recheck while still on hold: still blocked; after the hold is lifted: passes.
        let again = ship(&app, &c, &contract2, 10).await;
        let recheck = format!("/api/v1/credit-blocks/{}/recheck", again["id"]);
        assert_eq!(
            app.post(&recheck, Some(&c.staff), json!({})).await.body["credit_state"],
            "blocked"
        );
        let r = app
            .post(
                &format!("{base}/hold/lift"),
                Some(&c.vp),
                json!({"reason": "和解"}),
            )
            .await;
        assert_eq!(
            (
                r.status,
                r.body["hold"].clone(),
                r.body["holds"][0]["lift_reason"].clone()
            ),
            (StatusCode::OK, Value::Null, json!("和解"))
        );
        assert_eq!(
            app.get(&format!("/api/v1/shipping-notes/{}", again["id"]), &c.bm)
                .await
                .body["credit_state"],
            "passed",
            "lifting the hold checks the blocked notes again"
        );
        assert_eq!(
            code(&app.post(&recheck, Some(&c.staff), json!({})).await),
            "validation.failed",
            "only a blocked note is checked again"
        );
        // A shipment split into notes counts whole against the VP's 50 万元: two of 30 万元.
        let r = app
            .post(
                &format!("{base}/hold"),
                Some(&c.bm),
                json!({"reason": "再次冻结"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let h1 = ship(&app, &c, &contract2, 300_000).await;
        let h2 = ship(&app, &c, &contract2, 299_000).await;
        let r = app
            .post(
                &release(&h1["id"]),
                Some(&c.vp),
                json!({"reason": "分批放行"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let list = app.get("/api/v1/credit-blocks", &c.vp).await.body;
        assert_eq!(
            (
                list["total"].clone(),
                list["items"][0]["releaser_role"].clone(),
                list["items"][0]["can_release"].clone()
            ),
            (json!(1), json!("general_manager"), json!(false)),
            "30,000,000 released + 29,900,000 > 50,000,000"
        );
        let r = app
            .post(
                &release(&h2["id"]),
                Some(&c.vp),
                json!({"reason": "分批放行"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                &release(&h2["id"]),
                Some(&c.gm),
                json!({"reason": "分批放行"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
    }
);

both!(
    the_gm_s_approval_covers_a_special_contract_s_own_shipments,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // No credit at all: a 1,000,000 contract is special; the GM approves it.
        let special = reviewed(&app, &c, 10_000, "open_account").await;
        assert_eq!(special["credit_state"], "special_pending");
        decide(
            &app,
            &c.gm,
            special["special_approval_id"].as_i64().unwrap(),
            true,
        )
        .await;
        let special = app
            .get(&format!("/api/v1/contracts/{}", special["id"]), &c.s1)
            .await
            .body;
        assert_eq!(special["credit_state"], "special_approved");
        // Its notes ship: the first, a second before the first is confirmed, a third after it
        // was confirmed (its receivable unpaid) — none blocked by the contract's own business.
        let n1 = ship(&app, &c, &special, 4_000).await;
        let n2 = ship(&app, &c, &special, 3_000).await;
        let r = app
            .post(
                &format!("/api/v1/shipping-notes/{}/confirm", n1["id"]),
                Some(&c.warehouse),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let n3 = ship(&app, &c, &special, 2_000).await;
        for n in [&n1, &n2, &n3] {
            let full = app
                .get(&format!("/api/v1/shipping-notes/{}", n["id"]), &c.bm)
                .await
                .body;
            assert_eq!(n["credit_state"], "passed", "{full}");
        }
        // A hold still blocks them.
        let r = app
            .post(
                &format!("/api/v1/customers/{}/credit/hold", c.customer),
                Some(&c.bm),
                json!({"reason": "诉讼"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let n4 = ship(&app, &c, &special, 1_000).await;
        assert_eq!(n4["credit_state"], "blocked");
    }
);

both!(
    two_reviews_at_the_same_instant_are_checked_one_after_the_other,
    |app: TestApp| async move {
        let c = cast(&app).await;
        grant(&app, &c, 1_000_000).await;
        // Two contracts of 600,000 each: either fits the limit alone, not both. Reviewed at the
        // same instant, the second check sees the first one signed.
        let draft = |quantity: i64| {
            let app = &app;
            let c = &c;
            async move {
                let r = app
                    .post(
                        "/api/v1/contracts",
                        Some(&c.s1),
                        json!({"customer_id": c.customer, "credit_period_days": 30, "credit_form": "open_account",
                               "lines": [{"product_id": c.product, "quantity": quantity, "price_fen": 100}]}),
                    )
                    .await;
                let id = r.body["id"].as_i64().unwrap();
                let r = app
                    .post(
                        &format!("/api/v1/contracts/{id}/submit"),
                        Some(&c.s1),
                        json!({"version": 1}),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{r:?}");
                id
            }
        };
        let (a, b) = (draft(6_000).await, draft(6_000).await);
        let review = |id: i64| {
            let app = &app;
            let c = &c;
            async move {
                let r = app
                    .post(
                        &format!("/api/v1/contracts/{id}/review"),
                        Some(&c.staff),
                        json!({"version": 2, "outcome": "approved", "note": "", "signed_on": day(app, -1)}),
                    )
                    .await;
                assert_eq!(r.status, StatusCode::OK, "{r:?}");
                r.body["credit_state"].clone()
            }
        };
        let (x, y) = futures_util::future::join(review(a), review(b)).await;
        let mut states = vec![x, y];
        states.sort_by_key(|s| s.to_string());
        assert_eq!(states, vec![json!("passed"), json!("special_pending")]);
    }
);

both!(
    no_path_skips_the_check_and_files_back_investigations,
    |app: TestApp| async move {
        let c = cast(&app).await;
        grant(&app, &c, 1_000_000).await;
        // A signed contract's lines cannot be edited (only drafts are), so nothing adds to a
        // signed contract without a new review.
        let a = reviewed(&app, &c, 10_000, "open_account").await;
        let r = app
            .patch(
                &format!("/api/v1/contracts/{}", a["id"]),
                &c.s1,
                json!({"version": a["version"], "credit_period_days": 30, "credit_form": "open_account", "note": "",
                       "lines": [{"product_id": c.product, "quantity": 20_000, "price_fen": 100}]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        // A special contract cancelled while the GM decides: the request is withdrawn with it.
        let b = reviewed(&app, &c, 1, "open_account").await;
        assert_eq!(b["credit_state"], "special_pending");
        let r = app
            .post(
                &format!("/api/v1/contracts/{}/cancel", b["id"]),
                Some(&c.s1),
                json!({"version": b["version"], "reason": "客户取消"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let approval = app
            .get(
                &format!("/api/v1/approvals/{}", b["special_approval_id"]),
                &c.gm,
            )
            .await;
        assert_eq!(approval.body["status"], "cancelled", "{approval:?}");
        // Split shipments are each checked; a note pushed twice with one idempotency key is
        // issued (and checked) once.
        let push = |key: &'static str, quantity: i64| {
            let app = &app;
            let c = &c;
            let a = &a;
            async move {
                app.send(
                    actix_web::test::TestRequest::post()
                        .uri("/api/v1/shipping-notes")
                        .insert_header(("Authorization", format!("Bearer {}", c.warehouse)))
                        .insert_header(("Idempotency-Key", key))
                        .set_json(json!({"contract_id": a["id"], "ship_date": day(app, 0),
                                         "lines": [{"contract_line_id": a["lines"][0]["id"], "quantity": quantity}]})),
                )
                .await
            }
        };
        let first = push("ERP-SHIP-1", 2_000).await;
        let again = push("ERP-SHIP-1", 2_000).await;
        assert_eq!(
            (first.status, again.status, first.body["id"].clone()),
            (
                StatusCode::CREATED,
                StatusCode::CREATED,
                again.body["id"].clone()
            )
        );
        let second = push("ERP-SHIP-2", 3_000).await;
        assert_eq!(second.status, StatusCode::CREATED, "{second:?}");
        for n in [&first, &second] {
            let n = app
                .get(&format!("/api/v1/shipping-notes/{}", n.body["id"]), &c.bm)
                .await
                .body;
            assert_eq!(
                (
                    n["credit_state"].clone(),
                    n["credit_check"]["exposure_fen"].clone()
                ),
                (json!("passed"), json!(1_000_000)),
                "moving value from unshipped to shipped changes nothing"
            );
        }
        let e = exposure(&app, &c).await;
        assert_eq!(
            (
                e["shipped_not_invoiced_fen"].clone(),
                e["unshipped_contracts_fen"].clone()
            ),
            (json!(500_000), json!(500_000))
        );
        let docs = app
            .get(
                &format!(
                    "/api/v1/customers/{}/exposure/documents?part=shipped_not_invoiced",
                    c.customer
                ),
                &c.bm,
            )
            .await;
        assert_eq!(docs.status, StatusCode::OK, "{docs:?}");
        let amounts: Vec<Value> = docs
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["amount_fen"].clone())
            .collect();
        assert_eq!(amounts, vec![json!(200_000), json!(300_000)]);

        // An investigation with its bank report: the file must be this customer's attachment.
        let upload = app
            .send(
                actix_web::test::TestRequest::post()
                    .uri(&format!(
                        "/api/v1/customers/{}/attachments?filename=report.pdf",
                        c.customer
                    ))
                    .insert_header(("Authorization", format!("Bearer {}", c.staff)))
                    .insert_header(("Content-Type", "application/octet-stream"))
                    .set_payload(&b"%PDF-1.4 bank report"[..]),
            )
            .await;
        assert_eq!(upload.status, StatusCode::CREATED, "{upload:?}");
        let file = upload.body["id"].as_i64().unwrap();
        let base = format!("/api/v1/customers/{}/credit/investigations", c.customer);
        let r = app
            .post(
                &base,
                Some(&c.staff),
                json!({"source": "bank_report", "investigated_on": day(&app, 0), "findings": "无不良记录", "attachment_ids": [file + 1000]}),
            )
            .await;
        assert_eq!(
            field_codes(&r),
            vec![("attachment_ids".to_string(), "unknown".to_string())]
        );
        let r = app
            .post(
                &base,
                Some(&c.staff),
                json!({"source": "bank_report", "investigated_on": day(&app, 0), "findings": "无不良记录", "attachment_ids": [file]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(
            (
                r.body["investigations"][0]["files"][0]["attachment_id"].clone(),
                r.body["investigations"][0]["files"][0]["filename"].clone()
            ),
            (json!(file), json!("report.pdf"))
        );
        // A severe event puts the customer on hold at once.
        let r = app
            .post(
                &format!("/api/v1/customers/{}/credit/events", c.customer),
                Some(&c.staff),
                json!({"kind": "legal_trouble", "phase": "in_transaction", "severity": "severe", "notes": "被起诉"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(r.body["hold"]["event_id"], r.body["events"][0]["id"]);
    }
);

both!(
    two_notes_at_the_same_instant_are_checked_one_after_the_other,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // With the unshipped part switched off in the policy, each issued note adds its amount
        // to the exposure: two notes of 500,000 against 900,000 fit one at a time only.
        app.sql(
            "UPDATE policy_versions SET document = \
               replace(replace(document, '\"unshipped_contracts\":true', '\"unshipped_contracts\":false'), \
                       '\"unshipped_contracts\": true', '\"unshipped_contracts\": false')",
        )
        .await;
        grant(&app, &c, 1_000_000).await;
        let e = exposure(&app, &c).await;
        assert_eq!(e["counted"]["unshipped_contracts"], false, "{e}");
        let contract = reviewed(&app, &c, 10_000, "open_account").await;
        assert_eq!(contract["status"], "signed", "{contract}");
        // The VP lowers the limit to 900,000 after the signing.
        let r = app
            .post(
                &format!("/api/v1/customers/{}/credit/limit-requests", c.customer),
                Some(&c.staff),
                json!({"new_grade": "B", "new_limit_fen": 900_000, "credit_period_days": 30, "reason": "收紧"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let id = pending(&app, &c.vp, "credit_limit").await;
        decide(&app, &c.vp, id, true).await;
        let (a, b) = futures_util::future::join(
            ship(&app, &c, &contract, 5_000),
            ship(&app, &c, &contract, 5_000),
        )
        .await;
        let mut states = vec![a["credit_state"].clone(), b["credit_state"].clone()];
        states.sort_by_key(|s| s.to_string());
        assert_eq!(states, vec![json!("blocked"), json!("passed")]);
    }
);

both!(
    credit_training_sessions_histories_and_who_is_due,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let me = |token: &str| {
            let token = token.to_string();
            let app = &app;
            async move {
                app.get("/api/v1/me", &token).await.body["id"]
                    .as_i64()
                    .unwrap()
            }
        };
        let (s1, fin, s2) = (me(&c.s1).await, me(&c.finance).await, me(&c.s_other).await);
        let session = |held_on: String, attendees: Value| {
            json!({"held_on": held_on, "topic": "应收账款风险识别", "trainer": "财务部 王会计",
                   "materials": "讲义", "attendee_ids": attendees})
        };
        // Salesmen read, the business department records.
        let r = app
            .post(
                "/api/v1/credit-trainings",
                Some(&c.s1),
                session(day(&app, -10), json!([s1])),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                "/api/v1/credit-trainings",
                Some(&c.staff),
                session(day(&app, 1), json!([s1, 999_999, s1])),
            )
            .await;
        let mut codes = field_codes(&r);
        codes.sort();
        assert_eq!(
            codes,
            vec![
                ("attendee_ids".to_string(), "invalid".to_string()),
                ("held_on".to_string(), "out_of_range".to_string())
            ]
        );
        let r = app
            .post(
                "/api/v1/credit-trainings",
                Some(&c.staff),
                session(day(&app, -10), json!([s1, fin])),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        assert_eq!(r.body["attendees"].as_array().unwrap().len(), 2);
        // s2 attended 13 months ago: due again under the policy's 12 months.
        let r = app
            .post(
                "/api/v1/credit-trainings",
                Some(&c.bm),
                session(day(&app, -400), json!([s2])),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let history = app
            .get(&format!("/api/v1/credit-trainings?user_id={s2}"), &c.s1)
            .await;
        assert_eq!(history.body["total"], 1, "{history:?}");
        let due = app.get("/api/v1/credit-trainings/due", &c.s1).await;
        assert_eq!(due.status, StatusCode::OK, "{due:?}");
        let due: Vec<(String, Value)> = due
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["display_name"].as_str().unwrap().to_string(),
                    d["last_trained_on"].clone(),
                )
            })
            .collect();
        assert!(
            due.contains(&("s2".to_string(), json!(day(&app, -400)))),
            "{due:?}"
        );
        assert!(due.iter().any(|(n, _)| n == "bm"), "never trained: {due:?}");
        assert!(
            !due.iter().any(|(n, _)| n == "s1" || n == "fin"),
            "trained: {due:?}"
        );
        assert!(
            !due.iter().any(|(n, _)| n == "gm" || n == "wh"),
            "not trained roles: {due:?}"
        );
    }
);
