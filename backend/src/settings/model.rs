use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// Pattern of new customer codes: `{YYYY}`, `{YY}`, `{MM}`, `{SEQ:n}` and literal text.
    #[schema(example = "C{YYYY}{SEQ:5}")]
    pub customer_code_pattern: String,
    /// Dossier sections not updated for this many months are shown as stale.
    #[schema(example = 12)]
    pub dossier_stale_months: u32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_code_pattern": "JY{YY}{SEQ:5}", "dossier_stale_months": 12}))]
pub struct UpdateSettings {
    pub customer_code_pattern: Option<String>,
    pub dossier_stale_months: Option<u32>,
}
