//! Receivables, payments (回款) with allocation, credit notes, and the AR aging register.
pub mod aging;
pub mod card;
pub mod model;
pub mod repo;
pub mod routes;
pub mod rules;
pub mod service;
pub mod statement;

/// An amount in fen as 元 with two decimals ("12345.60 元"), for titles and notes.
pub fn format_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02} 元", abs / 100, abs % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn yuan_is_written_to_the_fen() {
        assert_eq!(super::format_yuan(1_234_560), "12345.60 元");
        assert_eq!(super::format_yuan(5), "0.05 元");
        assert_eq!(super::format_yuan(-150), "-1.50 元");
    }
}
