//! Attachments' rules: who may read, add and remove a file, what a file must be, its storage.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::model::{Attachment, AttachmentRow, UploadQuery};
use super::repo::{self, NewFile};
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::customers::service::require_full_view;
use crate::db::DbConn;
use crate::dossier::model::DossierKind;
use crate::dossier::service::ReadRights;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;

/// A file the user may read: its customer in the user's full view (own scope or a loan) and its
/// entry's restricted content readable by the user's roles. Otherwise 404, as for a file that
/// does not exist: the list leaves such a file out, so for this reader it is not there.
fn find_readable(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<AttachmentRow> {
    let Some(found) = repo::select(conn, ReadRights::of(auth), None, Some(id))?.pop() else {
        // Tell a restricted file (a refusal, logged) from one that does not exist.
        return Err(if repo::exists(conn, id)? {
            ApiError::OutOfScope
        } else {
            ApiError::NotFound
        });
    };
    require_full_view(conn, auth, found.customer_id)?;
    Ok(found)
}

/// A checked upload, ready to be stored: where its bytes go and what its row holds.
pub struct Upload {
    pub customer_id: i64,
    pub entry_id: Option<i64>,
    pub filename: String,
    pub content_type: &'static str,
    pub description: String,
    pub sha256: String,
    pub storage_key: String,
    pub bytes: actix_web::web::Bytes,
}

/// Name, type (by content) and description checked.
pub fn check_upload(
    customer_id: i64,
    q: UploadQuery,
    bytes: actix_web::web::Bytes,
) -> ApiResult<Upload> {
    let mut errors = Vec::new();
    let filename = super::rules::clean_filename(&q.filename);
    if filename.is_none() {
        errors.push(FieldError::new(
            "filename",
            "invalid",
            "a file name is required",
        ));
    }
    let content_type = super::rules::sniff(&bytes, &q.filename);
    if content_type.is_none() {
        errors.push(FieldError::new(
            "file",
            "invalid",
            "accepted: PDF, JPEG, PNG, .docx, .xlsx",
        ));
    }
    let description = q.description.unwrap_or_default().trim().to_string();
    if description.chars().count() > 500 {
        errors.push(FieldError::new(
            "description",
            "too_long",
            "must be at most 500 characters",
        ));
    }
    let (Some(filename), Some(content_type), true) = (filename, content_type, errors.is_empty())
    else {
        return Err(ApiError::Validation(errors));
    };
    Ok(Upload {
        customer_id,
        entry_id: q.entry_id,
        filename,
        content_type,
        description,
        sha256: hex::encode(Sha256::digest(&bytes)),
        storage_key: format!("{customer_id}/{}", uuid::Uuid::new_v4().simple()),
        bytes,
    })
}

/// Where a stored file's bytes are.
pub fn file_path(data_dir: &Path, storage_key: &str) -> PathBuf {
    data_dir.join("attachments").join(storage_key)
}

/// Write (and sync) the bytes before the row commits.
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(path.parent().expect("has a parent"))?;
    let mut f = std::fs::File::create(path)?;
    std::io::Write::write_all(&mut f, bytes)?;
    f.sync_all()
}

/// The row of an uploaded file whose bytes are written.
pub fn record_upload(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    u: &Upload,
) -> ApiResult<Attachment> {
    if let Some(e) = u.entry_id {
        let Some(entry) = crate::dossier::service::entry_owner(conn, e)?
            .filter(|x| x.customer_id == u.customer_id)
        else {
            return Err(ApiError::field(
                "entry_id",
                "invalid",
                "no entry of this customer has this id",
            ));
        };
        // A key person's or a statement's file is restricted content like the entry.
        if let Some(kind) = DossierKind::parse(&entry.kind) {
            crate::dossier::service::require_write(auth, kind)?;
        }
    }
    let id = repo::insert(
        conn,
        &NewFile {
            customer_id: u.customer_id,
            entry_id: u.entry_id,
            filename: &u.filename,
            content_type: u.content_type,
            size_bytes: u.bytes.len() as i64,
            sha256: &u.sha256,
            storage_key: &u.storage_key,
            description: &u.description,
            uploaded_by: auth.id,
            uploaded_at: crate::time::now(),
        },
    )?;
    let a = Attachment::from(repo::select(conn, ReadRights::of(auth), None, Some(id))?.remove(0));
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("attachment.upload", "customer", u.customer_id).after(&a),
    )?;
    Ok(a)
}

/// A customer's files.
pub fn list(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<Vec<Attachment>> {
    require_full_view(conn, auth, customer_id)?;
    Ok(
        repo::select(conn, ReadRights::of(auth), Some(customer_id), None)?
            .into_iter()
            .map(Attachment::from)
            .collect(),
    )
}

/// A file the user may read, its download audited.
pub fn download(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<AttachmentRow> {
    let found = find_readable(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("attachment.download", "customer", found.customer_id)
            .after(&serde_json::json!({"attachment": id, "entry_kind": found.entry_kind})),
    )?;
    Ok(found)
}

/// Remove a file from the dossier (the bytes are kept; the removal is audited).
pub fn remove(conn: &mut DbConn, auth: &AuthUser, meta: &RequestMeta, id: i64) -> ApiResult<()> {
    let found = repo::select(conn, ReadRights::of(auth), None, Some(id))?
        .pop()
        .ok_or(ApiError::NotFound)?;
    crate::customers::service::require_writable(conn, auth, found.customer_id)?;
    if let Some(kind) = found.entry_kind() {
        crate::dossier::service::require_write(auth, kind)?;
    }
    repo::remove(conn, id, crate::time::now())?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("attachment.remove", "customer", found.customer_id)
            .before(&Attachment::from(found)),
    )
}
