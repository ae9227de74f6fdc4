//! Cross-origin write protection: a request with an unsafe method that a
//! page of another origin sent, from an origin the route does not trust,
//! is refused before it changes anything.
//!
//! CORS only decides whether a script may read a response. A form `POST`,
//! or a `fetch` with a safelisted content type, needs no preflight and
//! reaches the handler from any site, with the user's cookies where the
//! browser sends them. The algorithm is Go 1.25's
//! `http.CrossOriginProtection` (net/http `csrf.go`):
//!
//! 1. GET, HEAD and OPTIONS pass.
//! 2. `Sec-Fetch-Site: same-origin` or `none` passes; any other value
//!    (`cross-site`, `same-site`) is refused unless the origin is trusted.
//! 3. Without `Sec-Fetch-Site`: without `Origin` the request passes (a
//!    same-origin request of an old browser, or no browser at all); an
//!    `Origin` whose host (and port) is the `Host` passes; any other is
//!    refused unless the origin is trusted.
//!
//! Where route-cors differs from Go:
//!
//! - The trusted origins are the route's own CORS origins, decided by the
//!   same origin verdict the CORS answer uses (exact origins, patterns,
//!   regexes, origin sets, origin functions); Go keeps a separate list of
//!   exact origins.
//! - It applies per route: on by default for routes with
//!   `credentials = true`, on elsewhere with `refuse_cross_origin_writes`,
//!   off with `dangerously_allow_cross_origin_writes`; there are no bypass
//!   patterns.
//! - Two `Sec-Fetch-Site` lines count as an unknown value, and an `Origin`
//!   sent as two lines is never the `Host` (Go reads the first line).
//! - `Host` is the request's `Host` header; an HTTP/2 request without
//!   one is compared with nothing, so only `Sec-Fetch-Site`, which every
//!   current browser sends, or a trusted origin lets it pass.
//! - The refusal is a 403 with a short reason and an `info` record.

use std::fmt;

use crate::request::Head;

/// Why a cross-origin write was refused; its `Display` is the reason the
/// 403 answer carries.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::WriteRefusal;
///
/// assert_eq!(
///     WriteRefusal::CrossSite.to_string(),
///     "cross-origin request from an origin this route does not trust",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteRefusal {
    /// `Sec-Fetch-Site` says another origin sent it.
    CrossSite,
    /// No `Sec-Fetch-Site` (an older browser), and the `Origin` is not the
    /// `Host`.
    OriginNotHost,
}

impl fmt::Display for WriteRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WriteRefusal::CrossSite => {
                "cross-origin request from an origin this route does not trust"
            }
            WriteRefusal::OriginNotHost => {
                "cross-origin request (Origin is not Host) from an origin this route does not trust"
            }
        })
    }
}

/// Whether a request must be refused as a cross-origin write, given
/// whether the route trusts its origin.
pub(crate) fn write_refusal(head: &Head<'_>, origin_trusted: bool) -> Option<WriteRefusal> {
    let write = head.write.as_ref()?;
    match write.fetch_site {
        Some(b"same-origin" | b"none") => return None,
        Some(_) => return (!origin_trusted).then_some(WriteRefusal::CrossSite),
        None => {}
    }
    if !write.any_origin {
        return None;
    }
    let same_host = head
        .origin
        .zip(write.host)
        .is_some_and(|(origin, host)| origin_authority(origin.as_bytes()) == Some(host.as_bytes()));
    (!same_host && !origin_trusted).then_some(WriteRefusal::OriginNotHost)
}

/// The host and port of a serialized origin: what follows `://`.
fn origin_authority(origin: &[u8]) -> Option<&[u8]> {
    let at = origin.windows(3).position(|window| window == b"://")?;
    Some(&origin[at + 3..])
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
    use actix_web::http::Method;

    use super::*;

    /// Method, headers, whether the route trusts the origin, expected.
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        bool,
        Option<WriteRefusal>,
    );

    #[test]
    fn table() {
        use WriteRefusal::{CrossSite, OriginNotHost};
        const EVIL: (&str, &str) = ("origin", "https://evil.example");
        const HOST: (&str, &str) = ("host", "api.example.com");
        let cases: &[Case] = &[
            // Safe methods pass, whatever their origin.
            (
                "GET",
                &[EVIL, ("sec-fetch-site", "cross-site")],
                false,
                None,
            ),
            (
                "HEAD",
                &[EVIL, ("sec-fetch-site", "cross-site")],
                false,
                None,
            ),
            (
                "OPTIONS",
                &[EVIL, ("sec-fetch-site", "cross-site")],
                false,
                None,
            ),
            // Sec-Fetch-Site decides when present.
            (
                "POST",
                &[EVIL, ("sec-fetch-site", "cross-site")],
                false,
                Some(CrossSite),
            ),
            (
                "POST",
                &[EVIL, ("sec-fetch-site", "same-site")],
                false,
                Some(CrossSite),
            ),
            (
                "POST",
                &[EVIL, ("sec-fetch-site", "cross-site")],
                true,
                None,
            ),
            (
                "DELETE",
                &[("sec-fetch-site", "cross-site")],
                false,
                Some(CrossSite),
            ),
            (
                "POST",
                &[EVIL, ("sec-fetch-site", "same-origin")],
                false,
                None,
            ),
            ("POST", &[("sec-fetch-site", "none")], false, None),
            (
                "PUT",
                &[EVIL, ("sec-fetch-site", "whatever")],
                false,
                Some(CrossSite),
            ),
            (
                "POST",
                &[
                    ("sec-fetch-site", "same-origin"),
                    ("sec-fetch-site", "same-origin"),
                ],
                false,
                Some(CrossSite),
            ),
            // Without it, Origin against Host.
            ("POST", &[EVIL, HOST], false, Some(OriginNotHost)),
            ("POST", &[EVIL, HOST], true, None),
            (
                "POST",
                &[("origin", "https://api.example.com"), HOST],
                false,
                None,
            ),
            (
                "POST",
                &[("origin", "http://api.example.com"), HOST],
                false,
                None,
            ),
            (
                "POST",
                &[("origin", "https://api.example.com:8443"), HOST],
                false,
                Some(OriginNotHost),
            ),
            (
                "POST",
                &[
                    ("origin", "https://api.example.com"),
                    ("host", "api.example.com:8443"),
                ],
                false,
                Some(OriginNotHost),
            ),
            (
                "POST",
                &[("origin", "null"), HOST],
                false,
                Some(OriginNotHost),
            ),
            (
                "POST",
                &[("origin", "https://api.example.com")],
                false,
                Some(OriginNotHost),
            ),
            (
                "POST",
                &[
                    ("origin", "https://api.example.com"),
                    ("origin", "https://api.example.com"),
                    HOST,
                ],
                false,
                Some(OriginNotHost),
            ),
            // Neither header: not a browser, or an old browser same-origin.
            ("POST", &[HOST], false, None),
            ("PATCH", &[], false, None),
        ];
        for (method, headers, trusted, expected) in cases {
            let mut map = HeaderMap::new();
            for (name, value) in *headers {
                map.append(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let head = Head::read(&method, &map);
            assert_eq!(
                write_refusal(&head, *trusted),
                *expected,
                "{method} {headers:?} trusted: {trusted}"
            );
        }
    }
}
