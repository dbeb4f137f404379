use chrono::NaiveDateTime;

use super::model::{Actor, Event, Verdict};
use super::repo;
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

/// Append one event in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    event: Event<'_>,
) -> ApiResult<()> {
    let before = event.before.as_ref().map(|v| redact(v.clone()).to_string());
    let after = event.after.as_ref().map(|v| redact(v.clone()).to_string());
    repo::append(
        conn,
        actor,
        meta,
        event.action,
        event.entity,
        event.entity_id.as_deref(),
        before,
        after,
    )
}

/// Secrets never reach the audit log, whatever a caller passes.
fn redact(mut v: serde_json::Value) -> serde_json::Value {
    if let serde_json::Value::Object(map) = &mut v {
        for (k, val) in map.iter_mut() {
            if k.contains("password") || k.contains("token") || k.contains("secret") {
                *val = serde_json::Value::String("[redacted]".into());
            } else {
                *val = redact(val.take());
            }
        }
    }
    v
}

pub fn verify(conn: &mut DbConn) -> ApiResult<Verdict> {
    repo::verify_chain(conn)
}

pub fn now() -> NaiveDateTime {
    crate::time::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_secrets_at_any_depth() {
        let v =
            serde_json::json!({"username": "a", "password_hash": "x", "nested": {"token": "t"}});
        let r = redact(v);
        assert_eq!(r["password_hash"], "[redacted]");
        assert_eq!(r["nested"]["token"], "[redacted]");
        assert_eq!(r["username"], "a");
    }
}
