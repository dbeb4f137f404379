//! Reading uploaded .xlsx workbooks (the customer import, the calendar import) within fixed
//! bounds. A workbook is a zip of XML parts, and a file of a few KB can describe gigabytes: a
//! cell at XFD1048576 makes calamine's dense sheet 17 billion cells, a zip bomb unpacks to
//! gigabytes, a shared-strings table can declare or hold millions of entries that calamine
//! reserves and reads before any sheet, deep nesting grows the XML parser's stack, and one long
//! shared string referenced by every cell is copied into every cell. So:
//!
//! 1. before calamine sees the file, every part of the archive is unpacked once through a
//!    counting reader (declared sizes are not trusted), with a budget for one part and for all
//!    of them, its XML nesting measured and the shared strings counted (declared and present);
//! 2. a sheet is then streamed cell by cell, refusing a declared dimension or a cell beyond the
//!    caller's rows and columns, too many cells or too much text, before the sheet is assembled.
//!
//! Any refusal is an error naming the limit; nothing large is allocated on the way.

use std::fmt;
use std::io::{self, BufReader, Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Cell, Data, DataRef, Range, Reader, Xlsx, XlsxError};
use chrono::{Duration, NaiveDate};
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

/// What one read may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Parts (files) in the archive; a workbook has a dozen or two.
    pub max_parts: usize,
    /// Unpacked bytes of one part.
    pub max_part_bytes: u64,
    /// Unpacked bytes of all parts together (also the decompression work of one upload).
    pub max_unpacked_bytes: u64,
    /// Entries of the shared-strings table, declared (`uniqueCount`, which calamine reserves)
    /// or present.
    pub max_shared_strings: u64,
    /// Nesting depth of any XML part (a worksheet nests about 7 deep, drawings about 15).
    pub max_xml_depth: usize,
    /// No cell, and no declared dimension, below this row (counted like Excel, from 1).
    pub max_rows: u32,
    /// No cell, and no declared dimension, right of this column (counted from 1: 200 = GR).
    pub max_columns: u32,
    /// Non-empty cells of a sheet, and cells of the rectangle they span (the dense sheet
    /// handed to the caller costs 32 bytes a cell).
    pub max_cells: u64,
    /// Text in a sheet's cells, counted per cell: a shared string is copied into every cell
    /// that refers to it.
    pub max_text_bytes: u64,
}

const MB: u64 = 1024 * 1024;

impl Limits {
    /// Generous for any list a person keeps in Excel, small for the server. A caller sets its
    /// own rows, columns and cells.
    pub const DEFAULT: Limits = Limits {
        max_parts: 1_000,
        max_part_bytes: 32 * MB,
        max_unpacked_bytes: 64 * MB,
        max_shared_strings: 250_000,
        max_xml_depth: 100,
        max_rows: 10_000,
        max_columns: 200,
        max_cells: 1_000_000,
        max_text_bytes: 32 * MB,
    };
}

/// Which bound a file exceeds, with the bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    Parts { limit: usize },
    Part { part: String, limit: u64 },
    Unpacked { limit: u64 },
    SharedStrings { limit: u64 },
    Nesting { part: String, limit: usize },
    Rows { sheet: String, limit: u32 },
    Columns { sheet: String, limit: u32 },
    Cells { sheet: String, limit: u64 },
    Text { sheet: String, limit: u64 },
}

impl TooLarge {
    /// The same message in Chinese, for the customer import's report.
    pub fn zh(&self) -> String {
        match self {
            TooLarge::Parts { limit } => format!("文件过大：工作簿的组成部分超过 {limit} 个"),
            TooLarge::Part { part, limit } => {
                format!("文件过大：“{part}”解压后超过 {} MB", limit / MB)
            }
            TooLarge::Unpacked { limit } => {
                format!("文件过大：工作簿解压后超过 {} MB", limit / MB)
            }
            TooLarge::SharedStrings { limit } => {
                format!("文件过大：共享字符串超过 {limit} 个")
            }
            TooLarge::Nesting { part, limit } => {
                format!("文件过大：“{part}”的 XML 嵌套超过 {limit} 层")
            }
            TooLarge::Rows { sheet, limit } => {
                format!("文件过大：工作表“{sheet}”在第 {limit} 行之后还有单元格（最多 {limit} 行）")
            }
            TooLarge::Columns { sheet, limit } => format!(
                "文件过大：工作表“{sheet}”在第 {limit} 列（{}）之后还有单元格（最多 {limit} 列）",
                column_name(*limit)
            ),
            TooLarge::Cells { sheet, limit } => {
                format!("文件过大：工作表“{sheet}”超过 {limit} 个单元格")
            }
            TooLarge::Text { sheet, limit } => {
                format!("文件过大：工作表“{sheet}”的文字超过 {} MB", limit / MB)
            }
        }
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::Parts { limit } => {
                write!(f, "The file is too large: the workbook has more than {limit} parts")
            }
            TooLarge::Part { part, limit } => write!(
                f,
                "The file is too large: “{part}” unpacks to more than {} MB",
                limit / MB
            ),
            TooLarge::Unpacked { limit } => write!(
                f,
                "The file is too large: the workbook unpacks to more than {} MB",
                limit / MB
            ),
            TooLarge::SharedStrings { limit } => write!(
                f,
                "The file is too large: more than {limit} shared strings"
            ),
            TooLarge::Nesting { part, limit } => write!(
                f,
                "The file is too large: “{part}” nests its XML more than {limit} levels deep"
            ),
            TooLarge::Rows { sheet, limit } => write!(
                f,
                "The file is too large: the sheet “{sheet}” has cells beyond row {limit} (at most {limit} rows)"
            ),
            TooLarge::Columns { sheet, limit } => write!(
                f,
                "The file is too large: the sheet “{sheet}” has cells beyond column {} (at most {limit} columns)",
                column_name(*limit)
            ),
            TooLarge::Cells { sheet, limit } => write!(
                f,
                "The file is too large: the sheet “{sheet}” has more than {limit} cells"
            ),
            TooLarge::Text { sheet, limit } => write!(
                f,
                "The file is too large: the sheet “{sheet}” holds more than {} MB of text",
                limit / MB
            ),
        }
    }
}

/// Why a workbook was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not an .xlsx, or a damaged one: what the zip or XML reader said.
    NotXlsx(String),
    TooLarge(TooLarge),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotXlsx(why) => write!(f, "not an .xlsx workbook: {why}"),
            ReadError::TooLarge(t) => t.fmt(f),
        }
    }
}

impl From<TooLarge> for ReadError {
    fn from(t: TooLarge) -> Self {
        ReadError::TooLarge(t)
    }
}

fn not_xlsx(why: impl fmt::Display) -> ReadError {
    ReadError::NotXlsx(why.to_string())
}

/// An opened workbook whose archive passed the checks.
pub struct Workbook<'a> {
    book: Xlsx<Cursor<&'a [u8]>>,
    limits: Limits,
}

impl<'a> Workbook<'a> {
    pub fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, ReadError> {
        check_archive(bytes, &limits)?;
        let book = guarded(|| Xlsx::new(Cursor::new(bytes)))?.map_err(not_xlsx)?;
        if book.sheet_names().is_empty() {
            return Err(not_xlsx("the workbook has no sheet"));
        }
        Ok(Workbook { book, limits })
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.book.sheet_names()
    }

    /// The sheet's cells, as calamine's dense range over the cells present.
    pub fn sheet(&mut self, name: &str) -> Result<Range<Data>, ReadError> {
        let limits = self.limits;
        let book = &mut self.book;
        guarded(|| read_sheet(book, name, &limits))?
    }
}

/// calamine parses cell references with plain arithmetic, which overflows (a panic in debug
/// builds) on references no spreadsheet program writes; such a file is simply not readable.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| not_xlsx("the workbook's XML cannot be parsed"))
}

fn read_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Range<Data>, ReadError> {
    let mut cells_reader = match book.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet: no cells, as calamine itself treats it.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::empty()),
        Err(e) => return Err(not_xlsx(e)),
    };
    let sheet = || name.to_string();
    let check_position = |(row, column): (u32, u32)| -> Result<(), ReadError> {
        if row >= limits.max_rows {
            return Err(TooLarge::Rows {
                sheet: sheet(),
                limit: limits.max_rows,
            }
            .into());
        }
        if column >= limits.max_columns {
            return Err(TooLarge::Columns {
                sheet: sheet(),
                limit: limits.max_columns,
            }
            .into());
        }
        Ok(())
    };
    // The declared <dimension> is only a claim, but a claim beyond the bounds is refused
    // before reading on.
    let declared = cells_reader.dimensions();
    check_position(declared.start)?;
    check_position(declared.end)?;

    let mut cells: Vec<Cell<Data>> = Vec::new();
    let mut text_bytes = 0u64;
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = cells_reader.next_cell().map_err(not_xlsx)? {
        let value = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let pos = cell.get_position();
        check_position(pos)?;
        if cells.len() as u64 >= limits.max_cells {
            return Err(TooLarge::Cells {
                sheet: sheet(),
                limit: limits.max_cells,
            }
            .into());
        }
        text_bytes += match value {
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
            DataRef::SharedString(s) => s.len(),
            _ => 0,
        } as u64;
        if text_bytes > limits.max_text_bytes {
            return Err(TooLarge::Text {
                sheet: sheet(),
                limit: limits.max_text_bytes,
            }
            .into());
        }
        first = (first.0.min(pos.0), first.1.min(pos.1));
        last = (last.0.max(pos.0), last.1.max(pos.1));
        cells.push(Cell::new(pos, Data::from(value.clone())));
    }
    // Range::from_sparse allocates the rectangle the cells span, not just the cells.
    if let Some(area) = (last.0 + 1)
        .checked_sub(first.0)
        .zip((last.1 + 1).checked_sub(first.1))
        .map(|(rows, columns)| u64::from(rows) * u64::from(columns))
    {
        if area > limits.max_cells {
            return Err(TooLarge::Cells {
                sheet: sheet(),
                limit: limits.max_cells,
            }
            .into());
        }
    }
    Ok(Range::from_sparse(cells))
}

/// A reader that counts what it yields and fails once more than `limit` bytes came through.
struct Counted<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R> Counted<R> {
    fn exceeded(&self) -> bool {
        self.read > self.limit
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.exceeded() {
            return Err(io::Error::other("size limit exceeded"));
        }
        // One byte past the limit is enough to know it is exceeded.
        let room = (self.limit - self.read + 1).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.read += n as u64;
        if self.exceeded() {
            return Err(io::Error::other("size limit exceeded"));
        }
        Ok(n)
    }
}

/// Step 1: the archive's parts, unpacked once within the budgets, before calamine reads any.
fn check_archive(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    // An .xlsx starts with a zip entry. Anything else (an old .xls, a CSV) is not one, and
    // calamine would first try it as an OLE compound file.
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(not_xlsx("the file is not a zip archive"));
    }
    // The zip crate indexes every entry first: a few dozen bytes each, in proportion to the
    // upload (itself within JIYUAN_ATTACHMENT_MAX_BYTES), so the count is checked after.
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    if zip.len() > limits.max_parts {
        return Err(TooLarge::Parts {
            limit: limits.max_parts,
        }
        .into());
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(not_xlsx)?;
        let part = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let lower = part.to_ascii_lowercase();
        let budget = limits.max_unpacked_bytes - unpacked;
        let mut counted = Counted {
            inner: entry,
            read: 0,
            limit: limits.max_part_bytes.min(budget),
        };
        let too_large = |counted: &Counted<_>| -> ReadError {
            if counted.read > limits.max_part_bytes {
                TooLarge::Part {
                    part: part.clone(),
                    limit: limits.max_part_bytes,
                }
                .into()
            } else {
                TooLarge::Unpacked {
                    limit: limits.max_unpacked_bytes,
                }
                .into()
            }
        };
        if lower.ends_with(".xml") || lower.ends_with(".rels") {
            let shared_strings = lower.ends_with("sharedstrings.xml");
            scan_xml(&mut counted, &part, shared_strings, limits)?;
        }
        // The rest of the part (all of it when it is not XML), to know its real size.
        if let Err(e) = io::copy(&mut counted, &mut io::sink()) {
            return Err(if counted.exceeded() {
                too_large(&counted)
            } else {
                not_xlsx(e)
            });
        }
        if counted.exceeded() {
            return Err(too_large(&counted));
        }
        unpacked += counted.read;
    }
    Ok(())
}

/// The nesting depth of one XML part and, for the shared-strings part, its entries. A syntax
/// error ends the scan quietly: calamine, which is lenient in places, decides about it.
fn scan_xml<R: Read>(
    counted: &mut Counted<R>,
    part: &str,
    shared_strings: bool,
    limits: &Limits,
) -> Result<(), ReadError> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(counted));
    // calamine's settings, so that this scan sees the events calamine will see.
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let (mut depth, mut strings) = (0usize, 0u64);
    let too_many_strings = || -> ReadError {
        TooLarge::SharedStrings {
            limit: limits.max_shared_strings,
        }
        .into()
    };
    let mut count = |e: &BytesStart| -> Result<(), ReadError> {
        if !shared_strings {
            return Ok(());
        }
        match e.local_name().as_ref() {
            "si" => {
                strings += 1;
                if strings > limits.max_shared_strings {
                    return Err(too_many_strings());
                }
            }
            // calamine reserves room for the declared count before reading any entry. Every
            // spelling of the attribute is checked; attributes that do not parse are refused.
            "sst" => {
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|e| not_xlsx(format!("“{part}”: {e}")))?;
                    if a.key.local_name().as_ref() == "uniqueCount"
                        && a.value.trim().parse::<u64>().ok() > Some(limits.max_shared_strings)
                    {
                        return Err(too_many_strings());
                    }
                }
            }
            _ => {}
        }
        Ok(())
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(TooLarge::Nesting {
                        part: part.to_string(),
                        limit: limits.max_xml_depth,
                    }
                    .into());
                }
                count(&e)?;
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => {}
        }
    }
}

/// Excel's serial day number (1900 system, with its leap-year quirk) as a date.
pub fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// A column's letters as Excel shows them (1 = A, 200 = GR).
pub fn column_name(mut column: u32) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        letters.push(b'A' + rest as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook with one sheet "S" of these rows (shared strings, as Excel writes them).
    fn book(rows: &[&[&str]]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("S").unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    fn read(bytes: &[u8], limits: Limits) -> Result<Range<Data>, ReadError> {
        let mut book = Workbook::open(bytes, limits)?;
        let first = book.sheet_names().swap_remove(0);
        book.sheet(&first)
    }

    #[test]
    fn a_workbook_within_the_limits_is_read_as_its_used_range() {
        let bytes = book(&[&["", ""], &["", "a", "b"], &["", "", "c"]]);
        let range = read(&bytes, Limits::DEFAULT).unwrap();
        assert_eq!(range.start(), Some((1, 1)));
        assert_eq!(range.end(), Some((2, 2)));
        assert_eq!(range.get_value((1, 2)), Some(&Data::String("b".into())));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Empty));
    }

    #[test]
    fn each_limit_is_named_when_exceeded() {
        let three_by_three = book(&[&["a", "b", "c"], &["d", "e", "f"], &["g", "h", "i"]]);
        let corners = book(&[&["a", "", ""], &["", "", ""], &["", "", "i"]]);
        let sheet = || "S".to_string();
        let with = |f: fn(&mut Limits)| {
            let mut limits = Limits::DEFAULT;
            f(&mut limits);
            limits
        };
        let cases = [
            (
                &three_by_three,
                with(|l| l.max_rows = 2),
                TooLarge::Rows {
                    sheet: sheet(),
                    limit: 2,
                },
            ),
            (
                &three_by_three,
                with(|l| l.max_columns = 2),
                TooLarge::Columns {
                    sheet: sheet(),
                    limit: 2,
                },
            ),
            (
                &three_by_three,
                with(|l| l.max_cells = 8),
                TooLarge::Cells {
                    sheet: sheet(),
                    limit: 8,
                },
            ),
            // Two cells, but the rectangle they span is nine.
            (
                &corners,
                with(|l| l.max_cells = 8),
                TooLarge::Cells {
                    sheet: sheet(),
                    limit: 8,
                },
            ),
            (
                &three_by_three,
                with(|l| l.max_text_bytes = 8),
                TooLarge::Text {
                    sheet: sheet(),
                    limit: 8,
                },
            ),
            // rust_xlsxwriter declares uniqueCount="9".
            (
                &three_by_three,
                with(|l| l.max_shared_strings = 8),
                TooLarge::SharedStrings { limit: 8 },
            ),
            (
                &three_by_three,
                with(|l| l.max_parts = 3),
                TooLarge::Parts { limit: 3 },
            ),
            (
                &three_by_three,
                with(|l| l.max_unpacked_bytes = 1_000),
                TooLarge::Unpacked { limit: 1_000 },
            ),
        ];
        for (bytes, limits, expected) in cases {
            assert_eq!(read(bytes, limits), Err(ReadError::TooLarge(expected)));
        }
        // Which part comes first depends on the writer: only the kind of refusal is checked.
        let r = read(&three_by_three, with(|l| l.max_part_bytes = 100));
        assert!(
            matches!(
                r,
                Err(ReadError::TooLarge(TooLarge::Part { limit: 100, .. }))
            ),
            "{r:?}"
        );
        let r = read(&three_by_three, with(|l| l.max_xml_depth = 2));
        assert!(
            matches!(
                r,
                Err(ReadError::TooLarge(TooLarge::Nesting { limit: 2, .. }))
            ),
            "{r:?}"
        );
    }

    #[test]
    fn what_is_not_a_workbook_is_said_so() {
        let bytes = book(&[&["a"]]);
        for not in [
            &b""[..],
            b"name,phone\n",
            &bytes[..bytes.len() / 2],
            // An OLE compound file (an old .xls) is not opened at all.
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        ] {
            assert!(
                matches!(read(not, Limits::DEFAULT), Err(ReadError::NotXlsx(_))),
                "{not:?}"
            );
        }
    }

    #[test]
    fn the_counting_reader_stops_one_byte_past_its_limit() {
        let mut exact = Counted {
            inner: &[7u8; 10][..],
            read: 0,
            limit: 10,
        };
        assert_eq!(io::copy(&mut exact, &mut io::sink()).unwrap(), 10);
        assert!(!exact.exceeded());
        let mut over = Counted {
            inner: io::repeat(7),
            read: 0,
            limit: 10,
        };
        assert!(io::copy(&mut over, &mut io::sink()).is_err());
        assert_eq!(
            over.read, 11,
            "an endless reader is read one byte past the limit"
        );
    }

    #[test]
    fn messages_name_the_limit_in_both_languages() {
        let t = TooLarge::Columns {
            sheet: "客户".into(),
            limit: 200,
        };
        assert_eq!(
            t.to_string(),
            "The file is too large: the sheet “客户” has cells beyond column GR (at most 200 columns)"
        );
        assert_eq!(
            t.zh(),
            "文件过大：工作表“客户”在第 200 列（GR）之后还有单元格（最多 200 列）"
        );
        let names: Vec<String> = [1, 26, 27, 52, 200, 16_384]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "GR", "XFD"]);
    }
}
