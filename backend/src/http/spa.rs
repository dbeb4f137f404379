//! Serves the built web app from `JIYUAN_WEB_DIR`: hashed assets with a year-long cache,
//! `index.html` (never cached) for every client route, and never in place of `/api`, `/docs`,
//! `/metrics` or the health checks, which answer a 404 problem for unknown paths.

use std::path::{Component, Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::http::Method;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::error::ApiError;
use crate::state::AppState;

const RESERVED: &[&str] = &["/api", "/docs", "/metrics", "/healthz", "/readyz"];

fn is_reserved(path: &str) -> bool {
    RESERVED
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// `dir` + the URL path, refusing anything that would leave `dir`.
fn safe_join(dir: &Path, rel: &str) -> Option<PathBuf> {
    let rel = Path::new(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    Some(dir.join(rel))
}

pub async fn spa_or_not_found(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path().to_string();
    if is_reserved(&path) || !(req.method() == Method::GET || req.method() == Method::HEAD) {
        return Err(ApiError::NotFound);
    }
    let dir = &state.config.web_dir;
    let index = dir.join("index.html");
    if !index.is_file() {
        return Err(ApiError::NotFound);
    }
    let rel = path.trim_start_matches('/');
    let decoded = percent_decode(rel);
    let (file, immutable) =
        match safe_join(dir, &decoded).filter(|p| !decoded.is_empty() && p.is_file()) {
            Some(f) => (f, decoded.starts_with("assets/")),
            None if decoded.starts_with("assets/") => return Err(ApiError::NotFound),
            None => (index, false),
        };
    let named = NamedFile::open_async(&file)
        .await
        .map_err(|_| ApiError::NotFound)?;
    let mut res = named.into_response(&req);
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(res)
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("p={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_prefixes() {
        assert!(is_reserved("/api/v1/x"));
        assert!(is_reserved("/docs"));
        assert!(is_reserved("/metrics"));
        assert!(!is_reserved("/apiary"));
        assert!(!is_reserved("/users/1"));
    }

    #[test]
    fn traversal_refused() {
        assert!(safe_join(Path::new("/srv"), "../etc/passwd").is_none());
        assert!(safe_join(Path::new("/srv"), "/etc/passwd").is_none());
        assert_eq!(
            safe_join(Path::new("/srv"), "assets/a.js"),
            Some(PathBuf::from("/srv/assets/a.js"))
        );
    }
}
