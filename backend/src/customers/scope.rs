//! Which customers a user sees (docs/roles.md, data scope): the viewer of the one data-scope
//! rule (`db::scope::Reach`), checked per record for single reads, with borrowing grants
//! (资料借阅) adding single customers.

use crate::auth::policy::Scope;
use crate::auth::AuthUser;
use crate::db::scope::Reach;
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

    /// The customers this user finds in lists (a limited role finds all, in the limited view).
    pub fn reach(&self) -> Reach {
        Reach::of(self.scope, self.user_id, self.office_id, true)
    }

    /// How this user sees `row` (None: not at all → 404). `granted`: an active borrowing grant.
    pub fn view_of(&self, row: &CustomerRow, granted: bool) -> Option<CustomerView> {
        let in_scope = Reach::of(self.scope, self.user_id, self.office_id, false).contains(
            row.office_id,
            row.owner_user_id,
            false,
        );
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
    /// The scope as a SQL condition on customers aliased `c`, for grouped reports written in SQL.
    /// The limited view counts as full here, as in the lists: the areas that group by customer
    /// are closed to limited roles by permission.
    pub fn condition(&self, granted: &[i64]) -> String {
        self.reach().sql(granted)
    }
}
