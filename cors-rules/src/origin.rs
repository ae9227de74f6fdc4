//! Origin syntax: what may be written in `origins`.
//!
//! A browser sends `Origin` as a serialized origin (Fetch standard, "origin"
//! header; HTML "serialization of an origin"): lower-case scheme and host,
//! the port only when it is not the scheme's default, nothing after the
//! authority. `Access-Control-Allow-Origin` must be byte-equal to it, so an
//! allowed origin written any other way never matches. This module refuses
//! such spellings and says what to write instead.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::suffix::is_public_suffix;

/// One entry of `origins`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginSpec {
    /// `"*"`: every origin.
    Any,
    /// `"null"`: the opaque origin of sandboxed frames, `data:` and file pages.
    Null,
    /// One exact serialized origin, such as `https://app.example.com`.
    Exact(String),
    /// A subdomain or any-port pattern.
    Pattern(OriginPattern),
}

/// A pattern origin: `https://*.example.com`, `http://localhost:*`, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPattern {
    /// The scheme, without `://`.
    pub scheme: String,
    /// Which hosts match.
    pub host: HostRule,
    /// Which ports match.
    pub port: PortRule,
}

/// The host part of an [`OriginPattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostRule {
    /// Exactly this host.
    Exact(String),
    /// Any host that ends with `.` followed by this domain (one or more
    /// labels in front of it); the domain itself does not match.
    Subdomains(String),
}

/// The port part of an [`OriginPattern`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortRule {
    /// No port in the origin (the scheme's default).
    Default,
    /// Exactly this port.
    Exact(u16),
    /// Any port, or none.
    Any,
}

impl OriginSpec {
    /// Whether the origin is plain-text `http` on a host other than loopback.
    pub fn is_insecure(&self) -> bool {
        let (scheme, host) = match self {
            OriginSpec::Exact(origin) => match origin.split_once("://") {
                Some((scheme, rest)) => (scheme, host_of(rest)),
                None => return false,
            },
            OriginSpec::Pattern(pattern) => (
                pattern.scheme.as_str(),
                match &pattern.host {
                    HostRule::Exact(host) | HostRule::Subdomains(host) => host.as_str(),
                },
            ),
            OriginSpec::Any | OriginSpec::Null => return false,
        };
        matches!(scheme, "http" | "ws") && !is_loopback(host)
    }
}

fn host_of(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority.split(':').next().unwrap_or(authority)
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// The default port of a special scheme (URL standard), if any.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// Parses one entry of `origins`. The error is one sentence saying what is
/// wrong, then `; ` and what to write instead.
///
/// ```
/// use route_cors_rules::{parse_origin, OriginSpec};
///
/// assert_eq!(
///     parse_origin("https://app.example.com:8443"),
///     Ok(OriginSpec::Exact("https://app.example.com:8443".to_owned())),
/// );
/// assert_eq!(
///     parse_origin("https://app.example.com:443").unwrap_err(),
///     "`:443` is the default port of https and browsers leave it out; write \"https://app.example.com\"",
/// );
/// ```
pub fn parse_origin(origin: &str) -> Result<OriginSpec, String> {
    match origin {
        "*" => return Ok(OriginSpec::Any),
        "null" => return Ok(OriginSpec::Null),
        "" => {
            return Err(
                "origin is empty; write a serialized origin such as \"https://app.example.com\""
                    .to_owned(),
            )
        }
        _ => {}
    }
    if origin.trim() != origin {
        return Err(format!(
            "origin has white space around it; write \"{}\"",
            origin.trim()
        ));
    }
    if origin.eq_ignore_ascii_case("null") {
        return Err("`null` is written in lower case; write \"null\"".to_owned());
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Err(match origin.split_once(':') {
            Some((scheme, _)) if scheme.eq_ignore_ascii_case("file") => file_scheme_error(),
            _ => format!(
                "origin has no scheme; write \"https://{}\"",
                origin.trim_start_matches('/')
            ),
        });
    };
    check_scheme(scheme, origin)?;
    if scheme == "file" {
        return Err(file_scheme_error());
    }
    let (authority, tail) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let bare = format!("{scheme}://{authority}");
    if tail == "/" {
        return Err(format!("origin must not end with `/`; write \"{bare}\""));
    }
    if !tail.is_empty() {
        return Err(format!(
            "an origin has no path, query or fragment (`{tail}`); write \"{bare}\""
        ));
    }
    if let Some((_, host)) = authority.rsplit_once('@') {
        return Err(format!(
            "an origin has no user name or password; write \"{scheme}://{host}\""
        ));
    }
    if authority.is_empty() {
        return Err(format!(
            "origin has no host; write a host after `{scheme}://`, such as \"{scheme}://app.example.com\""
        ));
    }
    let (host, port) = split_authority(authority);
    let port = parse_port(scheme, host, port)?;
    let host = parse_host(scheme, host, port)?;
    match (host, port) {
        (HostRule::Exact(host), PortRule::Default) => {
            Ok(OriginSpec::Exact(format!("{scheme}://{host}")))
        }
        (HostRule::Exact(host), PortRule::Exact(port)) => {
            Ok(OriginSpec::Exact(format!("{scheme}://{host}:{port}")))
        }
        (host, port) => Ok(OriginSpec::Pattern(OriginPattern {
            scheme: scheme.to_owned(),
            host,
            port,
        })),
    }
}

fn file_scheme_error() -> String {
    "`file:` pages have the opaque origin `null`, which any site can produce; serve the page over http(s) and allow that origin".to_owned()
}

fn check_scheme(scheme: &str, origin: &str) -> Result<(), String> {
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return Err(format!(
            "`{scheme}` is not a URL scheme; write a scheme such as `https`, as in \"https://app.example.com\""
        ));
    }
    if scheme.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "browsers send the scheme in lower case; write \"{}\"",
            lower_scheme_and_host(origin)
        ));
    }
    Ok(())
}

fn lower_scheme_and_host(origin: &str) -> String {
    origin.to_ascii_lowercase()
}

/// Splits `host[:port]`, keeping IPv6 brackets on the host. Whatever follows
/// the last `:` (or the `]` of an IPv6 host) is the port, to be checked by
/// the caller.
///
/// ```
/// use route_cors_rules::split_authority;
///
/// assert_eq!(split_authority("localhost:3000"), ("localhost", Some("3000")));
/// assert_eq!(split_authority("[::1]:8080"), ("[::1]", Some("8080")));
/// assert_eq!(split_authority("example.com"), ("example.com", None));
/// ```
pub fn split_authority(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        if let Some(end) = authority.find(']') {
            let (host, rest) = authority.split_at(end + 1);
            return (
                host,
                rest.strip_prefix(':')
                    .or(if rest.is_empty() { None } else { Some(rest) }),
            );
        }
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn parse_port(scheme: &str, host: &str, port: Option<&str>) -> Result<PortRule, String> {
    let Some(port) = port else {
        return Ok(PortRule::Default);
    };
    if port == "*" {
        return Ok(PortRule::Any);
    }
    if port.is_empty() {
        return Err(format!(
            "origin ends with `:` but no port; write \"{scheme}://{host}\" or add the port"
        ));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        if port.contains('*') {
            return Err(format!(
                "`*` in a port must be the whole port; write \"{scheme}://{host}:*\" for any port"
            ));
        }
        return Err(format!(
            "`{port}` is not a port number; write a number from 1 to 65535, as in \"{scheme}://{host}:8080\""
        ));
    }
    let number: u16 = match port.parse() {
        Ok(number) if number > 0 => number,
        _ => {
            return Err(format!(
                "port `{port}` is out of range; write a number from 1 to 65535"
            ))
        }
    };
    if port.starts_with('0') {
        return Err(format!(
            "browsers send the port without leading zeros; write \"{scheme}://{host}:{number}\""
        ));
    }
    if default_port(scheme) == Some(number) {
        return Err(format!(
            "`:{number}` is the default port of {scheme} and browsers leave it out; write \"{scheme}://{host}\""
        ));
    }
    Ok(PortRule::Exact(number))
}

fn parse_host(scheme: &str, host: &str, port: PortRule) -> Result<HostRule, String> {
    let port_suffix = match port {
        PortRule::Default => String::new(),
        PortRule::Exact(port) => format!(":{port}"),
        PortRule::Any => ":*".to_owned(),
    };
    let rewrite = |host: &str| format!("{scheme}://{host}{port_suffix}");
    if host.is_empty() {
        return Err(format!(
            "origin has no host; write a host after `{scheme}://`, such as \"{}\"",
            rewrite("app.example.com")
        ));
    }
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        let Ok(address) = inner.parse::<Ipv6Addr>() else {
            return Err(format!(
                "`{host}` is not an IPv6 address; write one such as \"{}\"",
                rewrite("[::1]")
            ));
        };
        let canonical = format!("[{address}]");
        if canonical != host {
            return Err(format!(
                "browsers send IPv6 addresses in their shortest lower-case form; write \"{}\"",
                rewrite(&canonical)
            ));
        }
        return Ok(HostRule::Exact(canonical));
    }
    if let Some(parent) = host.strip_prefix("*.") {
        if parent.contains('*') {
            return Err(wildcard_error(scheme, &port_suffix));
        }
        check_domain(parent, &|fixed| rewrite(&format!("*.{fixed}")))?;
        if parent.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(format!(
                "`*.` needs a domain name, not an IP address; write the address itself, as in \"{}\"",
                rewrite(parent)
            ));
        }
        if is_public_suffix(parent) {
            return Err(format!(
                "`*.{parent}` trusts every site registered under the public suffix `{parent}`; write your own domain, as in \"{}\"",
                rewrite(&format!("*.example.{parent}"))
            ));
        }
        return Ok(HostRule::Subdomains(parent.to_owned()));
    }
    if host.contains('*') {
        return Err(wildcard_error(scheme, &port_suffix));
    }
    if looks_like_ipv4(host) {
        return match host.parse::<Ipv4Addr>() {
            Ok(address) if address.to_string() == host => Ok(HostRule::Exact(host.to_owned())),
            _ => Err(format!(
                "`{host}` is not an IPv4 address in dotted-decimal form; write four numbers, as in \"{}\"",
                rewrite("127.0.0.1")
            )),
        };
    }
    check_domain(host, &rewrite)?;
    Ok(HostRule::Exact(host.to_owned()))
}

fn wildcard_error(scheme: &str, port_suffix: &str) -> String {
    format!(
        "`*` may only be the whole leftmost label or the whole port; write \"{scheme}://*.example.com{port_suffix}\" or \"{scheme}://localhost:*\""
    )
}

fn looks_like_ipv4(host: &str) -> bool {
    host.rsplit('.')
        .next()
        .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks a DNS name as a browser serializes it.
fn check_domain(domain: &str, rewrite: &dyn Fn(&str) -> String) -> Result<(), String> {
    if !domain.is_ascii() {
        return Err(format!(
            "browsers send international domain names in their punycode (`xn--`) form; write \"{}\" with the host converted to punycode",
            rewrite(domain)
        ));
    }
    if domain.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "browsers send the host in lower case; write \"{}\"",
            rewrite(&domain.to_ascii_lowercase())
        ));
    }
    if let Some(trimmed) = domain.strip_suffix('.') {
        return Err(format!(
            "a trailing dot makes a different origin that browsers rarely send; write \"{}\"",
            rewrite(trimmed)
        ));
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Err(format!(
                "`{domain}` has an empty label (`..` or a leading dot); write a host such as \"{}\"",
                rewrite("app.example.com")
            ));
        }
        if label.len() > 63 {
            return Err(format!(
                "label `{label}` is longer than 63 characters, which DNS does not allow"
            ));
        }
        if let Some(bad) = label
            .chars()
            .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
        {
            let mut hint = String::new();
            let _ = write!(
                hint,
                "`{bad}` cannot appear in a host name; write letters, digits, `-` and `.` only, as in \"{}\"",
                rewrite("app.example.com")
            );
            return Err(hint);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "label `{label}` starts or ends with `-`, which DNS does not allow"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(origin: &str) -> Result<OriginSpec, String> {
        Ok(OriginSpec::Exact(origin.to_owned()))
    }

    #[test]
    fn accepts_serialized_origins() {
        for origin in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
            "https://[2001:db8::1]",
            "capacitor://localhost",
            "tauri://localhost",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
            "https://xn--bcher-kva.example",
            "http://localhost",
        ] {
            assert_eq!(parse_origin(origin), exact(origin), "{origin}");
        }
    }

    #[test]
    fn accepts_patterns() {
        assert_eq!(
            parse_origin("https://*.example.com"),
            Ok(OriginSpec::Pattern(OriginPattern {
                scheme: "https".into(),
                host: HostRule::Subdomains("example.com".into()),
                port: PortRule::Default,
            }))
        );
        assert_eq!(
            parse_origin("http://localhost:*"),
            Ok(OriginSpec::Pattern(OriginPattern {
                scheme: "http".into(),
                host: HostRule::Exact("localhost".into()),
                port: PortRule::Any,
            }))
        );
        assert_eq!(
            parse_origin("http://[::1]:*"),
            Ok(OriginSpec::Pattern(OriginPattern {
                scheme: "http".into(),
                host: HostRule::Exact("[::1]".into()),
                port: PortRule::Any,
            }))
        );
        assert_eq!(
            parse_origin("https://*.example.com:8443"),
            Ok(OriginSpec::Pattern(OriginPattern {
                scheme: "https".into(),
                host: HostRule::Subdomains("example.com".into()),
                port: PortRule::Exact(8443),
            }))
        );
    }

    #[test]
    fn refusals_say_what_to_write() {
        let cases = [
            ("https://a.com/", "origin must not end with `/`; write \"https://a.com\""),
            ("https://a.com/api", "an origin has no path, query or fragment (`/api`); write \"https://a.com\""),
            ("https://a.com?x=1", "an origin has no path, query or fragment (`?x=1`); write \"https://a.com\""),
            ("https://user@a.com", "an origin has no user name or password; write \"https://a.com\""),
            ("https://A.com", "browsers send the host in lower case; write \"https://a.com\""),
            ("HTTPS://a.com", "browsers send the scheme in lower case; write \"https://a.com\""),
            ("https://a.com:443", "`:443` is the default port of https and browsers leave it out; write \"https://a.com\""),
            ("http://a.com:80", "`:80` is the default port of http and browsers leave it out; write \"http://a.com\""),
            ("http://a.com:99999", "port `99999` is out of range; write a number from 1 to 65535"),
            ("http://a.com:0", "port `0` is out of range; write a number from 1 to 65535"),
            ("http://a.com:08080", "browsers send the port without leading zeros; write \"http://a.com:8080\""),
            ("http://a.com:", "origin ends with `:` but no port; write \"http://a.com\" or add the port"),
            ("a.com", "origin has no scheme; write \"https://a.com\""),
            ("file:///tmp/x.html", "`file:` pages have the opaque origin `null`, which any site can produce; serve the page over http(s) and allow that origin"),
            ("https://a.com.", "a trailing dot makes a different origin that browsers rarely send; write \"https://a.com\""),
            ("https://*.com", "`*.com` trusts every site registered under the public suffix `com`; write your own domain, as in \"https://*.example.com\""),
            ("https://*.co.uk", "`*.co.uk` trusts every site registered under the public suffix `co.uk`; write your own domain, as in \"https://*.example.co.uk\""),
            ("https://*.github.io", "`*.github.io` trusts every site registered under the public suffix `github.io`; write your own domain, as in \"https://*.example.github.io\""),
            ("https://a*.example.com", "`*` may only be the whole leftmost label or the whole port; write \"https://*.example.com\" or \"https://localhost:*\""),
            ("https://a.*.example.com", "`*` may only be the whole leftmost label or the whole port; write \"https://*.example.com\" or \"https://localhost:*\""),
            ("http://localhost:80*", "`*` in a port must be the whole port; write \"http://localhost:*\" for any port"),
            ("http://127.1", "`127.1` is not an IPv4 address in dotted-decimal form; write four numbers, as in \"http://127.0.0.1\""),
            ("http://[0:0:0:0:0:0:0:1]", "browsers send IPv6 addresses in their shortest lower-case form; write \"http://[::1]\""),
            ("https://a_b.com", "`_` cannot appear in a host name; write letters, digits, `-` and `.` only, as in \"https://app.example.com\""),
            ("NULL", "`null` is written in lower case; write \"null\""),
            (" https://a.com", "origin has white space around it; write \"https://a.com\""),
        ];
        for (origin, message) in cases {
            assert_eq!(parse_origin(origin), Err(message.to_owned()), "{origin}");
        }
    }

    #[test]
    fn insecure_means_plain_http_off_loopback() {
        let insecure = |o: &str| parse_origin(o).unwrap().is_insecure();
        assert!(insecure("http://app.example.com"));
        assert!(insecure("http://*.example.com"));
        assert!(!insecure("http://localhost:3000"));
        assert!(!insecure("http://127.0.0.1:8080"));
        assert!(!insecure("http://[::1]:*"));
        assert!(!insecure("https://app.example.com"));
        assert!(!insecure("capacitor://localhost"));
    }
}
