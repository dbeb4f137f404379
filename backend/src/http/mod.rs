//! HTTP plumbing shared by every domain: JSON and query extractors that name the bad field,
//! paging, the request context used by the audit log, panic and 404 handling.

pub mod idempotency;
pub mod spa;

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, FieldError};
use crate::state::AppState;

/// A JSON body: wrong syntax → 400 `request.malformed_json`; unknown field, wrong type or
/// missing field → 422 `validation.failed` naming the field; over the limit → 413.
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.config.json_limit_bytes)
            .unwrap_or(1 << 20);
        let content_type_ok = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.starts_with("application/json") || v.contains("+json"))
            .unwrap_or(false);
        let declared_len = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared_len.is_some_and(|n| n > limit) {
                return Err(ApiError::TooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::MalformedJson(format!("could not read the body: {e}"))
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::TooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            if !content_type_ok {
                return Err(ApiError::MalformedJson(
                    "Content-Type must be application/json".into(),
                ));
            }
            parse_json(&body).map(ValidJson)
        })
    }
}

/// Deserialize with the path of the failing field.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                ApiError::Validation(vec![data_error(&path, &inner.to_string())])
            }
            _ => ApiError::MalformedJson(format!("the body is not valid JSON: {inner}")),
        }
    })
}

/// Turn serde's message into a field error with a stable code.
fn data_error(path: &str, message: &str) -> FieldError {
    // serde_json appends " at line L column C"; the path says where already.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string();
    // serde_path_to_error's path already ends with the unknown or missing field's name.
    let at = |name: &str| {
        if path.is_empty() || path == "." {
            name.to_string()
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        return FieldError::new(at(name), "unknown_field", message.clone());
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        return FieldError::new(at(name), "required", message.clone());
    }
    let code = if message.starts_with("invalid type") {
        "invalid_type"
    } else if message.starts_with("invalid value") || message.starts_with("unknown variant") {
        "invalid"
    } else if message.contains("out of range") || message.starts_with("invalid length") {
        "out_of_range"
    } else {
        "invalid"
    };
    let field = if path == "." {
        String::new()
    } else {
        path.to_string()
    };
    FieldError::new(field, code, message)
}

/// Query parameters, with the failing parameter named (400 `request.invalid_query`).
pub struct ValidQuery<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ValidQuery<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(ValidQuery))
    }
}

pub fn parse_query<T: DeserializeOwned>(qs: &str) -> Result<T, ApiError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(qs));
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let mut fe = data_error(&path, &err.into_inner().to_string());
        if fe.code == "invalid_type" {
            fe.code = "invalid".into();
        }
        ApiError::InvalidQuery(vec![fe])
    })
}

fn form_urlencoded_parse(qs: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(qs.as_bytes())
}

pub const MAX_PAGE_SIZE: i64 = 200;

/// `?page=1&page_size=20`; page sizes above 200 are capped, not refused.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// 1-based page number.
    #[param(minimum = 1, example = 1)]
    pub page: Option<i64>,
    /// Rows per page, 1–200 (larger values are capped at 200).
    #[param(minimum = 1, example = 20)]
    pub page_size: Option<i64>,
}

/// A validated page of a list: what the query reads (`size` rows from `offset`) and the page
/// answered from them.
#[derive(Debug, Clone, Copy)]
pub struct PageAt {
    pub page: i64,
    pub size: i64,
    pub offset: i64,
}

impl PageAt {
    /// The list page answer for the rows found and the total that matched.
    pub fn answer<T: ToSchema>(self, items: Vec<T>, total: i64) -> actix_web::web::Json<Page<T>> {
        actix_web::web::Json(Page {
            items,
            total,
            page: self.page,
            page_size: self.size,
        })
    }
}

impl Paging {
    /// The page a list handler reads, from its query's `page` and `page_size`.
    pub fn at(page: Option<i64>, page_size: Option<i64>) -> Result<PageAt, ApiError> {
        let (page, size, offset) = Paging { page, page_size }.resolve()?;
        Ok(PageAt { page, size, offset })
    }

    /// (page, page_size, offset), validated.
    pub fn resolve(&self) -> Result<(i64, i64, i64), ApiError> {
        let page = self.page.unwrap_or(1);
        let size = self.page_size.unwrap_or(20);
        if page < 1 {
            return Err(ApiError::InvalidQuery(vec![FieldError::new(
                "page",
                "out_of_range",
                "must be at least 1",
            )]));
        }
        if size < 1 {
            return Err(ApiError::InvalidQuery(vec![FieldError::new(
                "page_size",
                "out_of_range",
                "must be at least 1",
            )]));
        }
        let size = size.min(MAX_PAGE_SIZE);
        let offset = (page - 1).checked_mul(size).ok_or_else(|| {
            ApiError::InvalidQuery(vec![FieldError::new(
                "page",
                "out_of_range",
                "page is too large",
            )])
        })?;
        Ok((page, size, offset))
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// `?sort=name,-created_at` → [(field, descending)], each field checked against `allowed`.
pub fn parse_sort(sort: Option<&str>, allowed: &[&str]) -> Result<Vec<(String, bool)>, ApiError> {
    let mut out = Vec::new();
    for part in sort
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (desc, name) = match part.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, part),
        };
        if !allowed.contains(&name) {
            return Err(ApiError::InvalidQuery(vec![FieldError::new(
                "sort",
                "invalid",
                format!("cannot sort by {name:?}; allowed: {}", allowed.join(", ")),
            )]));
        }
        out.push((name.to_string(), desc));
    }
    Ok(out)
}

/// Who is asking and from where: what every audit row records.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub request_id: String,
    pub client_ip: String,
}

impl RequestMeta {
    pub fn from_request(req: &HttpRequest) -> RequestMeta {
        let request_id = req
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        RequestMeta {
            request_id,
            client_ip: peer_ip(req).map(|ip| ip.to_string()).unwrap_or_default(),
        }
    }

    /// For CLI actions and background jobs.
    pub fn system(label: &str) -> RequestMeta {
        RequestMeta {
            request_id: format!("{label}-{}", uuid::Uuid::new_v4()),
            client_ip: String::new(),
        }
    }
}

impl FromRequest for RequestMeta {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(RequestMeta::from_request(req)))
    }
}

/// The client's address: the TCP peer, or — when the peer is a trusted reverse proxy
/// (`JIYUAN_TRUSTED_PROXIES`) — the nearest address in `X-Forwarded-For` that is not one of
/// those proxies. A client's own forwarding header is never believed: it is the client's to forge.
pub fn peer_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.trusted_proxies.as_slice())
        .unwrap_or_default();
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    Some(client_ip(peer, &forwarded, trusted))
}

/// Walk `X-Forwarded-For` from the nearest hop while the hop is a trusted proxy.
pub fn client_ip(peer: IpAddr, forwarded_for: &str, trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    let mut client = peer;
    if !is_trusted(&peer) {
        return client;
    }
    for hop in forwarded_for.rsplit(',').map(str::trim) {
        let Ok(ip) = hop.parse::<IpAddr>() else {
            // A malformed hop: stop at the last address we could believe.
            break;
        };
        client = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    client
}

/// Unknown routes (and wrong methods) answer a 404 problem.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// For PATCH bodies: tells an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn double_option<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Read a raw upload into memory, refusing it (413) as soon as it passes `limit` bytes.
pub async fn read_upload(mut payload: web::Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|e| ApiError::MalformedJson(format!("could not read the upload: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::TooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}

#[cfg(test)]
mod tests {
    use super::client_ip;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        // A client talking directly cannot pick its address.
        assert_eq!(
            client_ip(ip("203.0.113.9"), "1.2.3.4", &proxies),
            ip("203.0.113.9")
        );
        // Through the proxy: the nearest untrusted hop, not the client's own first entry.
        assert_eq!(
            client_ip(ip("10.0.0.2"), "1.2.3.4, 198.51.100.7", &proxies),
            ip("198.51.100.7")
        );
        // Two proxies in a row.
        assert_eq!(
            client_ip(ip("10.0.0.2"), "198.51.100.7, 10.0.0.3", &proxies),
            ip("198.51.100.7")
        );
        // No header, or garbage: the proxy itself.
        assert_eq!(client_ip(ip("10.0.0.2"), "", &proxies), ip("10.0.0.2"));
        assert_eq!(
            client_ip(ip("10.0.0.2"), "unknown", &proxies),
            ip("10.0.0.2")
        );
        // No proxies configured: the header is ignored.
        assert_eq!(client_ip(ip("10.0.0.2"), "1.2.3.4", &[]), ip("10.0.0.2"));
    }
}
