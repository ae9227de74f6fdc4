//! Writing the CORS response headers a [`Decision`](crate::Decision) calls for.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::HttpResponse;

use crate::decision::{Preflight, Refusal};
use crate::writes::WriteRefusal;
use route_cors_rules::HeaderRule;

use crate::policy::Policy;
use crate::request::echoed_request_headers;
use crate::vary::add_vary;

/// `Access-Control-Allow-Private-Network` (Private Network Access).
const ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

const TRUE: HeaderValue = HeaderValue::from_static("true");
const ANY: HeaderValue = HeaderValue::from_static("*");

/// What a preflight answer varies on: the origin, and the requested method
/// and headers that decide between 204 and 403.
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/// The headers an actual response may carry; a refused origin gets none.
const ACTUAL_CORS_HEADERS: [HeaderName; 3] = [
    header::ACCESS_CONTROL_ALLOW_ORIGIN,
    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
];

impl Policy {
    /// `Access-Control-Allow-Origin`: `*` for `origins = "*"` (never with
    /// credentials), else the request's own origin.
    fn allow_origin(&self, origin: &HeaderValue) -> HeaderValue {
        if self.checked.origins.any {
            ANY
        } else {
            origin.clone()
        }
    }
}

/// The 204 answer to an allowed preflight; `requested_headers` are the
/// request's `Access-Control-Request-Headers` lines, which an echoing
/// policy sends back.
pub(crate) fn preflight_allowed(
    policy: &Policy,
    preflight: &Preflight<'_>,
    requested_headers: &[HeaderValue],
) -> HttpResponse {
    let prepared = policy.prepared();
    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        policy.allow_origin(preflight.origin),
    );
    if policy.checked.credentials {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        prepared.allow_methods.clone(),
    );
    let allow_headers = match &policy.checked.headers {
        // "*" echoes the requested names: unlike a literal `*`, that also
        // works with credentials and covers `Authorization`.
        HeaderRule::Echo => echoed_request_headers(requested_headers),
        HeaderRule::List(_) => prepared.allow_headers.clone(),
    };
    if let Some(allow_headers) = allow_headers {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    }
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, prepared.max_age.clone());
    if preflight.private_network {
        headers.insert(ACCESS_CONTROL_ALLOW_PRIVATE_NETWORK, TRUE);
    }
    headers.insert(header::VARY, HeaderValue::from_static(PREFLIGHT_VARY));
    response
}

/// The 403 answer to a refused preflight: no CORS header, a short reason.
/// A missing origin set is the reason itself, with its fix: the body
/// starts with `origin set "`.
pub(crate) fn preflight_refused(refusal: &Refusal<'_>) -> HttpResponse {
    let body = match refusal {
        // The reasons without a value of the request: a static body.
        Refusal::Origin => Bytes::from_static(b"CORS preflight refused: origin not allowed\n"),
        Refusal::PrivateNetwork => {
            Bytes::from_static(b"CORS preflight refused: private network access not allowed\n")
        }
        Refusal::Disabled => {
            Bytes::from_static(b"CORS preflight refused: CORS is disabled for this route\n")
        }
        Refusal::OriginSetMissing(_) => Bytes::from(format!("{refusal}\n")),
        _ => Bytes::from(format!("CORS preflight refused: {refusal}\n")),
    };
    refused(body, PREFLIGHT_VARY)
}

/// The 403 answer of `RouteCors` to a preflight it left to the route
/// because the route's origin set `name` is not in the App's `app_data`,
/// when a layer inside answered it instead (with `status`).
pub(crate) fn preflight_refused_before_routing(name: &str, status: StatusCode) -> HttpResponse {
    let body = Bytes::from(format!(
        "origin set {name:?} not found in the App's app_data, and a layer inside RouteCors \
         answered this preflight ({status}) before the route could look in its scope's; \
         give it with .app_data(OriginSets::new().set({name:?}, [...])?) on the App\n",
        status = status.as_u16(),
    ));
    refused(body, PREFLIGHT_VARY)
}

/// The 403 answer to a refused cross-origin write: no CORS header, a
/// short reason; the handler is not called. When the route's origin set
/// is missing (`missing_set`), that is the reason given first.
pub(crate) fn write_refused(refusal: &WriteRefusal, missing_set: Option<&str>) -> HttpResponse {
    let body = match missing_set {
        Some(name) => Bytes::from(format!(
            "{} (cross-origin write refused: {refusal})\n",
            Refusal::OriginSetMissing(name)
        )),
        None => Bytes::from(format!("Cross-origin write refused: {refusal}\n")),
    };
    refused(body, "Origin, Sec-Fetch-Site")
}

/// A 403 with a plain-text reason and the `Vary` it depends on.
fn refused(body: Bytes, vary: &'static str) -> HttpResponse {
    let mut response = HttpResponse::with_body(StatusCode::FORBIDDEN, body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::VARY, HeaderValue::from_static(vary));
    response.map_into_boxed_body()
}

/// Removes the actual-response CORS headers (`Vary` stays): for a response
/// of a route other than the one they were decided for.
#[inline]
pub(crate) fn remove_actual_cors_headers(headers: &mut HeaderMap) {
    for name in ACTUAL_CORS_HEADERS {
        headers.remove(name);
    }
}

/// Adds the actual-response headers for an allowed `origin` (or, with
/// `None`, removes any CORS header an inner layer or the handler set), and
/// `Vary: Origin` where the answer depends on the origin. Under
/// `origins = "*"` every response gets `Access-Control-Allow-Origin: *`,
/// with or without `Origin`, so that a shared cache can serve it to any
/// `fetch` (Fetch, "CORS protocol and HTTP caches"). The handler's own
/// headers and body are kept.
pub(crate) fn decorate_actual(
    policy: &Policy,
    headers: &mut HeaderMap,
    origin: Option<&HeaderValue>,
) {
    let allow_origin = if policy.checked.origins.any {
        Some(ANY)
    } else {
        origin.cloned()
    };
    match allow_origin {
        Some(allow_origin) => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
            if policy.checked.credentials {
                headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            } else {
                headers.remove(header::ACCESS_CONTROL_ALLOW_CREDENTIALS);
            }
            match &policy.prepared().expose_headers {
                Some(expose) => {
                    headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
                }
                None => {
                    headers.remove(header::ACCESS_CONTROL_EXPOSE_HEADERS);
                }
            }
        }
        None => remove_actual_cors_headers(headers),
    }
    if policy.varies_by_origin() {
        add_vary(headers, "Origin");
    }
}
