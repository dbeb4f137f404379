use actix_web::{get, post, put, web, HttpRequest};
use chrono::Datelike;

use super::model::{CalendarDay, CalendarYear, CalendarYearInput, WorkingDays, WorkingDaysQuery};
use super::rules::check_year;
use super::{import, service, WorkCalendar};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// A year's holidays and make-up working days (everyone reads the calendar).
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("year" = i32, Path, example = 2025)),
    responses(
        (status = 200, body = CalendarYear),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/calendar/{year}")]
pub async fn get_year(
    _auth: AuthUser,
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> ApiResult<web::Json<CalendarYear>> {
    let year = service::check_year_param(year.into_inner())?;
    Ok(web::Json(state.db(move |c| service::year(c, year)).await?))
}

async fn save_year(
    auth: &AuthUser,
    state: &AppState,
    meta: RequestMeta,
    year: i32,
    days: Vec<CalendarDay>,
    action: &'static str,
) -> ApiResult<CalendarYear> {
    let (actor, user_id) = (auth.actor(), auth.id);
    state
        .tx(move |c| service::save_year(c, &actor, &meta, year, &days, user_id, action))
        .await
}

/// Replace a year's holidays and make-up working days (administrator). Holidays must fall on
/// weekdays and make-up days on weekends; every deadline computed afterwards uses the new list.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("year" = i32, Path, example = 2025)),
    request_body = CalendarYearInput,
    responses(
        (status = 200, body = CalendarYear),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/calendar/{year}")]
pub async fn put_year(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    year: web::Path<i32>,
    body: ValidJson<CalendarYearInput>,
) -> ApiResult<web::Json<CalendarYear>> {
    auth.require(Area::Administration, Access::Write)?;
    let year = service::check_year_param(year.into_inner())?;
    let days = body.0.days;
    let errors = check_year(year, &days, "days");
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(web::Json(
        save_year(&auth, &state, meta, year, days, "calendar.replace").await?,
    ))
}

/// Replace a year's calendar from a file (administrator): .xlsx (first sheet) or .csv (UTF-8)
/// with the columns 日期 (2025-01-28), 类型 (放假/上班 or holiday/workday), 名称. Errors name the
/// file row (`rows[5].date`); nothing changes unless every row is right. A file that cannot be
/// read is `file` `invalid`; one over 1,000 rows or the workbook reading bounds is `file`
/// `import.too_large`, its message naming the limit.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(("year" = i32, Path, example = 2025)),
    request_body(content = Vec<u8>, content_type = "text/csv", description = "The .csv or .xlsx file's bytes (Content-Type text/csv or the .xlsx type)"),
    responses(
        (status = 200, body = CalendarYear),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/calendar/{year}/import")]
pub async fn import_year(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    req: HttpRequest,
    year: web::Path<i32>,
    payload: web::Payload,
) -> ApiResult<web::Json<CalendarYear>> {
    auth.require(Area::Administration, Access::Write)?;
    let year = service::check_year_param(year.into_inner())?;
    let bytes = crate::http::read_upload(payload, state.config.attachment_max_bytes).await?;
    let is_xlsx = bytes.starts_with(b"PK")
        || req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("spreadsheetml"));
    // Unpacking and parsing a workbook is CPU work: off the async worker.
    let rows = web::block(move || import::file_rows(&bytes, is_xlsx))
        .await?
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let days = import::days_from_rows(year, rows).map_err(ApiError::Validation)?;
    Ok(web::Json(
        save_year(&auth, &state, meta, year, days, "calendar.import").await?,
    ))
}

/// "N working days after date D" and "is D a working day", as every deadline computes them.
#[utoipa::path(tag = "calendar", security(("bearer" = [])), params(WorkingDaysQuery),
    responses(
        (status = 200, body = WorkingDays),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/calendar/working-days")]
pub async fn working_days(
    _auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<WorkingDaysQuery>,
) -> ApiResult<web::Json<WorkingDays>> {
    let (from, add) = (q.0.from, q.0.add.unwrap_or(0).min(1000));
    if !(2000..=2100).contains(&from.year()) {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "from",
            "out_of_range",
            "a date from 2000 to 2100",
        )]));
    }
    let cal = state.db(move |c| WorkCalendar::load(c, from, add)).await?;
    Ok(web::Json(WorkingDays {
        from,
        from_is_working_day: cal.is_working_day(from),
        from_name: cal.name_of(from).map(String::from),
        add,
        date: cal.add_working_days(from, add),
    }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // Before `/calendar/{year}`, which would otherwise take `working-days` for a year.
    cfg.service(working_days)
        .service(get_year)
        .service(put_year)
        .service(import_year);
}
