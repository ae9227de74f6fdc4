//! Origin matching: is this request's `Origin` allowed?
//!
//! Exact origins are looked up in a hash set, patterns in an index by host,
//! both built once when the policy is prepared: an exact-host
//! pattern is one hash lookup of the request's host, a subdomain pattern
//! one hash lookup per dot of the host (each suffix after a dot is a
//! candidate parent domain), so a thousand patterns cost what one does.
//! Scheme, host and port are compared as separate parts, so prefix and
//! suffix tricks (`https://example.com.evil.net`, `https://evilexample.com`,
//! `https://example.com_.evil.net`) and spellings a browser never sends
//! (upper case, trailing dot, default port) do not match.

use actix_web::HttpRequest;
use route_cors_rules::{
    is_trustworthy_serialized_host, split_authority, HostRule, OriginPattern, PortRule,
};

use crate::configured::OriginSets;
use crate::fast_hash::FastMap;
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
            || self.prepared().exact_origins.contains(origin.as_bytes())
            || self.prepared().patterns.matches(origin)
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
            scheme == "http" && !is_trustworthy_serialized_host(split_authority(authority).0);
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

/// The subdomain and any-port patterns of a policy, indexed by host.
///
/// Matching an origin allocates nothing and costs a hash lookup of its
/// host, plus one per dot of the host for subdomain patterns, whatever the
/// number of patterns.
#[derive(Debug, Default)]
pub(crate) struct PatternIndex {
    /// Patterns of one exact host, by host.
    exact_hosts: FastMap<Box<str>, Vec<SchemePorts>>,
    /// Subdomain patterns, by parent domain.
    parents: FastMap<Box<str>, Vec<SchemePorts>>,
}

/// The ports one scheme allows on a host (or under a parent domain).
#[derive(Debug)]
struct SchemePorts {
    scheme: Box<str>,
    /// No port in the origin (the scheme's default).
    default: bool,
    /// Any port, or none.
    any: bool,
    /// These ports, sorted.
    exact: Vec<u16>,
}

impl SchemePorts {
    fn allows(&self, port: Option<&str>) -> bool {
        match port {
            None => self.default || self.any,
            Some(port) => parse_port(port)
                .is_some_and(|port| self.any || self.exact.binary_search(&port).is_ok()),
        }
    }
}

impl PatternIndex {
    pub(crate) fn new(patterns: &[OriginPattern]) -> PatternIndex {
        let mut index = PatternIndex::default();
        for pattern in patterns {
            let (map, host) = match &pattern.host {
                HostRule::Exact(host) => (&mut index.exact_hosts, host),
                HostRule::Subdomains(parent) => (&mut index.parents, parent),
            };
            let schemes = map.entry(host.as_ref().into()).or_default();
            let position = match schemes
                .iter()
                .position(|ports| *ports.scheme == *pattern.scheme)
            {
                Some(position) => position,
                None => {
                    schemes.push(SchemePorts {
                        scheme: pattern.scheme.as_ref().into(),
                        default: false,
                        any: false,
                        exact: Vec::new(),
                    });
                    schemes.len() - 1
                }
            };
            let ports = &mut schemes[position];
            match pattern.port {
                PortRule::Default => ports.default = true,
                PortRule::Any => ports.any = true,
                PortRule::Exact(port) => {
                    if let Err(at) = ports.exact.binary_search(&port) {
                        ports.exact.insert(at, port);
                    }
                }
            }
        }
        index
    }

    /// Whether `origin` matches a subdomain or any-port pattern, scheme,
    /// host and port compared as separate parts.
    pub(crate) fn matches(&self, origin: &str) -> bool {
        if self.exact_hosts.is_empty() && self.parents.is_empty() {
            return false;
        }
        let Some((scheme, authority)) = origin.split_once("://") else {
            return false;
        };
        let (host, port) = split_authority(authority);
        let allows = |schemes: &Vec<SchemePorts>| {
            schemes
                .iter()
                .any(|ports| *ports.scheme == *scheme && ports.allows(port))
        };
        if self.exact_hosts.get(host).is_some_and(allows) {
            return true;
        }
        if self.parents.is_empty() {
            return false;
        }
        // `host` is a subdomain, a dot and a parent domain; the subdomain
        // must be as browsers serialize it, so only dots within the
        // longest such prefix can end it.
        let serialized_prefix = host
            .bytes()
            .position(|b| !is_serialized_subdomain_byte(b))
            .unwrap_or(host.len());
        host.bytes()
            .take(serialized_prefix + 1)
            .enumerate()
            .skip(1)
            .filter(|&(_, b)| b == b'.')
            .any(|(dot, _)| self.parents.get(&host[dot + 1..]).is_some_and(allows))
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
    !subdomain.is_empty() && subdomain.bytes().all(is_serialized_subdomain_byte)
}

/// Whether `b` may appear in a host as browsers serialize it, outside
/// brackets: visible ASCII, not upper case, no forbidden domain code point.
fn is_serialized_subdomain_byte(b: u8) -> bool {
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
                policy.origin_verdict(allowed, None),
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
                policy.origin_verdict(refused, None),
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
    fn a_thousand_patterns_are_indexed() {
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
