//! Password rules and argon2id hashing. Hashing is CPU-heavy: callers run it through
//! `AppState::hash_password`/`verify_password`, which hold a semaphore permit and use `web::block`.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::FieldError;

/// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
fn argon2() -> Argon2<'static> {
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("valid params"),
    )
}

pub fn hash(password: &str) -> String {
    let salt =
        SaltString::encode_b64(&rand::random::<[u8; 16]>()).expect("16 bytes is a valid salt");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid params")
        .to_string()
}

/// Constant-time verification; a malformed stored hash is a failed check, not a crash.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// The most common passwords of 8 characters or more (shorter ones fail the length rule),
/// from public breach-frequency lists, with the usual Chinese ones.
const COMMON: &[&str] = &[
    "password",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyuiop",
    "password1",
    "iloveyou",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "12341234",
    "87654321",
    "abcd1234",
    "1q2w3e4r",
    "1qaz2wsx",
    "qwerty123",
    "qwertyui",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "welcome1",
    "welcome",
    "admin123",
    "admin1234",
    "administrator",
    "passw0rd",
    "password123",
    "password12",
    "p@ssw0rd",
    "superman",
    "trustno1",
    "starwars",
    "whatever",
    "zaq12wsx",
    "q1w2e3r4",
    "asdfghjkl",
    "asdf1234",
    "1234qwer",
    "qwer1234",
    "a1234567",
    "a12345678",
    "aa123456",
    "woaini1314",
    "woaini520",
    "5201314520",
    "52013145",
    "1314520520",
    "147258369",
    "123123123",
    "321321321",
    "111111111",
    "123456789a",
    "a123456789",
    "abc12345",
    "abc123456",
    "abcdefgh",
    "iloveyou1",
    "computer",
    "michael1",
    "jennifer",
    "charlie1",
    "letmein1",
    "changeme",
    "changeme1",
    "monkey123",
    "dragon123",
    "football1",
    "1234abcd",
    "12345qwert",
    "qazwsxedc",
    "1qazxsw2",
    "zxcvbnm1",
    "zxcvbnm123",
    "123qweasd",
    "qweasdzxc",
    "789456123",
    "159753456",
    "woainima",
    "wangyang",
    "li123456",
    "zhang123",
    "123456aa",
    "123456abc",
    "aaaaaaaa",
    "jiyuan123",
    "jiyuan2026",
    "12345678910",
    "1122334455",
    "0123456789",
    "98765432",
    "987654321",
    "password!",
];

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

/// The server's password rules; the returned errors name `field`.
pub fn check_rules(field: &str, password: &str, username: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let len = password.chars().count();
    if len < MIN_LEN {
        errors.push(FieldError::new(
            field,
            "password.too_short",
            format!("must be at least {MIN_LEN} characters"),
        ));
    } else if len > MAX_LEN {
        errors.push(FieldError::new(
            field,
            "password.too_long",
            format!("must be at most {MAX_LEN} characters"),
        ));
    } else if COMMON.iter().any(|c| c.eq_ignore_ascii_case(password)) {
        errors.push(FieldError::new(
            field,
            "password.too_common",
            "is one of the most common passwords",
        ));
    } else if password.eq_ignore_ascii_case(username) {
        errors.push(FieldError::new(
            field,
            "password.equals_username",
            "must not equal the username",
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse battery");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn rules() {
        let codes = |p: &str| {
            check_rules("p", p, "zhangsan")
                .into_iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("short"), ["password.too_short"]);
        assert_eq!(codes(&"x".repeat(129)), ["password.too_long"]);
        assert_eq!(codes("Password1"), ["password.too_common"]);
        assert_eq!(codes("ZhangSan"), ["password.equals_username"]);
        assert!(codes("长城 mountain 2026").is_empty());
        assert!(codes(&"x".repeat(128)).is_empty());
    }
}
