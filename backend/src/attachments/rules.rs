//! What a file must be: its kind recognised by content, its name made safe.

/// The file kinds accepted, recognised by their first bytes (the name alone proves nothing).
pub fn sniff(bytes: &[u8], filename: &str) -> Option<&'static str> {
    let lower = filename.to_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".xlsx") {
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        None
    }
}

/// A file name safe to keep and to send back: no path, no control characters, at most 200 chars.
pub fn clean_filename(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    (!cleaned.is_empty() && cleaned != "." && cleaned != "..").then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_recognised_by_content() {
        assert_eq!(sniff(b"%PDF-1.7 ...", "a.pdf"), Some("application/pdf"));
        assert_eq!(
            sniff(b"%PDF-1.7 ...", "licence.jpg"),
            Some("application/pdf"),
            "the content decides"
        );
        assert_eq!(
            sniff(b"MZ\x90\x00", "a.pdf"),
            None,
            "an executable named .pdf is refused"
        );
        assert_eq!(sniff(b"PK\x03\x04...", "a.zip"), None);
        assert!(sniff(b"PK\x03\x04...", "合同.docx").is_some());
    }

    #[test]
    fn file_names_lose_their_paths() {
        assert_eq!(
            clean_filename("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            clean_filename("C:\\scans\\营业执照.pdf").as_deref(),
            Some("营业执照.pdf")
        );
        assert_eq!(clean_filename(".."), None);
        assert_eq!(clean_filename(""), None);
    }
}
