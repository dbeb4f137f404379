//! All SQL of attachments.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::AttachmentRow;
use crate::db::schema::{attachments, dossier_entries, users};
use crate::db::DbConn;
use crate::db_run;
use crate::dossier::service::ReadRights;
use crate::error::ApiResult;

/// Files of a customer (or one file), leaving out those attached to entries whose restricted
/// content the reader may not see — a key person's files for finance, say — in SQL.
pub fn select(
    conn: &mut DbConn,
    rights: ReadRights,
    customer_id: Option<i64>,
    id: Option<i64>,
) -> ApiResult<Vec<AttachmentRow>> {
    let hidden = rights.hidden_kinds();
    Ok(db_run!(conn, |c| {
        let mut q = attachments::table
            .left_join(users::table.on(users::id.nullable().eq(attachments::uploaded_by)))
            .left_join(
                dossier_entries::table.on(dossier_entries::id.nullable().eq(attachments::entry_id)),
            )
            .filter(attachments::deleted_at.is_null())
            .into_boxed();
        if let Some(cid) = customer_id {
            q = q.filter(attachments::customer_id.eq(cid));
        }
        if let Some(id) = id {
            q = q.filter(attachments::id.eq(id));
        }
        if !hidden.is_empty() {
            q = q.filter(
                attachments::entry_id
                    .is_null()
                    .or(dossier_entries::kind.nullable().ne_all(hidden.clone())),
            );
        }
        q.order(attachments::id.desc())
            .select((
                attachments::id,
                attachments::customer_id,
                attachments::entry_id,
                attachments::filename,
                attachments::content_type,
                attachments::size_bytes,
                attachments::sha256,
                attachments::storage_key,
                attachments::description,
                attachments::uploaded_by,
                attachments::uploaded_at,
                users::display_name.nullable(),
                dossier_entries::kind.nullable(),
            ))
            .load(c)
    })?)
}

/// Whether a file of this id exists (and is not removed).
pub fn exists(conn: &mut DbConn, id: i64) -> ApiResult<bool> {
    let n: i64 = db_run!(conn, |c| attachments::table
        .filter(attachments::id.eq(id))
        .filter(attachments::deleted_at.is_null())
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

/// What a new file's row holds.
pub struct NewFile<'a> {
    pub customer_id: i64,
    pub entry_id: Option<i64>,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub description: &'a str,
    pub uploaded_by: i64,
    pub uploaded_at: NaiveDateTime,
}

/// The new file's id.
pub fn insert(conn: &mut DbConn, f: &NewFile) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(attachments::table)
        .values((
            attachments::customer_id.eq(f.customer_id),
            attachments::entry_id.eq(f.entry_id),
            attachments::filename.eq(f.filename),
            attachments::content_type.eq(f.content_type),
            attachments::size_bytes.eq(f.size_bytes),
            attachments::sha256.eq(f.sha256),
            attachments::storage_key.eq(f.storage_key),
            attachments::description.eq(f.description),
            attachments::uploaded_by.eq(Some(f.uploaded_by)),
            attachments::uploaded_at.eq(f.uploaded_at),
        ))
        .returning(attachments::id)
        .get_result(c))?)
}

/// The file leaves the dossier (its bytes stay).
pub fn remove(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(attachments::table.find(id))
        .set(attachments::deleted_at.eq(Some(t)))
        .execute(c))?;
    Ok(())
}
