//! Import of customers and their key people from .xlsx (the template's sheets 客户 and 关键人员).
//! Every row is checked exactly like the registration form, in memory and with a fixed number of
//! queries (users, offices, existing customers, grants); the report names the sheet, the Excel
//! row, the column heading and what is wrong in the user's language. Nothing is written unless
//! every row is valid, and then everything is written in one transaction.

use std::collections::{HashMap, HashSet};

use calamine::Data;
use chrono::NaiveDate;
use diesel::prelude::*;
use rust_xlsxwriter::{Format, Note, Workbook};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use utoipa::{IntoParams, ToSchema};

use super::model::{Category, CustomerForm, CustomerRow, CustomerView};
use super::scope::Viewer;
use super::{repo, rules, service};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::db::schema::{
    customer_tags, customers, dossier_entries, dossier_history, offices, users,
};
use crate::db::DbConn;
use crate::db_run;
use crate::dossier::model::DossierKind;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::offices::model::OfficeRow;
use crate::spreadsheet::{self, excel_date, Limits, ReadError};
use crate::time::now;
use crate::users::model::{Language, UserRow};

/// The most rows one file may hold per sheet (larger lists are imported in parts).
pub const MAX_ROWS: usize = 5_000;
/// What reading the file may cost. A sheet of up to twice [`MAX_ROWS`] is read and reported as
/// `import.too_many_rows`; a cell further down (or any other excess) is refused as
/// `import.too_large` before the sheet is assembled.
const READ_LIMITS: Limits = Limits {
    max_rows: 2 * MAX_ROWS as u32 + 1,
    ..Limits::DEFAULT
};
/// Rows per INSERT statement (well under SQLite's and PostgreSQL's parameter limits).
const CHUNK: usize = 400;

pub const CUSTOMER_SHEET: &str = "客户";
pub const KEY_PEOPLE_SHEET: &str = "关键人员";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// An amount in 元 (at most two decimals), stored as fen.
    Yuan,
    Integer,
    Date,
    YesNo,
    Category,
    Tags,
    /// A user by login name or display name → `owner_user_id`.
    User,
    /// An office by name or code → `office_id`.
    Office,
}

struct Column {
    heading: &'static str,
    field: &'static str,
    kind: Kind,
    required: bool,
    hint: &'static str,
}

const fn col(heading: &'static str, field: &'static str, kind: Kind) -> Column {
    Column {
        heading,
        field,
        kind,
        required: false,
        hint: "",
    }
}

/// The registration form's fields (客户概要信息登记表) in the form's order, then the management
/// fields. Headings are what the template writes and what the import recognises (the API field
/// name is accepted too, for scripts).
const CUSTOMER_COLUMNS: &[Column] = &[
    Column {
        required: true,
        ..col("客户名称", "name", Kind::Text)
    },
    Column {
        hint: "18位，含校验码 / 18 characters with check digit",
        ..col("统一社会信用代码", "credit_code", Kind::Text)
    },
    col("地址", "address", Kind::Text),
    col("企业性质", "enterprise_nature", Kind::Text),
    Column {
        hint: "6位数字 / six digits",
        ..col("邮政编码", "postal_code", Kind::Text)
    },
    col("行业类型", "industry", Kind::Text),
    col("电话", "phone", Kind::Text),
    col("传真", "fax", Kind::Text),
    col("上级主管部门", "superior_authority", Kind::Text),
    Column {
        hint: "元，最多两位小数 / yuan, at most two decimals",
        ..col("注册资本(元)", "registered_capital_fen", Kind::Yuan)
    },
    col("法定代表人", "legal_representative", Kind::Text),
    Column {
        hint: "如 2015-03-20 / e.g. 2015-03-20",
        ..col("注册日期", "registration_date", Kind::Date)
    },
    col("企业规模", "enterprise_size", Kind::Text),
    col("经营期限", "business_term", Kind::Text),
    col("职工人数", "employees", Kind::Integer),
    col("登记机关", "registration_authority", Kind::Text),
    col("年销售收入(元)", "annual_revenue_fen", Kind::Yuan),
    col("净资产(元)", "net_assets_fen", Kind::Yuan),
    col("人民币开户行", "rmb_bank", Kind::Text),
    col("人民币账号", "rmb_account", Kind::Text),
    col("外币开户行", "fx_bank", Kind::Text),
    col("外币账号", "fx_account", Kind::Text),
    col("银行信用评级", "bank_rating", Kind::Text),
    col("经营范围", "business_scope", Kind::Text),
    Column {
        hint: "大客户 / 一般客户（默认）；由业务部经理决定，其他角色请留空 / big or general (default); the business manager's decision, others leave it empty",
        ..col("客户类别", "category", Kind::Category)
    },
    Column {
        hint: "是 / 否；由业务部经理决定，其他角色请留空 / yes or no; the business manager's decision, others leave it empty",
        ..col("重点客户", "key_customer", Kind::YesNo)
    },
    Column {
        hint: "如 2019-05-10；通常由首份签订的合同确定，只有业务部可以填写 / normally set by the first signed contract; business department only",
        ..col("首次成交日期", "first_deal_date", Kind::Date)
    },
    Column {
        hint: "用逗号或顿号分隔 / separated by commas",
        ..col("标签", "tags", Kind::Tags)
    },
    Column {
        hint: "登录名或姓名；业务员导入时默认本人 / login or name; a salesman's own by default",
        ..col("业务员", "owner_user_id", Kind::User)
    },
    Column {
        hint: "名称或编码；默认业务员所在办事处 / name or code; the owner's by default",
        ..col("办事处", "office_id", Kind::Office)
    },
];

/// 关键人物: each row names its customer by the name used in the 客户 sheet.
const KEY_PERSON_COLUMNS: &[Column] = &[
    Column {
        required: true,
        hint: "与“客户”表中的客户名称一致 / as in the 客户 sheet",
        ..col("客户名称", "customer", Kind::Text)
    },
    Column {
        required: true,
        ..col("姓名", "name", Kind::Text)
    },
    Column {
        hint: "如 法定代表人、总经理、采购联系人",
        ..col("职务", "position", Kind::Text)
    },
    col("电话", "phone", Kind::Text),
    col("电子邮箱", "email", Kind::Text),
    col("年龄", "age", Kind::Integer),
    col("创业时间", "founding_time", Kind::Text),
    col("性格", "character", Kind::Text),
    col("爱好", "hobbies", Kind::Text),
    col("家庭", "family", Kind::Text),
    col("能力", "ability", Kind::Text),
];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `false` (default): only check and report. `true`: write everything if every row is
    /// valid, nothing otherwise.
    pub commit: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportSheet {
    Customers,
    KeyPeople,
}

/// One problem found in the file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportProblem {
    /// Null for a problem with the whole file.
    pub sheet: Option<ImportSheet>,
    /// The row number as Excel shows it (the heading is row 1).
    pub row: Option<u32>,
    /// The column heading as written in the file.
    pub column: Option<String>,
    /// The API field the column maps to.
    pub field: Option<String>,
    /// Stable code: the form's validation codes, `customer.duplicate` or `import.*`.
    pub code: String,
    /// What is wrong, in the user's language.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportedCustomer {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// The outcome of an import: what was read, every problem, and what was created (on commit).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"committed": false, "customer_rows": 2, "key_person_rows": 1,
    "errors": [{"sheet": "customers", "row": 3, "column": "统一社会信用代码", "field": "credit_code",
        "code": "invalid", "message": "统一社会信用代码：校验码不符（GB 32100-2015）"}], "created": []}))]
pub struct ImportReport {
    pub committed: bool,
    pub customer_rows: usize,
    pub key_person_rows: usize,
    pub errors: Vec<ImportProblem>,
    pub created: Vec<ImportedCustomer>,
}

/// The 422 answer when the file has problems: a problem+json document (code `import.rejected`)
/// that carries the whole report, so nothing is lost for the user or a script.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRejected {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// `import.rejected`
    pub code: String,
    #[serde(flatten)]
    pub report: ImportReport,
}

impl ImportRejected {
    pub fn new(report: ImportReport) -> Self {
        ImportRejected {
            type_: "about:blank".into(),
            title: "Import rejected".into(),
            status: 422,
            detail: format!(
                "{} problem(s) found; nothing was written.",
                report.errors.len()
            ),
            code: "import.rejected".into(),
            report,
        }
    }
}

/// The empty template: the two sheets with the form's headings (required ones marked `*`),
/// a note with the expected format on each heading, and text-formatted columns so that
/// postal codes and account numbers keep their leading zeros.
pub fn template() -> ApiResult<Vec<u8>> {
    let mut book = Workbook::new();
    for (name, columns) in [
        (CUSTOMER_SHEET, CUSTOMER_COLUMNS),
        (KEY_PEOPLE_SHEET, KEY_PERSON_COLUMNS),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).map_err(ApiError::internal)?;
        let bold = Format::new().set_bold().set_background_color("#DDEBF7");
        let text = Format::new().set_num_format("@");
        for (i, c) in columns.iter().enumerate() {
            let i = i as u16;
            let heading = if c.required {
                format!("{}*", c.heading)
            } else {
                c.heading.to_string()
            };
            sheet
                .write_string_with_format(0, i, &heading, &bold)
                .map_err(ApiError::internal)?;
            sheet
                .set_column_width(i, (c.heading.chars().count() as f64 * 2.2).max(12.0))
                .map_err(ApiError::internal)?;
            if c.kind == Kind::Text {
                sheet
                    .set_column_format(i, &text)
                    .map_err(ApiError::internal)?;
            }
            if !c.hint.is_empty() {
                sheet
                    .insert_note(0, i, &Note::new(c.hint).set_author("Jiyuan CRM"))
                    .map_err(ApiError::internal)?;
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(ApiError::internal)?;
    }
    book.save_to_buffer().map_err(ApiError::internal)
}

/// The messages of the report, in the user's language.
struct Messages(Language);

impl Messages {
    fn zh(&self) -> bool {
        self.0 == Language::ZhCn
    }

    fn pick(&self, zh: String, en: String) -> String {
        if self.zh() {
            zh
        } else {
            en
        }
    }

    /// A validation error of the form (or of the key person entry), on a column.
    fn field(&self, column: &str, kind: Kind, e: &FieldError) -> String {
        match e.code.as_str() {
            "required" => self.pick(format!("{column}：必填"), format!("{column}: required")),
            "too_long" => self.pick(
                format!("{column}：内容过长"),
                format!("{column}: {}", e.message),
            ),
            "out_of_range" if kind == Kind::Date => self.pick(
                format!("{column}：不能晚于今天"),
                format!("{column}: must not be in the future"),
            ),
            "out_of_range" => self.pick(
                format!("{column}：超出允许范围（不能为负数）"),
                format!("{column}: {}", e.message),
            ),
            "unknown_user" => self.pick(
                format!("{column}：没有这个在职人员"),
                format!("{column}: no active person of that name"),
            ),
            "unknown_office" => self.pick(
                format!("{column}：没有这个办事处"),
                format!("{column}: no such office"),
            ),
            _ => {
                let zh = match e.message.as_str() {
                    "must be 18 characters" => "应为18位",
                    "check digit does not match (GB 32100-2015)" => "校验码不符（GB 32100-2015）",
                    "six digits" => "应为6位数字",
                    "you can only create customers you own" => "业务员只能导入自己名下的客户",
                    "you can only create customers of your office" => "只能导入本办事处的客户",
                    m if m.starts_with("contains a character") => {
                        "含有不允许的字符（数字和除 I、O、Z、S、V 以外的大写字母）"
                    }
                    m if m.starts_with("7–20 digits") => {
                        "应为7–20位数字，可含空格、-、()或开头的+"
                    }
                    "an e-mail address" => "不是有效的电子邮箱",
                    "1–30 characters without commas" => "每个标签1–30个字",
                    "at most 20 tags" => "最多20个标签",
                    _ => "格式不正确",
                };
                self.pick(
                    format!("{column}：{zh}"),
                    format!("{column}: {}", e.message),
                )
            }
        }
    }

    /// A column whose values only another role decides.
    fn not_yours(&self, column: &str, field: &str) -> String {
        if field == "first_deal_date" {
            self.pick(
                format!("{column}：由首份签订的合同确定，只有业务部可以更正；请留空"),
                format!("{column}: set by the first signed contract and corrected only by the business department; leave it empty"),
            )
        } else {
            self.pick(
                format!("{column}：由业务部经理决定，您的角色不能填写；请留空"),
                format!("{column}: the business manager decides it, your role may not fill it in; leave it empty"),
            )
        }
    }

    fn cell(&self, column: &str, kind: Kind, value: &str) -> String {
        let (zh, en) = match kind {
            Kind::Yuan => (
                "应为金额（元），最多两位小数",
                "an amount in yuan with at most two decimals",
            ),
            Kind::Integer => ("应为整数", "a whole number"),
            Kind::Date => ("应为日期，如 2015-03-20", "a date such as 2015-03-20"),
            Kind::YesNo => ("应为“是”或“否”", "“是” (yes) or “否” (no)"),
            Kind::Category => (
                "应为“大客户”或“一般客户”",
                "“大客户” (big) or “一般客户” (general)",
            ),
            Kind::Text | Kind::Tags | Kind::User | Kind::Office => ("格式不正确", "not valid"),
        };
        self.pick(
            format!("{column}：“{value}”{zh}"),
            format!("{column}: “{value}” is not {en}"),
        )
    }
}

/// One parsed row: its Excel row number and the JSON object of the fields given.
struct ParsedRow {
    row: u32,
    fields: Map<String, Value>,
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => excel_date(dt.as_f64())
            .map(|d| d.to_string())
            .unwrap_or_default(),
    }
}

fn parse_date(d: &Data, text: &str) -> Option<NaiveDate> {
    match d {
        Data::DateTime(dt) => excel_date(dt.as_f64()),
        Data::Float(f) => excel_date(*f),
        Data::Int(i) => excel_date(*i as f64),
        _ => {
            let t = text.replace(['年', '月', '/', '.'], "-").replace('日', "");
            let t = t.get(..10).map(str::trim).unwrap_or(t.trim()).to_string();
            NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()
        }
    }
}

/// 元 → fen without floating-point surprises: the text's digits, at most two decimals.
fn parse_yuan(d: &Data, text: &str) -> Option<i64> {
    let s = match d {
        // A number cell: its shortest decimal representation, then the same text rules.
        Data::Float(f) => format!("{f}"),
        _ => text.replace([',', '，', ' '], ""),
    };
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    if int.is_empty()
        || frac.len() > 2
        || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let fen =
        int.parse::<i64>().ok()?.checked_mul(100)? + format!("{frac:0<2}").parse::<i64>().ok()?;
    Some(if neg { -fen } else { fen })
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" | "√" => Some(true),
        "否" | "n" | "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

fn normal_heading(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// One sheet's rows, with every cell converted to the JSON its field takes. Users and offices
/// are resolved later, in one query each; their names are kept as strings here.
fn read_sheet(
    range: &calamine::Range<Data>,
    sheet: ImportSheet,
    columns: &'static [Column],
    msg: &Messages,
    problems: &mut Vec<ImportProblem>,
) -> Vec<ParsedRow> {
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut rows = range.rows();
    let Some(header) = rows.next() else {
        return Vec::new();
    };
    let file_problem = |code: &str, column: Option<String>, message: String| ImportProblem {
        sheet: Some(sheet),
        row: Some(first_row + 1),
        column,
        field: None,
        code: code.into(),
        message,
    };
    // Which template column each file column is.
    let mut mapping: Vec<Option<&'static Column>> = Vec::with_capacity(header.len());
    for h in header {
        let text = cell_text(h);
        if text.is_empty() {
            mapping.push(None);
            continue;
        }
        let n = normal_heading(&text);
        let found = columns
            .iter()
            .find(|c| normal_heading(c.heading) == n || c.field == n);
        if found.is_none() {
            problems.push(file_problem(
                "import.unknown_column",
                Some(text.clone()),
                msg.pick(
                    format!("不认识的列“{text}”：请使用模板的列名"),
                    format!("Unknown column “{text}”: use the template's headings"),
                ),
            ));
        }
        if let Some(c) = found {
            if mapping.iter().flatten().any(|m| m.field == c.field) {
                problems.push(file_problem(
                    "import.duplicate_column",
                    Some(text.clone()),
                    msg.pick(
                        format!("列“{text}”出现了两次"),
                        format!("Column “{text}” appears twice"),
                    ),
                ));
            }
        }
        mapping.push(found);
    }
    for c in columns.iter().filter(|c| c.required) {
        if !mapping.iter().flatten().any(|m| m.field == c.field) {
            problems.push(file_problem(
                "import.missing_column",
                Some(c.heading.into()),
                msg.pick(
                    format!("缺少必需的列“{}”", c.heading),
                    format!("The required column “{}” is missing", c.heading),
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (i, cells) in rows.enumerate() {
        let row = first_row + i as u32 + 2;
        if cells.iter().all(|d| cell_text(d).is_empty()) {
            continue;
        }
        let mut fields = Map::new();
        for (d, c) in cells.iter().zip(&mapping) {
            let Some(c) = c else { continue };
            let text = cell_text(d);
            if text.is_empty() {
                continue;
            }
            let value = match c.kind {
                Kind::Text | Kind::User | Kind::Office => Some(Value::String(text.clone())),
                Kind::Yuan => parse_yuan(d, &text).map(Value::from),
                Kind::Integer => match d {
                    Data::Float(f) if f.fract() == 0.0 => Some(Value::from(*f as i64)),
                    Data::Int(i) => Some(Value::from(*i)),
                    _ => text.parse::<i64>().ok().map(Value::from),
                },
                Kind::Date => parse_date(d, &text).map(|x| Value::String(x.to_string())),
                Kind::YesNo => parse_yes_no(&text).map(Value::Bool),
                Kind::Category => match text.as_str() {
                    "大客户" | "big" => Some(json!("big")),
                    "一般客户" | "一般" | "general" => Some(json!("general")),
                    _ => None,
                },
                Kind::Tags => Some(Value::from(
                    text.split([',', '，', '、', ';', '；'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>(),
                )),
            };
            match value {
                Some(v) => {
                    fields.insert(c.field.into(), v);
                }
                None => problems.push(ImportProblem {
                    sheet: Some(sheet),
                    row: Some(row),
                    column: Some(c.heading.into()),
                    field: Some(c.field.into()),
                    code: "import.bad_value".into(),
                    message: msg.cell(c.heading, c.kind, &text),
                }),
            }
        }
        out.push(ParsedRow { row, fields });
    }
    out
}

fn file_error(code: &str, message: String) -> ImportProblem {
    ImportProblem {
        sheet: None,
        row: None,
        column: None,
        field: None,
        code: code.into(),
        message,
    }
}

/// A customer row ready to insert, with its key people.
struct Ready {
    row: CustomerRow,
    tags: Vec<String>,
    people: Vec<String>,
}

/// Check the file (and, when `commit` and it is clean, import it). Call inside a transaction:
/// on commit everything is written or, on any error, nothing.
pub fn run(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    bytes: &[u8],
    commit: bool,
    today: NaiveDate,
) -> ApiResult<ImportReport> {
    let language = crate::users::repo::find(conn, auth.id)?
        .map(|u| Language::parse(&u.language))
        .unwrap_or_default();
    let msg = Messages(language);
    let mut problems = Vec::new();
    let mut report = ImportReport {
        committed: false,
        customer_rows: 0,
        key_person_rows: 0,
        errors: Vec::new(),
        created: Vec::new(),
    };
    let unreadable = |e: ReadError, sheet: Option<ImportSheet>| {
        let mut problem = match e {
            ReadError::NotXlsx(_) => file_error(
                "import.not_xlsx",
                msg.pick(
                    "文件不是 Excel 工作簿（.xlsx）：请用模板填写后上传".into(),
                    "The file is not an Excel workbook (.xlsx): fill in the template and upload it"
                        .into(),
                ),
            ),
            ReadError::TooLarge(t) => {
                file_error("import.too_large", msg.pick(t.zh(), t.to_string()))
            }
        };
        problem.sheet = sheet;
        problem
    };
    let mut book = match spreadsheet::Workbook::open(bytes, READ_LIMITS) {
        Ok(b) => b,
        Err(e) => {
            report.errors.push(unreadable(e, None));
            return Ok(report);
        }
    };
    let names = book.sheet_names();
    let find_sheet = |wanted: &str, alias: &str| {
        names
            .iter()
            .find(|n| n.trim() == wanted || n.trim().eq_ignore_ascii_case(alias))
            .cloned()
    };
    // The 客户 sheet by name, else the first sheet (a user may have renamed it).
    let customer_sheet = find_sheet(CUSTOMER_SHEET, "customers").or_else(|| names.first().cloned());
    let people_sheet =
        find_sheet(KEY_PEOPLE_SHEET, "key_people").filter(|n| Some(n) != customer_sheet.as_ref());
    let mut rows_of = |name: Option<&String>, sheet, columns| match name.map(|n| book.sheet(n)) {
        None => Ok(Vec::new()),
        Some(Ok(range)) => Ok(read_sheet(&range, sheet, columns, &msg, &mut problems)),
        Some(Err(e)) => Err(unreadable(e, Some(sheet))),
    };
    let sheets = rows_of(
        customer_sheet.as_ref(),
        ImportSheet::Customers,
        CUSTOMER_COLUMNS,
    )
    .and_then(|customers| {
        let people = rows_of(
            people_sheet.as_ref(),
            ImportSheet::KeyPeople,
            KEY_PERSON_COLUMNS,
        )?;
        Ok((customers, people))
    });
    let (customer_rows, people_rows) = match sheets {
        Ok(rows) => rows,
        Err(problem) => {
            report.errors.push(problem);
            return Ok(report);
        }
    };
    report.customer_rows = customer_rows.len();
    report.key_person_rows = people_rows.len();
    if customer_rows.is_empty() {
        problems.push(file_error(
            "import.empty",
            msg.pick(
                "“客户”表中没有数据行".into(),
                "The 客户 sheet has no data rows".into(),
            ),
        ));
    }
    if customer_rows.len() > MAX_ROWS || people_rows.len() > MAX_ROWS {
        problems.push(file_error(
            "import.too_many_rows",
            msg.pick(
                format!("每个表最多 {MAX_ROWS} 行：请分批导入"),
                format!("At most {MAX_ROWS} rows per sheet: import the list in parts"),
            ),
        ));
    }
    if !people_rows.is_empty() && !auth.can(Area::RestrictedDossier, Access::Write) {
        problems.push(file_error(
            "auth.forbidden",
            msg.pick(
                "您的角色不能录入关键人物（受限资料）：请删除“关键人员”表的数据".into(),
                "Your role may not record key people (restricted dossier): empty the 关键人员 sheet".into(),
            ),
        ));
    }
    if problems
        .iter()
        .any(|p| p.row.is_none() || p.code != "import.bad_value")
    {
        // The file's shape is wrong: row-level checks would only add noise.
        report.errors = problems;
        return Ok(report);
    }

    let ready = check_customers(conn, auth, &msg, &customer_rows, today, &mut problems)?;
    let people = check_people(&msg, &people_rows, &customer_rows, today, &mut problems);
    // In the order a user reads the file: sheet, row, then the template's column order.
    problems.sort_by_key(|p| {
        let columns = match p.sheet {
            Some(ImportSheet::KeyPeople) => KEY_PERSON_COLUMNS,
            _ => CUSTOMER_COLUMNS,
        };
        let position = columns
            .iter()
            .position(|c| Some(c.heading) == p.column.as_deref());
        (p.sheet.map(|s| s as u8), p.row, position)
    });
    report.errors = problems;
    if !commit || !report.errors.is_empty() {
        return Ok(report);
    }
    let mut ready = ready;
    for (index, content) in people {
        ready[index].people.push(content);
    }
    report.created = write(conn, auth, meta, ready, today)?;
    report.committed = true;
    Ok(report)
}

/// Validate the customer rows like the form: owner and office, every field, duplicates in the
/// file and in the database (pointing to the existing customer only when the user may see it).
fn check_customers(
    conn: &mut DbConn,
    auth: &AuthUser,
    msg: &Messages,
    rows: &[ParsedRow],
    today: NaiveDate,
    problems: &mut Vec<ImportProblem>,
) -> ApiResult<Vec<Ready>> {
    let column_of = |field: &str| {
        let base = field.split(['[', '.']).next().unwrap_or(field);
        CUSTOMER_COLUMNS.iter().find(|c| c.field == base)
    };
    let problem = |row: u32, e: &FieldError| {
        let c = column_of(&e.field);
        ImportProblem {
            sheet: Some(ImportSheet::Customers),
            row: Some(row),
            column: c.map(|c| c.heading.to_string()),
            field: Some(e.field.clone()),
            code: e.code.clone(),
            message: msg.field(
                c.map(|c| c.heading).unwrap_or(&e.field),
                c.map(|c| c.kind).unwrap_or(Kind::Text),
                e,
            ),
        }
    };

    // People and offices named in the file: one query each.
    let wanted_users: Vec<String> = rows
        .iter()
        .filter_map(|r| r.fields.get("owner_user_id")?.as_str().map(String::from))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let people: Vec<UserRow> = if wanted_users.is_empty() {
        Vec::new()
    } else {
        db_run!(conn, |c| users::table
            .filter(users::active.eq(true))
            .filter(users::kind.eq("person"))
            .filter(
                users::username
                    .eq_any(&wanted_users)
                    .or(users::display_name.eq_any(&wanted_users))
            )
            .select(UserRow::as_select())
            .load(c))?
    };
    let office_list: Vec<OfficeRow> = db_run!(conn, |c| offices::table
        .select(OfficeRow::as_select())
        .load(c))?;

    let mut ready = Vec::with_capacity(rows.len());
    let t = now();
    for r in rows {
        let mut fields = r.fields.clone();
        let mut errors = Vec::new();
        // 业务员: login name first, else a unique display name.
        let mut ambiguous = false;
        let (owner_id, owner_row) = match fields.remove("owner_user_id") {
            Some(Value::String(who)) => {
                let by_login = people.iter().find(|u| u.username == who);
                let by_name: Vec<&UserRow> =
                    people.iter().filter(|u| u.display_name == who).collect();
                let unique_name = match by_name.as_slice() {
                    [u] => Some(*u),
                    _ => None,
                };
                match by_login.or(unique_name) {
                    Some(u) => (Some(u.id), Some(u)),
                    None => {
                        if by_name.len() > 1 {
                            ambiguous = true;
                            problems.push(ImportProblem {
                                sheet: Some(ImportSheet::Customers),
                                row: Some(r.row),
                                column: Some("业务员".into()),
                                field: Some("owner_user_id".into()),
                                code: "import.ambiguous_user".into(),
                                message: msg.pick(
                                    format!("业务员：有多人叫“{who}”，请填登录名"),
                                    format!("业务员: several people are called “{who}”; give the login name"),
                                ),
                            });
                        }
                        // Named but not found: `assign_owner` reports it; 0 is no user's id.
                        (Some(0), None)
                    }
                }
            }
            _ => (None, None),
        };
        let (office_id, office_exists) = match fields.remove("office_id") {
            Some(Value::String(o)) => match office_list.iter().find(|f| f.name == o || f.code == o)
            {
                Some(f) => (Some(f.id), true),
                None => (Some(0), false),
            },
            _ => (None, true),
        };
        let (owner, office) = service::assign_owner(
            auth,
            owner_id,
            owner_row,
            office_id,
            office_exists,
            &mut errors,
        );
        if ambiguous {
            errors.retain(|e| e.code != "unknown_user");
        }
        // Category, key-customer flag and first-deal date drive the rating rules and the tier:
        // they are not the form's, and a file brings them only from a role that decides them.
        let decided: Vec<(&str, Value)> = ["category", "key_customer", "first_deal_date"]
            .into_iter()
            .filter_map(|f| fields.remove(f).map(|v| (f, v)))
            .collect();
        let form: CustomerForm = match serde_json::from_value(Value::Object(fields)) {
            Ok(f) => f,
            Err(e) => return Err(ApiError::internal(format!("import row to form: {e}"))),
        };
        let mut row = service::blank_row(String::new(), owner, office, auth.id, t);
        errors.extend(service::apply_form(&mut row, form, today));
        for (field, value) in decided {
            let allowed = match field {
                "first_deal_date" => auth.can(Area::FirstDealDate, Access::Write),
                _ => auth.can(Area::CustomerClassification, Access::Write),
            };
            let heading = column_of(field).map(|c| c.heading).unwrap_or(field);
            if !allowed {
                problems.push(ImportProblem {
                    sheet: Some(ImportSheet::Customers),
                    row: Some(r.row),
                    column: Some(heading.into()),
                    field: Some(field.into()),
                    code: "auth.forbidden".into(),
                    message: msg.not_yours(heading, field),
                });
                continue;
            }
            match (field, value) {
                ("category", Value::String(c)) => {
                    row.category = Category::parse(&c).as_str().into()
                }
                ("key_customer", Value::Bool(k)) => row.key_customer = k,
                ("first_deal_date", Value::String(d)) => {
                    let d = NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok();
                    if d.is_some_and(|d| d > today) {
                        errors.push(FieldError::new(
                            "first_deal_date",
                            "out_of_range",
                            "must not be in the future",
                        ));
                    }
                    row.first_deal_date = d;
                }
                _ => {}
            }
        }
        for e in &errors {
            problems.push(problem(r.row, e));
        }
        ready.push(Ready {
            tags: row.tag_list(),
            row,
            people: Vec::new(),
        });
    }

    // Duplicates inside the file: the later row points to the first.
    let mut seen_name: HashMap<&str, u32> = HashMap::new();
    let mut seen_code: HashMap<&str, u32> = HashMap::new();
    for (r, x) in rows.iter().zip(&ready) {
        let mut dup = |field: &'static str, first: u32| {
            let c = column_of(field).expect("name and credit_code are columns");
            problems.push(ImportProblem {
                sheet: Some(ImportSheet::Customers),
                row: Some(r.row),
                column: Some(c.heading.into()),
                field: Some(field.into()),
                code: "import.duplicate_in_file".into(),
                message: msg.pick(
                    format!("{}：与第 {first} 行重复", c.heading),
                    format!("{}: the same as row {first}", c.heading),
                ),
            });
        };
        if !x.row.name_key.is_empty() {
            match seen_name.get(x.row.name_key.as_str()) {
                Some(first) => dup("name", *first),
                None => {
                    seen_name.insert(&x.row.name_key, r.row);
                }
            }
        }
        if let Some(cc) = &x.row.credit_code {
            match seen_code.get(cc.as_str()) {
                Some(first) => dup("credit_code", *first),
                None => {
                    seen_code.insert(cc, r.row);
                }
            }
        }
    }

    // Duplicates of customers in the database: one query per chunk of keys.
    let keys: Vec<String> = ready.iter().map(|x| x.row.name_key.clone()).collect();
    let codes: Vec<String> = ready
        .iter()
        .filter_map(|x| x.row.credit_code.clone())
        .collect();
    let mut existing: Vec<CustomerRow> = Vec::new();
    for (k, cc) in keys
        .chunks(CHUNK)
        .zip(codes.chunks(CHUNK).map(Some).chain(std::iter::repeat(None)))
    {
        let cc = cc.unwrap_or(&[]);
        existing.extend(db_run!(conn, |c| customers::table
            .filter(
                customers::name_key
                    .eq_any(k)
                    .or(customers::credit_code.eq_any(cc))
            )
            .select(CustomerRow::as_select())
            .load(c))?);
    }
    if existing.is_empty() {
        return Ok(ready);
    }
    let viewer = Viewer::of(auth);
    let ids: Vec<i64> = existing.iter().map(|x| x.id).collect();
    let granted = repo::granted_ids(conn, auth.id, &ids, t)?;
    for (r, x) in rows.iter().zip(&ready) {
        let hit = existing
            .iter()
            .find(|e| x.row.credit_code.is_some() && e.credit_code == x.row.credit_code)
            .map(|e| ("credit_code", e))
            .or_else(|| {
                existing
                    .iter()
                    .find(|e| e.name_key == x.row.name_key)
                    .map(|e| ("name", e))
            });
        let Some((field, e)) = hit else { continue };
        let c = column_of(field).expect("name and credit_code are columns");
        let visible = viewer.view_of(e, granted.contains(&e.id)) == Some(CustomerView::Full);
        let message = if visible {
            msg.pick(
                format!("{}：客户已存在（{} {}）", c.heading, e.code, e.name),
                format!(
                    "{}: this customer exists already ({} {})",
                    c.heading, e.code, e.name
                ),
            )
        } else {
            msg.pick(
                format!(
                    "{}：该客户已存在，不在您的范围内；如需查看请申请借阅",
                    c.heading
                ),
                format!(
                    "{}: this customer exists already outside your scope; ask for access to see it",
                    c.heading
                ),
            )
        };
        problems.push(ImportProblem {
            sheet: Some(ImportSheet::Customers),
            row: Some(r.row),
            column: Some(c.heading.into()),
            field: Some(field.into()),
            code: "customer.duplicate".into(),
            message,
        });
    }
    Ok(ready)
}

/// Validate the key people rows like the dossier form, and find their customer in the file.
/// Returns (index of the customer row, normalised content) for each valid person.
fn check_people(
    msg: &Messages,
    rows: &[ParsedRow],
    customers: &[ParsedRow],
    today: NaiveDate,
    problems: &mut Vec<ImportProblem>,
) -> Vec<(usize, String)> {
    let by_key: HashMap<String, usize> = customers
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((rules::name_key(r.fields.get("name")?.as_str()?), i)))
        .collect();
    let mut out = Vec::new();
    for r in rows {
        let mut fields = r.fields.clone();
        let customer = fields
            .remove("customer")
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let index = by_key.get(&rules::name_key(&customer)).copied();
        if index.is_none() && !customer.is_empty() {
            problems.push(ImportProblem {
                sheet: Some(ImportSheet::KeyPeople),
                row: Some(r.row),
                column: Some("客户名称".into()),
                field: Some("customer".into()),
                code: "import.unknown_customer".into(),
                message: msg.pick(
                    format!("客户名称：“{customer}”不在“客户”表中"),
                    format!("客户名称: “{customer}” is not in the 客户 sheet"),
                ),
            });
        }
        if customer.is_empty() {
            problems.push(ImportProblem {
                sheet: Some(ImportSheet::KeyPeople),
                row: Some(r.row),
                column: Some("客户名称".into()),
                field: Some("customer".into()),
                code: "required".into(),
                message: msg.field(
                    "客户名称",
                    Kind::Text,
                    &FieldError::new("customer", "required", ""),
                ),
            });
        }
        if !fields.contains_key("name") {
            fields.insert("name".into(), json!(""));
        }
        match crate::dossier::service::validate(
            DossierKind::KeyPerson,
            &Value::Object(fields),
            today,
        ) {
            Ok((content, _)) => {
                if let Some(i) = index {
                    out.push((i, content.to_string()));
                }
            }
            Err(ApiError::Validation(errors)) => {
                for e in errors {
                    let field = e.field.trim_start_matches("content.").to_string();
                    let c = KEY_PERSON_COLUMNS.iter().find(|c| c.field == field);
                    problems.push(ImportProblem {
                        sheet: Some(ImportSheet::KeyPeople),
                        row: Some(r.row),
                        column: c.map(|c| c.heading.to_string()),
                        field: Some(field.clone()),
                        code: e.code.clone(),
                        message: msg.field(
                            c.map(|c| c.heading).unwrap_or(&field),
                            c.map(|c| c.kind).unwrap_or(Kind::Text),
                            &e,
                        ),
                    });
                }
            }
            Err(other) => {
                problems.push(ImportProblem {
                    sheet: Some(ImportSheet::KeyPeople),
                    row: Some(r.row),
                    column: None,
                    field: None,
                    code: other.code().into(),
                    message: msg.pick("格式不正确".into(), other.to_string()),
                });
            }
        }
    }
    out
}

/// Write the checked rows: codes reserved in one statement, customers, tags, key people and
/// their first history versions in chunked multi-row statements, one audit event.
fn write(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    mut ready: Vec<Ready>,
    today: NaiveDate,
) -> ApiResult<Vec<ImportedCustomer>> {
    let codes = service::reserve_codes(conn, today, ready.len())?;
    for (x, code) in ready.iter_mut().zip(codes) {
        x.row.search_text = rules::search_text(
            &x.row.name,
            &code,
            &x.row.phone,
            &x.row.fax,
            x.row.credit_code.as_deref(),
        );
        x.row.code = code;
    }
    let mut ids: HashMap<String, i64> = HashMap::with_capacity(ready.len());
    let rows: Vec<CustomerRow> = ready.iter().map(|x| x.row.clone()).collect();
    for chunk in rows.chunks(CHUNK) {
        let inserted: Vec<(i64, String)> = db_run!(conn, |c| diesel::insert_into(customers::table)
            .values(chunk)
            .returning((customers::id, customers::code))
            .get_results(c))
        .map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                // A concurrent create of the same customer won the race.
                ApiError::DuplicateCustomer {
                    field: "name",
                    existing: None,
                }
            } else {
                e.into()
            }
        })?;
        ids.extend(inserted.into_iter().map(|(id, code)| (code, id)));
    }
    let id_of = |x: &Ready| ids[&x.row.code];

    let tags: Vec<_> = ready
        .iter()
        .flat_map(|x| {
            let id = id_of(x);
            x.tags.iter().map(move |t| {
                (
                    customer_tags::customer_id.eq(id),
                    customer_tags::tag.eq(t.clone()),
                )
            })
        })
        .collect();
    for chunk in tags.chunks(CHUNK) {
        db_run!(conn, |c| diesel::insert_into(customer_tags::table)
            .values(chunk)
            .execute(c))?;
    }

    let t = now();
    let people: Vec<_> = ready
        .iter()
        .flat_map(|x| {
            let id = id_of(x);
            x.people.iter().map(move |content| {
                (
                    dossier_entries::customer_id.eq(id),
                    dossier_entries::kind.eq(DossierKind::KeyPerson.as_str()),
                    dossier_entries::content.eq(content.clone()),
                    dossier_entries::occurred_on.eq(None::<NaiveDate>),
                    dossier_entries::author_id.eq(Some(auth.id)),
                    dossier_entries::created_at.eq(t),
                    dossier_entries::updated_at.eq(t),
                )
            })
        })
        .collect();
    let new_ids: Vec<i64> = ready.iter().map(id_of).collect();
    for chunk in people.chunks(CHUNK) {
        db_run!(conn, |c| diesel::insert_into(dossier_entries::table)
            .values(chunk)
            .execute(c))?;
    }
    if !people.is_empty() {
        // Version 1 of each new entry, copied in one statement per chunk of customers.
        for chunk in new_ids.chunks(CHUNK) {
            db_run!(conn, |c| diesel::insert_into(dossier_history::table)
                .values(
                    dossier_entries::table
                        .filter(dossier_entries::customer_id.eq_any(chunk))
                        .select((
                            dossier_entries::id,
                            1i64.into_sql::<diesel::sql_types::BigInt>(),
                            dossier_entries::content,
                            dossier_entries::author_id,
                            dossier_entries::created_at,
                        )),
                )
                .into_columns((
                    dossier_history::entry_id,
                    dossier_history::version,
                    dossier_history::content,
                    dossier_history::author_id,
                    dossier_history::at,
                ))
                .execute(c))?;
        }
    }

    let created: Vec<ImportedCustomer> = ready
        .iter()
        .map(|x| ImportedCustomer {
            id: id_of(x),
            code: x.row.code.clone(),
            name: x.row.name.clone(),
        })
        .collect();
    // One event for the import; key people's personal details stay out of the log.
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("customer.import", "customer", "import").after(&json!({
            "customers": created.iter().zip(&ready).map(|(c, x)| {
                let mut v = json!({"id": c.id, "code": c.code, "name": c.name});
                // What the file decided beyond the form (category, key flag, first deal).
                if x.row.category != Category::General.as_str() || x.row.key_customer {
                    v["category"] = json!(x.row.category);
                    v["key_customer"] = json!(x.row.key_customer);
                }
                if let Some(d) = x.row.first_deal_date {
                    v["first_deal_date"] = json!(d);
                }
                v
            }).collect::<Vec<_>>(),
            "key_people": people.len(),
        })),
    )?;
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_is_read_exactly_with_at_most_two_decimals() {
        let t = |s: &str| parse_yuan(&Data::String(s.into()), s);
        assert_eq!(t("1,234.5"), Some(123_450));
        assert_eq!(t("0.07"), Some(7));
        assert_eq!(t("-12"), Some(-1_200));
        assert_eq!(t("1.234"), None);
        assert_eq!(t("12元"), None);
        assert_eq!(parse_yuan(&Data::Float(1234.56), ""), Some(123_456));
        assert_eq!(parse_yuan(&Data::Float(0.1 + 0.2), ""), None);
    }

    #[test]
    fn dates_from_serials_and_chinese_text() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(excel_date(45_658.0), d(2025, 1, 1));
        assert_eq!(
            parse_date(&Data::String("2015年3月20日".into()), "2015年3月20日"),
            d(2015, 3, 20)
        );
        assert_eq!(
            parse_date(&Data::String("2015年03月20日".into()), "2015年03月20日"),
            d(2015, 3, 20)
        );
        assert_eq!(
            parse_date(&Data::String("2015/03/20".into()), "2015/03/20"),
            d(2015, 3, 20)
        );
        assert_eq!(parse_date(&Data::String("soon".into()), "soon"), None);
    }

    #[test]
    fn headings_match_with_marks_and_full_width_brackets() {
        assert_eq!(
            normal_heading(" 注册资本（元）* "),
            normal_heading("注册资本(元)")
        );
    }

    #[test]
    fn the_template_has_both_sheets_with_the_form_headings() {
        let bytes = template().unwrap();
        // Read as an upload is: the template passes the import's own limits.
        let mut book = spreadsheet::Workbook::open(&bytes, READ_LIMITS).unwrap();
        assert_eq!(book.sheet_names(), vec![CUSTOMER_SHEET, KEY_PEOPLE_SHEET]);
        let range = book.sheet(CUSTOMER_SHEET).unwrap();
        let header: Vec<String> = range.rows().next().unwrap().iter().map(cell_text).collect();
        assert_eq!(header[0], "客户名称*");
        assert!(header.contains(&"统一社会信用代码".to_string()));
        assert_eq!(header.len(), CUSTOMER_COLUMNS.len());
    }
}
