use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{Change, CustomerLine, CustomerQuery, CustomerRef, CustomerRow};
use super::scope::Viewer;
use crate::contracts::model::ContractStatus;
use crate::db::schema::{
    contracts, customer_access_grants, customer_changes, customer_tags, customers,
};
use crate::db::DbConn;
use crate::error::ApiResult;
use crate::{customer_scope_filter, db_run};

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<CustomerRow>> {
    Ok(db_run!(conn, |c| customers::table
        .find(id)
        .select(CustomerRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_name_key(conn: &mut DbConn, key: &str) -> ApiResult<Option<CustomerRow>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::name_key.eq(key))
        .select(CustomerRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_credit_code(conn: &mut DbConn, code: &str) -> ApiResult<Option<CustomerRow>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::credit_code.eq(code))
        .select(CustomerRow::as_select())
        .first(c)
        .optional())?)
}

/// Does the user hold an unexpired, unrevoked borrowing grant for the customer?
pub fn has_grant(
    conn: &mut DbConn,
    user_id: i64,
    customer_id: i64,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let n: i64 = db_run!(conn, |c| customer_access_grants::table
        .filter(customer_access_grants::user_id.eq(user_id))
        .filter(customer_access_grants::customer_id.eq(customer_id))
        .filter(customer_access_grants::expires_at.gt(now))
        .filter(customer_access_grants::revoked_at.is_null())
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

/// Customers lent to the user right now.
pub fn active_grants(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| customer_access_grants::table
        .filter(customer_access_grants::user_id.eq(user_id))
        .filter(customer_access_grants::expires_at.gt(now))
        .filter(customer_access_grants::revoked_at.is_null())
        .select(customer_access_grants::customer_id)
        .load(c))?)
}

/// Which of `ids` the user holds an active grant for (one query).
pub fn granted_ids(
    conn: &mut DbConn,
    user_id: i64,
    ids: &[i64],
    now: NaiveDateTime,
) -> ApiResult<std::collections::HashSet<i64>> {
    let v: Vec<i64> = db_run!(conn, |c| customer_access_grants::table
        .filter(customer_access_grants::user_id.eq(user_id))
        .filter(customer_access_grants::customer_id.eq_any(ids))
        .filter(customer_access_grants::expires_at.gt(now))
        .filter(customer_access_grants::revoked_at.is_null())
        .select(customer_access_grants::customer_id)
        .load(c))?;
    Ok(v.into_iter().collect())
}

pub fn insert(conn: &mut DbConn, row: &CustomerRow) -> Result<i64, diesel::result::Error> {
    db_run!(conn, |c| diesel::insert_into(customers::table)
        .values(row)
        .returning(customers::id)
        .get_result(c))
}

/// Write every column of `row` if the stored version is `version`; bumps the version.
pub fn update(
    conn: &mut DbConn,
    row: &CustomerRow,
    version: i64,
) -> Result<bool, diesel::result::Error> {
    let n = db_run!(conn, |c| diesel::update(
        customers::table
            .filter(customers::id.eq(row.id))
            .filter(customers::version.eq(version))
    )
    .set((row, customers::version.eq(customers::version + 1)))
    .execute(c))?;
    Ok(n == 1)
}

/// Record `signed_on` as the customer's first-deal date unless an earlier one is recorded, in one
/// conditional statement (concurrent signings keep the earliest). Bumps the version, so a form
/// read before cannot write the old date back. True when the date changed.
pub fn set_first_deal_if_earlier(
    conn: &mut DbConn,
    customer_id: i64,
    signed_on: NaiveDate,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        customers::table
            .filter(customers::id.eq(customer_id))
            .filter(
                customers::first_deal_date
                    .is_null()
                    .or(customers::first_deal_date.gt(signed_on))
            )
    )
    .set((
        customers::first_deal_date.eq(Some(signed_on)),
        customers::version.eq(customers::version + 1),
        customers::updated_at.eq(now),
    ))
    .execute(c))?;
    Ok(n == 1)
}

pub fn set_tags(conn: &mut DbConn, customer_id: i64, tags: &[String]) -> ApiResult<()> {
    let values: Vec<_> = tags
        .iter()
        .map(|t| {
            (
                customer_tags::customer_id.eq(customer_id),
                customer_tags::tag.eq(t.as_str()),
            )
        })
        .collect();
    db_run!(conn, |c| {
        diesel::delete(customer_tags::table.filter(customer_tags::customer_id.eq(customer_id)))
            .execute(c)?;
        if !values.is_empty() {
            diesel::insert_into(customer_tags::table)
                .values(&values)
                .execute(c)?;
        }
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(())
}

pub fn record_change(
    conn: &mut DbConn,
    customer_id: i64,
    change: &Change,
    actor_id: Option<i64>,
    now: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(customer_changes::table)
        .values((
            customer_changes::customer_id.eq(customer_id),
            customer_changes::kind.eq(change.kind),
            customer_changes::from_value.eq(&change.from),
            customer_changes::to_value.eq(&change.to),
            customer_changes::reason.eq(&change.reason),
            customer_changes::actor_id.eq(actor_id),
            customer_changes::at.eq(now),
        ))
        .execute(c))?;
    Ok(())
}

/// A stored line of the customer's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_changes)]
pub struct ChangeRow {
    pub id: i64,
    pub kind: String,
    pub from_value: String,
    pub to_value: String,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn changes(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<ChangeRow>> {
    Ok(db_run!(conn, |c| customer_changes::table
        .filter(customer_changes::customer_id.eq(customer_id))
        .order(customer_changes::id.desc())
        .select(ChangeRow::as_select())
        .load(c))?)
}

/// Display names of users and offices referenced by `rows`, two queries in all.
pub fn names(
    conn: &mut DbConn,
    user_ids: &[i64],
    office_ids: &[i64],
) -> ApiResult<(HashMap<i64, String>, HashMap<i64, String>)> {
    Ok((
        crate::users::repo::display_names(conn, user_ids)?,
        crate::users::repo::office_names(conn, office_ids)?,
    ))
}

/// One page of the customers the viewer sees, filtered and sorted in SQL.
#[allow(clippy::too_many_arguments)]
pub fn list(
    conn: &mut DbConn,
    viewer: Viewer,
    q: &CustomerQuery,
    needle: Option<String>,
    stale_before: NaiveDateTime,
    sort: &[(String, bool)],
    now: NaiveDateTime,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<CustomerRow>, i64)> {
    let pattern = needle.map(|n| crate::db::contains_pattern(&n));
    let granted = if viewer.scope < crate::auth::policy::Scope::All {
        active_grants(conn, viewer.user_id, now)?
    } else {
        Vec::new()
    };
    macro_rules! filtered {
        () => {{
            let mut query = customers::table.into_boxed();
            query = customer_scope_filter!(query, viewer, granted.clone());
            if let Some(p) = &pattern {
                query = if viewer.scope == crate::auth::policy::Scope::Limited {
                    // Name and code only: phone or credit code would reveal hidden fields.
                    query.filter(
                        crate::db::lower(customers::name)
                            .like(p.clone())
                            .escape('\\')
                            .or(crate::db::lower(customers::code)
                                .like(p.clone())
                                .escape('\\')),
                    )
                } else {
                    query.filter(customers::search_text.like(p.clone()).escape('\\'))
                };
            }
            if let Some(g) = q.grade {
                query = query.filter(customers::grade.eq(g.as_str()));
            }
            if let Some(cat) = q.category {
                query = query.filter(customers::category.eq(cat.as_str()));
            }
            if let Some(s) = q.status {
                query = query.filter(customers::status.eq(s.as_str()));
            }
            if let Some(o) = q.office_id {
                query = query.filter(customers::office_id.eq(o));
            }
            if let Some(o) = q.owner_user_id {
                query = query.filter(customers::owner_user_id.eq(o));
            }
            if let Some(k) = q.key_customer {
                query = query.filter(customers::key_customer.eq(k));
            }
            if let Some(t) = &q.tag {
                query = query.filter(
                    customers::id.eq_any(
                        customer_tags::table
                            .filter(customer_tags::tag.eq(t.clone()))
                            .select(customer_tags::customer_id),
                    ),
                );
            }
            match q.stale {
                Some(true) => query = query.filter(customers::dossier_updated_at.lt(stale_before)),
                Some(false) => query = query.filter(customers::dossier_updated_at.ge(stale_before)),
                None => {}
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| {
        crate::then_sort!(filtered!(), sort, {
            "code" => customers::code,
            "name" => customers::name,
            "grade" => customers::grade,
            "status" => customers::status,
            "updated_at" => customers::updated_at,
            "created_at" => customers::created_at,
        })
        .then_order_by(customers::id.desc())
        .limit(limit)
        .offset(offset)
        .select(CustomerRow::as_select())
        .load(c)
    })?;
    Ok((rows, total))
}

/// The customer's first signed contract in the ledger (what dates the first deal): read here,
/// not asked of the contracts domain, which builds on customers.
#[derive(Debug, Clone, Queryable)]
pub struct FirstContract {
    pub signed_on: NaiveDate,
    pub number: String,
}

pub fn first_signed_contract(
    conn: &mut DbConn,
    customer_id: i64,
) -> ApiResult<Option<FirstContract>> {
    Ok(db_run!(conn, |c| contracts::table
        .filter(contracts::customer_id.eq(customer_id))
        .filter(contracts::status.eq_any([
            ContractStatus::Signed.as_str(),
            ContractStatus::Completed.as_str()
        ]))
        .filter(contracts::signed_on.is_not_null())
        .order((contracts::signed_on.asc(), contracts::id.asc()))
        .select((contracts::signed_on.assume_not_null(), contracts::number))
        .first::<FirstContract>(c)
        .optional())?)
}

/// Code and name of each of `ids` that exists, by id (one statement).
pub fn refs(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, CustomerRef>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(ids))
        .select(CustomerRef::as_select())
        .load::<CustomerRef>(c))?
    .into_iter()
    .map(|r| (r.id, r))
    .collect())
}

/// The owner of each of these customers.
pub fn owners(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, Option<i64>>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(5_000) {
        let rows: Vec<(i64, Option<i64>)> = db_run!(conn, |c| customers::table
            .filter(customers::id.eq_any(chunk))
            .select((customers::id, customers::owner_user_id))
            .load(c))?;
        out.extend(rows);
    }
    Ok(out)
}

/// A customer's code, name, office and owner (what a list row of another domain shows).
pub fn line(conn: &mut DbConn, id: i64) -> ApiResult<Option<CustomerLine>> {
    Ok(db_run!(conn, |c| customers::table
        .find(id)
        .select(CustomerLine::as_select())
        .first(c)
        .optional())?)
}

/// Set when the customer's dossier last changed.
pub fn touch_dossier(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(customers::table.find(id))
        .set(customers::dossier_updated_at.eq(t))
        .execute(c))?;
    Ok(())
}

/// Grade and category from the applied results of rating run `run_id` (one statement).
pub fn apply_rating(conn: &mut DbConn, run_id: i64, t: NaiveDateTime) -> ApiResult<usize> {
    Ok(crate::db::RawQuery::new(
        "UPDATE customers SET
           grade = COALESCE((SELECT COALESCE(r.override_grade, r.proposed_grade) FROM rating_results r
                             WHERE r.run_id = $1 AND r.customer_id = customers.id), grade),
           category = COALESCE((SELECT r.override_category FROM rating_results r
                                WHERE r.run_id = $1 AND r.customer_id = customers.id), category),
           version = version + 1, updated_at = $2
         WHERE id IN (SELECT r.customer_id FROM rating_results r WHERE r.run_id = $1 AND r.applied)",
    )
    .bind(run_id)
    .bind(t)
    .execute(conn)?)
}

/// A no-op update of the customer's row: a row lock on PostgreSQL until the transaction ends.
pub fn lock_row(conn: &mut DbConn, customer_id: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(customers::table.find(customer_id))
        .set(customers::id.eq(customers::id))
        .execute(c))?;
    Ok(())
}
