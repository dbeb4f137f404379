//! Pure rules of allocating a payment (table-tested below).

use super::model::{AllocationInput, OpenBalance, Planned};
use crate::error::FieldError;

/// What to allocate of `available` fen to the customer's `open` receivables (oldest due first):
/// as given in `manual`, checked against the balances, or oldest first.
pub fn plan(
    open: &[OpenBalance],
    manual: Option<&[AllocationInput]>,
    available: i64,
) -> Result<Vec<Planned>, Vec<FieldError>> {
    let Some(list) = manual else {
        let mut left = available;
        let mut plan = Vec::new();
        for o in open {
            if left == 0 {
                break;
            }
            let take = o.balance_fen.min(left);
            plan.push(Planned {
                receivable_id: o.receivable_id,
                amount_fen: take,
            });
            left -= take;
        }
        return Ok(plan);
    };
    let mut errors = Vec::new();
    let mut total = 0i64;
    for (i, a) in list.iter().enumerate() {
        match open.iter().find(|o| o.receivable_id == a.receivable_id) {
            None => errors.push(FieldError::new(
                format!("allocations[{i}].receivable_id"),
                "unknown",
                "not an open receivable of this customer",
            )),
            Some(_) if a.amount_fen <= 0 => errors.push(FieldError::new(
                format!("allocations[{i}].amount_fen"),
                "out_of_range",
                "more than 0",
            )),
            Some(o) if a.amount_fen > o.balance_fen => errors.push(FieldError::new(
                format!("allocations[{i}].amount_fen"),
                "payment.over_allocated",
                format!("the receivable's open balance is {} fen", o.balance_fen),
            )),
            _ => {}
        }
        if list[..i].iter().any(|x| x.receivable_id == a.receivable_id) {
            errors.push(FieldError::new(
                format!("allocations[{i}].receivable_id"),
                "duplicate",
                "one entry per receivable",
            ));
        }
        total = total.saturating_add(a.amount_fen.max(0));
    }
    if total > available {
        errors.push(FieldError::new(
            "allocations",
            "payment.over_allocated",
            format!("only {available} fen of the payment are left to allocate"),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(list
        .iter()
        .map(|a| Planned {
            receivable_id: a.receivable_id,
            amount_fen: a.amount_fen,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(list: &[(i64, i64)]) -> Vec<OpenBalance> {
        list.iter()
            .map(|&(receivable_id, balance_fen)| OpenBalance {
                receivable_id,
                balance_fen,
            })
            .collect()
    }

    fn given(list: &[(i64, i64)]) -> Vec<AllocationInput> {
        list.iter()
            .map(|&(receivable_id, amount_fen)| AllocationInput {
                receivable_id,
                amount_fen,
            })
            .collect()
    }

    #[test]
    fn oldest_first_until_the_payment_is_used() {
        let balances = open(&[(1, 100), (2, 50), (3, 70)]);
        let cases: [(i64, &[(i64, i64)]); 4] = [
            (0, &[]),
            (80, &[(1, 80)]),
            (120, &[(1, 100), (2, 20)]),
            (1000, &[(1, 100), (2, 50), (3, 70)]),
        ];
        for (available, want) in cases {
            let got: Vec<(i64, i64)> = plan(&balances, None, available)
                .unwrap()
                .iter()
                .map(|p| (p.receivable_id, p.amount_fen))
                .collect();
            assert_eq!(got, want, "{available}");
        }
    }

    #[test]
    fn given_allocations_are_checked() {
        let balances = open(&[(1, 100), (2, 50)]);
        type Given<'a> = &'a [(i64, i64)];
        type Expected<'a> = &'a [(&'a str, &'a str)];
        let cases: [(Given, i64, Expected); 6] = [
            (&[(2, 50), (1, 10)], 60, &[]),
            (
                &[(9, 10)],
                100,
                &[("allocations[0].receivable_id", "unknown")],
            ),
            (
                &[(1, 0)],
                100,
                &[("allocations[0].amount_fen", "out_of_range")],
            ),
            (
                &[(2, 51)],
                100,
                &[("allocations[0].amount_fen", "payment.over_allocated")],
            ),
            (
                &[(1, 10), (1, 10)],
                100,
                &[("allocations[1].receivable_id", "duplicate")],
            ),
            (&[(1, 60)], 50, &[("allocations", "payment.over_allocated")]),
        ];
        for (list, available, want) in cases {
            let got: Vec<(String, String)> = match plan(&balances, Some(&given(list)), available) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            };
            let want: Vec<(String, String)> = want
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string()))
                .collect();
            assert_eq!(got, want, "{list:?}");
        }
    }
}
