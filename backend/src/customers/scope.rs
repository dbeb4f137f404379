//! Which customers a user sees (docs/roles.md, data scope) — applied in SQL for lists and checked
//! per record for single reads, with borrowing grants (资料借阅) adding single customers.

use crate::auth::policy::Scope;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};

use super::model::CustomerRow;
use super::model::CustomerView;

#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    pub user_id: i64,
    pub office_id: Option<i64>,
    pub scope: Scope,
}

impl Viewer {
    pub fn of(auth: &AuthUser) -> Viewer {
        Viewer {
            user_id: auth.id,
            office_id: auth.office_id,
            scope: auth.scope(),
        }
    }

    /// How this user sees `row` (None: not at all → 404). `granted`: an active borrowing grant.
    pub fn view_of(&self, row: &CustomerRow, granted: bool) -> Option<CustomerView> {
        let in_scope = match self.scope {
            Scope::All => true,
            Scope::Office => self.office_id.is_some() && row.office_id == self.office_id,
            Scope::Own => row.owner_user_id == Some(self.user_id),
            Scope::Limited | Scope::None => false,
        };
        if in_scope || granted {
            Some(CustomerView::Full)
        } else if self.scope == Scope::Limited {
            Some(CustomerView::Limited)
        } else {
            None
        }
    }

    /// May this user change `row` (its master data, dossier, files, contracts…)? Only a customer
    /// of the user's own scope: a loan (资料借阅) lends the file for reading, never for writing.
    pub fn may_change(&self, row: &CustomerRow) -> bool {
        self.view_of(row, false) == Some(CustomerView::Full)
    }

    pub fn require_full(&self, row: &CustomerRow, granted: bool) -> ApiResult<()> {
        match self.view_of(row, granted) {
            Some(CustomerView::Full) => Ok(()),
            _ => Err(ApiError::OutOfScope),
        }
    }
}

impl Viewer {
    /// The scope as a SQL condition on customers aliased `c`, for grouped reports written in SQL
    /// (numbers only, formatted here). The limited view counts as full here, as in the lists:
    /// the areas that group by customer are closed to limited roles by permission.
    pub fn condition(&self, granted: &[i64]) -> String {
        let ids = if granted.is_empty() {
            "-1".to_string()
        } else {
            granted
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        match self.scope {
            Scope::All | Scope::Limited => "1 = 1".to_string(),
            Scope::Office => match self.office_id {
                Some(o) => format!("(c.office_id = {o} OR c.id IN ({ids}))"),
                None => format!("c.id IN ({ids})"),
            },
            Scope::Own => format!("(c.owner_user_id = {} OR c.id IN ({ids}))", self.user_id),
            Scope::None => "1 = 0".to_string(),
        }
    }
}

/// Filter a boxed `customers` query to the viewer's scope (used inside `db_run!`);
/// `$granted` are the ids of customers lent to the viewer.
#[macro_export]
macro_rules! customer_scope_filter {
    ($query:expr, $viewer:expr, $granted:expr) => {{
        use $crate::auth::policy::Scope;
        use $crate::db::schema::customers as c;
        let viewer = $viewer;
        let granted: Vec<i64> = $granted;
        match viewer.scope {
            Scope::All | Scope::Limited => $query,
            Scope::Office => match viewer.office_id {
                Some(o) => $query.filter(c::office_id.eq(o).or(c::id.eq_any(granted))),
                None => $query.filter(c::id.eq_any(granted)),
            },
            Scope::Own => $query.filter(
                c::owner_user_id
                    .eq(viewer.user_id)
                    .or(c::id.eq_any(granted)),
            ),
            Scope::None => $query.filter(c::id.eq(-1i64)),
        }
    }};
}
