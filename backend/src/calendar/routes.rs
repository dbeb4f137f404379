use actix_web::{get, post, put, web, HttpRequest};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{check_year, replace_year, year_bounds, year_days, CalendarDay, DayKind, WorkCalendar};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{RequestMeta, ValidJson, ValidQuery};
use crate::spreadsheet::{excel_date, Limits, ReadError, Workbook};
use crate::state::AppState;

/// A year of the company calendar.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarYear {
    pub year: i32,
    /// The exceptions to Monday–Friday, in date order.
    pub days: Vec<CalendarDay>,
    /// Working days in the year with these exceptions.
    pub working_days: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"days": [
    {"date": "2025-01-26", "kind": "workday", "name": "春节调休"},
    {"date": "2025-01-28", "kind": "holiday", "name": "春节"}]}))]
pub struct CalendarYearInput {
    pub days: Vec<CalendarDay>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkingDaysQuery {
    /// The start date.
    #[param(example = "2025-01-27")]
    pub from: NaiveDate,
    /// Working days to add (0: `from` itself if it is a working day, else the next one).
    #[param(example = 3)]
    pub add: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingDays {
    pub from: NaiveDate,
    pub from_is_working_day: bool,
    /// The holiday or make-up day `from` is, if any.
    pub from_name: Option<String>,
    pub add: u32,
    /// `add` working days after `from`.
    pub date: NaiveDate,
}

fn check_year_param(year: i32) -> ApiResult<i32> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::field(
            "year",
            "out_of_range",
            "a year from 2000 to 2100",
        ))
    }
}

fn answer(conn: &mut crate::db::DbConn, year: i32) -> ApiResult<CalendarYear> {
    let days = year_days(conn, year)?;
    let cal = WorkCalendar::from_days(&days);
    let (from, to) = year_bounds(year);
    Ok(CalendarYear {
        year,
        working_days: cal.working_days_between(from.pred_opt().expect("not the first day"), to),
        days,
    })
}

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
    let year = check_year_param(year.into_inner())?;
    Ok(web::Json(state.db(move |c| answer(c, year)).await?))
}

async fn save_year(
    auth: &AuthUser,
    state: &AppState,
    meta: RequestMeta,
    year: i32,
    days: Vec<CalendarDay>,
    action: &'static str,
) -> ApiResult<CalendarYear> {
    let actor = auth.actor();
    let user_id = auth.id;
    state
        .tx(move |c| {
            let before = year_days(c, year)?;
            replace_year(c, year, &days, user_id)?;
            let after = answer(c, year)?;
            audit::record(
                c,
                &actor,
                &meta,
                Event::new(action, "calendar", year)
                    .before(&before)
                    .after(&after.days),
            )?;
            Ok(after)
        })
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
    let year = check_year_param(year.into_inner())?;
    let days = body.0.days;
    let errors = check_year(year, &days, "days");
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(web::Json(
        save_year(&auth, &state, meta, year, days, "calendar.replace").await?,
    ))
}

fn parse_kind(s: &str) -> Option<DayKind> {
    match s.trim().to_lowercase().as_str() {
        "holiday" | "放假" | "休" | "休息" | "假" => Some(DayKind::Holiday),
        "workday" | "上班" | "班" | "调休上班" | "补班" => Some(DayKind::Workday),
        _ => None,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let t = s
        .trim()
        .replace(['/', '.', '年', '月'], "-")
        .replace('日', "");
    NaiveDate::parse_from_str(t.get(..10).unwrap_or(&t).trim(), "%Y-%m-%d").ok()
}

/// One CSV line's fields: commas inside double quotes are text, `""` is a quote.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' if quoted && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(std::mem::take(&mut field).trim().to_string()),
            c => field.push(c),
        }
    }
    fields.push(field.trim().to_string());
    fields
}

/// What reading a calendar file may cost: a year has at most 366 exceptions, so a thousand rows
/// leave room for headings, blank lines and notes.
const READ_LIMITS: Limits = Limits {
    max_rows: 1_000,
    ..Limits::DEFAULT
};

/// Rows of (file row number, date text, kind text, name) from a .csv or .xlsx with the columns
/// 日期, 类型, 名称 (a heading row is recognised and skipped). A file that cannot be read is
/// `file` `invalid`; one beyond [`READ_LIMITS`] is `file` `import.too_large`.
fn file_rows(
    bytes: &[u8],
    is_xlsx: bool,
) -> Result<Vec<(usize, String, String, String)>, FieldError> {
    let unreadable =
        |why: String| FieldError::new("file", "invalid", format!("cannot read the file: {why}"));
    let too_large = |message: String| FieldError::new("file", "import.too_large", message);
    let mut rows: Vec<Vec<String>> = Vec::new();
    if is_xlsx {
        let read = Workbook::open(bytes, READ_LIMITS).and_then(|mut book| {
            let first = book.sheet_names().swap_remove(0);
            book.sheet(&first)
        });
        let range = match read {
            Ok(range) => range,
            Err(ReadError::NotXlsx(why)) => return Err(unreadable(why)),
            Err(ReadError::TooLarge(t)) => return Err(too_large(t.to_string())),
        };
        for r in range.rows() {
            rows.push(
                r.iter()
                    .map(|c| match c {
                        calamine::Data::DateTime(dt) => excel_date(dt.as_f64())
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                        other => other.to_string(),
                    })
                    .collect(),
            );
        }
    } else {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| unreadable("not UTF-8 text".into()))?;
        // Counted before any row is kept: ten megabytes of line breaks are ten million rows.
        if text.lines().count() > READ_LIMITS.max_rows as usize {
            return Err(too_large(format!(
                "The file is too large: more than {} lines",
                READ_LIMITS.max_rows
            )));
        }
        for line in text.lines() {
            rows.push(csv_fields(line));
        }
    }
    Ok(rows
        .into_iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .filter(|(i, r)| {
            !(*i == 0 && parse_date(r.first().map(String::as_str).unwrap_or("")).is_none())
        })
        .map(|(i, r)| {
            let cell = |k: usize| r.get(k).cloned().unwrap_or_default();
            (i + 1, cell(0), cell(1), cell(2))
        })
        .collect())
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
    let year = check_year_param(year.into_inner())?;
    let bytes = crate::http::read_upload(payload, state.config.attachment_max_bytes).await?;
    let is_xlsx = bytes.starts_with(b"PK")
        || req
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("spreadsheetml"));
    // Unpacking and parsing a workbook is CPU work: off the async worker.
    let rows = web::block(move || file_rows(&bytes, is_xlsx))
        .await?
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let mut errors = Vec::new();
    let mut days = Vec::with_capacity(rows.len());
    let mut row_of = Vec::with_capacity(rows.len());
    for (row, date, kind, name) in rows {
        let (d, k) = (parse_date(&date), parse_kind(&kind));
        if d.is_none() {
            errors.push(FieldError::new(
                format!("rows[{row}].date"),
                "invalid",
                format!("“{date}” is not a date such as 2025-01-28"),
            ));
        }
        if k.is_none() {
            errors.push(FieldError::new(
                format!("rows[{row}].kind"),
                "invalid",
                format!("“{kind}” is not 放假/上班 (holiday/workday)"),
            ));
        }
        if let (Some(date), Some(kind)) = (d, k) {
            days.push(CalendarDay { date, kind, name });
            row_of.push(row);
        }
    }
    // The list's checks, renamed to the file's rows.
    for e in check_year(year, &days, "days") {
        let (index, rest) = e
            .field
            .strip_prefix("days[")
            .and_then(|s| s.split_once(']'))
            .expect("check_year names days[i]");
        let row = row_of[index.parse::<usize>().expect("an index")];
        errors.push(FieldError {
            field: format!("rows[{row}]{rest}"),
            ..e
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    days.sort_by_key(|d| d.date);
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

#[cfg(test)]
mod tests {
    #[test]
    fn csv_fields_keep_quoted_commas() {
        assert_eq!(
            super::csv_fields(r#"2026-10-01,放假,"国庆节, 中秋节""#),
            ["2026-10-01", "放假", "国庆节, 中秋节"]
        );
        assert_eq!(
            super::csv_fields(r#"a,"say ""hi""",c"#),
            ["a", r#"say "hi""#, "c"]
        );
    }
}
