use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};

use super::model::{Attachment, UploadQuery};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::{RequestMeta, ValidQuery};
use crate::state::AppState;

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
    let upload = service::check_upload(customer_id, q, bytes)?;
    let path = service::file_path(&state.config.data_dir, &upload.storage_key);
    // The file is written (and synced) before its row commits; a failed insert removes it.
    let (file_path, upload) = (path.clone(), std::sync::Arc::new(upload));
    let stored = upload.clone();
    web::block(move || service::write_file(&file_path, &stored.bytes))
        .await?
        .map_err(ApiError::internal)?;
    let result = state
        .tx(move |c| service::record_upload(c, &auth, &meta, &upload))
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
        state.db(move |c| service::list(c, &auth, id)).await?,
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
        .tx(move |c| service::download(c, &auth, &meta, id))
        .await?;
    let path = service::file_path(&state.config.data_dir, &row.storage_key);
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
        .tx(move |c| service::remove(c, &auth, &meta, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(upload)
        .service(list)
        .service(download)
        .service(remove);
}
