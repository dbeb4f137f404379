use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::both;
use crate::common::TestApp;

const COMMITTED: &str = include_str!("../../../openapi/openapi.json");

#[test]
fn committed_document_is_up_to_date() {
    let generated = jiyuan_crm::openapi_json();
    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is stale: regenerate it with `cargo xtask openapi` (never edit it by hand)"
    );
}

both!(
    served_document_equals_the_committed_one,
    |app: TestApp| async move {
        let r = app
            .send(TestRequest::get().uri("/api/v1/openapi.json"))
            .await;
        assert_eq!(r.status, StatusCode::OK);
        let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
        assert_eq!(r.body, committed);
    }
);

#[test]
fn every_operation_documents_errors_and_security() {
    let doc: serde_json::Value = serde_json::from_str(&jiyuan_crm::openapi_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            assert!(
                op["summary"].is_string(),
                "{what}: no summary (doc comment)"
            );
            let responses = op["responses"].as_object().unwrap();
            let public = path.starts_with("/api/v1/auth/") || !path.starts_with("/api/");
            if !public {
                assert!(op["security"].is_array(), "{what}: no security requirement");
                assert!(responses.contains_key("401"), "{what}: 401 not documented");
            }
            // `CommonResponses` in lib.rs: what any handler may answer before it runs.
            assert!(responses.contains_key("400"), "{what}: 400 not documented");
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("413"), "{what}: 413 not documented");
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{what}: 404 not documented");
            }
            for (status, resp) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        resp.pointer("/content/application~1problem+json").is_some(),
                        "{what}: {status} is not documented as problem+json"
                    );
                }
            }
        }
    }
}

#[test]
fn every_error_code_is_listed_in_the_readme() {
    let readme = include_str!("../../../README.md");
    for code in jiyuan_crm::error::ALL_CODES {
        assert!(
            readme.contains(&format!("`{code}`")),
            "error code {code} is missing from the README's table"
        );
    }
}

/// Generated clients name calls by operationId: two operations with one id would make one of
/// them unreachable by name.
#[test]
fn operation_ids_are_unique() {
    let doc: serde_json::Value = serde_json::from_str(&jiyuan_crm::openapi_json()).unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                if let Some(other) = seen.insert(id.to_string(), format!("{method} {path}")) {
                    panic!("operationId {id} of {method} {path} is also {other}'s");
                }
            }
        }
    }
}
