//! All SQL of the dossier.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{DossierKind, EntryOwner, EntryRow, HistoryRow};
use crate::db::schema::{dossier_entries, dossier_history};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// A customer's current entries (of one kind, or one entry), by kind, newest first.
pub fn entries(
    conn: &mut DbConn,
    customer_id: i64,
    kind: Option<DossierKind>,
    only: Option<i64>,
) -> ApiResult<Vec<EntryRow>> {
    Ok(db_run!(conn, |c| {
        let mut q = dossier_entries::table
            .filter(dossier_entries::customer_id.eq(customer_id))
            .filter(dossier_entries::deleted_at.is_null())
            .into_boxed();
        if let Some(k) = kind {
            q = q.filter(dossier_entries::kind.eq(k.as_str()));
        }
        if let Some(id) = only {
            q = q.filter(dossier_entries::id.eq(id));
        }
        q.order((
            dossier_entries::kind.asc(),
            dossier_entries::occurred_on.desc(),
            dossier_entries::id.desc(),
        ))
        .select(EntryRow::as_select())
        .load(c)
    })?)
}

/// A current entry.
pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<EntryRow>> {
    Ok(db_run!(conn, |c| dossier_entries::table
        .filter(dossier_entries::id.eq(id))
        .filter(dossier_entries::deleted_at.is_null())
        .select(EntryRow::as_select())
        .first(c)
        .optional())?)
}

/// An entry's customer and kind (whether removed or not).
pub fn owner(conn: &mut DbConn, id: i64) -> ApiResult<Option<EntryOwner>> {
    Ok(db_run!(conn, |c| dossier_entries::table
        .find(id)
        .select(EntryOwner::as_select())
        .first(c)
        .optional())?)
}

/// The new entry's id.
pub fn insert(
    conn: &mut DbConn,
    customer_id: i64,
    kind: DossierKind,
    content: &str,
    occurred: Option<NaiveDate>,
    author: i64,
    t: NaiveDateTime,
) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(
        dossier_entries::table
    )
    .values((
        dossier_entries::customer_id.eq(customer_id),
        dossier_entries::kind.eq(kind.as_str()),
        dossier_entries::content.eq(content),
        dossier_entries::occurred_on.eq(occurred),
        dossier_entries::author_id.eq(Some(author)),
        dossier_entries::created_at.eq(t),
        dossier_entries::updated_at.eq(t),
    ))
    .returning(dossier_entries::id)
    .get_result(c))?)
}

/// New content if the version is still `version`; how many rows changed.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    content: &str,
    occurred: Option<NaiveDate>,
    author: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        dossier_entries::table
            .filter(dossier_entries::id.eq(id))
            .filter(dossier_entries::version.eq(version))
    )
    .set((
        dossier_entries::content.eq(content),
        dossier_entries::occurred_on.eq(occurred),
        dossier_entries::version.eq(dossier_entries::version + 1),
        dossier_entries::author_id.eq(Some(author)),
        dossier_entries::updated_at.eq(t),
    ))
    .execute(c))?)
}

pub fn remove(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(dossier_entries::table.find(id))
        .set(dossier_entries::deleted_at.eq(Some(t)))
        .execute(c))?;
    Ok(())
}

/// Keep a version in the entry's history.
pub fn add_version(
    conn: &mut DbConn,
    entry_id: i64,
    version: i64,
    content: &str,
    author: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(dossier_history::table)
        .values((
            dossier_history::entry_id.eq(entry_id),
            dossier_history::version.eq(version),
            dossier_history::content.eq(content),
            dossier_history::author_id.eq(Some(author)),
            dossier_history::at.eq(t),
        ))
        .execute(c))?;
    Ok(())
}

/// An entry's versions, newest first.
pub fn versions(conn: &mut DbConn, entry_id: i64) -> ApiResult<Vec<HistoryRow>> {
    Ok(db_run!(conn, |c| dossier_history::table
        .filter(dossier_history::entry_id.eq(entry_id))
        .order(dossier_history::version.desc())
        .select(HistoryRow::as_select())
        .load(c))?)
}
