use super::model::{Settings, UpdateSettings};
use super::repo;
use crate::audit::{self, Actor, Event};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

/// New customer codes when no pattern was set.
pub const DEFAULT_CODE_PATTERN: &str = "C{YYYY}{SEQ:5}";
/// Months after which an unchanged dossier counts as stale when not set.
pub const DEFAULT_STALE_MONTHS: u32 = 12;

/// The settings in force, defaults for those never set.
pub fn read(conn: &mut DbConn) -> ApiResult<Settings> {
    Ok(Settings {
        customer_code_pattern: repo::value(conn, "customer_code_pattern")?
            .unwrap_or_else(|| DEFAULT_CODE_PATTERN.into()),
        dossier_stale_months: repo::value(conn, "dossier_stale_months")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_STALE_MONTHS),
    })
}

/// Every field's problem, before anything is written.
pub fn validate(input: &UpdateSettings) -> ApiResult<()> {
    let mut errors = Vec::new();
    if let Some(problem) = input
        .customer_code_pattern
        .as_deref()
        .and_then(crate::db::numbering::pattern_problem)
    {
        errors.push(FieldError::new("customer_code_pattern", "invalid", problem));
    }
    if input
        .dossier_stale_months
        .is_some_and(|m| !(1..=120).contains(&m))
    {
        errors.push(FieldError::new(
            "dossier_stale_months",
            "out_of_range",
            "1–120 months",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Change what `input` carries, audited with the settings before and after.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    input: &UpdateSettings,
) -> ApiResult<Settings> {
    let before = read(conn)?;
    let t = now();
    if let Some(p) = &input.customer_code_pattern {
        repo::set_value(conn, "customer_code_pattern", p.trim(), t)?;
    }
    if let Some(m) = input.dossier_stale_months {
        repo::set_value(conn, "dossier_stale_months", &m.to_string(), t)?;
    }
    let after = read(conn)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("settings.update", "settings", "system")
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}
