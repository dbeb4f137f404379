//! Background jobs that work through customers slice by slice under a lease — rating runs,
//! credit review campaigns. Each job is a row with `status`, `cursor_id`, `done`,
//! `lease_until`, `attempts` and `error`. The instance working on a job renews its lease before
//! each slice and moves the cursor only from the value it read (in the slice's transaction), so
//! a slice is never written twice; a job whose lease ran out (its instance stopped) is taken
//! over by one instance through a compare-and-set on the lease; a slice that fails releases the
//! lease for a retry, and after the last attempt the job is marked failed.

use chrono::{Duration, NaiveDateTime};
use diesel::sql_types::{BigInt, Nullable, Timestamp};
use diesel::QueryableByName;

use crate::db::{DbConn, RawQuery};
use crate::error::ApiResult;

/// One kind of sliced job: its table and the statuses it runs and fails in (constants of the
/// code, never request text).
pub struct SlicedJob {
    pub table: &'static str,
    pub running: &'static str,
    pub failed: &'static str,
    /// How long a working instance holds a job before another may take it over.
    pub lease_seconds: i64,
    /// Slices that may fail before the job is marked failed (a locked database or a restart is
    /// retried; a real error fails the same way each time).
    pub max_attempts: i64,
}

#[derive(QueryableByName)]
struct Lease {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    lease_until: Option<NaiveDateTime>,
}

impl SlicedJob {
    /// The lease of a job taken or renewed at `t`.
    pub fn lease_from(&self, t: NaiveDateTime) -> NaiveDateTime {
        t + Duration::seconds(self.lease_seconds)
    }

    /// Hold a running job for another lease from `t` (before a slice's reads, so no other
    /// instance takes over a job that progresses).
    pub fn renew(&self, conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
        RawQuery::new(format!(
            "UPDATE {} SET lease_until = $1 WHERE id = $2 AND status = '{}'",
            self.table, self.running
        ))
        .bind(self.lease_from(t))
        .bind(id)
        .execute(conn)?;
        Ok(())
    }

    /// Move a running job's cursor from `cursor` to `last`, `n` more done; how many rows
    /// changed (0: another instance moved it or the job stopped — the slice is not ours).
    pub fn advance(
        &self,
        conn: &mut DbConn,
        id: i64,
        cursor: i64,
        last: i64,
        n: i64,
        t: NaiveDateTime,
    ) -> ApiResult<usize> {
        Ok(RawQuery::new(format!(
            "UPDATE {} SET cursor_id = $1, done = done + $2, lease_until = $3 \
             WHERE id = $4 AND status = '{}' AND cursor_id = $5",
            self.table, self.running
        ))
        .bind(last)
        .bind(n)
        .bind(self.lease_from(t))
        .bind(id)
        .bind(cursor)
        .execute(conn)?)
    }

    /// A slice failed with `error`: release the lease for a retry, or after the last attempt
    /// mark the job failed (what it wrote stays for inspection).
    pub fn count_failure(
        &self,
        conn: &mut DbConn,
        id: i64,
        error: &str,
        t: NaiveDateTime,
    ) -> ApiResult<()> {
        let error: String = error.chars().take(2000).collect();
        RawQuery::new(format!(
            "UPDATE {} SET attempts = attempts + 1, error = $1, lease_until = $2 \
             WHERE id = $3 AND status = '{}'",
            self.table, self.running
        ))
        .bind(error)
        .bind(t)
        .bind(id)
        .execute(conn)?;
        RawQuery::new(format!(
            "UPDATE {} SET status = '{}', lease_until = NULL \
             WHERE id = $1 AND status = '{}' AND attempts >= $2",
            self.table, self.failed, self.running
        ))
        .bind(id)
        .bind(self.max_attempts)
        .execute(conn)?;
        Ok(())
    }

    /// Take over one running job whose lease ran out before `t`: compare-and-set on the lease
    /// as read, so of several instances one wins. The job taken, if any.
    pub fn claim_stalled(&self, conn: &mut DbConn, t: NaiveDateTime) -> ApiResult<Option<i64>> {
        let stalled: Vec<Lease> = RawQuery::new(format!(
            "SELECT id, lease_until FROM {} WHERE status = '{}' \
               AND (lease_until IS NULL OR lease_until < $1) ORDER BY id LIMIT 1",
            self.table, self.running
        ))
        .bind(t)
        .load(conn)?;
        for lease in stalled {
            let taken = match lease.lease_until {
                Some(l) => RawQuery::new(format!(
                    "UPDATE {} SET lease_until = $1 WHERE id = $2 AND status = '{}' AND lease_until = $3",
                    self.table, self.running
                ))
                .bind(self.lease_from(t))
                .bind(lease.id)
                .bind(l)
                .execute(conn)?,
                None => RawQuery::new(format!(
                    "UPDATE {} SET lease_until = $1 WHERE id = $2 AND status = '{}' AND lease_until IS NULL",
                    self.table, self.running
                ))
                .bind(self.lease_from(t))
                .bind(lease.id)
                .execute(conn)?,
            };
            if taken == 1 {
                return Ok(Some(lease.id));
            }
        }
        Ok(None)
    }
}
