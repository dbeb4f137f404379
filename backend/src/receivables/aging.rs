//! 应收账款账龄登记表: open balances as of any date (payments, allocations and credit notes
//! after it ignored; reversed allocations count until their reversal date), aged by due date
//! into the buckets of the policy in force on that date. One set-based query per report, grouped
//! in SQL; the same SQL text runs on both databases but for the date arithmetic.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text};

use super::model::*;
use crate::auth::policy::Scope;
use crate::auth::AuthUser;
use crate::customers::scope::Viewer;
use crate::db::{DbConn, DbKind};
use crate::error::{ApiError, ApiResult};

#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = Text)]
    label: String,
    #[diesel(sql_type = BigInt)]
    bucket: i64,
    #[diesel(sql_type = BigInt)]
    amount: i64,
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = BigInt)]
    receivable_id: i64,
    #[diesel(sql_type = BigInt)]
    customer_id: i64,
    #[diesel(sql_type = Text)]
    contract_number: String,
    #[diesel(sql_type = Date)]
    issued_on: NaiveDate,
    #[diesel(sql_type = Date)]
    due_date: NaiveDate,
    #[diesel(sql_type = BigInt)]
    amount_fen: i64,
    #[diesel(sql_type = BigInt)]
    open_fen: i64,
    #[diesel(sql_type = BigInt)]
    days: i64,
}

/// Labels for the buckets after "current": `1-30`, `31-60`, …, `>365`.
pub fn bucket_labels(bounds: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 1;
    for b in bounds {
        out.push(format!("{from}-{b}"));
        from = b + 1;
    }
    out.push(format!(">{}", bounds.last().copied().unwrap_or(0)));
    out
}

/// The bucket of `days` past due: 0 = not yet due, 1.. = the labels' index + 1.
pub fn bucket_of(bounds: &[i64], days: i64) -> usize {
    if days <= 0 {
        return 0;
    }
    bounds
        .iter()
        .position(|b| days <= *b)
        .map(|i| i + 1)
        .unwrap_or(bounds.len() + 1)
}

/// `WHERE` conditions on customers `c` for the user's scope and the filters (numbers and enum
/// names only, formatted by us — nothing from the request is pasted as text).
fn conditions(auth: &AuthUser, granted: &[i64], q: &AgingQuery) -> ApiResult<String> {
    if matches!(auth.scope(), Scope::Limited | Scope::None) {
        return Err(ApiError::Forbidden);
    }
    let mut w = vec![Viewer::of(auth).condition(granted)];
    if let Some(o) = q.office_id {
        w.push(format!("c.office_id = {o}"));
    }
    if let Some(o) = q.owner_user_id {
        w.push(format!("c.owner_user_id = {o}"));
    }
    if let Some(g) = q.grade {
        w.push(format!("c.grade = '{}'", g.as_str()));
    }
    if let Some(id) = q.customer_id {
        w.push(format!("c.id = {id}"));
    }
    Ok(w.join(" AND "))
}

fn bucket_case(bounds: &[i64]) -> String {
    let mut s = String::from("CASE WHEN o.days <= 0 THEN 0");
    for (i, b) in bounds.iter().enumerate() {
        s.push_str(&format!(" WHEN o.days <= {b} THEN {}", i + 1));
    }
    s.push_str(&format!(" ELSE {} END", bounds.len() + 1));
    s
}

/// The as-of date in the SQL: the bound parameter, or a literal (for `aging-sql`).
fn date_expr(dialect: DbKind, literal: Option<NaiveDate>) -> String {
    match literal {
        None => dialect.date_param(1),
        Some(d) => dialect.date_literal(d),
    }
}

/// The open balance of every receivable issued by the date, as a subquery `o`
/// (id, customer_id, contract_id, issued_on, due_date, amount_fen, open_fen, days). A receivable
/// nothing happened to after the date (`last_event_on`) has its stored balance then; only those
/// touched later have their allocations, credit notes and write-offs summed up to the date — for today's
/// register, none.
fn open_sql(dialect: DbKind, d: &str, conditions: &str) -> String {
    let days = dialect.days_between(d, "r.due_date");
    format!(
        "SELECT r.id, r.customer_id, r.contract_id, r.issued_on, r.due_date, r.amount_fen,
                CASE WHEN r.last_event_on IS NULL OR r.last_event_on <= {d}
                     THEN r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen
                     ELSE r.amount_fen - COALESCE(a.paid, 0) - COALESCE(n.credited, 0)
                          - COALESCE(w.written_off, 0) END AS open_fen,
                {days} AS days
         FROM receivables r
         JOIN customers c ON c.id = r.customer_id
         LEFT JOIN (SELECT al.receivable_id, CAST(SUM(al.amount_fen) AS BIGINT) AS paid
                    FROM receivables lr JOIN allocations al ON al.receivable_id = lr.id
                    WHERE lr.last_event_on > {d} AND al.received_on <= {d}
                      AND (al.reversed_on IS NULL OR al.reversed_on > {d})
                    GROUP BY al.receivable_id) a ON a.receivable_id = r.id
         LEFT JOIN (SELECT cn.receivable_id, CAST(SUM(cn.amount_fen) AS BIGINT) AS credited
                    FROM receivables lr JOIN credit_notes cn ON cn.receivable_id = lr.id
                    WHERE lr.last_event_on > {d} AND cn.issued_on <= {d}
                    GROUP BY cn.receivable_id) n ON n.receivable_id = r.id
         LEFT JOIN (SELECT wo.receivable_id, CAST(SUM(wo.amount_fen) AS BIGINT) AS written_off
                    FROM receivables lr JOIN write_offs wo ON wo.receivable_id = lr.id
                    WHERE lr.last_event_on > {d} AND wo.status = 'approved' AND wo.written_off_on <= {d}
                    GROUP BY wo.receivable_id) w ON w.receivable_id = r.id
         WHERE r.issued_on <= {d} AND {conditions}
           AND NOT ((r.last_event_on IS NULL OR r.last_event_on <= {d})
                    AND r.allocated_fen + r.credited_fen + r.written_off_fen >= r.amount_fen)"
    )
}

/// The register's one query: open balance per group and bucket. With `literal`, the date is
/// written into the text (what `jiyuan-crm aging-sql` prints, to time the query bare).
pub fn report_sql(
    dialect: DbKind,
    literal: Option<NaiveDate>,
    bounds: &[i64],
    group: AgingGroup,
    conditions: &str,
) -> String {
    let (key, label, join) = match group {
        AgingGroup::Customer => ("CAST(c.id AS TEXT)", "c.code || ' ' || c.name", ""),
        AgingGroup::Office => (
            "CAST(c.office_id AS TEXT)",
            "COALESCE(f.name, '')",
            "LEFT JOIN offices f ON f.id = c.office_id",
        ),
        AgingGroup::Owner => (
            "CAST(c.owner_user_id AS TEXT)",
            "COALESCE(u.display_name, '')",
            "LEFT JOIN users u ON u.id = c.owner_user_id",
        ),
        AgingGroup::Grade => ("c.grade", "COALESCE(c.grade, '')", ""),
    };
    let case = bucket_case(bounds);
    format!(
        "SELECT {key} AS key, {label} AS label, CAST({case} AS BIGINT) AS bucket,
                CAST(SUM(o.open_fen) AS BIGINT) AS amount
         FROM ({open}) o
         JOIN customers c ON c.id = o.customer_id {join}
         WHERE o.open_fen > 0
         GROUP BY {key}, {label}, {case}",
        open = open_sql(dialect, &date_expr(dialect, literal), conditions)
    )
}

pub fn report(
    conn: &mut DbConn,
    auth: &AuthUser,
    granted: &[i64],
    q: &AgingQuery,
    today: NaiveDate,
) -> ApiResult<AgingReport> {
    let cond = conditions(auth, granted, q)?;
    report_where(conn, &cond, q, today)
}

/// The aging of one customer's open receivables as of the date, with no viewer's scope: for
/// the statement of account, whose caller has checked the customer (or mails it).
pub fn report_of_customer(
    conn: &mut DbConn,
    customer_id: i64,
    as_of: NaiveDate,
    today: NaiveDate,
) -> ApiResult<AgingReport> {
    let q = AgingQuery {
        as_of: Some(as_of),
        group_by: Some(AgingGroup::Customer),
        office_id: None,
        owner_user_id: None,
        grade: None,
        customer_id: Some(customer_id),
    };
    report_where(conn, &format!("c.id = {customer_id}"), &q, today)
}

/// The report over the customers meeting `cond` (conditions on `c`, built by us).
fn report_where(
    conn: &mut DbConn,
    cond: &str,
    q: &AgingQuery,
    today: NaiveDate,
) -> ApiResult<AgingReport> {
    let as_of = q.as_of.unwrap_or(today);
    let (policy_version_id, doc) = crate::policies::service::in_force_for(conn, as_of, "as_of")?;
    let bounds = doc.credit.aging_buckets_days.clone();
    let group = q.group_by.unwrap_or(AgingGroup::Customer);
    let sql = report_sql(conn.kind(), None, &bounds, group, cond);
    let cells: Vec<Cell> = super::repo::aging_rows(conn, sql, as_of)?;
    let n = bounds.len() + 1;
    let mut rows: BTreeMap<(Option<String>, String), AgingRow> = BTreeMap::new();
    let mut totals = AgingRow {
        key: None,
        label: String::new(),
        current_fen: 0,
        buckets_fen: vec![0; n],
        total_fen: 0,
    };
    for cell in cells {
        let row = rows
            .entry((cell.key.clone(), cell.label.clone()))
            .or_insert_with(|| AgingRow {
                key: cell.key.clone(),
                label: cell.label.clone(),
                current_fen: 0,
                buckets_fen: vec![0; n],
                total_fen: 0,
            });
        let b = cell.bucket as usize;
        for r in [&mut *row, &mut totals] {
            if b == 0 {
                r.current_fen += cell.amount;
            } else {
                r.buckets_fen[b - 1] += cell.amount;
            }
            r.total_fen += cell.amount;
        }
    }
    let mut rows: Vec<AgingRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.total_fen.cmp(&a.total_fen).then(a.label.cmp(&b.label)));
    Ok(AgingReport {
        as_of,
        group_by: group,
        buckets: bucket_labels(&bounds),
        policy_version_id,
        rows,
        totals,
    })
}

/// Every open receivable as of the date (the drill-down), oldest due first, at most `limit`.
pub fn lines(
    conn: &mut DbConn,
    auth: &AuthUser,
    granted: &[i64],
    q: &AgingQuery,
    today: NaiveDate,
    limit: i64,
) -> ApiResult<Vec<AgingLine>> {
    let as_of = q.as_of.unwrap_or(today);
    let (_, doc) = crate::policies::service::in_force_for(conn, as_of, "as_of")?;
    let bounds = doc.credit.aging_buckets_days;
    let cond = conditions(auth, granted, q)?;
    let dialect = conn.kind();
    let sql = format!(
        "SELECT o.id AS receivable_id, o.customer_id, k.number AS contract_number, o.issued_on,
                    o.due_date, o.amount_fen, o.open_fen, o.days
             FROM ({open}) o JOIN contracts k ON k.id = o.contract_id
             WHERE o.open_fen > 0
             ORDER BY o.due_date, o.id
             LIMIT {limit}",
        open = open_sql(dialect, &date_expr(dialect, None), &cond)
    );
    let lines: Vec<Line> = super::repo::aging_rows(conn, sql, as_of)?;
    Ok(lines
        .into_iter()
        .map(|l| AgingLine {
            receivable_id: l.receivable_id,
            customer_id: l.customer_id,
            contract_number: l.contract_number,
            issued_on: l.issued_on,
            due_date: l.due_date,
            amount_fen: l.amount_fen,
            open_fen: l.open_fen,
            days_past_due: l.days.max(0),
            bucket: match bucket_of(&bounds, l.days) {
                0 => None,
                b => Some(b - 1),
            },
        })
        .collect())
}

/// The register as an .xlsx (amounts in 元), with the as-of date and the policy version used.
pub fn workbook(report: &AgingReport) -> ApiResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("应收账款账龄").map_err(ApiError::internal)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let title = format!(
        "应收账款账龄登记表 AR aging — 截至 as of {} (管理办法版本 policy version #{})",
        report.as_of, report.policy_version_id
    );
    sheet
        .write_string_with_format(0, 0, &title, &bold)
        .map_err(ApiError::internal)?;
    let mut headings = vec!["分组 Group".to_string(), "未到期 Current".to_string()];
    headings.extend(report.buckets.iter().map(|b| format!("逾期 {b} 天")));
    headings.push("合计 Total".into());
    for (col, h) in headings.iter().enumerate() {
        sheet
            .write_string_with_format(2, col as u16, h, &bold)
            .map_err(ApiError::internal)?;
    }
    let yuan = |fen: i64| fen as f64 / 100.0;
    let mut write_row = |r: u32, label: &str, row: &AgingRow| -> ApiResult<()> {
        sheet
            .write_string(r, 0, label)
            .map_err(ApiError::internal)?;
        let values = std::iter::once(row.current_fen)
            .chain(row.buckets_fen.iter().copied())
            .chain(std::iter::once(row.total_fen));
        for (i, v) in values.enumerate() {
            sheet
                .write_number_with_format(r, i as u16 + 1, yuan(v), &money)
                .map_err(ApiError::internal)?;
        }
        Ok(())
    };
    let mut r = 3;
    for row in &report.rows {
        write_row(r, &row.label, row)?;
        r += 1;
    }
    write_row(r, "合计 Total", &report.totals)?;
    sheet.set_column_width(0, 36).map_err(ApiError::internal)?;
    book.save_to_buffer().map_err(ApiError::internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_by_days_past_due() {
        let b = [30, 60, 90, 180, 365];
        assert_eq!(
            bucket_labels(&b),
            ["1-30", "31-60", "61-90", "91-180", "181-365", ">365"]
        );
        for (days, want) in [
            (-5, 0),
            (0, 0),
            (1, 1),
            (30, 1),
            (31, 2),
            (90, 3),
            (91, 4),
            (365, 5),
            (366, 6),
        ] {
            assert_eq!(bucket_of(&b, days), want, "{days}");
        }
    }
}
