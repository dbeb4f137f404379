//! A run's results as an .xlsx: the rating table the business department reviews today in
//! Excel, one row per customer in the reader's scope, with the explanation in Chinese.

use rust_xlsxwriter::{Format, Workbook};

use super::model::{RatingResult, RatingRun};
use crate::error::{ApiError, ApiResult};

const HEADINGS: &[(&str, f64)] = &[
    ("客户编码 Code", 14.0),
    ("客户名称 Customer", 28.0),
    ("办事处 Office", 14.0),
    ("协议金额（万元）Contract amount", 16.0),
    ("逾期超宽限笔数 Late receivables", 12.0),
    ("评级日应收（万元）Open receivables", 16.0),
    ("协议溢价 Premium %", 12.0),
    ("战略影响 Influence", 12.0),
    ("协议金额及回款 档/分", 12.0),
    ("年终应收账款 档/分", 12.0),
    ("协议溢价程度 档/分", 12.0),
    ("战略影响 档/分", 12.0),
    ("总分 Total", 8.0),
    ("计算等级 Computed", 10.0),
    ("调整等级 Override", 10.0),
    ("调整理由 Reason", 24.0),
    ("最终等级 Final", 10.0),
    ("原等级 Before", 10.0),
    ("建议分类 Suggested", 10.0),
    ("说明 Explanation", 80.0),
];

fn influence_zh(r: &RatingResult) -> &'static str {
    use super::engine::Influence::*;
    match r.influence {
        Some(IndustryLeader) => "行业领先",
        Some(Key) => "关键地位",
        Some(Ordinary) => "一般",
        Some(Sporadic) => "偶发",
        None => "未评估",
    }
}

pub fn workbook(run: &RatingRun, results: &[RatingResult]) -> ApiResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("客户评级").map_err(ApiError::internal)?;
    let bold = Format::new().set_bold();
    let wan = Format::new().set_num_format("#,##0.00####");
    let wrap = Format::new().set_text_wrap();
    let title = format!(
        "客户评级 Customer rating #{} — 评级日 {} ，{} 个月窗口，管理办法第 {} 版",
        run.id, run.rating_date, run.window_months, run.policy_version_number
    );
    sheet
        .write_string_with_format(0, 0, &title, &bold)
        .map_err(ApiError::internal)?;
    for (col, (h, width)) in HEADINGS.iter().enumerate() {
        sheet
            .write_string_with_format(2, col as u16, *h, &bold)
            .map_err(ApiError::internal)?;
        sheet
            .set_column_width(col as u16, *width)
            .map_err(ApiError::internal)?;
    }
    let grade = |g: Option<crate::customers::model::Grade>| g.map(|g| g.as_str()).unwrap_or("");
    let category = |c: crate::customers::model::Category| match c {
        crate::customers::model::Category::Big => "大客户",
        crate::customers::model::Category::General => "一般客户",
    };
    for (i, r) in results.iter().enumerate() {
        let row = i as u32 + 3;
        let e = |x: Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError>| {
            x.map(|_| ()).map_err(ApiError::internal)
        };
        e(sheet.write_string(row, 0, &r.customer_code))?;
        e(sheet.write_string(row, 1, &r.customer_name))?;
        e(sheet.write_string(row, 2, r.office_name.as_deref().unwrap_or("")))?;
        e(sheet.write_number_with_format(row, 3, r.contract_amount_fen as f64 / 1e6, &wan))?;
        e(sheet.write_number(row, 4, r.late_receivables as f64))?;
        e(sheet.write_number_with_format(row, 5, r.open_receivables_fen as f64 / 1e6, &wan))?;
        match r.premium_bp {
            Some(bp) => e(sheet.write_number(row, 6, bp as f64 / 100.0))?,
            None => e(sheet.write_string(row, 6, ""))?,
        }
        e(sheet.write_string(row, 7, influence_zh(r)))?;
        for (col, ind) in [
            &r.contract_amount,
            &r.receivables,
            &r.premium,
            &r.strategic_influence,
        ]
        .iter()
        .enumerate()
        {
            e(sheet.write_string(
                row,
                8 + col as u16,
                format!("{}档 {}分", ind.level, ind.points),
            ))?;
        }
        e(sheet.write_number(row, 12, r.total_points as f64))?;
        e(sheet.write_string(row, 13, grade(r.proposed_grade)))?;
        e(sheet.write_string(row, 14, grade(r.override_grade)))?;
        e(sheet.write_string(row, 15, &r.override_reason))?;
        e(sheet.write_string(row, 16, grade(r.final_grade)))?;
        e(sheet.write_string(row, 17, grade(r.previous_grade)))?;
        e(sheet.write_string(row, 18, category(r.suggested_category)))?;
        e(sheet.write_string_with_format(row, 19, r.explanation.zh.join("；"), &wrap))?;
    }
    book.save_to_buffer().map_err(ApiError::internal)
}
