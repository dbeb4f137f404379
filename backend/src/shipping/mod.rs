//! 发货单: the warehouse issues shipping notes against a signed contract's lines (never more than
//! ordered: a CHECK on the line and a conditional update), the shipper confirms them, and the
//! confirmation creates the receivable due `ship date + credit period`. The warehouse's queue is
//! ordered by the customer's shipping priority (its tier in the policy in force), then date.

pub mod routes;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::customers::scope::Viewer;
use crate::db::schema::{
    contract_lines as cl, contracts as ct, customers, products, receivables,
    shipping_note_lines as snl, shipping_notes as sn, users,
};
use crate::db::{is_unique_violation, DbConn};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    Issued,
    Confirmed,
    Cancelled,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Issued => "issued",
            NoteStatus::Confirmed => "confirmed",
            NoteStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> NoteStatus {
        match s {
            "confirmed" => NoteStatus::Confirmed,
            "cancelled" => NoteStatus::Cancelled,
            _ => NoteStatus::Issued,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteLineInput {
    pub contract_line_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contract_id": 1, "ship_date": "2026-11-27", "lines": [{"contract_line_id": 1, "quantity": 40}]}))]
pub struct NewShippingNote {
    pub contract_id: i64,
    pub ship_date: NaiveDate,
    pub lines: Vec<NoteLineInput>,
    /// The note's id in the pushing system (ERP); unique.
    pub external_ref: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingNoteLine {
    pub id: i64,
    pub contract_line_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingNote {
    pub id: i64,
    #[schema(example = "FH202600001")]
    pub number: String,
    pub contract_id: i64,
    pub contract_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's shipping priority under the policy in force (1 ships first).
    pub shipping_priority: i64,
    pub status: NoteStatus,
    pub ship_date: NaiveDate,
    pub amount_fen: i64,
    pub external_ref: Option<String>,
    /// Omitted in lists.
    pub lines: Option<Vec<ShippingNoteLine>>,
    pub issued_by_name: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The receivable created by the confirmation.
    pub receivable_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShippingQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `issued` is the warehouse's queue (by shipping priority, then date).
    pub status: Option<NoteStatus>,
    pub contract_id: Option<i64>,
    pub customer_id: Option<i64>,
}

/// (note, id, contract line, quantity, amount, product code, name, unit)
type NoteLineRow = (i64, i64, i64, i64, i64, String, String, String);

type Row = (
    i64,
    String,
    i64,
    i64,
    String,
    NaiveDate,
    i64,
    Option<String>,
    Option<i64>,
    NaiveDateTime,
    Option<i64>,
    Option<NaiveDateTime>,
);

macro_rules! columns {
    () => {
        (
            sn::id,
            sn::number,
            sn::contract_id,
            sn::customer_id,
            sn::status,
            sn::ship_date,
            sn::amount_fen,
            sn::external_ref,
            sn::issued_by,
            sn::issued_at,
            sn::confirmed_by,
            sn::confirmed_at,
        )
    };
}

/// `CASE` over the customer's category and grade giving its shipping priority under `doc`
/// (customers not rated yet ship last). Numbers only, from the validated policy.
fn priority_sql(doc: &crate::policies::model::PolicyDocument) -> String {
    let mut s = String::from("CASE");
    for t in &doc.treatment {
        s.push_str(&format!(
            " WHEN customers.category = '{}' AND customers.grade = '{}' THEN {}",
            t.category.as_str(),
            t.grade.as_str(),
            t.shipping_priority
        ));
    }
    s.push_str(&format!(" ELSE {} END", doc.treatment.len() + 1));
    s
}

fn priority_of(
    doc: &crate::policies::model::PolicyDocument,
    category: &str,
    grade: Option<&str>,
) -> i64 {
    use crate::customers::model::{Category, Grade};
    doc.tier(Category::parse(category), grade.and_then(Grade::parse))
        .map(|t| t.shipping_priority)
        .unwrap_or(doc.treatment.len() as i64 + 1)
}

fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<Row>,
    with_lines: bool,
    today: NaiveDate,
) -> ApiResult<Vec<ShippingNote>> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.3).collect();
    let custs: HashMap<i64, (String, String, String, Option<String>)> =
        db_run!(conn, |c| customers::table
            .filter(customers::id.eq_any(&customer_ids))
            .select((
                customers::id,
                customers::code,
                customers::name,
                customers::category,
                customers::grade
            ))
            .load::<(i64, String, String, String, Option<String>)>(c))?
        .into_iter()
        .map(|r| (r.0, (r.1, r.2, r.3, r.4)))
        .collect();
    let contract_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let numbers: HashMap<i64, String> = db_run!(conn, |c| ct::table
        .filter(ct::id.eq_any(&contract_ids))
        .select((ct::id, ct::number))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let people: Vec<i64> = rows.iter().flat_map(|r| [r.8, r.10]).flatten().collect();
    let names: HashMap<i64, String> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let receivable_of: HashMap<i64, i64> = db_run!(conn, |c| receivables::table
        .filter(receivables::shipping_note_id.eq_any(&ids))
        .select((
            receivables::shipping_note_id.assume_not_null(),
            receivables::id
        ))
        .load::<(i64, i64)>(c))?
    .into_iter()
    .collect();
    let mut lines: HashMap<i64, Vec<ShippingNoteLine>> = HashMap::new();
    if with_lines {
        let rows: Vec<NoteLineRow> = db_run!(conn, |c| snl::table
            .inner_join(cl::table.inner_join(products::table))
            .filter(snl::shipping_note_id.eq_any(&ids))
            .order(snl::id)
            .select((
                snl::shipping_note_id,
                snl::id,
                snl::contract_line_id,
                snl::quantity,
                snl::amount_fen,
                products::code,
                products::name,
                products::unit,
            ))
            .load(c))?;
        for r in rows {
            lines.entry(r.0).or_default().push(ShippingNoteLine {
                id: r.1,
                contract_line_id: r.2,
                quantity: r.3,
                amount_fen: r.4,
                product_code: r.5,
                product_name: r.6,
                unit: r.7,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name, category, grade) = custs.get(&r.3).cloned().unwrap_or_default();
            ShippingNote {
                id: r.0,
                number: r.1,
                contract_id: r.2,
                contract_number: numbers.get(&r.2).cloned().unwrap_or_default(),
                customer_id: r.3,
                customer_code: code,
                customer_name: name,
                shipping_priority: priority_of(&doc, &category, grade.as_deref()),
                status: NoteStatus::parse(&r.4),
                ship_date: r.5,
                amount_fen: r.6,
                external_ref: r.7,
                lines: with_lines.then(|| lines.remove(&r.0).unwrap_or_default()),
                issued_by_name: r.8.and_then(|u| names.get(&u).cloned()),
                issued_at: r.9.and_utc(),
                confirmed_by_name: r.10.and_then(|u| names.get(&u).cloned()),
                confirmed_at: r.11.map(|t| t.and_utc()),
                receivable_id: receivable_of.get(&r.0).copied(),
            }
        })
        .collect())
}

/// The customer must be visible to the user (the warehouse's limited view suffices).
fn require_visible(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    crate::customers::service::load_visible(conn, &Viewer::of(auth), customer_id).map(|_| ())
}

fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Row> {
    let row: Row = db_run!(conn, |c| sn::table
        .find(id)
        .select(columns!())
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)?;
    require_visible(conn, auth, row.3)?;
    Ok(row)
}

pub fn get(
    conn: &mut DbConn,
    auth: &AuthUser,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load(conn, auth, id)?;
    Ok(to_dtos(conn, vec![row], true, today)?.remove(0))
}

pub fn issue(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewShippingNote,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let contract: (i64, String, Option<NaiveDate>) = db_run!(conn, |c| ct::table
        .find(input.contract_id)
        .select((ct::customer_id, ct::status, ct::signed_on))
        .first(c)
        .optional())?
    .ok_or_else(|| ApiError::field("contract_id", "unknown", "no contract has this id"))?;
    require_visible(conn, auth, contract.0)
        .map_err(|_| ApiError::field("contract_id", "unknown", "no contract has this id"))?;
    let mut errors = Vec::new();
    if contract.1 != "signed" {
        errors.push(FieldError::new(
            "contract_id",
            "invalid",
            "only a signed contract is shipped against",
        ));
    }
    if contract.2.is_some_and(|s| input.ship_date < s)
        || input.ship_date > today + Duration::days(366)
    {
        errors.push(FieldError::new(
            "ship_date",
            "out_of_range",
            "from the signing date, within a year",
        ));
    }
    if input.lines.is_empty() {
        errors.push(FieldError::new("lines", "required", "at least one line"));
    }
    let external_ref = input
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let line_ids: Vec<i64> = input.lines.iter().map(|l| l.contract_line_id).collect();
    let known: HashMap<i64, (i64, i64, i64)> = db_run!(conn, |c| cl::table
        .filter(cl::contract_id.eq(input.contract_id))
        .filter(cl::id.eq_any(&line_ids))
        .select((cl::id, cl::quantity, cl::shipped_quantity, cl::price_fen))
        .load::<(i64, i64, i64, i64)>(c))?
    .into_iter()
    .map(|r| (r.0, (r.1, r.2, r.3)))
    .collect();
    for (i, l) in input.lines.iter().enumerate() {
        match known.get(&l.contract_line_id) {
            None => errors.push(FieldError::new(
                format!("lines[{i}].contract_line_id"),
                "unknown",
                "not a line of this contract",
            )),
            Some(_) if l.quantity <= 0 => errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "1 or more",
            )),
            Some((ordered, shipped, _)) if shipped + l.quantity > *ordered => {
                errors.push(FieldError::new(
                    format!("lines[{i}].quantity"),
                    "shipping.over_ordered",
                    format!("only {} of {} remain to ship", ordered - shipped, ordered),
                ))
            }
            _ => {}
        }
        if input.lines[..i]
            .iter()
            .any(|x| x.contract_line_id == l.contract_line_id)
        {
            errors.push(FieldError::new(
                format!("lines[{i}].contract_line_id"),
                "duplicate",
                "one entry per contract line",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // Reserve the quantities; the condition (and the CHECK behind it) refuses a concurrent
    // note that would ship more than ordered.
    for (i, l) in input.lines.iter().enumerate() {
        let n = db_run!(conn, |c| diesel::update(
            cl::table
                .filter(cl::id.eq(l.contract_line_id))
                .filter((cl::shipped_quantity + l.quantity).le(cl::quantity))
        )
        .set(cl::shipped_quantity.eq(cl::shipped_quantity + l.quantity))
        .execute(c))?;
        if n != 1 {
            return Err(ApiError::field(
                &format!("lines[{i}].quantity"),
                "shipping.over_ordered",
                "more than remains to ship",
            ));
        }
    }
    let amount: i64 = input
        .lines
        .iter()
        .map(|l| l.quantity * known[&l.contract_line_id].2)
        .sum();
    let seq =
        crate::db::numbering::advance_counter(conn, &format!("shipping_note:{}", today.year()), 1)?;
    let number =
        crate::db::numbering::expand_code("FH{YYYY}{SEQ:5}", today.year(), today.month(), seq);
    let t = now();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(sn::table)
        .values((
            sn::number.eq(&number),
            sn::contract_id.eq(input.contract_id),
            sn::customer_id.eq(contract.0),
            sn::ship_date.eq(input.ship_date),
            sn::amount_fen.eq(amount),
            sn::external_ref.eq(external_ref),
            sn::issued_by.eq(Some(auth.id)),
            sn::issued_at.eq(t),
        ))
        .returning(sn::id)
        .get_result(c))
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(
                "external_ref",
                "duplicate",
                "a shipping note with this external reference exists",
            )])
        } else {
            e.into()
        }
    })?;
    let rows: Vec<_> = input
        .lines
        .iter()
        .map(|l| {
            (
                snl::shipping_note_id.eq(id),
                snl::contract_line_id.eq(l.contract_line_id),
                snl::quantity.eq(l.quantity),
                snl::amount_fen.eq(l.quantity * known[&l.contract_line_id].2),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(snl::table)
        .values(&rows)
        .execute(c))?;
    let note = get(conn, auth, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("shipping_note.issue", "shipping_note", id).after(&note),
    )?;
    Ok(note)
}

/// The shipper confirms: the receivable is created, due `ship date + credit period`.
pub fn confirm(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load(conn, auth, id)?;
    let t = now();
    let n = db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::status.eq("issued"))
    )
    .set((
        sn::status.eq("confirmed"),
        sn::confirmed_by.eq(Some(auth.id)),
        sn::confirmed_at.eq(Some(t))
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::field(
            "status",
            "invalid",
            format!("a {} note cannot be confirmed", row.4),
        ));
    }
    let period: i64 = db_run!(conn, |c| ct::table
        .find(row.2)
        .select(ct::credit_period_days)
        .first(c))?;
    if row.6 > 0 {
        db_run!(conn, |c| diesel::insert_into(receivables::table)
            .values((
                receivables::customer_id.eq(row.3),
                receivables::contract_id.eq(row.2),
                receivables::shipping_note_id.eq(Some(id)),
                receivables::issued_on.eq(row.5),
                receivables::due_date.eq(row.5 + Duration::days(period)),
                receivables::amount_fen.eq(row.6),
                receivables::created_at.eq(t),
            ))
            .execute(c))?;
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("shipping_note.confirm", "shipping_note", id),
    )?;
    get(conn, auth, id, today)
}

/// Cancel an issued (not yet confirmed) note: its quantities return to the contract.
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load(conn, auth, id)?;
    let n = db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::status.eq("issued"))
    )
    .set(sn::status.eq("cancelled"))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::field(
            "status",
            "invalid",
            format!("a {} note cannot be cancelled", row.4),
        ));
    }
    let lines: Vec<(i64, i64)> = db_run!(conn, |c| snl::table
        .filter(snl::shipping_note_id.eq(id))
        .select((snl::contract_line_id, snl::quantity))
        .load(c))?;
    for (line, q) in lines {
        db_run!(conn, |c| diesel::update(cl::table.find(line))
            .set(cl::shipped_quantity.eq(cl::shipped_quantity - q))
            .execute(c))?;
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("shipping_note.cancel", "shipping_note", id),
    )?;
    get(conn, auth, id, today)
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ShippingQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<ShippingNote>, i64)> {
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let priority = priority_sql(&doc);
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                sn::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            if let Some(s) = q.status {
                query = query.filter(sn::status.eq(s.as_str()));
            }
            if let Some(cid) = q.contract_id {
                query = query.filter(sn::contract_id.eq(cid));
            }
            if let Some(cid) = q.customer_id {
                query = query.filter(sn::customer_id.eq(cid));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<Row> = if q.status == Some(NoteStatus::Issued) {
        db_run!(conn, |c| filtered!()
            .order((
                diesel::dsl::sql::<diesel::sql_types::BigInt>(&priority).asc(),
                sn::ship_date.asc(),
                sn::id.asc(),
            ))
            .limit(limit)
            .offset(offset)
            .select(columns!())
            .load(c))?
    } else {
        db_run!(conn, |c| filtered!()
            .order(sn::id.desc())
            .limit(limit)
            .offset(offset)
            .select(columns!())
            .load(c))?
    };
    Ok((to_dtos(conn, rows, false, today)?, total))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShippableQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the contract number or of the customer's code or name.
    pub q: Option<String>,
    pub contract_id: Option<i64>,
    pub customer_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippableLine {
    pub contract_line_id: i64,
    pub line_no: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub ordered: i64,
    pub shipped: i64,
    /// What a new note may still ship on this line.
    pub remaining: i64,
}

/// A signed contract with something left to ship: what the warehouse needs to issue a note
/// (no prices or terms — the contract itself is not the warehouse's to read).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippableContract {
    pub contract_id: i64,
    pub contract_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub shipping_priority: i64,
    pub signed_on: Option<NaiveDate>,
    pub lines: Vec<ShippableLine>,
}

/// Signed contracts of visible customers with quantities left to ship, by the customers'
/// shipping priority then signing date; their open lines in one more query.
pub fn shippable(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ShippableQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<ShippableContract>, i64)> {
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let priority = priority_sql(&doc);
    let pattern =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::db::contains_pattern);
    macro_rules! filtered {
        () => {{
            let open_lines = cl::table
                .filter(cl::contract_id.eq(ct::id))
                .filter(cl::shipped_quantity.lt(cl::quantity));
            let mut query = crate::customer_scope_filter!(
                ct::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            )
            .filter(ct::status.eq("signed"))
            .filter(diesel::dsl::exists(open_lines));
            if let Some(id) = q.contract_id {
                query = query.filter(ct::id.eq(id));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(ct::customer_id.eq(id));
            }
            if let Some(p) = &pattern {
                query = query.filter(
                    ct::number
                        .like(p.clone())
                        .escape('\\')
                        .or(customers::code.like(p.clone()).escape('\\'))
                        .or(customers::name.like(p.clone()).escape('\\')),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    type Head = (i64, String, i64, String, String, i64, Option<NaiveDate>);
    let heads: Vec<Head> = db_run!(conn, |c| filtered!()
        .order((
            diesel::dsl::sql::<diesel::sql_types::BigInt>(&priority).asc(),
            ct::signed_on.asc(),
            ct::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select((
            ct::id,
            ct::number,
            ct::customer_id,
            customers::code,
            customers::name,
            diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!("CAST({priority} AS BIGINT)")),
            ct::signed_on,
        ))
        .load(c))?;
    let ids: Vec<i64> = heads.iter().map(|h| h.0).collect();
    type LineRow = (i64, i64, i64, String, String, String, i64, i64);
    let rows: Vec<LineRow> = db_run!(conn, |c| cl::table
        .inner_join(products::table)
        .filter(cl::contract_id.eq_any(&ids))
        .filter(cl::shipped_quantity.lt(cl::quantity))
        .order((cl::contract_id, cl::line_no))
        .select((
            cl::contract_id,
            cl::id,
            cl::line_no,
            products::code,
            products::name,
            products::unit,
            cl::quantity,
            cl::shipped_quantity,
        ))
        .load(c))?;
    let mut lines: HashMap<i64, Vec<ShippableLine>> = HashMap::new();
    for r in rows {
        lines.entry(r.0).or_default().push(ShippableLine {
            contract_line_id: r.1,
            line_no: r.2,
            product_code: r.3,
            product_name: r.4,
            unit: r.5,
            ordered: r.6,
            shipped: r.7,
            remaining: r.6 - r.7,
        });
    }
    let items = heads
        .into_iter()
        .map(|h| ShippableContract {
            lines: lines.remove(&h.0).unwrap_or_default(),
            contract_id: h.0,
            contract_number: h.1,
            customer_id: h.2,
            customer_code: h.3,
            customer_name: h.4,
            shipping_priority: h.5,
            signed_on: h.6,
        })
        .collect();
    Ok((items, total))
}
