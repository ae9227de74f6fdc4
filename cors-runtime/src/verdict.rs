//! The origin verdict: is this request's `Origin` allowed?
//!
//! The listed entries first (exact origins by hash, then `*`, the pattern
//! index and the regex set); then, for an origin that passes the guard
//! rails, the configured origin set, the origin function, and last the
//! async origin function, which the caller awaits. The value is split
//! once ([`OriginParts`]), and the exact set is looked up once. A refused
//! origin of a route whose origin set the app does not give is told
//! apart ([`OriginAnswer::SetMissing`]), so that the answer names the set
//! instead of the origin.

use actix_web::http::header::HeaderValue;
use actix_web::HttpRequest;
use route_cors_rules::is_trustworthy_serialized_host;

use crate::configured::OriginSets;
use crate::origin::{OriginParts, MAX_ORIGIN_LEN};
use crate::origin_fn::OriginCheck;
use crate::policy::Policy;
use crate::request;

/// What a policy says of an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OriginVerdict {
    Allowed,
    Refused,
    /// Only the async origin function can tell.
    Ask,
}

/// What a policy says of the origin of a request, once known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OriginAnswer<'a> {
    Allowed,
    Refused,
    /// Refused, and the route's origin set (`origins_from`, this name) is
    /// not in the `app_data` the request sees: the set would have been
    /// asked.
    SetMissing(&'a str),
}

impl<'a> OriginAnswer<'a> {
    pub(crate) fn allowed(self) -> bool {
        self == OriginAnswer::Allowed
    }

    /// The answer of an origin `allowed` or not, for a policy whose set
    /// may be missing (`missing_set`).
    pub(crate) fn of(allowed: bool, missing_set: Option<&'a str>) -> OriginAnswer<'a> {
        match (allowed, missing_set) {
            (true, _) => OriginAnswer::Allowed,
            (false, Some(name)) => OriginAnswer::SetMissing(name),
            (false, None) => OriginAnswer::Refused,
        }
    }
}

/// What a policy says of the origin of a request: known now, or known
/// when the async origin function answers (with the name of the route's
/// origin set when the app does not give it).
pub(crate) enum RequestVerdict<'a> {
    Known(OriginAnswer<'a>),
    Ask(OriginCheck, Option<&'a str>),
}

impl Policy {
    /// Whether `origin`, as the browser sent it, is allowed.
    ///
    /// ```
    /// # use route_cors_runtime::Policy;
    /// let policy = Policy::builder().allow_origin("https://*.example.com").build().unwrap();
    /// assert!(policy.allows_origin("https://a.b.example.com"));
    /// assert!(!policy.allows_origin("https://example.com"));
    /// assert!(!policy.allows_origin("https://evilexample.com"));
    /// ```
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.lists_exactly(origin.as_bytes())
            || self.unlisted_verdict(origin, None) == OriginVerdict::Allowed
    }

    /// What the policy says of a request's `Origin` value, without the
    /// request (the pure [`decide`](crate::decide)) or with it.
    pub(crate) fn origin_verdict(&self, origin: &[u8], req: Option<&HttpRequest>) -> OriginVerdict {
        // A listed origin, byte for byte: the usual allowed request,
        // answered before the text check (every listed origin is text).
        if self.lists_exactly(origin) {
            return OriginVerdict::Allowed;
        }
        match request::text(origin) {
            Some(origin) => self.unlisted_verdict(origin, req),
            None => OriginVerdict::Refused,
        }
    }

    /// [`origin_verdict`](Policy::origin_verdict) with the request, so
    /// that configured origin sets and origin functions of the request can
    /// answer; the async origin function's answer is a future to await.
    pub(crate) fn request_verdict(
        &self,
        origin: Option<&HeaderValue>,
        req: &HttpRequest,
    ) -> RequestVerdict<'_> {
        let Some(origin) = origin else {
            return RequestVerdict::Known(OriginAnswer::Refused);
        };
        match (
            self.origin_verdict(origin.as_bytes(), Some(req)),
            self.async_origin_fn,
        ) {
            (OriginVerdict::Allowed, _) => RequestVerdict::Known(OriginAnswer::Allowed),
            (OriginVerdict::Ask, Some(check)) => match request::text(origin.as_bytes()) {
                Some(origin) => RequestVerdict::Ask(
                    check(origin.to_owned(), req.clone()),
                    self.missing_set(req),
                ),
                None => RequestVerdict::Known(OriginAnswer::of(false, self.missing_set(req))),
            },
            _ => RequestVerdict::Known(OriginAnswer::of(false, self.missing_set(req))),
        }
    }

    /// The name of this policy's origin set when the request's `app_data`
    /// does not give it; asked only for a refused origin.
    pub(crate) fn missing_set(&self, req: &HttpRequest) -> Option<&str> {
        self.origin_set_name()
            .filter(|name| OriginSets::in_request(req, name).is_none())
    }

    /// The name of the origin set this policy takes origins from
    /// (`origins_from`), if any.
    pub(crate) fn origin_set_name(&self) -> Option<&str> {
        self.checked.origins.configured.as_deref()
    }

    fn lists_exactly(&self, origin: &[u8]) -> bool {
        self.prepared().exact_origins.contains(origin)
    }

    /// The verdict on an origin the exact set does not hold. The origin is
    /// split only when a pattern or a guard rail needs its parts.
    fn unlisted_verdict(&self, origin: &str, req: Option<&HttpRequest>) -> OriginVerdict {
        let origins = &self.checked.origins;
        if origins.any {
            return OriginVerdict::Allowed;
        }
        if origin.len() > MAX_ORIGIN_LEN {
            return OriginVerdict::Refused;
        }
        let dynamic = origins.configured.is_some()
            || self.origin_fn.is_some()
            || self.async_origin_fn.is_some();
        let parts = (dynamic || !self.prepared().patterns.is_empty())
            .then(|| OriginParts::split(origin))
            .flatten();
        if self.matches_rules(origin, parts.as_ref()) {
            return OriginVerdict::Allowed;
        }
        if !dynamic || !self.passes_guard_rails(origin, parts.as_ref()) {
            return OriginVerdict::Refused;
        }
        let in_configured_set = origins
            .configured
            .as_ref()
            .zip(req)
            .and_then(|(name, req)| OriginSets::in_request(req, name))
            .is_some_and(|set| {
                set.lists_exactly(origin.as_bytes()) || set.matches_rules(origin, parts.as_ref())
            });
        if in_configured_set
            || self
                .origin_fn
                .is_some_and(|function| function.allows(origin, req))
        {
            OriginVerdict::Allowed
        } else if self.async_origin_fn.is_some() && req.is_some() {
            OriginVerdict::Ask
        } else {
            OriginVerdict::Refused
        }
    }

    /// Whether a subdomain or any-port pattern, or a regex, matches.
    fn matches_rules(&self, origin: &str, parts: Option<&OriginParts<'_>>) -> bool {
        let prepared = self.prepared();
        parts.is_some_and(|parts| prepared.patterns.matches(parts))
            || prepared
                .regex_set
                .as_ref()
                .is_some_and(|set| set.is_match(origin))
    }

    /// The rules an origin must pass before a configured set or a function
    /// may allow it: serialized as browsers send it; `null` only with
    /// `dangerously_allow_null_origin`; with credentials, plain http only
    /// on a potentially trustworthy host or with
    /// `dangerously_allow_insecure_origins`.
    fn passes_guard_rails(&self, origin: &str, parts: Option<&OriginParts<'_>>) -> bool {
        let origins = &self.checked.origins;
        if origin == "null" {
            return origins.null_allowed;
        }
        let Some(parts) = parts.filter(|parts| parts.is_serialized()) else {
            return false;
        };
        let insecure = parts.scheme == "http" && !is_trustworthy_serialized_host(parts.host);
        !(insecure && self.checked.credentials && !origins.insecure_allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With credentials, an origin function may allow plain `http` only on
    /// Secure Contexts' loopback hosts, trailing dot included.
    #[test]
    fn origin_functions_allow_plain_http_only_on_loopback_hosts_with_credentials() {
        let policy = Policy::builder()
            .allow_origin_fn(|_| true)
            .allow_credentials(true)
            .build()
            .unwrap();
        for allowed in [
            "http://localhost:3000",
            "http://localhost.:3000",
            "http://app.localhost",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:3000",
            "https://intranet.example.com",
        ] {
            assert_eq!(
                policy.origin_verdict(allowed.as_bytes(), None),
                OriginVerdict::Allowed,
                "{allowed}"
            );
        }
        for refused in [
            "http://intranet.example.com",
            "http://localhost.example.com",
            "http://128.0.0.1",
            "http://[::2]",
        ] {
            assert_eq!(
                policy.origin_verdict(refused.as_bytes(), None),
                OriginVerdict::Refused,
                "{refused}"
            );
        }
    }

    fn policy(origins: &[&str]) -> Policy {
        Policy::builder()
            .allow_origins(origins.iter().copied())
            .build()
            .unwrap()
    }

    #[test]
    fn exact_origins_match_byte_for_byte() {
        let policy = policy(&[
            "https://example.com",
            "http://localhost:3000",
            "http://[::1]:8080",
        ]);
        for allowed in [
            "https://example.com",
            "http://localhost:3000",
            "http://[::1]:8080",
        ] {
            assert!(policy.allows_origin(allowed), "{allowed}");
        }
        for hostile in [
            "https://example.com.evil.net",
            "https://evilexample.com",
            "https://example.com_.evil.net",
            "https://EXAMPLE.COM",
            "https://example.com.",
            "https://example.com:443",
            "https://example.com/",
            "http://example.com",
            "https://example.co",
            "http://localhost:30000",
            "http://localhost",
            "null",
            "",
        ] {
            assert!(!policy.allows_origin(hostile), "{hostile}");
        }
    }

    #[test]
    fn subdomain_patterns_need_a_label_before_the_parent() {
        let policy = policy(&["https://*.example.com"]);
        for allowed in [
            "https://a.example.com",
            "https://a-b.c.example.com",
            "https://xn--bcher-kva.example.com",
            // Hosts the WHATWG URL parser keeps, so browsers send them:
            // still names under example.com.
            "https://a_.example.com",
            "https://my_app.example.com",
            "https://-a.example.com",
            "https://a..example.com",
        ] {
            assert!(policy.allows_origin(allowed), "{allowed}");
        }
        for hostile in [
            "https://example.com",
            "https://.example.com",
            "https://evilexample.com",
            "https://a.example.com.evil.net",
            "https://example.com_.evil.net",
            "https://A.example.com",
            "https://a.example.com.",
            "https://a.example.com:443",
            "https://a.example.com:8443",
            "http://a.example.com",
            "https://evil.com?.example.com",
            "https://evil.com/.example.com",
            "https://evil.com#.example.com",
            "https://user@a.example.com",
        ] {
            assert!(!policy.allows_origin(hostile), "{hostile}");
        }
    }

    #[test]
    fn any_port_patterns() {
        let policy = policy(&["http://localhost:*", "http://[::1]:*"]);
        for allowed in [
            "http://localhost",
            "http://localhost:1",
            "http://localhost:65535",
            "http://[::1]:5173",
        ] {
            assert!(policy.allows_origin(allowed), "{allowed}");
        }
        for hostile in [
            "http://localhost:0",
            "http://localhost:65536",
            "http://localhost:080",
            "http://localhost:+80",
            "http://localhost:",
            "http://localhost.evil.net",
            "http://localhost:80.evil.net",
            "https://localhost:3000",
            "http://[::1]x:80",
        ] {
            assert!(!policy.allows_origin(hostile), "{hostile}");
        }
    }

    #[test]
    fn patterns_sharing_a_host_keep_their_schemes_and_ports() {
        let policy = policy(&[
            "https://*.example.com",
            "http://*.example.com:8080",
            "https://*.b.example.com:8443",
            "http://localhost:*",
            "https://localhost:3000",
        ]);
        for allowed in [
            "https://a.example.com",
            "http://a.example.com:8080",
            "https://a.b.example.com",
            "https://a.b.example.com:8443",
            "http://localhost:1234",
            "https://localhost:3000",
        ] {
            assert!(policy.allows_origin(allowed), "{allowed}");
        }
        for hostile in [
            "http://a.example.com",
            "https://a.example.com:8080",
            "https://a.example.com:8443",
            "https://b.example.com:8443",
            "https://localhost",
            "https://localhost:3001",
            "http://a.localhost",
            "ftp://a.example.com",
        ] {
            assert!(!policy.allows_origin(hostile), "{hostile}");
        }
    }

    #[test]
    fn a_thousand_patterns_match_their_subdomains_only() {
        let patterns: Vec<String> = (0..1000)
            .map(|i| format!("https://*.tenant{i}.example.com"))
            .collect();
        let policy = Policy::builder()
            .allow_origins(patterns.iter().cloned())
            .build()
            .unwrap();
        assert!(policy.allows_origin("https://app.tenant999.example.com"));
        assert!(policy.allows_origin("https://a.b.tenant0.example.com"));
        assert!(!policy.allows_origin("https://tenant5.example.com"));
        assert!(!policy.allows_origin("https://app.tenant1000.example.com"));
    }

    #[test]
    fn regexes_match_the_whole_origin() {
        let policy = Policy::builder()
            .allow_origin_regex(r"https://(staging|prod)-[a-z0-9]+\.example\.org")
            .build()
            .unwrap();
        assert!(policy.allows_origin("https://staging-42.example.org"));
        assert!(!policy.allows_origin("https://staging-42.example.org.evil.net"));
        assert!(!policy.allows_origin("https://evil.net/https://staging-42.example.org"));
    }

    #[test]
    fn origin_fn_decides_at_run_time() {
        fn even_port(origin: &str) -> bool {
            origin
                .rsplit(':')
                .next()
                .and_then(|p| p.parse::<u16>().ok())
                .is_some_and(|p| p % 2 == 0)
        }
        let policy = Policy::builder()
            .allow_origin_fn(even_port)
            .build()
            .unwrap();
        assert!(policy.allows_origin("http://localhost:8080"));
        assert!(!policy.allows_origin("http://localhost:8081"));
    }

    #[test]
    fn a_long_exact_list_matches_at_both_ends_and_is_kept_sorted() {
        let origins: Vec<String> = (0..5000)
            .map(|i| format!("https://app{i}.example.com"))
            .collect();
        let policy = Policy::builder()
            .allow_origins(origins.iter().cloned())
            .build()
            .unwrap();
        assert!(policy.allows_origin("https://app4999.example.com"));
        assert!(policy.allows_origin("https://app0.example.com"));
        assert!(!policy.allows_origin("https://app5000.example.com"));
        assert!(policy.checked.origins.exact.windows(2).all(|w| w[0] < w[1]));
    }
}
