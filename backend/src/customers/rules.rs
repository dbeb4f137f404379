//! Pure rules of the customer master: the unified social credit code's check digit, the
//! normalised name used to find duplicates, the search text with pinyin, customer codes.

use pinyin::ToPinyin;

/// Characters of the unified social credit code (GB 32100-2015): digits and capitals without
/// I, O, Z, S, V.
const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a unified social credit code is wrong, or None when it is valid.
pub fn uscc_problem(code: &str) -> Option<&'static str> {
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Some("must be 18 characters");
    }
    let mut values = Vec::with_capacity(18);
    for c in &chars {
        match USCC_CHARS.find(*c) {
            Some(v) => values.push(v as u32),
            None => return Some("contains a character that is not allowed (digits and capitals except I, O, Z, S, V)"),
        }
    }
    let sum: u32 = values[..17]
        .iter()
        .zip(USCC_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Some("check digit does not match (GB 32100-2015)");
    }
    None
}

/// The name as compared for duplicates: no spaces or punctuation, full-width folded, lower case,
/// and the common legal-form suffixes removed ("河北纪元光电有限公司" = "河北纪元光电").
pub fn name_key(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            // Full-width ASCII variants → ASCII.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect();
    for suffix in [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团公司",
        "公司",
        "coltd",
        "limited",
        "ltd",
        "inc",
        "co",
    ] {
        if s.len() > suffix.len() && s.ends_with(suffix) {
            s.truncate(s.len() - suffix.len());
            break;
        }
    }
    s
}

/// Pinyin of the Chinese characters in `text`: (full, initials), lower case, other characters kept.
pub fn pinyin(text: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if c.is_alphanumeric() => {
                for l in c.to_lowercase() {
                    full.push(l);
                    initials.push(l);
                }
            }
            None => {}
        }
    }
    (full, initials)
}

/// Everything the search box matches, lower case and separated by `|`: name, its pinyin and
/// initials, code, phone and fax digits, credit code.
pub fn search_text(
    name: &str,
    code: &str,
    phone: &str,
    fax: &str,
    credit_code: Option<&str>,
) -> String {
    let (full, initials) = pinyin(name);
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    [
        name.to_lowercase(),
        full,
        initials,
        code.to_lowercase(),
        digits(phone),
        digits(fax),
        credit_code.unwrap_or("").to_lowercase(),
    ]
    .join("|")
}

/// The search box's text as matched against `search_text`.
pub fn search_needle(q: &str) -> String {
    let q = q.trim().to_lowercase();
    // A phone number typed with separators matches its digits.
    if q.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c))
        && q.chars().any(|c| c.is_ascii_digit())
    {
        return q.chars().filter(|c| c.is_ascii_digit()).collect();
    }
    q
}

/// Postal codes are six digits.
pub fn postal_code_ok(s: &str) -> bool {
    s.is_empty() || (s.len() == 6 && s.chars().all(|c| c.is_ascii_digit()))
}

/// Phone numbers: digits with the usual separators, 7–20 digits, optional leading +.
pub fn phone_ok(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    let allowed = s
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0));
    allowed && (7..=20).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_check_digit() {
        for valid in [
            "91350100M000100Y43",
            "91110000802100433B",
            "91130100MA07L7QG1A",
        ] {
            assert_eq!(uscc_problem(valid), None, "{valid}");
        }
        assert_eq!(
            uscc_problem("91350100M000100Y44"),
            Some("check digit does not match (GB 32100-2015)")
        );
        assert_eq!(
            uscc_problem("91350100M000100Y4"),
            Some("must be 18 characters")
        );
        assert!(
            uscc_problem("91350100I000100Y43").is_some(),
            "I is not allowed"
        );
    }

    #[test]
    fn duplicate_names_compare_equal() {
        assert_eq!(name_key("河北纪元光电有限公司"), name_key("河北纪元光电"));
        assert_eq!(
            name_key("河北 纪元光电（有限公司）"),
            name_key("河北纪元光电")
        );
        assert_eq!(name_key("ＡＢＣ Co., Ltd."), name_key("abc"));
        assert_ne!(name_key("河北纪元光电"), name_key("河北纪元"));
    }

    #[test]
    fn pinyin_full_and_initials() {
        let (full, initials) = pinyin("河北纪元光电A1");
        assert_eq!(full, "hebeijiyuanguangdiana1");
        assert_eq!(initials, "hbjygda1");
        let text = search_text(
            "河北纪元光电",
            "C202600001",
            "0311-8888 6666",
            "",
            Some("91350100M000100Y43"),
        );
        assert!(
            text.contains("hbjy")
                && text.contains("hebei")
                && text.contains("03118888")
                && text.contains("c2026")
        );
        assert_eq!(search_needle(" 0311-8888 "), "03118888");
        assert_eq!(search_needle("HBJY"), "hbjy");
    }

    #[test]
    fn phone_and_postal_code_formats() {
        assert!(phone_ok("0311-88886666") && phone_ok("+86 138 0013 8000") && phone_ok(""));
        assert!(!phone_ok("call me") && !phone_ok("123"));
        assert!(postal_code_ok("050000") && postal_code_ok(""));
        assert!(!postal_code_ok("05000") && !postal_code_ok("abcdef"));
    }
}
