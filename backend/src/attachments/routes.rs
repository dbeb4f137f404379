use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::model::CustomerView;
use crate::customers::scope::Viewer;
use crate::db::schema::{attachments, dossier_entries, users};
use crate::db::DbConn;
use crate::db_run;
use crate::dossier::model::DossierKind;
use crate::dossier::service::ReadRights;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{RequestMeta, ValidQuery};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub customer_id: i64,
    /// The dossier entry it belongs to (an investigation, an information slip), if any.
    pub entry_id: Option<i64>,
    #[schema(example = "营业执照.pdf")]
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub description: String,
    pub uploaded_by: Option<i64>,
    pub uploaded_by_name: Option<String>,
    pub uploaded_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name (as shown and downloaded).
    #[param(example = "营业执照.pdf")]
    pub filename: String,
    pub description: Option<String>,
    /// A dossier entry of the same customer to attach it to.
    pub entry_id: Option<i64>,
}

#[derive(Debug, Queryable)]
struct AttachmentRow {
    id: i64,
    customer_id: i64,
    entry_id: Option<i64>,
    filename: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    storage_key: String,
    description: String,
    uploaded_by: Option<i64>,
    uploaded_at: NaiveDateTime,
    uploaded_by_name: Option<String>,
    /// The kind of the dossier entry it is attached to: a file inherits the entry's visibility.
    entry_kind: Option<String>,
}

impl AttachmentRow {
    fn entry_kind(&self) -> Option<DossierKind> {
        self.entry_kind.as_deref().and_then(DossierKind::parse)
    }
}

/// Files of a customer (or one file), leaving out those attached to entries whose restricted
/// content the reader may not see — a key person's files for finance, say — in SQL.
fn select(
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

fn to_dto(r: AttachmentRow) -> Attachment {
    Attachment {
        id: r.id,
        customer_id: r.customer_id,
        entry_id: r.entry_id,
        filename: r.filename,
        content_type: r.content_type,
        size_bytes: r.size_bytes,
        sha256: r.sha256,
        description: r.description,
        uploaded_by: r.uploaded_by,
        uploaded_by_name: r.uploaded_by_name,
        uploaded_at: r.uploaded_at.and_utc(),
    }
}

fn require_full(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    let (_, view) = crate::customers::service::load_visible(conn, &Viewer::of(auth), customer_id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    Ok(())
}

/// A file the user may read: its customer in the user's full view (own scope or a loan) and its
/// entry's restricted content readable by the user's roles. Otherwise 404, as for a file that
/// does not exist: the list leaves such a file out, so for this reader it is not there.
fn find_readable(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<AttachmentRow> {
    let rights = ReadRights::of(auth);
    let Some(found) = select(conn, rights, None, Some(id))?.pop() else {
        // Tell a restricted file (a refusal, logged) from one that does not exist.
        let exists: i64 = db_run!(conn, |c| attachments::table
            .filter(attachments::id.eq(id))
            .filter(attachments::deleted_at.is_null())
            .count()
            .get_result(c))?;
        return Err(if exists > 0 {
            ApiError::OutOfScope
        } else {
            ApiError::NotFound
        });
    };
    require_full(conn, auth, found.customer_id)?;
    Ok(found)
}

/// Upload a file to a customer's dossier: the raw bytes as the body, the name in the query.
/// PDF, JPEG, PNG, .docx and .xlsx are accepted, recognised by their content.
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path), UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file's bytes"),
    responses(
        (status = 201, body = Attachment),
        (status = 413, description = "Larger than JIYUAN_ATTACHMENT_MAX_BYTES", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an accepted file type, or a bad name", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/attachments")]
pub async fn upload(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    q: ValidQuery<UploadQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let (customer_id, q) = (id.into_inner(), q.0);
    // Scope first, so nobody can probe customers by uploading; a borrowed customer is read only.
    let check = auth.clone();
    state
        .db(move |c| crate::customers::service::require_writable(c, &check, customer_id))
        .await?;
    let bytes = crate::http::read_upload(payload, state.config.attachment_max_bytes).await?;
    let mut errors = Vec::new();
    let filename = crate::attachments::clean_filename(&q.filename);
    if filename.is_none() {
        errors.push(FieldError::new(
            "filename",
            "invalid",
            "a file name is required",
        ));
    }
    let content_type = crate::attachments::sniff(&bytes, &q.filename);
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
    let sha = hex::encode(Sha256::digest(&bytes));
    let key = format!("{customer_id}/{}", uuid::Uuid::new_v4().simple());
    let path = state.config.data_dir.join("attachments").join(&key);
    let size = bytes.len() as i64;
    // The file is written (and synced) before its row commits; a failed insert removes it.
    let file_path = path.clone();
    web::block(move || -> std::io::Result<()> {
        std::fs::create_dir_all(file_path.parent().expect("has a parent"))?;
        let mut f = std::fs::File::create(&file_path)?;
        std::io::Write::write_all(&mut f, &bytes)?;
        f.sync_all()
    })
    .await?
    .map_err(ApiError::internal)?;
    let entry_id = q.entry_id;
    let result = state
        .tx(move |c| {
            if let Some(e) = entry_id {
                let entry: Option<(i64, String)> = db_run!(c, |c| dossier_entries::table
                    .find(e)
                    .select((dossier_entries::customer_id, dossier_entries::kind))
                    .first(c)
                    .optional())?;
                let Some((_, kind)) = entry.filter(|x| x.0 == customer_id) else {
                    return Err(ApiError::field(
                        "entry_id",
                        "invalid",
                        "no entry of this customer has this id",
                    ));
                };
                // A key person's or a statement's file is restricted content like the entry.
                if let Some(kind) = DossierKind::parse(&kind) {
                    crate::dossier::service::require_write(&auth, kind)?;
                }
            }
            let id: i64 = db_run!(c, |c| diesel::insert_into(attachments::table)
                .values((
                    attachments::customer_id.eq(customer_id),
                    attachments::entry_id.eq(entry_id),
                    attachments::filename.eq(&filename),
                    attachments::content_type.eq(content_type),
                    attachments::size_bytes.eq(size),
                    attachments::sha256.eq(&sha),
                    attachments::storage_key.eq(&key),
                    attachments::description.eq(&description),
                    attachments::uploaded_by.eq(Some(auth.id)),
                    attachments::uploaded_at.eq(crate::time::now()),
                ))
                .returning(attachments::id)
                .get_result(c))?;
            let a = to_dto(select(c, ReadRights::of(&auth), None, Some(id))?.remove(0));
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("attachment.upload", "customer", customer_id).after(&a),
            )?;
            Ok(a)
        })
        .await;
    match result {
        Ok(a) => Ok(HttpResponse::Created().json(a)),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

/// A customer's files.
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<Attachment>),
    ))]
#[get("/customers/{id}/attachments")]
pub async fn list(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<Attachment>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| {
                require_full(c, &auth, id)?;
                Ok(select(c, ReadRights::of(&auth), Some(id), None)?
                    .into_iter()
                    .map(to_dto)
                    .collect())
            })
            .await?,
    ))
}

/// Download a file (audited).
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream", body = Vec<u8>),
    ))]
#[get("/attachments/{id}")]
pub async fn download(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let id = id.into_inner();
    let row = state
        .tx(move |c| {
            let found = find_readable(c, &auth, id)?;
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("attachment.download", "customer", found.customer_id)
                    .after(&serde_json::json!({"attachment": id, "entry_kind": found.entry_kind})),
            )?;
            Ok(found)
        })
        .await?;
    let path = state
        .config
        .data_dir
        .join("attachments")
        .join(&row.storage_key);
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|_| ApiError::internal(format!("attachment file missing: {}", row.storage_key)))?;
    let disposition = actix_web::http::header::ContentDisposition {
        disposition: actix_web::http::header::DispositionType::Attachment,
        parameters: vec![actix_web::http::header::DispositionParam::FilenameExt(
            actix_web::http::header::ExtendedValue {
                charset: actix_web::http::header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.filename.clone().into_bytes(),
            },
        )],
    };
    let mime: mime::Mime = row
        .content_type
        .parse()
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    Ok(file
        .set_content_type(mime)
        .set_content_disposition(disposition)
        .into_response(&req))
}

/// Remove a file from the dossier (the bytes are kept; the removal is audited).
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Removed"),
    ))]
#[delete("/attachments/{id}")]
pub async fn remove(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let id = id.into_inner();
    state
        .tx(move |c| {
            let found = select(c, ReadRights::of(&auth), None, Some(id))?
                .pop()
                .ok_or(ApiError::NotFound)?;
            crate::customers::service::require_writable(c, &auth, found.customer_id)?;
            if let Some(kind) = found.entry_kind() {
                crate::dossier::service::require_write(&auth, kind)?;
            }
            db_run!(c, |c| diesel::update(attachments::table.find(id))
                .set(attachments::deleted_at.eq(Some(crate::time::now())))
                .execute(c))?;
            audit::record(
                c,
                &auth.actor(),
                &meta,
                Event::new("attachment.remove", "customer", found.customer_id)
                    .before(&to_dto(found)),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload)
        .service(list)
        .service(download)
        .service(remove);
}
