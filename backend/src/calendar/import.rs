use chrono::NaiveDate;

use super::model::{CalendarDay, DayKind};
use super::rules::check_year;
use crate::error::FieldError;
use crate::spreadsheet::{excel_date, Limits, ReadError, Workbook};

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

/// A row of a calendar file as read: its row number in the file and its three cells.
pub struct FileRow {
    pub row: usize,
    pub date: String,
    pub kind: String,
    pub name: String,
}

/// The rows of a .csv or .xlsx with the columns
/// 日期, 类型, 名称 (a heading row is recognised and skipped). A file that cannot be read is
/// `file` `invalid`; one beyond [`READ_LIMITS`] is `file` `import.too_large`.
pub fn file_rows(bytes: &[u8], is_xlsx: bool) -> Result<Vec<FileRow>, FieldError> {
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
            FileRow {
                row: i + 1,
                date: cell(0),
                kind: cell(1),
                name: cell(2),
            }
        })
        .collect())
}

/// The year's exceptions from a file's rows, in date order, or every row's problem (named
/// `rows[n].date` by the file row).
pub fn days_from_rows(year: i32, rows: Vec<FileRow>) -> Result<Vec<CalendarDay>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut days = Vec::with_capacity(rows.len());
    let mut row_of = Vec::with_capacity(rows.len());
    for FileRow {
        row,
        date,
        kind,
        name,
    } in rows
    {
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
        return Err(errors);
    }
    days.sort_by_key(|d| d.date);
    Ok(days)
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
