//! docs/roles.md's matrix as one table in code: role → permissions per area, role → data scope.
//! Handlers ask `auth.require(Area::X, Access::Y)` first; list queries apply `Scope` in SQL.
//! Tests iterate this table together with the OpenAPI route list.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Salesman,
    OfficeDirector,
    BusinessStaff,
    BusinessManager,
    VicePresident,
    GeneralManager,
    Finance,
    Planning,
    Technical,
    Production,
    Warehouse,
    Admin,
}

impl Role {
    /// In the column order of the matrix of docs/roles.md.
    pub const ALL: [Role; 12] = [
        Role::Salesman,
        Role::OfficeDirector,
        Role::BusinessStaff,
        Role::BusinessManager,
        Role::VicePresident,
        Role::GeneralManager,
        Role::Finance,
        Role::Planning,
        Role::Technical,
        Role::Production,
        Role::Warehouse,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Salesman => "salesman",
            Role::OfficeDirector => "office_director",
            Role::BusinessStaff => "business_staff",
            Role::BusinessManager => "business_manager",
            Role::VicePresident => "vice_president",
            Role::GeneralManager => "general_manager",
            Role::Finance => "finance",
            Role::Planning => "planning",
            Role::Technical => "technical",
            Role::Production => "production",
            Role::Warehouse => "warehouse",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    fn column(self) -> usize {
        Role::ALL
            .iter()
            .position(|r| *r == self)
            .expect("every role is in ALL")
    }

    pub fn scope(self) -> Scope {
        match self {
            Role::Salesman => Scope::Own,
            Role::OfficeDirector => Scope::Office,
            Role::BusinessStaff
            | Role::BusinessManager
            | Role::VicePresident
            | Role::GeneralManager
            | Role::Finance
            | Role::Planning => Scope::All,
            // docs/roles.md ¹: name, code, shipping priority and the documents addressed to them only.
            Role::Technical | Role::Production | Role::Warehouse => Scope::Limited,
            Role::Admin => Scope::None,
        }
    }
}

/// Which customers' records a user sees. Ordered from narrowest to widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    None,
    Limited,
    Own,
    Office,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    Approve,
}

impl Access {
    fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Approve => "approve",
        }
    }
}

/// The rows of the matrix of docs/roles.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    CustomerMaster,
    RestrictedDossier,
    StrategicInfluence,
    RatingRuns,
    PolicyVersions,
    CreditLimits,
    Contracts,
    SpecialContracts,
    ShippingNotes,
    ShipmentRelease,
    Receivables,
    WriteOffs,
    CollectionTasks,
    CollectionCases,
    CreditReviews,
    Reports,
    DealingsReports,
    DevelopmentPlans,
    Revisits,
    Surveys,
    Complaints,
    ComplaintHandling,
    ProductionNotices,
    Compensation,
    ComplaintVerification,
    CreditTraining,
    DossierBorrowing,
    AuditLog,
    Administration,
    CustomerTransfer,
    CustomerBlacklist,
    CustomerClassification,
    FirstDealDate,
    Products,
    CreditEvents,
    CreditHolds,
}

/// The matrix of docs/roles.md, one string per role in the column order of `Role::ALL`:
/// R read, W create/edit (implies read), A approve/decide (implies read), "" none.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(Area, &str, [&str; 12])] = &[
    //                                                            sales office bstaff bmgr  vp    gm    fin   plan  tech  prod  wh    admin
    (Area::CustomerMaster,        "customer_master",        ["RW", "RW", "RW", "RW", "R",  "R",  "R",  "R",  "R",  "",   "R",  ""]),
    (Area::RestrictedDossier,     "restricted_dossier",     ["RW", "RW", "RW", "RW", "R",  "R",  "R",  "R",  "",   "",   "",   ""]),
    (Area::StrategicInfluence,    "strategic_influence",    ["",   "",   "",   "W",  "W",  "W",  "",   "",   "",   "",   "",   ""]),
    (Area::RatingRuns,            "rating_runs",            ["R",  "R",  "RW", "RW", "A",  "R",  "R",  "",   "",   "",   "",   ""]),
    (Area::PolicyVersions,        "policy_versions",        ["R",  "R",  "R",  "W",  "A",  "A",  "R",  "R",  "R",  "R",  "R",  "R"]),
    (Area::CreditLimits,          "credit_limits",          ["R",  "R",  "W",  "W",  "A",  "A",  "R",  "R",  "",   "",   "",   ""]),
    (Area::Contracts,             "contracts",              ["RW", "RW", "RW", "RW", "R",  "R",  "R",  "R",  "",   "",   "",   ""]),
    (Area::SpecialContracts,      "special_contracts",      ["",   "",   "",   "",   "",   "A",  "",   "",   "",   "",   "",   ""]),
    (Area::ShippingNotes,         "shipping_notes",         ["R",  "R",  "R",  "R",  "R",  "R",  "R",  "",   "",   "",   "RW", ""]),
    (Area::ShipmentRelease,       "shipment_release",       ["",   "",   "",   "",   "A",  "A",  "",   "",   "",   "",   "",   ""]),
    (Area::Receivables,           "receivables",            ["R",  "R",  "R",  "R",  "R",  "R",  "RW", "R",  "",   "",   "",   ""]),
    (Area::WriteOffs,             "write_offs",             ["",   "",   "",   "",   "",   "A",  "W",  "W",  "",   "",   "",   ""]),
    (Area::CollectionTasks,       "collection_tasks",       ["RW", "RW", "R",  "R",  "R",  "R",  "R",  "R",  "",   "",   "",   ""]),
    (Area::CollectionCases,       "collection_cases",       ["R",  "R",  "R",  "R",  "R",  "R",  "R",  "RW", "",   "",   "",   ""]),
    (Area::CreditReviews,         "credit_reviews",         ["R",  "R",  "W",  "W",  "A",  "R",  "R",  "",   "",   "",   "",   ""]),
    (Area::Reports,               "reports",                ["W",  "RA", "R",  "RA", "RA", "R",  "",   "",   "",   "",   "",   ""]),
    (Area::DealingsReports,       "dealings_reports",       ["",   "W",  "R",  "R",  "R",  "R",  "",   "",   "",   "",   "",   ""]),
    (Area::DevelopmentPlans,      "development_plans",      ["",   "W",  "R",  "R",  "R",  "R",  "",   "",   "",   "",   "",   ""]),
    (Area::Revisits,              "revisits",               ["RW", "RW", "R",  "RW", "RW", "R",  "",   "",   "",   "",   "",   ""]),
    (Area::Surveys,               "surveys",                ["R",  "R",  "RW", "RW", "R",  "R",  "",   "",   "R",  "",   "",   ""]),
    (Area::Complaints,            "complaints",             ["R",  "RW", "RW", "RW", "RA", "R",  "R",  "",   "R",  "",   "",   ""]),
    (Area::ComplaintHandling,     "complaint_handling",     ["",   "",   "",   "",   "",   "",   "",   "",   "RW", "",   "",   ""]),
    (Area::ProductionNotices,     "production_notices",     ["",   "",   "W",  "W",  "R",  "R",  "",   "",   "R",  "RW", "",   ""]),
    (Area::Compensation,          "compensation",           ["",   "",   "",   "",   "R",  "R",  "RW", "",   "W",  "",   "",   ""]),
    (Area::ComplaintVerification, "complaint_verification", ["",   "",   "R",  "R",  "R",  "R",  "R",  "",   "W",  "R",  "",   ""]),
    (Area::CreditTraining,        "credit_training",        ["R",  "R",  "RW", "RW", "R",  "R",  "R",  "R",  "",   "",   "",   ""]),
    (Area::DossierBorrowing,      "dossier_borrowing",      ["W",  "W",  "W",  "A",  "A",  "A",  "W",  "W",  "W",  "",   "",   ""]),
    (Area::AuditLog,              "audit_log",              ["",   "",   "",   "R",  "R",  "R",  "",   "",   "",   "",   "",   "R"]),
    (Area::Administration,        "administration",         ["",   "",   "",   "",   "",   "",   "",   "",   "",   "",   "",   "RW"]),
    // Not rows of the original role table: the customer issue gives transfers and the blacklist to the
    // business manager and above.
    (Area::CustomerTransfer,      "customer_transfer",      ["",   "",   "",   "W",  "W",  "W",  "",   "",   "",   "",   "",   ""]),
    (Area::CustomerBlacklist,     "customer_blacklist",     ["",   "",   "",   "W",  "W",  "W",  "",   "",   "",   "",   "",   ""]),
    // Not rows of the original role table: the hardening issue. Category (大客户/一般客户) and the key-customer
    // flag drive the tier (shipping priority, prices, revisits): the measures have the business
    // manager decide them, and — as for the strategic influence row — the VP and GM above him.
    // The first-deal date drives the new-customer rules: the system takes it from the first
    // signed contract, and only the business department, who reviews the contracts, corrects it.
    (Area::CustomerClassification,"customer_classification",["",   "",   "",   "W",  "W",  "W",  "",   "",   "",   "",   "",   ""]),
    (Area::FirstDealDate,         "first_deal_date",        ["",   "",   "W",  "W",  "",   "",   "",   "",   "",   "",   "",   ""]),
    // Not rows of the original role table: the credit-control issue. Credit events (信用事件) are
    // recorded by the business department and the managers above it (salesmen raise them by
    // urgent report); a hold is set and lifted by the business manager, the VP or the GM.
    (Area::CreditEvents,          "credit_events",          ["R",  "R",  "W",  "W",  "W",  "W",  "R",  "R",  "",   "",   "",   ""]),
    (Area::CreditHolds,           "credit_holds",           ["",   "",   "",   "W",  "W",  "W",  "",   "",   "",   "",   "",   ""]),
    // Not a row of the original role table: the ledger issue gives the product list and list prices to the
    // business department; everyone who deals with contracts or shipments reads it.
    (Area::Products,              "products",               ["R",  "R",  "RW", "RW", "R",  "R",  "R",  "R",  "R",  "R",  "R",  ""]),
];

fn row(area: Area) -> &'static (Area, &'static str, [&'static str; 12]) {
    MATRIX
        .iter()
        .find(|(a, _, _)| *a == area)
        .expect("every area is in MATRIX")
}

/// May `role` do `access` in `area`? Write and approve imply read.
pub fn role_can(role: Role, area: Area, access: Access) -> bool {
    let letters = row(area).2[role.column()];
    match access {
        Access::Read => !letters.is_empty(),
        Access::Write => letters.contains('W'),
        Access::Approve => letters.contains('A'),
    }
}

/// Union over several roles.
pub fn can(roles: &[Role], area: Area, access: Access) -> bool {
    roles.iter().any(|r| role_can(*r, area, access))
}

/// The widest scope of several roles.
pub fn scope_of(roles: &[Role]) -> Scope {
    roles.iter().map(|r| r.scope()).max().unwrap_or(Scope::None)
}

/// `["customer_master.read", "customer_master.write", …]` for the web app's menus.
pub fn permission_names(roles: &[Role]) -> Vec<String> {
    let mut out = Vec::new();
    for (area, name, _) in MATRIX {
        for access in [Access::Read, Access::Write, Access::Approve] {
            if can(roles, *area, access) {
                out.push(format!("{name}.{}", access.as_str()));
            }
        }
    }
    out
}

/// Audit entities that belong to system administration; business readers of the audit log
/// (business manager, VP, GM) see every other entity.
pub const SYSTEM_AUDIT_ENTITIES: &[&str] = &[
    "user",
    "office",
    "api_token",
    "session",
    "access",
    "settings",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_has_every_area_once() {
        let mut names: Vec<_> = MATRIX.iter().map(|(_, n, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), MATRIX.len());
    }

    #[test]
    fn spot_checks_against_roles_md() {
        assert!(role_can(Role::Admin, Area::Administration, Access::Write));
        assert!(!role_can(Role::Admin, Area::CustomerMaster, Access::Read));
        assert!(role_can(
            Role::Salesman,
            Area::CustomerMaster,
            Access::Write
        ));
        assert!(!role_can(
            Role::Production,
            Area::CustomerMaster,
            Access::Read
        ));
        assert!(role_can(
            Role::GeneralManager,
            Area::SpecialContracts,
            Access::Approve
        ));
        assert!(!role_can(
            Role::VicePresident,
            Area::SpecialContracts,
            Access::Approve
        ));
        assert!(role_can(
            Role::BusinessManager,
            Area::AuditLog,
            Access::Read
        ));
        assert!(!role_can(Role::Finance, Area::AuditLog, Access::Read));
        assert!(role_can(Role::Finance, Area::Receivables, Access::Write));
        assert!(role_can(Role::Planning, Area::WriteOffs, Access::Write));
        assert!(!role_can(Role::Planning, Area::WriteOffs, Access::Approve));
        assert!(!role_can(
            Role::Salesman,
            Area::CustomerClassification,
            Access::Write
        ));
        assert!(!role_can(
            Role::BusinessStaff,
            Area::CustomerClassification,
            Access::Write
        ));
        assert!(role_can(
            Role::BusinessManager,
            Area::CustomerClassification,
            Access::Write
        ));
        assert!(role_can(
            Role::BusinessStaff,
            Area::FirstDealDate,
            Access::Write
        ));
        assert!(!role_can(
            Role::Salesman,
            Area::FirstDealDate,
            Access::Write
        ));
    }

    #[test]
    fn widest_scope_wins() {
        assert_eq!(scope_of(&[Role::Salesman, Role::Finance]), Scope::All);
        assert_eq!(scope_of(&[Role::Salesman]), Scope::Own);
        assert_eq!(scope_of(&[Role::Admin]), Scope::None);
        assert_eq!(scope_of(&[]), Scope::None);
    }
}
