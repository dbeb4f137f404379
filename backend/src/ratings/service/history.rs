//! A customer's tier and treatment, latest influence and approved rating history.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::assessments::assessments;
use super::results::result_dto;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::model::{Category, CustomerView, Grade};
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::policies::model::{PolicyDocument, RatingPolicy};
use crate::ratings::model::*;
use crate::ratings::repo;

/// A customer's tier and treatment under the policy in force, latest influence and the
/// history of its approved ratings (newest first), in a fixed number of statements.
pub fn customer_rating(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<CustomerRating> {
    let (customer, view) =
        crate::customers::service::load_visible(conn, &Viewer::of(auth), customer_id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    let number = repo::policy_numbers(conn, &[policy_id])?
        .get(&policy_id)
        .copied()
        .ok_or_else(|| ApiError::internal("the policy in force has no version"))?;
    let category = Category::parse(&customer.category);
    let grade = customer.grade.as_deref().and_then(Grade::parse);
    let tier = doc.tier(category, grade).cloned();
    // The level shows in every rating; the assessor's reasoning only to those who assess.
    let latest_influence = assessments(conn, auth, customer_id)?
        .into_iter()
        .next()
        .map(|mut a| {
            if !auth.can(Area::StrategicInfluence, Access::Write) {
                a.reason = String::new();
            }
            a
        });
    let rows = repo::history(conn, customer_id)?;
    let versions: Vec<i64> = rows.iter().map(|r| r.run.policy_version_id).collect();
    // Each version's rules parsed once, whatever the number of ratings under it.
    let mut docs: HashMap<i64, (i64, RatingPolicy)> = HashMap::new();
    for v in repo::policy_texts(conn, &versions)? {
        let p: PolicyDocument = serde_json::from_str(&v.document).map_err(ApiError::internal)?;
        docs.insert(v.id, (v.number, p.rating));
    }
    let people: Vec<i64> = rows.iter().filter_map(|r| r.run.decided_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let mut history = Vec::with_capacity(rows.len());
    for HistoryRow { result, run } in rows {
        let (number, rating) = docs
            .get(&run.policy_version_id)
            .ok_or_else(|| ApiError::internal("a rating run without its policy version"))?;
        let dto = result_dto(rating, &run, result, &HashMap::new(), &HashMap::new());
        history.push(RatingHistoryEntry {
            run_id: run.id,
            rating_date: run.rating_date,
            policy_version_number: *number,
            total_points: dto.total_points,
            levels: [
                dto.contract_amount.level,
                dto.receivables.level,
                dto.premium.level,
                dto.strategic_influence.level,
            ],
            proposed_grade: dto.proposed_grade,
            final_grade: dto.final_grade,
            final_category: dto.final_category,
            override_reason: dto.override_reason,
            approved_by_name: run.decided_by.and_then(|u| names.get(&u).cloned()),
            approved_at: run.decided_at.map(|t| t.and_utc()),
            explanation: dto.explanation,
        });
    }
    Ok(CustomerRating {
        treatment: Treatment {
            category,
            grade,
            policy_version_number: number,
            tier,
        },
        latest_influence,
        history,
    })
}
