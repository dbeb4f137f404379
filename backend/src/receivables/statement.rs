//! 对账单: a customer's statement of account over a period. One statement sums everything
//! before the period (the opening balance), one lists the period's entries in date order —
//! receivables booked by shipments, payments, reversals, credit notes, approved write-offs —
//! and the aging register's own query gives the summary of what is open at the period's end.

use chrono::NaiveDate;
use diesel::QueryableByName;

use super::model::*;
use crate::auth::AuthUser;
use crate::db::{DbConn, RawQuery};
use crate::error::{ApiError, ApiResult, FieldError};

/// At most this many lines: a longer period is refused with a clear error.
const MAX_LINES: usize = 10_000;
/// The longest period, in days (three years).
const MAX_DAYS: i64 = 3 * 366;

#[derive(QueryableByName)]
struct EntryRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    kind: String,
    #[diesel(sql_type = diesel::sql_types::Date)]
    on_date: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    ref_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    reference: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    contract_number: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    debit_fen: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    credit_fen: i64,
}

#[derive(QueryableByName)]
struct Opening {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    balance_fen: i64,
}

#[derive(QueryableByName)]
struct ContractRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    number: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Date>)]
    signed_on: Option<NaiveDate>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    amount_fen: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    status: String,
}

/// Every ledger entry of customer `$1` whose date satisfies `{range}` (on `d`, the entry's
/// date), as (kind, date, id, reference, contract, debit, credit).
fn entries_sql(range: &str) -> String {
    let on = |col: &str| range.replace("{d}", col);
    format!(
        "SELECT 'shipment' AS kind, r.issued_on AS on_date, r.id AS ref_id,
                COALESCE(n.number, '') AS reference, k.number AS contract_number,
                r.amount_fen AS debit_fen, CAST(0 AS BIGINT) AS credit_fen
           FROM receivables r JOIN contracts k ON k.id = r.contract_id
           LEFT JOIN shipping_notes n ON n.id = r.shipping_note_id
          WHERE r.customer_id = $1 AND {r}
         UNION ALL
         SELECT 'payment', p.received_on, p.id, p.bank_ref, NULL, CAST(0 AS BIGINT), p.amount_fen
           FROM payments p WHERE p.customer_id = $1 AND {p}
         UNION ALL
         SELECT 'payment_reversal', p.reversed_on, p.id, p.bank_ref, NULL, p.amount_fen, CAST(0 AS BIGINT)
           FROM payments p WHERE p.customer_id = $1 AND p.reversed_on IS NOT NULL AND {pr}
         UNION ALL
         SELECT 'credit_note', cn.issued_on, cn.id, cn.reason, k.number, CAST(0 AS BIGINT), cn.amount_fen
           FROM credit_notes cn JOIN receivables r ON r.id = cn.receivable_id
           JOIN contracts k ON k.id = r.contract_id
          WHERE cn.customer_id = $1 AND {cn}
         UNION ALL
         SELECT 'write_off', w.written_off_on, w.id, w.reason, k.number, CAST(0 AS BIGINT), w.amount_fen
           FROM write_offs w JOIN receivables r ON r.id = w.receivable_id
           JOIN contracts k ON k.id = r.contract_id
          WHERE w.customer_id = $1 AND w.status = 'approved' AND {w}",
        r = on("r.issued_on"),
        p = on("p.received_on"),
        pr = on("p.reversed_on"),
        cn = on("cn.issued_on"),
        w = on("w.written_off_on"),
    )
}

fn check_period(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> ApiResult<()> {
    let mut errors = Vec::new();
    if from > to {
        errors.push(FieldError::new("from", "out_of_range", "on or before `to`"));
    } else if (to - from).num_days() > MAX_DAYS {
        errors.push(FieldError::new(
            "from",
            "out_of_range",
            "a period of at most three years",
        ));
    }
    if to > today {
        errors.push(FieldError::new("to", "out_of_range", "today at the latest"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The statement of a customer in the user's full view.
pub fn statement(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    q: &StatementQuery,
    today: NaiveDate,
) -> ApiResult<Statement> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    draw(conn, customer_id, q.from, q.to, today)
}

/// The statement of a customer the caller has checked (or a mail the system sends).
pub fn draw(
    conn: &mut DbConn,
    customer_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> ApiResult<Statement> {
    let q = &StatementQuery { from, to };
    check_period(q.from, q.to, today)?;
    let customer = crate::customers::service::line(conn, customer_id)?;
    let opening: Vec<Opening> = RawQuery::new(format!(
        "SELECT CAST(COALESCE(SUM(debit_fen - credit_fen), 0) AS BIGINT) AS balance_fen FROM ({}) e",
        entries_sql("{d} < $2")
    ))
    .bind(customer_id)
    .bind(q.from)
    .load(conn)?;
    let opening_fen = opening.first().map_or(0, |o| o.balance_fen);
    let rows: Vec<EntryRow> = RawQuery::new(format!(
        "SELECT * FROM ({}) e
         ORDER BY on_date, CASE kind WHEN 'shipment' THEN 0 WHEN 'payment_reversal' THEN 1
                  WHEN 'payment' THEN 2 WHEN 'credit_note' THEN 3 ELSE 4 END, ref_id
         LIMIT {}",
        entries_sql("{d} >= $2 AND {d} <= $3"),
        MAX_LINES + 1
    ))
    .bind(customer_id)
    .bind(q.from)
    .bind(q.to)
    .load(conn)?;
    if rows.len() > MAX_LINES {
        return Err(ApiError::field(
            "from",
            "statement.too_long",
            format!("more than {MAX_LINES} entries: choose a shorter period"),
        ));
    }
    let mut balance = opening_fen;
    let (mut debit_fen, mut credit_fen) = (0i64, 0i64);
    let lines: Vec<StatementLine> = rows
        .into_iter()
        .map(|e| {
            balance += e.debit_fen - e.credit_fen;
            debit_fen += e.debit_fen;
            credit_fen += e.credit_fen;
            StatementLine {
                id: e.ref_id,
                on: e.on_date,
                kind: StatementLineKind::parse(&e.kind),
                reference: e.reference,
                contract_number: e.contract_number,
                debit_fen: e.debit_fen,
                credit_fen: e.credit_fen,
                balance_fen: balance,
            }
        })
        .collect();
    let contracts: Vec<ContractRow> = RawQuery::new(
        "SELECT id, number, signed_on, amount_fen, status FROM contracts
          WHERE customer_id = $1 AND signed_on >= $2 AND signed_on <= $3
          ORDER BY signed_on, id LIMIT 1000",
    )
    .bind(customer_id)
    .bind(q.from)
    .bind(q.to)
    .load(conn)?;
    let aging = super::aging::report_of_customer(conn, customer_id, q.to, today)?;
    let closing_fen = balance;
    Ok(Statement {
        customer_id,
        customer_code: customer.code,
        customer_name: customer.name,
        from: q.from,
        to: q.to,
        drawn_on: today,
        opening_fen,
        debit_fen,
        credit_fen,
        closing_fen,
        lines,
        contracts: contracts
            .into_iter()
            .map(|c| StatementContract {
                id: c.id,
                number: c.number,
                signed_on: c.signed_on,
                amount_fen: c.amount_fen,
                status: c.status,
            })
            .collect(),
        aging_buckets: aging.buckets,
        aging_current_fen: aging.totals.current_fen,
        aging_buckets_fen: aging.totals.buckets_fen,
        aging_total_fen: aging.totals.total_fen,
        unallocated_fen: aging.totals.total_fen - closing_fen,
    })
}

/// The statement as an .xlsx workbook (A4 portrait when printed).
pub fn workbook(s: &Statement) -> ApiResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = ApiError::internal;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("对账单").map_err(err)?;
    sheet.set_paper_size(9).set_portrait();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let yuan = |fen: i64| fen as f64 / 100.0;
    let mut r = 0u32;
    sheet
        .write_string_with_format(r, 0, "对账单 Statement of account", &bold)
        .map_err(err)?;
    r += 1;
    sheet
        .write_string(r, 0, format!("{} {}", s.customer_code, s.customer_name))
        .map_err(err)?;
    r += 1;
    sheet
        .write_string(
            r,
            0,
            format!(
                "期间 Period {} — {}，制表 drawn up {}",
                s.from, s.to, s.drawn_on
            ),
        )
        .map_err(err)?;
    r += 2;
    let headings = [
        "日期 Date",
        "摘要 Entry",
        "单号/说明 Reference",
        "合同 Contract",
        "借方 Debit",
        "贷方 Credit",
        "余额 Balance",
    ];
    for (c, h) in headings.iter().enumerate() {
        sheet
            .write_string_with_format(r, c as u16, *h, &bold)
            .map_err(err)?;
    }
    r += 1;
    sheet
        .write_string(r, 1, "期初余额 Opening balance")
        .map_err(err)?;
    sheet
        .write_number_with_format(r, 6, yuan(s.opening_fen), &money)
        .map_err(err)?;
    r += 1;
    for l in &s.lines {
        let entry = match l.kind {
            StatementLineKind::Shipment => "发货 Shipment",
            StatementLineKind::Payment => "回款 Payment",
            StatementLineKind::PaymentReversal => "回款冲销 Payment reversed",
            StatementLineKind::CreditNote => "贷项 Credit note",
            StatementLineKind::WriteOff => "坏账核销 Write-off",
        };
        sheet.write_string(r, 0, l.on.to_string()).map_err(err)?;
        sheet.write_string(r, 1, entry).map_err(err)?;
        sheet.write_string(r, 2, &l.reference).map_err(err)?;
        sheet
            .write_string(r, 3, l.contract_number.as_deref().unwrap_or(""))
            .map_err(err)?;
        for (c, v) in [(4u16, l.debit_fen), (5, l.credit_fen), (6, l.balance_fen)] {
            sheet
                .write_number_with_format(r, c, yuan(v), &money)
                .map_err(err)?;
        }
        r += 1;
    }
    sheet
        .write_string_with_format(r, 1, "本期合计 Period totals", &bold)
        .map_err(err)?;
    sheet
        .write_number_with_format(r, 4, yuan(s.debit_fen), &money)
        .map_err(err)?;
    sheet
        .write_number_with_format(r, 5, yuan(s.credit_fen), &money)
        .map_err(err)?;
    r += 1;
    sheet
        .write_string_with_format(r, 1, "期末余额 Closing balance", &bold)
        .map_err(err)?;
    sheet
        .write_number_with_format(r, 6, yuan(s.closing_fen), &money)
        .map_err(err)?;
    r += 2;
    sheet
        .write_string_with_format(r, 0, "账龄 Aging", &bold)
        .map_err(err)?;
    r += 1;
    let mut labels = vec!["未到期 Current".to_string()];
    labels.extend(s.aging_buckets.iter().map(|b| format!("逾期 {b} 天")));
    labels.push("合计 Total".into());
    labels.push("未核销回款 Unallocated".into());
    let mut values = vec![s.aging_current_fen];
    values.extend(s.aging_buckets_fen.iter().copied());
    values.push(s.aging_total_fen);
    values.push(s.unallocated_fen);
    for (c, (label, v)) in labels.iter().zip(values).enumerate() {
        sheet
            .write_string_with_format(r, c as u16, label, &bold)
            .map_err(err)?;
        sheet
            .write_number_with_format(r + 1, c as u16, yuan(v), &money)
            .map_err(err)?;
    }
    r += 3;
    sheet
        .write_string(r, 0, "客户确认（盖章） Customer's confirmation (seal):")
        .map_err(err)?;
    sheet.write_string(r, 4, "日期 Date:").map_err(err)?;
    sheet.set_column_width(1, 22).map_err(err)?;
    sheet.set_column_width(2, 24).map_err(err)?;
    sheet.set_column_width(3, 18).map_err(err)?;
    for c in 4..=6 {
        sheet.set_column_width(c, 14).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_period_runs_forward_ends_by_today_and_spans_three_years_at_most() {
        let today = d("2026-12-02");
        assert!(check_period(d("2026-01-01"), today, today).is_ok());
        assert!(check_period(d("2026-12-03"), d("2026-12-02"), today).is_err());
        assert!(check_period(d("2026-01-01"), d("2026-12-03"), today).is_err());
        assert!(check_period(today - Duration::days(MAX_DAYS), today, today).is_ok());
        assert!(check_period(today - Duration::days(MAX_DAYS + 1), today, today).is_err());
    }
}
