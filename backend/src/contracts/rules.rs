//! Pure rules of a contract's terms (table-tested below).

use super::model::ContractLineInput;
use crate::error::FieldError;

/// The problems of a contract's credit period, note and lines.
pub fn check_terms(
    credit_period_days: i64,
    note: &str,
    lines: &[ContractLineInput],
    errors: &mut Vec<FieldError>,
) {
    if !(0..=365).contains(&credit_period_days) {
        errors.push(FieldError::new(
            "credit_period_days",
            "out_of_range",
            "0–365 days",
        ));
    }
    if note.chars().count() > 2000 {
        errors.push(FieldError::new(
            "note",
            "too_long",
            "must be at most 2000 characters",
        ));
    }
    if lines.is_empty() {
        errors.push(FieldError::new("lines", "required", "at least one line"));
    }
    if lines.len() > 500 {
        errors.push(FieldError::new("lines", "too_long", "at most 500 lines"));
    }
    for (i, l) in lines.iter().enumerate() {
        if !(1..=1_000_000_000).contains(&l.quantity) {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "1 or more",
            ));
        }
        if !(0..=100_000_000_000).contains(&l.price_fen) {
            errors.push(FieldError::new(
                format!("lines[{i}].price_fen"),
                "out_of_range",
                "from 0 to 10亿元",
            ));
        }
        if l.quantity
            .checked_mul(l.price_fen)
            .is_none_or(|a| a > 1_000_000_000_000_000)
        {
            errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "the line amount is too large",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, price_fen: i64) -> ContractLineInput {
        ContractLineInput {
            product_id: 1,
            quantity,
            price_fen,
        }
    }

    #[test]
    fn terms_are_checked_field_by_field() {
        let long = "x".repeat(2001);
        type Expected<'a> = Vec<(&'a str, &'a str)>;
        let cases: Vec<(i64, &str, Vec<ContractLineInput>, Expected)> = vec![
            (60, "", vec![line(1, 100)], vec![]),
            (
                366,
                "",
                vec![line(1, 100)],
                vec![("credit_period_days", "out_of_range")],
            ),
            (
                -1,
                "",
                vec![line(1, 100)],
                vec![("credit_period_days", "out_of_range")],
            ),
            (0, &long, vec![line(1, 100)], vec![("note", "too_long")]),
            (0, "", vec![], vec![("lines", "required")]),
            (
                0,
                "",
                vec![line(0, 100)],
                vec![("lines[0].quantity", "out_of_range")],
            ),
            (
                0,
                "",
                vec![line(1, -1)],
                vec![("lines[0].price_fen", "out_of_range")],
            ),
            (
                0,
                "",
                vec![line(1_000_000_000, 100_000_000_000)],
                vec![("lines[0].quantity", "out_of_range")],
            ),
        ];
        for (period, note, lines, expected) in cases {
            let mut errors = Vec::new();
            check_terms(period, note, &lines, &mut errors);
            let got: Vec<(String, String)> = errors
                .iter()
                .map(|e| (e.field.clone(), e.code.clone()))
                .collect();
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect();
            assert_eq!(got, want, "period {period}, {} lines", lines.len());
        }
    }
}
