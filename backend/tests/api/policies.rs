//! Policy versions: the default installed, drafts validated by parameter, VP (and GM for the
//! credit part) approval through the inbox, in force from the effective date, immutability.

use actix_web::http::StatusCode;
use jiyuan_crm::auth::policy::Role;
use serde_json::{json, Value};

use crate::both;
use crate::common::{field_codes, TestApp};

struct Cast {
    manager: String,
    vp: String,
    gm: String,
    salesman: String,
}

async fn cast(app: &TestApp) -> Cast {
    Cast {
        manager: app.as_role("bm", &[Role::BusinessManager]).await.1,
        vp: app.as_role("vp", &[Role::VicePresident]).await.1,
        gm: app.as_role("gm", &[Role::GeneralManager]).await.1,
        salesman: app.as_role("s1", &[Role::Salesman]).await.1,
    }
}

async fn decide(
    app: &TestApp,
    token: &str,
    approval: &Value,
    approve: bool,
) -> crate::common::Resp {
    let verb = if approve { "approve" } else { "reject" };
    app.post(
        &format!("/api/v1/approvals/{}/{verb}", approval.as_i64().unwrap()),
        Some(token),
        json!({"comment": "审阅"}),
    )
    .await
}

fn tomorrow(app: &TestApp) -> String {
    (app.state.today() + chrono::Duration::days(1)).to_string()
}

both!(
    a_revision_is_drafted_validated_approved_and_takes_effect,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // The measures' default version is in force from the start, readable by everyone.
        let r = app.get("/api/v1/policies/active", &c.salesman).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (
                r.body["number"].clone(),
                r.body["active"].clone(),
                r.body["status"].clone()
            ),
            (json!(1), json!(true), json!("approved"))
        );
        let doc = r.body["document"].clone();
        assert_eq!(doc["rating"]["level_points"], json!([25, 20, 15, 10]));
        assert_eq!(doc["rating"]["contract_amount_min_fen"][0], 500_000_000);
        assert_eq!(doc["treatment"].as_array().unwrap().len(), 6);

        // Only the business manager drafts.
        let r = app
            .post("/api/v1/policies", Some(&c.salesman), json!({}))
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let r = app
            .post(
                "/api/v1/policies",
                Some(&c.manager),
                json!({"note": "2027 修订"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
        let id = r.body["id"].as_i64().unwrap();
        assert_eq!(
            (
                r.body["number"].clone(),
                r.body["status"].clone(),
                r.body["changes"].clone()
            ),
            (json!(2), json!("draft"), json!([]))
        );
        let path = format!("/api/v1/policies/{id}");

        // An invalid draft is saved with its problems, and cannot be submitted.
        let mut bad = doc.clone();
        bad["rating"]["grade_b_min_points"] = json!(90);
        let r = app
            .patch(&path, &c.manager, json!({"version": 1, "document": bad}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            r.body["problems"][0]["field"],
            "document.rating.grade_b_min_points"
        );
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.manager),
                json!({"version": 2}),
            )
            .await;
        let fields: Vec<String> = field_codes(&r).into_iter().map(|f| f.0).collect();
        assert_eq!(
            fields,
            ["document.rating.grade_b_min_points", "effective_from"],
            "{r:?}"
        );

        // A valid revision of the rating part only: the VP's approval suffices.
        let mut good = doc.clone();
        good["rating"]["grade_a_min_points"] = json!(88);
        let r = app
            .patch(
                &path,
                &c.manager,
                json!({"version": 2, "document": good, "effective_from": tomorrow(&app)}),
            )
            .await;
        assert_eq!(r.body["problems"], json!([]), "{r:?}");
        assert_eq!(
            r.body["changes"],
            json!([{"path": "rating.grade_a_min_points", "before": 85, "after": 88}])
        );
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.manager),
                json!({"version": 3}),
            )
            .await;
        assert_eq!(r.body["status"], "submitted", "{r:?}");
        let approval = r.body["approval_id"].clone();
        // Immutable from now on.
        let r = app
            .patch(&path, &c.manager, json!({"version": 4, "note": "x"}))
            .await;
        assert_eq!(field_codes(&r)[0].1, "policy.immutable");

        // In the VP's inbox, not the GM's.
        let inbox = |token: String| {
            let app = &app;
            async move {
                app.get("/api/v1/approvals?box=inbox", &token).await.body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["kind"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(inbox(c.vp.clone()).await, ["policy_version"]);
        assert!(inbox(c.gm.clone()).await.is_empty());
        let r = decide(&app, &c.vp, &approval, true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = app.get(&path, &c.salesman).await;
        assert_eq!(
            (r.body["status"].clone(), r.body["active"].clone()),
            (json!("approved"), json!(false)),
            "approved, in force from tomorrow"
        );
        assert_eq!(
            app.get("/api/v1/policies/active", &c.salesman).await.body["number"],
            1
        );
        // From the effective date on, it is the one in force.
        app.sql(&format!(
            "UPDATE policy_versions SET effective_from = '{}' WHERE id = {id}",
            app.state.today()
        ))
        .await;
        let r = app.get("/api/v1/policies/active", &c.salesman).await;
        assert_eq!(
            (
                r.body["number"].clone(),
                r.body["document"]["rating"]["grade_a_min_points"].clone()
            ),
            (json!(2), json!(88))
        );
        let list = app.get("/api/v1/policies", &c.salesman).await;
        assert_eq!(list.body["total"], 2);
        assert_eq!(
            list.body["items"][0]["document"],
            Value::Null,
            "lists leave documents out"
        );
    }
);

both!(
    a_credit_change_also_needs_the_general_manager,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let r = app
            .post("/api/v1/policies", Some(&c.manager), json!({}))
            .await;
        let id = r.body["id"].as_i64().unwrap();
        let mut doc = r.body["document"].clone();
        doc["credit"]["normal_collection_days"] = json!(120);
        let path = format!("/api/v1/policies/{id}");
        app.patch(
            &path,
            &c.manager,
            json!({"version": 1, "document": doc, "effective_from": tomorrow(&app)}),
        )
        .await;
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.manager),
                json!({"version": 2}),
            )
            .await;
        decide(&app, &c.vp, &r.body["approval_id"], true).await;
        let r = app.get(&path, &c.manager).await;
        assert_eq!(r.body["status"], "awaiting_gm", "{r:?}");
        // The submitter learns the VP approved and the GM decides next, not that it is done.
        let news = app.get("/api/v1/notifications", &c.manager).await;
        let vp_news = news.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == "approval.approved")
            .cloned()
            .unwrap_or_else(|| panic!("{news:?}"));
        assert!(
            vp_news["body"]
                .as_str()
                .unwrap()
                .contains("forwarded to the general manager"),
            "{vp_news:?}"
        );
        // The credit part is the business manager's request, in the GM's inbox only.
        let credit_approval = r.body["approval_id"].clone();
        assert_eq!(
            decide(&app, &c.vp, &credit_approval, true).await.status,
            StatusCode::NOT_FOUND
        );
        let mine = app.get("/api/v1/approvals?box=mine", &c.manager).await;
        assert_eq!(mine.body["items"][0]["kind"], "credit_policy", "{mine:?}");
        let r = decide(&app, &c.gm, &credit_approval, false).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(app.get(&path, &c.manager).await.body["status"], "rejected");

        // A second draft withdrawn while waiting: its approval is cancelled with it.
        let r = app
            .post("/api/v1/policies", Some(&c.manager), json!({}))
            .await;
        let id = r.body["id"].as_i64().unwrap();
        let path = format!("/api/v1/policies/{id}");
        app.patch(
            &path,
            &c.manager,
            json!({"version": 1, "effective_from": tomorrow(&app)}),
        )
        .await;
        let r = app
            .post(
                &format!("{path}/submit"),
                Some(&c.manager),
                json!({"version": 2}),
            )
            .await;
        let approval = r.body["approval_id"].clone();
        let r = app
            .post(
                &format!("{path}/withdraw"),
                Some(&c.manager),
                json!({"version": 3}),
            )
            .await;
        assert_eq!(r.body["status"], "withdrawn", "{r:?}");
        assert_eq!(
            decide(&app, &c.vp, &approval, true).await.status,
            StatusCode::CONFLICT,
            "nothing left to decide"
        );
    }
);

/// Draft, change with `change`, date it tomorrow and submit; the VP approves. The version's
/// status after the VP's decision.
async fn through_the_vp(
    app: &TestApp,
    c: &Cast,
    body: Value,
    change: impl FnOnce(&mut Value),
) -> (String, Value) {
    let r = app.post("/api/v1/policies", Some(&c.manager), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{r:?}");
    let id = r.body["id"].as_i64().unwrap();
    let mut doc = r.body["document"].clone();
    change(&mut doc);
    let path = format!("/api/v1/policies/{id}");
    let r = app
        .patch(
            &path,
            &c.manager,
            json!({"version": 1, "document": doc, "effective_from": tomorrow(app)}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = app
        .post(
            &format!("{path}/submit"),
            Some(&c.manager),
            json!({"version": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = decide(app, &c.vp, &r.body["approval_id"], true).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let r = app.get(&path, &c.manager).await;
    (path, r.body)
}

both!(
    the_general_manager_is_asked_whatever_the_draft_was_copied_from,
    |app: TestApp| async move {
        let c = cast(&app).await;
        // A credit change the GM rejects.
        let (rejected, v) = through_the_vp(&app, &c, json!({}), |d| {
            d["credit"]["normal_collection_days"] = json!(120)
        })
        .await;
        assert_eq!(v["status"], "awaiting_gm", "{v:?}");
        let r = decide(&app, &c.gm, &v["approval_id"], false).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let rejected_id = app.get(&rejected, &c.manager).await.body["id"].clone();

        // A copy of the rejected version, sent again unchanged: its credit part equals the
        // version it was copied from, but not the one in force — the GM decides again.
        let (_, v) = through_the_vp(&app, &c, json!({"based_on": rejected_id}), |_| {}).await;
        assert_eq!(v["status"], "awaiting_gm", "{v:?}");
        assert_eq!(v["based_on"], 1, "measured against the version it replaces");
        assert_eq!(
            v["changes"],
            json!([{"path": "credit.normal_collection_days", "before": 90, "after": 120}]),
            "the VP sees the credit change against the version in force"
        );

        // Two drafts: the second copies the first (credit change inside) while it is a draft.
        let r = app
            .post("/api/v1/policies", Some(&c.manager), json!({}))
            .await;
        let first = r.body["id"].as_i64().unwrap();
        let mut doc = r.body["document"].clone();
        doc["credit"]["normal_collection_days"] = json!(150);
        let r = app
            .patch(
                &format!("/api/v1/policies/{first}"),
                &c.manager,
                json!({"version": 1, "document": doc}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let (_, v) = through_the_vp(&app, &c, json!({"based_on": first}), |_| {}).await;
        assert_eq!(v["status"], "awaiting_gm", "{v:?}");
    }
);

both!(
    a_change_of_the_service_rules_also_needs_the_general_manager,
    |app: TestApp| async move {
        let c = cast(&app).await;
        let (_, v) = through_the_vp(&app, &c, json!({}), |d| {
            d["service"]["complaint_handoff_working_days"] = json!(2)
        })
        .await;
        assert_eq!(v["status"], "awaiting_gm", "{v:?}");
        let r = decide(&app, &c.gm, &v["approval_id"], true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        // The rating part alone stays the VP's — measured against the service change approved
        // for tomorrow, which a copy of today's version would silently undo.
        let (_, undoing) = through_the_vp(&app, &c, json!({}), |d| {
            d["rating"]["grade_a_min_points"] = json!(86)
        })
        .await;
        assert_eq!(
            undoing["status"], "awaiting_gm",
            "it reverts the service change"
        );
        let (_, v) = through_the_vp(&app, &c, json!({"based_on": v["id"]}), |d| {
            d["rating"]["grade_a_min_points"] = json!(86)
        })
        .await;
        assert_eq!(v["status"], "approved", "{v:?}");
    }
);
