//! Access tokens: HS256 pinned, every claim required and checked.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const ISSUER: &str = "jiyuan-crm";
pub const AUDIENCE: &str = "jiyuan-crm-api";
pub const TYP_ACCESS: &str = "access";

#[derive(Debug, Serialize, Deserialize, Clone)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user's id.
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    /// Always `access`: refresh tokens are opaque and never JWTs.
    pub typ: String,
    /// The user's session generation when issued; bumped by password change, disable and
    /// "end sessions", which makes every older token invalid at once.
    pub gen: i64,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> JwtKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        // set_issuer/set_audience do not make the claims required; this does.
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = 5;
        validation.validate_exp = true;
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, user_id: i64, generation: i64, ttl_secs: u64) -> String {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.to_string(),
            exp: now + ttl_secs as i64,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            typ: TYP_ACCESS.into(),
            gen: generation,
        };
        self.sign(&claims)
    }

    /// Sign arbitrary claims (tests forge tokens with it).
    pub fn sign<T: Serialize>(&self, claims: &T) -> String {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .expect("HS256 signing cannot fail")
    }

    /// The claims of a valid access token, or None.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let c = data.claims;
        (c.typ == TYP_ACCESS
            && c.iat <= chrono::Utc::now().timestamp() + 5
            && c.sub.parse::<i64>().is_ok())
        .then_some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        let t = keys.issue(7, 3, 60);
        let c = keys.verify(&t).expect("valid");
        assert_eq!((c.sub.as_str(), c.gen), ("7", 3));
        let other = JwtKeys::new(b"another-secret-another-secret-xx");
        assert!(other.verify(&t).is_none(), "wrong key");
        let mut expired = c.clone();
        expired.exp = chrono::Utc::now().timestamp() - 120;
        assert!(keys.verify(&keys.sign(&expired)).is_none(), "expired");
        let mut wrong_typ = c.clone();
        wrong_typ.typ = "refresh".into();
        assert!(keys.verify(&keys.sign(&wrong_typ)).is_none(), "typ");
    }
}
