//! Export of a customer list view to .xlsx, under the user's scope, with the Chinese headings
//! of the registration form.

use rust_xlsxwriter::{Format, Workbook};

use super::model::Customer;
use crate::error::{ApiError, ApiResult};

/// The most rows one export writes (the list's filters narrow it down).
pub const MAX_ROWS: i64 = 50_000;

fn yuan(fen: Option<i64>) -> Option<f64> {
    fen.map(|f| f as f64 / 100.0)
}

pub fn workbook(customers: &[Customer]) -> ApiResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("客户").map_err(ApiError::internal)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let headings = [
        "客户编号 Code",
        "客户名称 Name",
        "统一社会信用代码 Credit code",
        "等级 Grade",
        "类别 Category",
        "状态 Status",
        "重点客户 Key",
        "业务员 Owner",
        "办事处 Office",
        "地址 Address",
        "邮政编码 Postal code",
        "电话 Phone",
        "传真 Fax",
        "企业性质 Nature",
        "行业类型 Industry",
        "注册资本(元) Registered capital",
        "年销售收入(元) Annual revenue",
        "净资产(元) Net assets",
        "职工人数 Employees",
        "法定代表人 Legal representative",
        "注册日期 Registered",
        "首次成交 First deal",
        "标签 Tags",
    ];
    for (col, h) in headings.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *h, &bold)
            .map_err(ApiError::internal)?;
    }
    for (i, c) in customers.iter().enumerate() {
        let r = (i + 1) as u32;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells: [String; 15] = [
            c.code.clone(),
            c.name.clone(),
            text(&c.credit_code),
            c.grade.map(|g| g.as_str().to_string()).unwrap_or_default(),
            c.category
                .map(|x| x.as_str().to_string())
                .unwrap_or_default(),
            c.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            c.key_customer
                .map(|k| if k { "是" } else { "否" }.to_string())
                .unwrap_or_default(),
            text(&c.owner_name),
            text(&c.office_name),
            c.address.clone(),
            text(&c.postal_code),
            c.phone.clone(),
            text(&c.fax),
            text(&c.enterprise_nature),
            text(&c.industry),
        ];
        for (col, v) in cells.iter().enumerate() {
            sheet
                .write_string(r, col as u16, v)
                .map_err(ApiError::internal)?;
        }
        for (col, v) in [
            (15u16, yuan(c.registered_capital_fen)),
            (16, yuan(c.annual_revenue_fen)),
            (17, yuan(c.net_assets_fen)),
        ] {
            if let Some(v) = v {
                sheet
                    .write_number_with_format(r, col, v, &money)
                    .map_err(ApiError::internal)?;
            }
        }
        if let Some(e) = c.employees {
            sheet
                .write_number(r, 18, e as f64)
                .map_err(ApiError::internal)?;
        }
        sheet
            .write_string(r, 19, text(&c.legal_representative))
            .map_err(ApiError::internal)?;
        sheet
            .write_string(
                r,
                20,
                c.registration_date
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            )
            .map_err(ApiError::internal)?;
        sheet
            .write_string(
                r,
                21,
                c.first_deal_date.map(|d| d.to_string()).unwrap_or_default(),
            )
            .map_err(ApiError::internal)?;
        sheet
            .write_string(r, 22, c.tags.clone().unwrap_or_default().join(","))
            .map_err(ApiError::internal)?;
    }
    sheet.set_freeze_panes(1, 2).map_err(ApiError::internal)?;
    sheet.autofit();
    book.save_to_buffer().map_err(ApiError::internal)
}
