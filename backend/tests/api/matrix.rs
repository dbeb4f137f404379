//! Every route of the OpenAPI document × every role: each route must declare who may call it,
//! and each role gets exactly that (403 otherwise; 401 without a token). A new endpoint
//! without an entry here fails this test.

use std::collections::BTreeSet;

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use jiyuan_crm::auth::policy::{role_can, Access, Area, Role};
use serde_json::Value;

use crate::both;
use crate::common::{code, TestApp};

#[derive(Clone, Copy, Debug)]
enum Rule {
    /// No token needed.
    Public,
    /// Any logged-in user, whatever the roles.
    AnyUser,
    /// Roles that have this permission in the role matrix (docs/roles.md).
    Needs(Area, Access),
    /// Exactly these roles (a decision the permission table alone does not make).
    Roles(&'static [Role]),
}

use Access::*;
use Area::*;
use Rule::*;

#[rustfmt::skip]
const ROUTES: &[(&str, &str, Rule)] = &[
    ("POST",   "/api/v1/auth/login",                     Public),
    ("POST",   "/api/v1/auth/refresh",                   Public),
    ("POST",   "/api/v1/auth/logout",                    Public),
    ("GET",    "/api/v1/me",                             AnyUser),
    ("PATCH",  "/api/v1/me",                             AnyUser),
    ("POST",   "/api/v1/me/password",                    AnyUser),
    ("GET",    "/api/v1/users",                          Needs(Administration, Read)),
    ("POST",   "/api/v1/users",                          Needs(Administration, Write)),
    ("GET",    "/api/v1/users/lookup",                   AnyUser),
    ("GET",    "/api/v1/users/{id}",                     Needs(Administration, Read)),
    ("PATCH",  "/api/v1/users/{id}",                     Needs(Administration, Write)),
    ("POST",   "/api/v1/users/{id}/disable",             Needs(Administration, Write)),
    ("POST",   "/api/v1/users/{id}/enable",              Needs(Administration, Write)),
    ("POST",   "/api/v1/users/{id}/reset-password",      Needs(Administration, Write)),
    ("POST",   "/api/v1/users/{id}/end-sessions",        Needs(Administration, Write)),
    ("GET",    "/api/v1/offices",                        AnyUser),
    ("POST",   "/api/v1/offices",                        Needs(Administration, Write)),
    ("GET",    "/api/v1/offices/{id}",                   AnyUser),
    ("PATCH",  "/api/v1/offices/{id}",                   Needs(Administration, Write)),
    ("GET",    "/api/v1/api-tokens",                     Needs(Administration, Read)),
    ("POST",   "/api/v1/api-tokens",                     Needs(Administration, Write)),
    ("DELETE", "/api/v1/api-tokens/{id}",                Needs(Administration, Write)),
    ("GET",    "/api/v1/audit-events",                   Needs(AuditLog, Read)),
    ("GET",    "/api/v1/audit-events/{id}",              Needs(AuditLog, Read)),
    ("GET",    "/api/v1/settings",                       Needs(Administration, Read)),
    ("PATCH",  "/api/v1/settings",                       Needs(Administration, Write)),
    ("GET",    "/api/v1/customers",                      Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/customers/export.xlsx",          Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/customers/import/template.xlsx", Needs(CustomerMaster, Write)),
    ("POST",   "/api/v1/customers/import",               Needs(CustomerMaster, Write)),
    ("POST",   "/api/v1/customers",                      Needs(CustomerMaster, Write)),
    ("GET",    "/api/v1/customers/{id}",                 Needs(CustomerMaster, Read)),
    ("PATCH",  "/api/v1/customers/{id}",                 Needs(CustomerMaster, Write)),
    ("POST",   "/api/v1/customers/{id}/transfer",        Needs(CustomerTransfer, Write)),
    ("POST",   "/api/v1/customers/{id}/status",          Needs(CustomerMaster, Write)),
    ("POST",   "/api/v1/customers/{id}/classification",  Needs(CustomerClassification, Write)),
    ("POST",   "/api/v1/customers/{id}/first-deal-date", Needs(FirstDealDate, Write)),
    ("GET",    "/api/v1/customers/{id}/changes",         Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/customers/{id}/card",            Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/customers/{id}/grants",          Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/customers/{id}/dossier",         Needs(CustomerMaster, Read)),
    ("POST",   "/api/v1/customers/{id}/dossier",         Needs(CustomerMaster, Write)),
    ("PATCH",  "/api/v1/dossier-entries/{id}",           Needs(CustomerMaster, Write)),
    ("DELETE", "/api/v1/dossier-entries/{id}",           Needs(CustomerMaster, Write)),
    ("GET",    "/api/v1/dossier-entries/{id}/history",   Needs(CustomerMaster, Read)),
    ("POST",   "/api/v1/customers/{id}/attachments",     Needs(CustomerMaster, Write)),
    ("GET",    "/api/v1/customers/{id}/attachments",     Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/attachments/{id}",               Needs(CustomerMaster, Read)),
    ("DELETE", "/api/v1/attachments/{id}",               Needs(CustomerMaster, Write)),
    ("POST",   "/api/v1/borrow-requests",                Needs(DossierBorrowing, Write)),
    ("GET",    "/api/v1/development-plans",              Needs(DevelopmentPlans, Read)),
    ("POST",   "/api/v1/development-plans",              Needs(DevelopmentPlans, Write)),
    ("GET",    "/api/v1/development-plans/{id}",         Needs(DevelopmentPlans, Read)),
    ("PATCH",  "/api/v1/development-plans/{id}",         Needs(DevelopmentPlans, Write)),
    ("POST",   "/api/v1/development-plans/{id}/submit",  Needs(DevelopmentPlans, Write)),
    // The business department answers plans: its staff and manager.
    ("POST",   "/api/v1/development-plans/{id}/comment", Roles(&[Role::BusinessStaff, Role::BusinessManager])),
    // Approvals: who may decide depends on the request's kind and approver role (approvals.rs).
    ("GET",    "/api/v1/approvals",                      AnyUser),
    ("GET",    "/api/v1/approvals/{id}",                 AnyUser),
    ("POST",   "/api/v1/approvals/{id}/approve",         AnyUser),
    ("POST",   "/api/v1/approvals/{id}/reject",          AnyUser),
    ("POST",   "/api/v1/approvals/{id}/cancel",          AnyUser),
    ("GET",    "/api/v1/notifications",                  AnyUser),
    ("GET",    "/api/v1/notifications/unread-count",     AnyUser),
    ("POST",   "/api/v1/notifications/{id}/read",        AnyUser),
    ("POST",   "/api/v1/notifications/read-all",         AnyUser),
    ("GET",    "/api/v1/policies",                       Needs(PolicyVersions, Read)),
    ("GET",    "/api/v1/policies/active",                Needs(PolicyVersions, Read)),
    ("GET",    "/api/v1/policies/{id}",                  Needs(PolicyVersions, Read)),
    ("POST",   "/api/v1/policies",                       Needs(PolicyVersions, Write)),
    ("PATCH",  "/api/v1/policies/{id}",                  Needs(PolicyVersions, Write)),
    ("POST",   "/api/v1/policies/{id}/submit",           Needs(PolicyVersions, Write)),
    ("POST",   "/api/v1/policies/{id}/withdraw",         Needs(PolicyVersions, Write)),
    ("GET",    "/api/v1/products",                       Needs(Products, Read)),
    ("POST",   "/api/v1/products",                       Needs(Products, Write)),
    ("PATCH",  "/api/v1/products/{id}",                  Needs(Products, Write)),
    ("GET",    "/api/v1/products/{id}/prices",           Needs(Products, Read)),
    ("POST",   "/api/v1/products/{id}/prices",           Needs(Products, Write)),
    ("GET",    "/api/v1/contracts",                      Needs(Contracts, Read)),
    ("POST",   "/api/v1/contracts",                      Needs(Contracts, Write)),
    ("GET",    "/api/v1/contracts/{id}",                 Needs(Contracts, Read)),
    ("PATCH",  "/api/v1/contracts/{id}",                 Needs(Contracts, Write)),
    ("POST",   "/api/v1/contracts/{id}/submit",          Needs(Contracts, Write)),
    ("POST",   "/api/v1/contracts/{id}/review",          Roles(&[Role::BusinessStaff, Role::BusinessManager])),
    ("POST",   "/api/v1/contracts/{id}/complete",        Needs(Contracts, Write)),
    ("POST",   "/api/v1/contracts/{id}/cancel",          Needs(Contracts, Write)),
    ("GET",    "/api/v1/shipping-notes",                 Needs(ShippingNotes, Read)),
    ("POST",   "/api/v1/shipping-notes",                 Needs(ShippingNotes, Write)),
    ("GET",    "/api/v1/shipping-notes/{id}",            Needs(ShippingNotes, Read)),
    ("POST",   "/api/v1/shipping-notes/{id}/confirm",    Needs(ShippingNotes, Write)),
    ("POST",   "/api/v1/shipping-notes/{id}/cancel",     Needs(ShippingNotes, Write)),
    ("GET",    "/api/v1/shippable-contracts",            Needs(ShippingNotes, Write)),
    ("GET",    "/api/v1/receivables",                    Needs(Receivables, Read)),
    ("GET",    "/api/v1/payments",                       Needs(Receivables, Read)),
    ("POST",   "/api/v1/payments",                       Needs(Receivables, Write)),
    ("GET",    "/api/v1/payments/{id}",                  Needs(Receivables, Read)),
    ("POST",   "/api/v1/payments/{id}/allocate",         Needs(Receivables, Write)),
    ("POST",   "/api/v1/payments/{id}/reverse",          Needs(Receivables, Write)),
    ("POST",   "/api/v1/credit-notes",                   Needs(Receivables, Write)),
    ("GET",    "/api/v1/customers/{id}/credit",          Needs(CreditLimits, Read)),
    ("GET",    "/api/v1/customers/{id}/exposure",        Needs(CreditLimits, Read)),
    ("GET",    "/api/v1/customers/{id}/exposure/documents", Needs(CreditLimits, Read)),
    ("POST",   "/api/v1/customers/{id}/credit/limit-requests", Needs(CreditLimits, Write)),
    ("POST",   "/api/v1/customers/{id}/credit/instruments", Needs(CreditLimits, Approve)),
    ("POST",   "/api/v1/customers/{id}/credit/instruments/{instrument_id}/void", Needs(CreditLimits, Approve)),
    ("POST",   "/api/v1/customers/{id}/credit/investigations", Needs(CreditLimits, Write)),
    ("POST",   "/api/v1/customers/{id}/credit/events",   Needs(CreditEvents, Write)),
    ("POST",   "/api/v1/customers/{id}/credit/hold",     Needs(CreditHolds, Write)),
    ("POST",   "/api/v1/customers/{id}/credit/hold/lift", Needs(CreditHolds, Write)),
    ("GET",    "/api/v1/credit-blocks",                  Needs(CreditLimits, Read)),
    ("GET",    "/api/v1/credit-trainings",               Needs(CreditTraining, Read)),
    ("POST",   "/api/v1/credit-trainings",               Needs(CreditTraining, Write)),
    ("GET",    "/api/v1/credit-trainings/due",           Needs(CreditTraining, Read)),
    ("GET",    "/api/v1/credit-trainings/{id}",          Needs(CreditTraining, Read)),
    ("GET",    "/api/v1/collection/tasks",               Needs(CollectionTasks, Read)),
    ("GET",    "/api/v1/collection/tasks/{id}",          Needs(CollectionTasks, Read)),
    ("POST",   "/api/v1/collection/tasks/{id}/actions",  Needs(CollectionTasks, Write)),
    ("POST",   "/api/v1/collection/tasks/{id}/promises", Needs(CollectionTasks, Write)),
    ("GET",    "/api/v1/collection/cases",               Needs(CollectionCases, Read)),
    ("GET",    "/api/v1/collection/cases/{id}",          Needs(CollectionCases, Read)),
    ("PATCH",  "/api/v1/collection/cases/{id}",          Needs(CollectionCases, Write)),
    ("POST",   "/api/v1/collection/cases/{id}/take",     Needs(CollectionCases, Write)),
    ("POST",   "/api/v1/collection/cases/{id}/actions",  Needs(CollectionCases, Write)),
    ("POST",   "/api/v1/collection/cases/{id}/close",    Needs(CollectionCases, Write)),
    ("POST",   "/api/v1/collection/write-offs",          Needs(WriteOffs, Write)),
    ("GET",    "/api/v1/collection/write-offs",          Needs(WriteOffs, Read)),
    ("GET",    "/api/v1/customers/{id}/collection",      Needs(CollectionTasks, Read)),
    ("GET",    "/api/v1/customers/{id}/statement",       Needs(Receivables, Read)),
    ("GET",    "/api/v1/customers/{id}/statement.xlsx",  Needs(Receivables, Read)),
    ("GET",    "/api/v1/customers/{id}/statement-recipient", Needs(Receivables, Read)),
    ("PUT",    "/api/v1/customers/{id}/statement-recipient", Needs(Receivables, Write)),
    ("POST",   "/api/v1/customers/{id}/statement/mail",  Needs(Receivables, Write)),
    ("GET",    "/api/v1/customers/{id}/statement/mails", Needs(Receivables, Read)),
    ("GET",    "/api/v1/statement-runs",                 Needs(Receivables, Write)),
    ("POST",   "/api/v1/statement-runs",                 Needs(Receivables, Write)),
    ("GET",    "/api/v1/statement-runs/{id}",            Needs(Receivables, Write)),
    ("GET",    "/api/v1/statement-runs/{id}/mails",      Needs(Receivables, Write)),
    ("POST",   "/api/v1/collection/run",                 Needs(Administration, Write)),
    ("GET",    "/api/v1/collection/letter-template",     Needs(CollectionTasks, Read)),
    ("PUT",    "/api/v1/collection/letter-template",     Roles(&[Role::BusinessStaff, Role::BusinessManager])),
    ("GET",    "/api/v1/credit/reviews",                 Needs(CreditReviews, Read)),
    ("POST",   "/api/v1/credit/reviews",                 Roles(&[Role::BusinessStaff, Role::BusinessManager, Role::VicePresident])),
    ("GET",    "/api/v1/credit/reviews/{id}",            Needs(CreditReviews, Read)),
    ("GET",    "/api/v1/credit/reviews/{id}/items",      Needs(CreditReviews, Read)),
    ("GET",    "/api/v1/credit/reviews/{id}/items/{item_id}", Needs(CreditReviews, Read)),
    ("PUT",    "/api/v1/credit/reviews/{id}/items/{item_id}", Needs(CreditReviews, Write)),
    ("POST",   "/api/v1/credit/reviews/{id}/items/{item_id}/decision", Needs(CreditReviews, Approve)),
    ("POST",   "/api/v1/credit/reviews/{id}/approve",    Needs(CreditReviews, Approve)),
    ("GET",    "/api/v1/customers/{id}/credit-reviews",  Needs(CreditReviews, Read)),
    ("GET",    "/api/v1/customers/{id}/dunning-letter",  Needs(CollectionTasks, Read)),
    ("POST",   "/api/v1/credit-blocks/{id}/release",     Needs(ShipmentRelease, Approve)),
    ("POST",   "/api/v1/credit-blocks/{id}/reject",      Needs(ShipmentRelease, Approve)),
    ("POST",   "/api/v1/credit-blocks/{id}/recheck",     Needs(CreditLimits, Read)),
    ("GET",    "/api/v1/reports/ar-aging",               Needs(Receivables, Read)),
    ("GET",    "/api/v1/reports/ar-aging.xlsx",          Needs(Receivables, Read)),
    ("GET",    "/api/v1/reports/ar-aging/receivables",   Needs(Receivables, Read)),
    ("GET",    "/api/v1/rating-runs",                    Needs(RatingRuns, Read)),
    ("POST",   "/api/v1/rating-runs",                    Needs(RatingRuns, Write)),
    ("GET",    "/api/v1/rating-runs/{id}",               Needs(RatingRuns, Read)),
    ("GET",    "/api/v1/rating-runs/{id}/results",       Needs(RatingRuns, Read)),
    ("GET",    "/api/v1/rating-runs/{id}/by-office",     Needs(RatingRuns, Read)),
    ("GET",    "/api/v1/rating-runs/{id}/results.xlsx",  Needs(RatingRuns, Read)),
    ("PATCH",  "/api/v1/rating-runs/{id}/results/{customer_id}", Needs(RatingRuns, Write)),
    ("POST",   "/api/v1/rating-runs/{id}/submit",        Needs(RatingRuns, Write)),
    ("POST",   "/api/v1/rating-runs/{id}/cancel",        Needs(RatingRuns, Write)),
    ("POST",   "/api/v1/customers/{id}/influence",       Needs(StrategicInfluence, Write)),
    ("GET",    "/api/v1/customers/{id}/influence",       Needs(StrategicInfluence, Write)),
    ("GET",    "/api/v1/customers/{id}/rating",          Needs(CustomerMaster, Read)),
    ("GET",    "/api/v1/revisits",                       Needs(Revisits, Read)),
    ("POST",   "/api/v1/revisits/{id}/complete",         Needs(Revisits, Write)),
    ("GET",    "/api/v1/revisits/compliance",            Needs(Revisits, Read)),
    ("POST",   "/api/v1/revisits/replan",                Roles(&[Role::BusinessManager, Role::VicePresident])),
    ("GET",    "/api/v1/calendar/working-days",         AnyUser),
    ("GET",    "/api/v1/calendar/{year}",               AnyUser),
    ("PUT",    "/api/v1/calendar/{year}",               Needs(Administration, Write)),
    ("POST",   "/api/v1/calendar/{year}/import",        Needs(Administration, Write)),
    ("GET",    "/healthz",                               Public),
    ("GET",    "/readyz",                                Public),
];

fn document() -> Value {
    serde_json::from_str(&jiyuan_crm::openapi_json()).unwrap()
}

/// The request body of an operation and its content type: its example (every JSON body must
/// have one), or a small PDF for file uploads.
fn example_body(doc: &Value, op: &Value, what: &str) -> Option<(String, Vec<u8>)> {
    if let Some(file_type) = op["requestBody"]["content"]
        .as_object()?
        .keys()
        .find(|k| *k != "application/json")
    {
        return Some((file_type.clone(), b"%PDF-1.4 matrix test".to_vec()));
    }
    let schema = op.pointer("/requestBody/content/application~1json/schema")?;
    let name = schema["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: request body is not a named schema"))
        .rsplit('/')
        .next()
        .unwrap();
    let example = doc["components"]["schemas"][name]["example"].clone();
    assert!(!example.is_null(), "{what}: schema {name} has no example");
    Some((
        "application/json".into(),
        serde_json::to_vec(&example).unwrap(),
    ))
}

/// `?name=example` for every required query parameter (from its documented example).
fn required_query(op: &Value) -> String {
    let params: Vec<String> = op["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter(|p| p["in"] == "query" && p["required"] == true)
                .map(|p| {
                    let example = p["example"]
                        .as_str()
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| "1".into());
                    format!(
                        "{}={}",
                        p["name"].as_str().unwrap(),
                        form_urlencoded::byte_serialize(example.as_bytes()).collect::<String>()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if params.is_empty() {
        String::new()
    } else {
        format!("?{}", params.join("&"))
    }
}

#[test]
fn every_documented_route_has_a_rule_and_every_rule_a_route() {
    let doc = document();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let declared: BTreeSet<_> = ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = documented.difference(&declared).collect();
    let stale: Vec<_> = declared.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without an authorization rule in tests/api/matrix.rs: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "rules for routes that do not exist: {stale:?}"
    );
}

both!(every_route_times_every_role, |app: TestApp| async move {
    let doc = document();
    let mut tokens = Vec::new();
    for role in Role::ALL {
        let (_, t) = app.as_role(&format!("m_{}", role.as_str()), &[role]).await;
        tokens.push((role, t));
    }
    for (method, path, rule) in ROUTES {
        let op = &doc["paths"][path][method.to_lowercase()];
        let what = format!("{method} {path}");
        let body = example_body(&doc, op, &what);
        let uri = format!(
            "{}{}",
            path.replace("{id}", "999999")
                .replace("{customer_id}", "999999")
                .replace("{instrument_id}", "999999")
                .replace("{item_id}", "999999")
                .replace("{year}", "2025"),
            required_query(op)
        );
        let request = |token: Option<&str>| {
            let mut r = TestRequest::default()
                .method(Method::from_bytes(method.as_bytes()).unwrap())
                .uri(&uri);
            if let Some(t) = token {
                r = r.insert_header(("Authorization", format!("Bearer {t}")));
            }
            if let Some((content_type, b)) = &body {
                r = r
                    .insert_header(("Content-Type", content_type.as_str()))
                    .set_payload(b.clone());
            }
            r
        };
        if !matches!(rule, Public) {
            let r = app.send(request(None)).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{what} without a token: {r:?}"
            );
        }
        for (role, token) in &tokens {
            let r = app.send(request(Some(token))).await;
            let allowed = match rule {
                Public | AnyUser => true,
                Needs(area, access) => role_can(*role, *area, *access),
                Roles(roles) => roles.contains(role),
            };
            if matches!(rule, Public) {
                // Public routes judge their body (e.g. a wrong example password is a 401).
                assert!(
                    r.status != StatusCode::FORBIDDEN && !r.status.is_server_error(),
                    "{what} as {role:?}: {r:?}"
                );
            } else if allowed {
                assert!(
                    r.status != StatusCode::UNAUTHORIZED
                        && r.status != StatusCode::FORBIDDEN
                        && !r.status.is_server_error(),
                    "{what} as {role:?} should be allowed: {r:?}"
                );
            } else {
                assert_eq!(
                    (r.status, code(&r)),
                    (StatusCode::FORBIDDEN, "auth.forbidden"),
                    "{what} as {role:?} should be refused"
                );
            }
        }
    }
});
