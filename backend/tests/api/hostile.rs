//! Hostile .xlsx files for the imports (customers, calendar): each is small as an upload and
//! would cost gigabytes, or a crash, if read naively. Built here part by part, since no
//! spreadsheet program writes them.

use std::io::{Cursor, Write};

use rand::{Rng, SeedableRng};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// How a case must be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `import.too_large`, with this text in the message (the limit it names).
    TooLarge(&'static str),
    /// Not a workbook at all (`import.not_xlsx`, the calendar's `invalid`).
    NotXlsx,
    /// Refused one way or the other: what calamine makes of the case differs between debug and
    /// release builds (an arithmetic overflow panics in one, wraps in the other).
    Either,
}

pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub refusal: Refusal,
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A part's content in chunks: a part may be a generator of 100+ MB, never held whole.
type Content = Box<dyn Iterator<Item = Vec<u8>>>;

/// A zip of the given parts (name, content).
fn zip_of(parts: Vec<(String, Content)>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // Level 1: the fastest, and still a thousand to one on repeated text.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, chunks) in parts {
        w.start_file(name, options).unwrap();
        for chunk in chunks {
            w.write_all(&chunk).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn once(text: String) -> Content {
    Box::new(std::iter::once(text.into_bytes()))
}

/// A workbook with one sheet 客户 whose `<sheetData>` holds `sheet_data` (after an optional
/// `<dimension>`), an optional shared-strings part and extra parts.
fn workbook(
    dimension: Option<&str>,
    sheet_data: Content,
    shared_strings: Option<Content>,
    extra: Vec<(String, Content)>,
) -> Vec<u8> {
    let dimension = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    let sheet = std::iter::once(
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">{dimension}<sheetData>"#)
            .into_bytes(),
    )
    .chain(sheet_data)
    .chain(std::iter::once(b"</sheetData></worksheet>".to_vec()));
    let mut parts: Vec<(String, Content)> = vec![
        (
            "_rels/.rels".into(),
            once(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            )),
        ),
        (
            "xl/workbook.xml".into(),
            once(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            )),
        ),
        (
            "xl/_rels/workbook.xml.rels".into(),
            once(format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            )),
        ),
        ("xl/worksheets/sheet1.xml".into(), Box::new(sheet)),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml".into(), strings));
    }
    parts.extend(extra);
    zip_of(parts)
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The heading 客户名称 in A1 and one row that both imports accept: a customer named
/// 2026-01-01 (the other columns have no heading), New Year's Day off in the calendar (whose
/// import skips a first row that is not a date). Every case adds its excess to it.
fn heading_and_one_row() -> String {
    format!(
        r#"<row r="1">{}</row><row r="2">{}{}{}</row>"#,
        inline("A1", "客户名称"),
        inline("A2", "2026-01-01"),
        inline("B2", "放假"),
        inline("C2", "元旦")
    )
}

fn sheet(rows: String) -> Content {
    once(rows)
}

/// `n` chunks of `chunk`.
fn repeated(chunk: &'static str, n: usize) -> Content {
    // Chunks of about a megabyte keep the writer busy without holding the whole part.
    let per_chunk = (1 << 20) / chunk.len();
    Box::new((0..n.div_ceil(per_chunk)).map(move |i| {
        let count = per_chunk.min(n - i * per_chunk);
        chunk.repeat(count).into_bytes()
    }))
}

fn shared(head: String, body: Content) -> Option<Content> {
    Some(Box::new(
        std::iter::once(head.into_bytes())
            .chain(body)
            .chain(std::iter::once(b"</sst>".to_vec())),
    ))
}

/// A sane workbook built the same way, which every import reads: the control.
pub fn sane() -> Vec<u8> {
    workbook(Some("A1:A2"), sheet(heading_and_one_row()), None, vec![])
}

pub fn cases() -> Vec<Case> {
    let mut random = rand::rngs::StdRng::seed_from_u64(11);
    let mut noise = vec![0u8; 4096];
    random.fill(&mut noise[..]);
    let mut pk_noise = b"PK\x03\x04".to_vec();
    pk_noise.extend_from_slice(&noise);
    let good = sane();
    vec![
        Case {
            name: "cells at A1 and XFD1048576 (the 550 GB sheet)",
            bytes: workbook(
                None,
                sheet(format!(
                    r#"{}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
                    heading_and_one_row()
                )),
                None,
                vec![],
            ),
            refusal: Refusal::TooLarge("beyond row"),
        },
        Case {
            name: "a declared dimension A1:XFD1048576 over two cells",
            bytes: workbook(
                Some("A1:XFD1048576"),
                sheet(heading_and_one_row()),
                None,
                vec![],
            ),
            refusal: Refusal::TooLarge("beyond row"),
        },
        Case {
            name: "a cell in column XFD of row 1",
            bytes: workbook(
                None,
                sheet(format!(
                    r#"<row r="1">{}<c r="XFD1"><v>1</v></c></row>"#,
                    inline("A1", "客户名称")
                )),
                None,
                vec![],
            ),
            refusal: Refusal::TooLarge("beyond column GR"),
        },
        Case {
            name: "1,000,000 tiny shared strings",
            bytes: workbook(
                None,
                sheet(heading_and_one_row()),
                shared(
                    format!(r#"<sst xmlns="{MAIN_NS}">"#),
                    repeated("<si><t>a</t></si>", 1_000_000),
                ),
                vec![],
            ),
            refusal: Refusal::TooLarge("shared strings"),
        },
        Case {
            name: "a shared-strings table declaring 10^12 entries",
            bytes: workbook(
                None,
                sheet(heading_and_one_row()),
                shared(
                    format!(r#"<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1000000000000">"#),
                    once("<si><t>a</t></si>".into()),
                ),
                vec![],
            ),
            refusal: Refusal::TooLarge("shared strings"),
        },
        Case {
            name: "a shared string unpacking to 120 MB (zip bomb)",
            bytes: workbook(
                None,
                sheet(heading_and_one_row()),
                shared(
                    format!(r#"<sst xmlns="{MAIN_NS}"><si><t>"#),
                    Box::new(
                        repeated("aaaaaaaaaaaaaaaa", 120 << 16)
                            .chain(std::iter::once(b"</t></si>".to_vec())),
                    ),
                ),
                vec![],
            ),
            refusal: Refusal::TooLarge("unpacks to more than 32 MB"),
        },
        Case {
            name: "a 1 MB shared string in 40 cells",
            bytes: workbook(
                None,
                sheet(format!(
                    r#"<row r="1">{}</row><row r="2">{}</row>"#,
                    inline("A1", "客户名称"),
                    (0..40)
                        .map(|c| format!(
                            r#"<c r="{}2" t="s"><v>0</v></c>"#,
                            jiyuan_crm::spreadsheet::column_name(c + 1)
                        ))
                        .collect::<String>()
                )),
                shared(
                    format!(r#"<sst xmlns="{MAIN_NS}"><si><t>"#),
                    Box::new(repeated("a", 1 << 20).chain(std::iter::once(b"</t></si>".to_vec()))),
                ),
                vec![],
            ),
            refusal: Refusal::TooLarge("MB of text"),
        },
        Case {
            name: "100,000 nested elements",
            bytes: workbook(
                None,
                Box::new(
                    std::iter::once(heading_and_one_row().into_bytes())
                        .chain(repeated("<x>", 100_000))
                        .chain(repeated("</x>", 100_000)),
                ),
                None,
                vec![],
            ),
            refusal: Refusal::TooLarge("levels deep"),
        },
        Case {
            name: "2,000 parts",
            bytes: workbook(
                None,
                sheet(heading_and_one_row()),
                None,
                (0..2_000)
                    .map(|i| (format!("xl/media/empty{i}.bin"), once(String::new())))
                    .collect(),
            ),
            refusal: Refusal::TooLarge("parts"),
        },
        Case {
            name: "a cell reference overflowing 32 bits",
            bytes: workbook(
                None,
                sheet(format!(
                    r#"{}<row r="3"><c r="AAAAAAAAAAAAAAAAAAAA3"><v>1</v></c></row>"#,
                    heading_and_one_row()
                )),
                None,
                vec![],
            ),
            refusal: Refusal::Either,
        },
        Case {
            name: "random bytes",
            bytes: noise,
            refusal: Refusal::NotXlsx,
        },
        Case {
            name: "a zip signature followed by random bytes",
            bytes: pk_noise,
            refusal: Refusal::NotXlsx,
        },
        Case {
            name: "a truncated workbook",
            bytes: good[..good.len() / 2].to_vec(),
            refusal: Refusal::NotXlsx,
        },
        Case {
            name: "a zip without a workbook",
            bytes: zip_of(vec![("hello.txt".into(), once("hello".into()))]),
            refusal: Refusal::NotXlsx,
        },
    ]
}

/// The most memory this test process has held (Linux), to show no case allocated much.
pub fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
