//! The audit trail: append-only and hash-chained. Each row stores the hash of the previous row
//! and its own hash over its content; `audit verify` recomputes the chain and names the first
//! row that does not match. Appends happen in the caller's transaction and serialise on the
//! single `audit_head` row, so the chain has one order even with concurrent writers.

pub mod model;
pub mod repo;
pub mod routes;

use chrono::NaiveDateTime;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::DbConn;
use crate::error::ApiResult;
use crate::http::RequestMeta;

/// Who did it: a user (or service account), or the system itself (CLI, first start).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub name: String,
}

impl Actor {
    pub fn system() -> Actor {
        Actor {
            id: None,
            name: "system".into(),
        }
    }
}

/// One event to append.
pub struct Event<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, entity: &'a str, entity_id: impl ToString) -> Event<'a> {
        Event {
            action,
            entity,
            entity_id: Some(entity_id.to_string()),
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, v: &impl Serialize) -> Self {
        self.before = serde_json::to_value(v).ok();
        self
    }

    pub fn after(mut self, v: &impl Serialize) -> Self {
        self.after = serde_json::to_value(v).ok();
        self
    }
}

/// The fields that the hash covers, in a fixed order.
pub struct Hashed<'a> {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    pub before_json: Option<&'a str>,
    pub after_json: Option<&'a str>,
    pub request_id: &'a str,
    pub client_ip: &'a str,
    pub prev_hash: &'a str,
}

impl Hashed<'_> {
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        // Each field length-prefixed so no two different rows can serialise the same.
        let mut put = |s: &str| {
            h.update((s.len() as u64).to_be_bytes());
            h.update(s.as_bytes());
        };
        put(&self.seq.to_string());
        put(&self.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string());
        put(&self.actor_id.map(|i| i.to_string()).unwrap_or_default());
        put(self.actor_name);
        put(self.action);
        put(self.entity);
        put(self.entity_id.unwrap_or("\u{0}"));
        put(self.before_json.unwrap_or("\u{0}"));
        put(self.after_json.unwrap_or("\u{0}"));
        put(self.request_id);
        put(self.client_ip);
        put(self.prev_hash);
        hex::encode(h.finalize())
    }
}

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

/// Result of `audit verify`.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { rows: i64 },
    Broken { seq: i64, id: i64, reason: String },
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
