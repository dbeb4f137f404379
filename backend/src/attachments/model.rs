use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::dossier::model::DossierKind;

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

/// A stored file's row with its uploader's name and its entry's kind.
#[derive(Debug, Queryable)]
pub struct AttachmentRow {
    pub id: i64,
    pub customer_id: i64,
    pub entry_id: Option<i64>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub description: String,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: NaiveDateTime,
    pub uploaded_by_name: Option<String>,
    /// The kind of the dossier entry it is attached to: a file inherits the entry's visibility.
    pub entry_kind: Option<String>,
}

impl AttachmentRow {
    pub fn entry_kind(&self) -> Option<DossierKind> {
        self.entry_kind.as_deref().and_then(DossierKind::parse)
    }
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Attachment {
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
}
