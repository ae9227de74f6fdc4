//! The CORS decision: a pure function from a request head and a policy to
//! what the response must be. The actix-web services only apply it.

use std::fmt;

use actix_web::http::header::{HeaderMap, HeaderValue};
use actix_web::http::Method;

use crate::policy::Policy;
use crate::request::{requested_headers, Head, Requested};
use crate::verdict::{OriginAnswer, OriginVerdict};
use crate::writes::{write_refusal, WriteRefusal};

/// What a policy says about one request: the answer of [`decide`].
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{decide, Decision, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// assert_eq!(decide(&policy, &Method::GET, &headers), Decision::NotCors);
/// headers.insert(ORIGIN, HeaderValue::from_static("https://evil.example.net"));
/// assert_eq!(decide(&policy, &Method::GET, &headers), Decision::ActualRefused);
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision<'a> {
    /// No `Origin` header (or more than one): not a CORS request. The
    /// response gets no CORS header (only `Vary: Origin` where the policy
    /// depends on the origin).
    NotCors,
    /// An allowed preflight: answer 204 with the preflight headers; the
    /// handler is not called.
    Preflight(Preflight<'a>),
    /// A refused preflight: answer 403 without CORS headers.
    PreflightRefused(Refusal<'a>),
    /// An actual request from an allowed origin: the handler's response gets
    /// the CORS headers. Holds the `Origin` value to echo.
    Actual(&'a HeaderValue),
    /// An actual request from an origin the policy does not allow: the
    /// response passes through without CORS headers, and the browser
    /// withholds it from the script.
    ActualRefused,
    /// A cross-origin request with an unsafe method from an origin the
    /// policy does not trust, to a route that refuses cross-origin writes
    /// (`credentials = true`, or `refuse_cross_origin_writes = true`):
    /// answer 403; the handler is not called.
    WriteRefused(WriteRefusal),
}

/// An allowed preflight, with the request values the answer echoes.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{decide, Decision, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// headers.insert(ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// headers.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("POST"));
/// let Decision::Preflight(preflight) = decide(&policy, &Method::OPTIONS, &headers) else {
///     panic!("an allowed preflight");
/// };
/// assert_eq!(preflight.origin, "https://app.example.com");
/// assert!(!preflight.private_network);
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preflight<'a> {
    /// The request's `Origin`.
    pub origin: &'a HeaderValue,
    /// Whether the request asked for private network access (and the policy
    /// allows it).
    pub private_network: bool,
}

/// Why a preflight was refused; its `Display` is the one-line reason the
/// 403 answer carries.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{decide, Decision, Policy, Refusal};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// headers.insert(ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// headers.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("DELETE"));
/// let refusal = Refusal::Method("DELETE");
/// assert_eq!(decide(&policy, &Method::OPTIONS, &headers), Decision::PreflightRefused(refusal));
/// assert_eq!(refusal.to_string(), "method \"DELETE\" not allowed");
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal<'a> {
    /// The origin is not allowed (or is not valid text).
    Origin,
    /// The requested method is not allowed.
    Method(&'a str),
    /// A requested header is not allowed.
    Header(&'a str),
    /// An `Access-Control-Request-Headers` line is not text, so no name in
    /// it can be allowed.
    HeaderNotText,
    /// The request asked for private network access and the policy does not
    /// allow it.
    PrivateNetwork,
    /// The route serving the requested method has `#[cors(disabled)]`.
    Disabled,
    /// The origin is not allowed, and the policy's origin set
    /// (`origins_from`, this name) is not in the `app_data` the request
    /// sees, so the set could not allow it: the app must give the set.
    /// Only the middleware and the route resources, which ask with the
    /// request, find a set missing; [`decide`] has no request and says
    /// [`Refusal::Origin`].
    OriginSetMissing(&'a str),
}

impl fmt::Display for Refusal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Origin => f.write_str("origin not allowed"),
            Refusal::Method(method) => write!(f, "method {method:?} not allowed"),
            Refusal::Header(name) => write!(f, "request header {name:?} not allowed"),
            Refusal::HeaderNotText => f.write_str("request header \"(not text)\" not allowed"),
            Refusal::PrivateNetwork => f.write_str("private network access not allowed"),
            Refusal::Disabled => f.write_str("CORS is disabled for this route"),
            Refusal::OriginSetMissing(name) => write!(
                f,
                "origin set {name:?} not found in app_data; give it with \
                 .app_data(OriginSets::new().set({name:?}, [...])?) on the App, \
                 or on the scope that holds the route"
            ),
        }
    }
}

/// Decides a request under a policy.
///
/// A preflight is `OPTIONS` with `Access-Control-Request-Method` and
/// `Origin`; any other request with an `Origin` is an actual request. A
/// policy that refuses cross-origin writes refuses an unsafe-method
/// request a page of another origin sent, unless it trusts that origin
/// ([`Decision::WriteRefused`]).
///
/// ```
/// use actix_web::http::{header, Method};
/// use actix_web::http::header::{HeaderMap, HeaderValue};
/// # use route_cors_runtime as route_cors;
/// use route_cors::{decide, Decision, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build().unwrap();
/// let mut headers = HeaderMap::new();
/// headers.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// assert!(matches!(decide(&policy, &Method::GET, &headers), Decision::Actual(_)));
/// ```
///
/// Without a request, an origin set configured at start-up, an origin
/// function of the request and an async origin function allow nothing;
/// the middleware and the route resources ask them with the request.
pub fn decide<'a>(policy: &Policy, method: &Method, headers: &'a HeaderMap) -> Decision<'a> {
    let head = Head::read(method, headers);
    let origin_allowed = head.origin.is_some_and(|origin| {
        policy.origin_verdict(origin.as_bytes(), None) == OriginVerdict::Allowed
    });
    let origin = if origin_allowed {
        OriginAnswer::Allowed
    } else {
        OriginAnswer::Refused
    };
    decide_head(policy, &head, origin)
}

/// The decision on a request head whose origin the policy allows or not
/// (the services ask with the request, and await an async origin function,
/// before they call this).
pub(crate) fn decide_head<'a>(
    policy: &Policy,
    head: &Head<'a>,
    answer: OriginAnswer<'a>,
) -> Decision<'a> {
    let origin_allowed = answer.allowed();
    if head.write.is_some() && policy.checked.refuse_cross_origin_writes {
        if let Some(refusal) = write_refusal(head, origin_allowed) {
            return Decision::WriteRefused(refusal);
        }
    }
    let Some(origin) = head.origin else {
        return Decision::NotCors;
    };
    let Some(asked) = &head.preflight else {
        return if origin_allowed {
            Decision::Actual(origin)
        } else {
            Decision::ActualRefused
        };
    };
    match answer {
        OriginAnswer::Allowed => {}
        OriginAnswer::Refused => return Decision::PreflightRefused(Refusal::Origin),
        OriginAnswer::SetMissing(name) => {
            return Decision::PreflightRefused(Refusal::OriginSetMissing(name))
        }
    }
    if !policy.allows_method(asked.method) {
        return Decision::PreflightRefused(Refusal::Method(asked.method));
    }
    for requested in requested_headers(asked.headers) {
        match requested {
            Requested::Name(name) if policy.allows_request_header(name) => {}
            Requested::Name(name) => return Decision::PreflightRefused(Refusal::Header(name)),
            Requested::NotText => return Decision::PreflightRefused(Refusal::HeaderNotText),
        }
    }
    if asked.private_network && !policy.checked.private_network {
        return Decision::PreflightRefused(Refusal::PrivateNetwork);
    }
    Decision::Preflight(Preflight {
        origin,
        private_network: asked.private_network,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK;
    use crate::Policy;
    use actix_web::http::header;

    fn policy() -> Policy {
        Policy::builder()
            .allow_origins(["https://app.example.com", "https://*.example.org"])
            .allow_methods(["GET", "PUT", "PATCH", "DELETE"])
            .allow_headers(["content-type", "x-csrf-token"])
            .allow_credentials(true)
            .build()
            .unwrap()
    }

    /// What the decision is, without the borrowed values.
    #[derive(Debug, PartialEq, Eq)]
    enum Kind {
        NotCors,
        Preflight,
        Refused(&'static str),
        Actual,
        ActualRefused,
        WriteRefused,
    }

    fn kind(decision: Decision<'_>) -> Kind {
        match decision {
            Decision::NotCors => Kind::NotCors,
            Decision::Preflight(_) => Kind::Preflight,
            Decision::PreflightRefused(Refusal::Origin) => Kind::Refused("origin"),
            Decision::PreflightRefused(Refusal::Method(_)) => Kind::Refused("method"),
            Decision::PreflightRefused(Refusal::Header(_) | Refusal::HeaderNotText) => {
                Kind::Refused("header")
            }
            Decision::PreflightRefused(Refusal::PrivateNetwork) => Kind::Refused("pna"),
            Decision::PreflightRefused(Refusal::Disabled) => Kind::Refused("disabled"),
            Decision::PreflightRefused(Refusal::OriginSetMissing(_)) => Kind::Refused("set"),
            Decision::Actual(_) => Kind::Actual,
            Decision::ActualRefused => Kind::ActualRefused,
            Decision::WriteRefused(_) => Kind::WriteRefused,
        }
    }

    /// Method, request headers, expected decision.
    type Case = (&'static str, &'static [(&'static str, &'static str)], Kind);

    #[test]
    fn table() {
        let policy = policy();
        let cases: &[Case] = &[
            ("GET", &[], Kind::NotCors),
            (
                "OPTIONS",
                &[("access-control-request-method", "PUT")],
                Kind::NotCors,
            ),
            (
                "OPTIONS",
                &[("origin", "https://app.example.com")],
                Kind::Actual,
            ),
            (
                "GET",
                &[("origin", "https://app.example.com")],
                Kind::Actual,
            ),
            ("POST", &[("origin", "https://a.example.org")], Kind::Actual),
            (
                "GET",
                &[("origin", "https://evil.com")],
                Kind::ActualRefused,
            ),
            (
                "GET",
                &[("origin", "https://app.example.com.evil.net")],
                Kind::ActualRefused,
            ),
            ("GET", &[("origin", "null")], Kind::ActualRefused),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                ],
                Kind::Preflight,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://evil.com"),
                    ("access-control-request-method", "PUT"),
                ],
                Kind::Refused("origin"),
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "POST"),
                ],
                Kind::Refused("method"),
            ),
            // The six normalized methods match in any case...
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "delete"),
                ],
                Kind::Preflight,
            ),
            // ...every other method is case-sensitive.
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "patch"),
                ],
                Kind::Refused("method"),
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PATCH"),
                ],
                Kind::Preflight,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", ""),
                ],
                Kind::Refused("method"),
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        "content-type,x-csrf-token",
                    ),
                ],
                Kind::Preflight,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        " X-CSRF-Token , ,content-type,content-type ",
                    ),
                ],
                Kind::Preflight,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", ""),
                ],
                Kind::Preflight,
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-headers", "x-other"),
                ],
                Kind::Refused("header"),
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    (
                        "access-control-request-headers",
                        "content-type x-csrf-token",
                    ),
                ],
                Kind::Refused("header"),
            ),
            (
                "OPTIONS",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "PUT"),
                    ("access-control-request-private-network", "true"),
                ],
                Kind::Refused("pna"),
            ),
        ];
        for (method, headers, expected) in cases {
            let mut map = HeaderMap::new();
            for (name, value) in *headers {
                map.append(
                    header::HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            assert_eq!(
                &kind(decide(&policy, &method, &map)),
                expected,
                "{method} {headers:?}"
            );
        }
    }

    #[test]
    fn refusal_names_the_value() {
        let policy = policy();
        let mut map = HeaderMap::new();
        map.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://app.example.com"),
        );
        map.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        map.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("content-type, x-secret"),
        );
        let decision = decide(&policy, &Method::OPTIONS, &map);
        assert_eq!(
            decision,
            Decision::PreflightRefused(Refusal::Header("x-secret"))
        );
        assert_eq!(
            Refusal::Header("x-secret").to_string(),
            "request header \"x-secret\" not allowed"
        );
        assert_eq!(
            Refusal::Method("patch").to_string(),
            "method \"patch\" not allowed"
        );
    }

    #[test]
    fn non_text_origin_is_refused_not_a_panic() {
        let policy = policy();
        let mut map = HeaderMap::new();
        map.insert(
            header::ORIGIN,
            HeaderValue::from_bytes(b"https://app.example.com\xff").unwrap(),
        );
        assert_eq!(decide(&policy, &Method::GET, &map), Decision::ActualRefused);
        map.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        assert_eq!(
            decide(&policy, &Method::OPTIONS, &map),
            Decision::PreflightRefused(Refusal::Origin)
        );
    }

    #[test]
    fn preflight_echoes_request_values() {
        let policy = Policy::builder()
            .allow_origin("https://app.example.com")
            .allow_private_network(true)
            .build()
            .unwrap();
        let mut map = HeaderMap::new();
        map.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://app.example.com"),
        );
        map.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("POST"),
        );
        map.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("authorization,x-any"),
        );
        map.insert(
            ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK,
            HeaderValue::from_static("true"),
        );
        let Decision::Preflight(preflight) = decide(&policy, &Method::OPTIONS, &map) else {
            panic!("expected an allowed preflight");
        };
        assert_eq!(preflight.origin, "https://app.example.com");
        assert!(preflight.private_network);
    }
}
