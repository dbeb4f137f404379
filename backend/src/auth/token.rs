//! Random secrets and their stored hashes (refresh tokens, API tokens, generated passwords and
//! keys): a leaf module, so configuration and start-up can make secrets without the rest of auth.

use base64::Engine;
use sha2::{Digest, Sha256};

/// Prefix of API tokens for integration scripts; access tokens are JWTs.
pub const API_TOKEN_PREFIX: &str = "jyt_";

/// URL-safe random secret of `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::fill(&mut buf[..]);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Tokens are stored only as this hash.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
