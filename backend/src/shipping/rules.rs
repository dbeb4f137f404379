//! The warehouse's order: a customer's shipping priority under the policy in force.

use crate::policies::model::PolicyDocument;

/// A BIGINT `CASE` over the customer's category and grade giving its shipping priority under
/// `doc` (customers not rated yet ship last). Numbers only, from the validated policy.
pub fn priority_sql(doc: &PolicyDocument) -> String {
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
    format!("CAST({s} AS BIGINT)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tier_has_its_priority_and_the_unrated_ship_last() {
        let doc = PolicyDocument::default();
        let sql = priority_sql(&doc);
        for t in &doc.treatment {
            let when = format!(
                "WHEN customers.category = '{}' AND customers.grade = '{}' THEN {}",
                t.category.as_str(),
                t.grade.as_str(),
                t.shipping_priority
            );
            assert!(sql.contains(&when), "{when}");
        }
        assert!(sql.ends_with(&format!("ELSE {} END AS BIGINT)", doc.treatment.len() + 1)));
    }
}
