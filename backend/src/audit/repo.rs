use diesel::prelude::*;

use super::model::{Actor, Verdict};
use super::model::{AuditQuery, AuditRow, NewAuditRow};
use crate::db::schema::{audit_events, audit_head};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;
use crate::http::RequestMeta;

#[allow(clippy::too_many_arguments)]
pub fn append(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    before: Option<String>,
    after: Option<String>,
) -> ApiResult<()> {
    let at = super::now();
    conn.tx(|conn| {
        db_run!(conn, |c| {
            // Taking the head row's write lock orders concurrent appends (PostgreSQL row lock,
            // SQLite's single writer); the returned hash is the previous row's.
            let (seq, prev_hash): (i64, String) = diesel::update(audit_head::table.find(1i64))
                .set(audit_head::seq.eq(audit_head::seq + 1))
                .returning((audit_head::seq, audit_head::last_hash))
                .get_result(c)?;
            let mut row = NewAuditRow {
                seq,
                at,
                actor_id: actor.id,
                actor_name: &actor.name,
                action,
                entity,
                entity_id,
                before_json: before.as_deref(),
                after_json: after.as_deref(),
                request_id: &meta.request_id,
                client_ip: &meta.client_ip,
                prev_hash: &prev_hash,
                hash: "",
            };
            let hash = row.content_hash();
            row.hash = &hash;
            diesel::insert_into(audit_events::table)
                .values(row)
                .execute(c)?;
            diesel::update(audit_head::table.find(1i64))
                .set(audit_head::last_hash.eq(&hash))
                .execute(c)?;
            Ok(())
        })
    })
}

/// Walk the chain in `seq` order in batches; the first row whose stored hashes disagree with
/// its content or with its predecessor is reported.
pub fn verify_chain(conn: &mut DbConn) -> ApiResult<Verdict> {
    const BATCH: i64 = 5000;
    let mut prev_hash = "0".repeat(64);
    let mut expected_seq = 1i64;
    let mut rows = 0i64;
    loop {
        let batch: Vec<AuditRow> = db_run!(conn, |c| audit_events::table
            .filter(audit_events::seq.ge(expected_seq))
            .order(audit_events::seq.asc())
            .limit(BATCH)
            .select(AuditRow::as_select())
            .load(c))?;
        if batch.is_empty() {
            break;
        }
        for r in batch {
            if r.seq != expected_seq {
                return Ok(Verdict::Broken {
                    seq: expected_seq,
                    id: r.id,
                    reason: format!("row with seq {expected_seq} is missing"),
                });
            }
            if r.prev_hash != prev_hash {
                return Ok(Verdict::Broken {
                    seq: r.seq,
                    id: r.id,
                    reason: "prev_hash does not match the previous row".into(),
                });
            }
            let recomputed = r.as_appended().content_hash();
            if recomputed != r.hash {
                return Ok(Verdict::Broken {
                    seq: r.seq,
                    id: r.id,
                    reason: "content does not match its hash".into(),
                });
            }
            prev_hash = r.hash;
            expected_seq += 1;
            rows += 1;
        }
    }
    let (head_seq, head_hash): (i64, String) = db_run!(conn, |c| audit_head::table
        .find(1i64)
        .select((audit_head::seq, audit_head::last_hash))
        .first(c))?;
    if head_seq != rows || head_hash != prev_hash {
        return Ok(Verdict::Broken {
            seq: rows + 1,
            id: 0,
            reason: format!("the chain head says {head_seq} rows but {rows} were found (rows deleted at the end?)"),
        });
    }
    Ok(Verdict::Intact { rows })
}

/// One page of events, newest first; `business_only` hides system administration entities.
pub fn list(
    conn: &mut DbConn,
    q: &AuditQuery,
    business_only: bool,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<AuditRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = audit_events::table.into_boxed();
            if let Some(a) = q.actor_id {
                query = query.filter(audit_events::actor_id.eq(a));
            }
            if let Some(e) = &q.entity {
                query = query.filter(audit_events::entity.eq(e.clone()));
            }
            if let Some(e) = &q.entity_id {
                query = query.filter(audit_events::entity_id.eq(e.clone()));
            }
            if let Some(a) = &q.action {
                query = query.filter(audit_events::action.eq(a.clone()));
            }
            if let Some(f) = q.from {
                query = query.filter(audit_events::at.ge(f.naive_utc()));
            }
            if let Some(t) = q.to {
                query = query.filter(audit_events::at.lt(t.naive_utc()));
            }
            if business_only {
                query = query.filter(
                    audit_events::entity.ne_all(crate::auth::policy::SYSTEM_AUDIT_ENTITIES),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order(audit_events::seq.desc())
        .limit(limit)
        .offset(offset)
        .select(AuditRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<AuditRow>> {
    Ok(db_run!(conn, |c| audit_events::table
        .find(id)
        .select(AuditRow::as_select())
        .first(c)
        .optional())?)
}
