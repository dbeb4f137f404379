use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::audit_events;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditRow {
    pub id: i64,
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub request_id: String,
    pub client_ip: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditRow<'a> {
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
    pub hash: &'a str,
}

impl NewAuditRow<'_> {
    /// The hash over every field but `hash` itself, in a fixed order.
    pub fn content_hash(&self) -> String {
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

impl AuditRow {
    /// The row as it was appended, to recompute its hash.
    pub fn as_appended(&self) -> NewAuditRow<'_> {
        NewAuditRow {
            seq: self.seq,
            at: self.at,
            actor_id: self.actor_id,
            actor_name: &self.actor_name,
            action: &self.action,
            entity: &self.entity,
            entity_id: self.entity_id.as_deref(),
            before_json: self.before_json.as_deref(),
            after_json: self.after_json.as_deref(),
            request_id: &self.request_id,
            client_ip: &self.client_ip,
            prev_hash: &self.prev_hash,
            hash: &self.hash,
        }
    }
}

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

/// Result of `audit verify`.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { rows: i64 },
    Broken { seq: i64, id: i64, reason: String },
}

/// One audit event as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: i64,
    /// Position in the hash chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    #[schema(example = "user.update")]
    pub action: String,
    #[schema(example = "user")]
    pub entity: String,
    pub entity_id: Option<String>,
    /// The record before the change (secrets redacted).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The record after the change (secrets redacted).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    pub request_id: String,
    pub client_ip: String,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        let parse =
            |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok()).map(as_record);
        AuditEvent {
            id: r.id,
            seq: r.seq,
            at: r.at.and_utc(),
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: parse(r.before_json),
            after: parse(r.after_json),
            request_id: r.request_id,
            client_ip: r.client_ip,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Only events by this user.
    pub actor_id: Option<i64>,
    /// Only events on this kind of record (`user`, `office`, `api_token`, `session`, …).
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Only this action (`user.update`, `auth.login_failed`, `access.denied`, …).
    pub action: Option<String>,
    /// From this instant (inclusive), RFC 3339.
    pub from: Option<DateTime<Utc>>,
    /// Until this instant (exclusive), RFC 3339.
    pub to: Option<DateTime<Utc>>,
}

/// A recorded state as the API shows it: an object. A state recorded as a list or a single value
/// (a calendar year's days, before this rule) is shown as `{"value": …}`; the stored text, which
/// the hash chain covers, is never rewritten.
fn as_record(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(_) => v,
        other => serde_json::json!({ "value": other }),
    }
}

#[cfg(test)]
mod tests {
    use super::as_record;

    #[test]
    fn a_recorded_list_is_shown_as_an_object() {
        let days = serde_json::json!([{"date": "2025-01-28"}]);
        assert_eq!(
            as_record(days.clone()),
            serde_json::json!({ "value": days })
        );
        let row = serde_json::json!({"name": "x"});
        assert_eq!(as_record(row.clone()), row);
    }
}
