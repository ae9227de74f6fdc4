//! Origin matching: is this request's `Origin` allowed?
//!
//! Exact origins are looked up by binary search in a sorted table. Patterns
//! compare scheme, host and port as separate parts, so prefix and suffix
//! tricks (`https://example.com.evil.net`, `https://evilexample.com`,
//! `https://example.com_.evil.net`) and spellings a browser never sends
//! (upper case, trailing dot, default port) do not match.

use actix_web::HttpRequest;
use route_cors_rules::{split_authority, HostRule, OriginPattern, PortRule};

use crate::configured::OriginSets;
use crate::policy::Policy;

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
        self.origin_verdict(origin, None) == OriginVerdict::Allowed
    }

    /// What the policy says of `origin` for this request: the static
    /// entries first, then, for an origin that passes the rules, the
    /// configured set (from the request's `OriginSets`), the origin
    /// function, and last the async one, which the caller awaits.
    pub(crate) fn origin_verdict(&self, origin: &str, req: Option<&HttpRequest>) -> OriginVerdict {
        let origins = &self.checked.origins;
        let listed = origins.any
            || origins
                .exact
                .binary_search_by(|allowed| allowed.as_ref().cmp(origin))
                .is_ok()
            || origins
                .patterns
                .iter()
                .any(|pattern| pattern_matches(pattern, origin))
            || self
                .prepared()
                .regex_set
                .as_ref()
                .is_some_and(|set| set.is_match(origin));
        if listed {
            return OriginVerdict::Allowed;
        }
        let dynamic = origins.configured.is_some()
            || self.origin_fn.is_some()
            || self.async_origin_fn.is_some();
        if !dynamic || !self.passes_guard_rails(origin) {
            return OriginVerdict::Refused;
        }
        let in_configured_set = origins
            .configured
            .as_ref()
            .zip(req)
            .and_then(|(name, req)| req.app_data::<OriginSets>()?.get(name))
            .is_some_and(|set| set.allows_origin(origin));
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

    /// The rules an origin must pass before a configured set or a function
    /// may allow it: serialized as browsers send it; `null` only with
    /// `dangerously_allow_null_origin`; with credentials, plain http only
    /// on a potentially trustworthy host or with
    /// `dangerously_allow_insecure_origins`.
    fn passes_guard_rails(&self, origin: &str) -> bool {
        let origins = &self.checked.origins;
        if origin == "null" {
            return origins.null_allowed;
        }
        let Some((scheme, authority)) = serialized_parts(origin) else {
            return false;
        };
        let insecure =
            scheme == "http" && !is_potentially_trustworthy(split_authority(authority).0);
        !(insecure && self.checked.credentials && !origins.insecure_allowed)
    }
}

/// What a policy says of an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OriginVerdict {
    Allowed,
    Refused,
    /// Only the async origin function can tell.
    Ask,
}

/// The scheme and authority of `origin` when it is serialized as browsers
/// send it (HTML, "serialization of an origin"): a lower-case scheme,
/// `://`, a host in the form hosts serialize to (lower case, no forbidden
/// code point; an IPv6 address in brackets), and a port only when it is
/// not the scheme's default, without a leading zero. Nothing follows.
fn serialized_parts(origin: &str) -> Option<(&str, &str)> {
    let (scheme, authority) = origin.split_once("://")?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_lowercase())
        && scheme.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
        });
    if !scheme_ok {
        return None;
    }
    let (host, port) = split_authority(authority);
    let host_ok = if let Some(inner) = host.strip_prefix('[') {
        inner.strip_suffix(']').is_some_and(|address| {
            !address.is_empty()
                && address.bytes().all(|b| {
                    b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b':' || b == b'.'
                })
        })
    } else {
        is_serialized_subdomain(host)
    };
    let default_port = match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    let port_ok = match port {
        None => true,
        Some(port) => parse_port(port).is_some_and(|port| Some(port) != default_port),
    };
    (host_ok && port_ok).then_some((scheme, authority))
}

/// Secure Contexts, "Is origin potentially trustworthy?", for the hosts a
/// plain-http origin may have: `localhost`, `*.localhost`, 127.0.0.0/8 and
/// `[::1]`.
fn is_potentially_trustworthy(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|address| address.octets()[0] == 127)
}

/// Whether `origin` matches a subdomain or any-port pattern, scheme, host
/// and port compared as separate parts.
fn pattern_matches(pattern: &OriginPattern, origin: &str) -> bool {
    let Some(authority) = origin
        .strip_prefix(pattern.scheme.as_ref())
        .and_then(|rest| rest.strip_prefix("://"))
    else {
        return false;
    };
    let (host, port) = split_authority(authority);
    let port_matches = match (pattern.port, port) {
        (PortRule::Default, None) | (PortRule::Any, None) => true,
        (PortRule::Exact(expected), Some(port)) => parse_port(port) == Some(expected),
        (PortRule::Any, Some(port)) => parse_port(port).is_some(),
        _ => false,
    };
    port_matches
        && match &pattern.host {
            HostRule::Exact(exact) => host == exact.as_ref(),
            HostRule::Subdomains(parent) => host
                .strip_suffix(parent.as_ref())
                .and_then(|rest| rest.strip_suffix('.'))
                .is_some_and(is_serialized_subdomain),
        }
}

/// A port as a browser serializes it: 1 to 65535, no sign, no leading zero.
fn parse_port(port: &str) -> Option<u16> {
    if port.starts_with('0') || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    port.parse().ok().filter(|&port| port != 0)
}

/// Whether `subdomain` can stand in front of a parent domain in a host as
/// browsers serialize it (WHATWG URL, "host serializing" after "domain to
/// ASCII"): not empty, lower-case ASCII, and none of the forbidden domain
/// code points, so that `_`, edge hyphens and other characters browsers
/// keep in hosts match, while a `/`, `:`, `@` or upper case (which no
/// browser sends in a host) never does.
fn is_serialized_subdomain(subdomain: &str) -> bool {
    !subdomain.is_empty()
        && subdomain.bytes().all(|b| {
            b.is_ascii_graphic()
                && !b.is_ascii_uppercase()
                && !matches!(
                    b,
                    b'#' | b'%'
                        | b'/'
                        | b':'
                        | b'<'
                        | b'>'
                        | b'?'
                        | b'@'
                        | b'['
                        | b'\\'
                        | b']'
                        | b'^'
                        | b'|'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_long_list_is_searched_not_scanned() {
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
