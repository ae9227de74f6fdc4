//! Origin syntax: what may be written in `origins`.
//!
//! A browser sends `Origin` as the ASCII serialization of the origin of the
//! page's URL (HTML "serialization of an origin"; Fetch standard, "`Origin`
//! header"). `Access-Control-Allow-Origin` must be byte-equal to it, so an
//! allowed origin written any other way never matches. Every entry is
//! therefore run through the WHATWG URL parser (the `url` crate) and
//! accepted only if it is its own serialization; otherwise the
//! serialization is the hint.

use std::net::Ipv6Addr;

use url::{Host, Url};

use crate::problem::{ProblemKind, Refusal};
use crate::suffix::is_public_suffix;
use crate::text::{separated, Text};

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
    pub scheme: Text,
    /// Which hosts match.
    pub host: HostRule,
    /// Which ports match.
    pub port: PortRule,
}

/// The host part of an [`OriginPattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostRule {
    /// Exactly this host.
    Exact(Text),
    /// Any host that ends with `.` followed by this domain (one or more
    /// labels in front of it); the domain itself does not match.
    Subdomains(Text),
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
    /// Whether the origin is plain-text `http` on a host that is not
    /// potentially trustworthy (Secure Contexts, "Is origin potentially
    /// trustworthy?": `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`
    /// are).
    ///
    /// ```
    /// use route_cors_rules::parse_origin;
    ///
    /// assert!(parse_origin("http://app.example.com").unwrap().is_insecure());
    /// assert!(!parse_origin("http://foo.localhost").unwrap().is_insecure());
    /// assert!(!parse_origin("http://127.127.127.127").unwrap().is_insecure());
    /// ```
    pub fn is_insecure(&self) -> bool {
        match self {
            OriginSpec::Exact(origin) => Url::parse(origin).is_ok_and(|url| {
                url.scheme() == "http" && !url.host().is_some_and(|h| is_trustworthy_host(&h))
            }),
            OriginSpec::Pattern(pattern) if pattern.scheme == "http" => match &pattern.host {
                HostRule::Exact(host) => !Host::parse(host).is_ok_and(|h| is_trustworthy_host(&h)),
                HostRule::Subdomains(parent) => !is_localhost_name(parent),
            },
            OriginSpec::Pattern(_) | OriginSpec::Any | OriginSpec::Null => false,
        }
    }
}

/// Secure Contexts' loopback hosts: `localhost` and its subdomains (with or
/// without a trailing dot), 127.0.0.0/8 and `::1`.
fn is_trustworthy_host<S: AsRef<str>>(host: &Host<S>) -> bool {
    match host {
        Host::Domain(name) => is_localhost_name(name.as_ref()),
        Host::Ipv4(address) => address.is_loopback(),
        Host::Ipv6(address) => *address == Ipv6Addr::LOCALHOST,
    }
}

fn is_localhost_name(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    name == "localhost" || name.ends_with(".localhost")
}

/// Whether the host of an origin, as a browser serializes it (a domain,
/// a dotted IPv4 address or a bracketed IPv6 address), is one of Secure
/// Contexts' loopback hosts, with which plain `http` is still "potentially
/// trustworthy": the same rule the policy checks apply, without parsing
/// (for origins the runtime meets in requests).
///
/// ```
/// use route_cors_rules::is_trustworthy_serialized_host as trustworthy;
///
/// assert!(trustworthy("localhost") && trustworthy("app.localhost") && trustworthy("localhost."));
/// assert!(trustworthy("127.0.0.1") && trustworthy("127.9.9.9") && trustworthy("[::1]"));
/// assert!(!trustworthy("localhost.example.com") && !trustworthy("128.0.0.1"));
/// assert!(!trustworthy("[::2]") && !trustworthy("example.com"));
/// ```
pub fn is_trustworthy_serialized_host(host: &str) -> bool {
    is_localhost_name(host)
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback())
}

/// The Fetch standard's "bad port" list (section "Port blocking"): a
/// browser refuses to fetch from these ports, so no page has such an origin.
const BAD_PORTS: &[u16] = &[
    0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101,
    102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427,
    465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990,
    993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667,
    6668, 6669, 6679, 6697, 10080,
];

/// Whether `port` is on the Fetch standard's bad port list.
///
/// ```
/// assert!(route_cors_rules::is_bad_port(6000));
/// assert!(!route_cors_rules::is_bad_port(8080));
/// ```
pub fn is_bad_port(port: u16) -> bool {
    BAD_PORTS.binary_search(&port).is_ok()
}

/// Special schemes (URL standard) and others whose URLs are never the
/// origin a page sends: a WebSocket's or a download's `Origin` is that of
/// the page that opened it.
const NOT_PAGE_SCHEMES: &[&str] = &[
    "about",
    "blob",
    "data",
    "file",
    "filesystem",
    "ftp",
    "javascript",
    "mailto",
    "view-source",
    "ws",
    "wss",
];

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
    check_origin(origin).map_err(|refusal| refusal.message)
}

/// Like [`parse_origin`], with the rule the entry breaks.
pub(crate) fn check_origin(origin: &str) -> Result<OriginSpec, Refusal> {
    parse(origin).map_err(|refused| Refusal::new(refused.kind, refused.message))
}

/// A refused entry: its rule, its sentence, and the entry to write instead
/// when there is one.
struct Refused {
    kind: ProblemKind,
    message: String,
    suggestion: Option<String>,
}

/// What to write instead of `entry`: itself when accepted, else the
/// suggestion of its refusal, if that is accepted in turn.
fn suggest(entry: &str) -> Option<String> {
    match parse(entry) {
        Ok(_) => Some(entry.to_owned()),
        Err(refused) => refused.suggestion.filter(|s| parse(s).is_ok()),
    }
}

fn refused(kind: ProblemKind, what: &str, suggestion: Option<String>, otherwise: &str) -> Refused {
    let message = match &suggestion {
        Some(fixed) => format!("{what}; write \"{fixed}\""),
        None => format!("{what}; {otherwise}"),
    };
    Refused {
        kind,
        message,
        suggestion,
    }
}

const WRITE_AN_ORIGIN: &str = "write a serialized origin such as \"https://app.example.com\"";

fn parse(origin: &str) -> Result<OriginSpec, Refused> {
    // A value copied with its quotes, as from a `.env` file.
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = origin
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return Err(refused(
                ProblemKind::OriginInvalid,
                "origin is written in quotes",
                suggest(inner),
                "remove the quotes",
            ));
        }
    }
    match origin {
        "*" => return Ok(OriginSpec::Any),
        "null" => return Ok(OriginSpec::Null),
        "" => {
            return Err(refused(
                ProblemKind::OriginInvalid,
                "origin is empty",
                None,
                WRITE_AN_ORIGIN,
            ))
        }
        _ => {}
    }
    if origin.eq_ignore_ascii_case("null") {
        return Err(refused(
            ProblemKind::OriginNotSerialized,
            "`null` is written in lower case",
            Some("null".to_owned()),
            "",
        ));
    }
    let parts = separated(origin);
    if parts.len() > 1 {
        // After a comma, anything that looks like a host; after white space
        // or a semicolon, only what starts with a scheme (`https://a b.com`
        // is one origin with a bad host).
        let comma = origin.contains(',');
        let looks_like_origins = parts.len() > 1
            && parts[1..].iter().all(|part| {
                part.contains("://") || (comma && (part.contains('.') || part.contains(':')))
            });
        if looks_like_origins {
            let fixed: Vec<String> = parts
                .iter()
                .map(|part| {
                    format!(
                        "\"{}\"",
                        suggest(part).unwrap_or_else(|| (*part).to_owned())
                    )
                })
                .collect();
            return Err(Refused {
                kind: ProblemKind::OriginList,
                message: format!(
                    "one string holds one origin; write a list, [{}]",
                    fixed.join(", ")
                ),
                suggestion: None,
            });
        }
    }
    if origin.trim() != origin {
        let trimmed = origin.trim();
        return Err(refused(
            ProblemKind::OriginNotSerialized,
            "origin has white space around it",
            suggest(trimmed),
            WRITE_AN_ORIGIN,
        ));
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Err(no_authority(origin));
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        return Err(refused(
            ProblemKind::OriginInvalid,
            &format!("`{scheme}` is not a URL scheme"),
            None,
            "write a scheme such as `https`, as in \"https://app.example.com\"",
        ));
    }
    let lower_scheme = scheme.to_ascii_lowercase();
    if NOT_PAGE_SCHEMES.contains(&lower_scheme.as_str()) {
        return Err(not_a_page_scheme(&lower_scheme, rest));
    }
    let (authority, tail) = match rest.find(['/', '?', '#', '\\']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    if let Some((_, host)) = authority.rsplit_once('@') {
        return Err(refused(
            ProblemKind::OriginHasUserinfo,
            "an origin has no user name or password",
            suggest(&format!("{lower_scheme}://{host}")),
            WRITE_AN_ORIGIN,
        ));
    }
    let (host, port) = split_authority(authority);
    let wildcard_host = match host.strip_prefix("*.") {
        Some(parent) if !parent.contains('*') => Some(parent),
        _ if host.contains('*') => return Err(wildcard_error(&lower_scheme, port)),
        _ => None,
    };
    let any_port = match port {
        Some("*") => true,
        Some(port) if port.contains('*') => {
            return Err(refused(
                ProblemKind::OriginWildcard,
                "`*` in a port must be the whole port",
                suggest(&format!("{lower_scheme}://{host}:*")),
                "write `:*` for any port",
            ))
        }
        _ => false,
    };
    if let Some(parent) = wildcard_host {
        let last = parent.rsplit('.').next().unwrap_or(parent);
        if parent.starts_with('[') || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
        {
            let port_text = port.map(|p| format!(":{p}")).unwrap_or_default();
            return Err(refused(
                ProblemKind::OriginWildcard,
                "`*.` needs a domain name, not an IP address",
                suggest(&format!("{lower_scheme}://{parent}{port_text}")).map(|s| s.to_owned()),
                "write the address itself",
            ));
        }
    }
    // Put a real label and port where the wildcards are, so that the rest
    // goes through the URL parser; they are put back in the hints.
    let probe_host = match wildcard_host {
        Some(parent) => format!("{PROBE_LABEL}.{parent}"),
        None => host.to_owned(),
    };
    let probe_port = match (any_port, port) {
        (true, _) => format!(":{PROBE_PORT}"),
        (false, Some(port)) => format!(":{port}"),
        (false, None) => String::new(),
    };
    let probe = format!("{scheme}://{probe_host}{probe_port}{tail}");
    let restore = |serialized: &str| -> Option<String> {
        let mut text = serialized.to_owned();
        if wildcard_host.is_some() {
            let (scheme, rest) = text.split_once("://")?;
            let rest = rest.strip_prefix(&format!("{PROBE_LABEL}."))?;
            text = format!("{scheme}://*.{rest}");
        }
        if any_port {
            text = format!("{}:*", text.strip_suffix(&format!(":{PROBE_PORT}"))?);
        }
        Some(text)
    };
    let shown_host = if authority.starts_with('[') && !authority.contains(']') {
        authority
    } else {
        host
    };
    let url =
        Url::parse(&probe).map_err(|error| url_error(error, &lower_scheme, shown_host, port))?;
    let special = matches!(url.scheme(), "http" | "https");
    let canonical = if special {
        let serialized = url.origin().ascii_serialization();
        if any_port && url.port().is_none() {
            // The probe port was the default port of the scheme: cannot happen
            // with the probe port chosen, but never accept a broken pattern.
            return Err(wildcard_error(&lower_scheme, port));
        }
        restore(&serialized)
    } else {
        if !url.has_host() || url.host_str() == Some("") {
            return Err(refused(
                ProblemKind::OriginInvalid,
                "origin has no host",
                None,
                &format!("write a host after `{lower_scheme}://`, such as \"{lower_scheme}://app.example.com\""),
            ));
        }
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        restore(&format!("{}://{host}{port}", url.scheme()))
    };
    let Some(canonical) = canonical else {
        return Err(wildcard_error(&lower_scheme, port));
    };
    if !tail.is_empty() {
        let what = if tail == "/" {
            "origin must not end with `/`".to_owned()
        } else {
            format!("an origin has no path, query or fragment (`{tail}`)")
        };
        return Err(refused(
            ProblemKind::OriginHasPath,
            &what,
            suggest(&canonical),
            WRITE_AN_ORIGIN,
        ));
    }
    if canonical != origin {
        return Err(not_serialized(origin, scheme, host, port, &canonical));
    }
    let host_text = if special {
        url.host_str().map(str::to_owned)
    } else {
        url.host_str().map(str::to_ascii_lowercase)
    }
    .unwrap_or_default();
    // One trailing dot is a fully qualified name, which browsers send as
    // written; an empty label anywhere else is a name no DNS can have.
    let labels = host_text.strip_suffix('.').unwrap_or(&host_text);
    if special && !labels.starts_with('[') && labels.split('.').any(str::is_empty) {
        let collapsed: Vec<&str> = labels
            .split('.')
            .filter(|label| !label.is_empty())
            .collect();
        let fixed = canonical.replacen(host_text.as_str(), &collapsed.join("."), 1);
        return Err(refused(
            ProblemKind::OriginInvalid,
            &format!("`{host_text}` has an empty label, which no DNS name can have"),
            suggest(&fixed),
            WRITE_AN_ORIGIN,
        ));
    }
    let port_number = if any_port { None } else { url.port() };
    if let Some(number) = port_number.filter(|&p| is_bad_port(p)) {
        let elsewhere = canonical.replacen(&format!(":{number}"), ":8080", 1);
        return Err(refused(
            ProblemKind::OriginBadPort,
            &format!("browsers refuse to load pages from port {number} (Fetch's bad port list), so no page has this origin"),
            suggest(&elsewhere),
            "serve the page on another port",
        ));
    }
    if let Some(parent) = wildcard_host {
        let parent = host_text
            .strip_prefix(&format!("{PROBE_LABEL}."))
            .unwrap_or(parent)
            .to_owned();
        if is_public_suffix(&parent) {
            let port_text = port.map(|p| format!(":{p}")).unwrap_or_default();
            let hint = ["example", "app.example"].iter().find_map(|label| {
                let candidate = format!("{lower_scheme}://*.{label}.{parent}{port_text}");
                parse(&candidate).is_ok().then_some(candidate)
            });
            return Err(Refused {
                kind: ProblemKind::OriginPublicSuffix,
                message: format!(
                    "`*.{parent}` trusts every site registered under the public suffix `{parent}`; write your own domain, as in \"{}\"",
                    hint.as_deref().unwrap_or("https://*.example.com")
                ),
                suggestion: None,
            });
        }
        return Ok(OriginSpec::Pattern(OriginPattern {
            scheme: lower_scheme.into(),
            host: HostRule::Subdomains(parent.into()),
            port: port_rule(any_port, port_number),
        }));
    }
    if any_port {
        return Ok(OriginSpec::Pattern(OriginPattern {
            scheme: lower_scheme.into(),
            host: HostRule::Exact(host_text.into()),
            port: PortRule::Any,
        }));
    }
    Ok(OriginSpec::Exact(canonical))
}

/// The label put in place of `*.` and the port put in place of `:*` while
/// the rest of a pattern goes through the URL parser.
const PROBE_LABEL: &str = "a";
const PROBE_PORT: u16 = 8080;

fn port_rule(any_port: bool, port: Option<u16>) -> PortRule {
    match (any_port, port) {
        (true, _) => PortRule::Any,
        (false, Some(port)) => PortRule::Exact(port),
        (false, None) => PortRule::Default,
    }
}

/// An entry without `://`: a bare host, or a scheme that has no authority.
fn no_authority(origin: &str) -> Refused {
    if let Some((scheme, rest)) = origin.split_once(':') {
        let lower = scheme.to_ascii_lowercase();
        if NOT_PAGE_SCHEMES.contains(&lower.as_str()) {
            return not_a_page_scheme(&lower, rest.trim_start_matches('/'));
        }
    }
    // `https//host`, `https:/host`: the scheme is there, its `://` is not.
    let lower = origin.to_ascii_lowercase();
    for scheme in ["https", "http"] {
        let Some(rest) = lower.strip_prefix(scheme) else {
            continue;
        };
        let host = rest.trim_start_matches([':', '/']);
        if host.len() < rest.len() && !host.is_empty() {
            return refused(
                ProblemKind::OriginInvalid,
                &format!("origin has no `://` after its scheme `{scheme}`"),
                suggest(&format!(
                    "{scheme}://{}",
                    &origin[origin.len() - host.len()..]
                )),
                WRITE_AN_ORIGIN,
            );
        }
    }
    let bare = origin.trim_start_matches('/');
    // A development server on this machine is served over http.
    let (host, _) = split_authority(bare);
    let scheme = if is_trustworthy_serialized_host(host) || host.ends_with(".localhost") {
        "http"
    } else {
        "https"
    };
    refused(
        ProblemKind::OriginInvalid,
        "origin has no scheme",
        suggest(&format!("{scheme}://{bare}")),
        WRITE_AN_ORIGIN,
    )
}

fn not_a_page_scheme(scheme: &str, rest: &str) -> Refused {
    match scheme {
        "file" => Refused {
            kind: ProblemKind::OriginScheme,
            message: "`file:` pages have the opaque origin `null`, which any site can produce; serve the page over http(s) and allow that origin".to_owned(),
            suggestion: None,
        },
        "ws" | "wss" | "ftp" => {
            let page_scheme = if scheme == "ws" { "http" } else { "https" };
            let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            let page = suggest(&format!("{page_scheme}://{authority}"));
            let what = format!(
                "`{scheme}:` is never a page's origin (a request a page opens carries the page's own origin)"
            );
            match page {
                Some(page) => Refused {
                    kind: ProblemKind::OriginScheme,
                    message: format!("{what}; write the page's origin, such as \"{page}\""),
                    suggestion: Some(page),
                },
                None => refused(ProblemKind::OriginScheme, &what, None, "write the page's origin, such as \"https://app.example.com\""),
            }
        }
        _ => refused(
            ProblemKind::OriginScheme,
            &format!("`{scheme}:` is never a page's origin"),
            None,
            "write the origin of the page that makes the request, such as \"https://app.example.com\"",
        ),
    }
}

fn wildcard_error(scheme: &str, port: Option<&str>) -> Refused {
    let port = match port {
        Some(port) if port == "*" || port.parse::<u16>().is_ok() => format!(":{port}"),
        _ => String::new(),
    };
    Refused {
        kind: ProblemKind::OriginWildcard,
        message: format!(
            "`*` may only be the whole leftmost label or the whole port; write \"{scheme}://*.example.com{port}\" or \"{scheme}://localhost:*\""
        ),
        suggestion: None,
    }
}

fn url_error(error: url::ParseError, scheme: &str, host: &str, port: Option<&str>) -> Refused {
    use url::ParseError as E;
    match error {
        E::EmptyHost => refused(
            ProblemKind::OriginInvalid,
            "origin has no host",
            None,
            &format!("write a host after `{scheme}://`, such as \"{scheme}://app.example.com\""),
        ),
        E::InvalidPort => refused(
            ProblemKind::OriginInvalid,
            &format!("port `{}` is out of range", port.unwrap_or_default()),
            None,
            "write a number from 1 to 65535",
        ),
        E::InvalidIpv4Address => refused(
            ProblemKind::OriginInvalid,
            &format!("`{host}` is not an IPv4 address"),
            None,
            &format!("write four numbers from 0 to 255, as in \"{scheme}://127.0.0.1\""),
        ),
        E::InvalidIpv6Address => refused(
            ProblemKind::OriginInvalid,
            &format!("`{host}` is not an IPv6 address"),
            None,
            &format!("write one such as \"{scheme}://[::1]\""),
        ),
        E::IdnaError | E::InvalidDomainCharacter => refused(
            ProblemKind::OriginInvalid,
            &format!("`{host}` is not a valid host name (a character hosts cannot contain, or a `xn--` label that is not valid Punycode)"),
            None,
            &format!("write a host such as \"{scheme}://app.example.com\", with international names converted to Punycode"),
        ),
        other => refused(
            ProblemKind::OriginInvalid,
            &format!("origin is not a URL ({other})"),
            None,
            WRITE_AN_ORIGIN,
        ),
    }
}

/// The entry parsed, but browsers serialize it as `canonical`: say which
/// part differs.
fn not_serialized(
    origin: &str,
    scheme: &str,
    host: &str,
    port: Option<&str>,
    canonical: &str,
) -> Refused {
    let (canonical_scheme, canonical_rest) = canonical.split_once("://").unwrap_or(("", canonical));
    let (canonical_host, canonical_port) = split_authority(canonical_rest);
    let what = if scheme != canonical_scheme {
        "browsers send the scheme in lower case".to_owned()
    } else if port == Some("") {
        "origin ends with `:` but no port".to_owned()
    } else if port.is_some() && canonical_port.is_none() {
        format!(
            "`:{}` is the default port of {canonical_scheme} and browsers leave it out",
            port.unwrap_or_default()
        )
    } else if port != canonical_port && port.is_some_and(|p| p.starts_with('0')) {
        "browsers send the port without leading zeros".to_owned()
    } else if host != canonical_host && host.to_ascii_lowercase() == canonical_host {
        "browsers send the host in lower case".to_owned()
    } else if host.starts_with('[') && host.contains('.') {
        "browsers send IPv4-mapped IPv6 addresses in hex".to_owned()
    } else if host.starts_with('[') {
        "browsers send IPv6 addresses in their shortest lower-case form".to_owned()
    } else if canonical_host
        .rsplit('.')
        .next()
        .is_some_and(|last| last.bytes().all(|b| b.is_ascii_digit()))
    {
        "browsers send IPv4 addresses as four decimal numbers".to_owned()
    } else if !host.is_ascii() {
        "browsers send international domain names in their Punycode (`xn--`) form".to_owned()
    } else {
        format!("browsers send this origin as \"{canonical}\", not \"{origin}\"")
    };
    Refused {
        kind: ProblemKind::OriginNotSerialized,
        message: format!("{what}; write \"{canonical}\""),
        suggestion: Some(canonical.to_owned()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(origin: &str) -> Result<OriginSpec, String> {
        Ok(OriginSpec::Exact(origin.to_owned()))
    }

    /// The text between `write "` and the next `"`, if the message has one.
    fn hint(message: &str) -> Option<&str> {
        let start = message.find("write \"")? + "write \"".len();
        let end = message[start..].find('"')?;
        Some(&message[start..start + end])
    }

    #[test]
    fn accepts_serialized_origins() {
        for origin in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:8080",
            "https://[2001:db8::1]",
            "http://[::ffff:7f7f:7f7f]:90",
            "capacitor://localhost",
            "tauri://localhost",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
            "https://xn--bcher-kva.example",
            "http://localhost",
            "https://my_app.example.com",
            "http://foo.localhost",
            "http://127.127.127.127",
            "https://a.com.",
        ] {
            assert_eq!(parse_origin(origin), exact(origin), "{origin}");
        }
    }

    #[test]
    fn accepts_patterns() {
        let pattern = |scheme: &'static str, host: HostRule, port: PortRule| {
            Ok(OriginSpec::Pattern(OriginPattern {
                scheme: scheme.into(),
                host,
                port,
            }))
        };
        let cases = [
            (
                "https://*.example.com",
                pattern(
                    "https",
                    HostRule::Subdomains("example.com".into()),
                    PortRule::Default,
                ),
            ),
            (
                "http://localhost:*",
                pattern("http", HostRule::Exact("localhost".into()), PortRule::Any),
            ),
            (
                "http://[::1]:*",
                pattern("http", HostRule::Exact("[::1]".into()), PortRule::Any),
            ),
            (
                "https://*.example.com:8443",
                pattern(
                    "https",
                    HostRule::Subdomains("example.com".into()),
                    PortRule::Exact(8443),
                ),
            ),
            (
                "http://*.localhost:*",
                pattern(
                    "http",
                    HostRule::Subdomains("localhost".into()),
                    PortRule::Any,
                ),
            ),
            (
                "https://*.my_team.example.com",
                pattern(
                    "https",
                    HostRule::Subdomains("my_team.example.com".into()),
                    PortRule::Default,
                ),
            ),
            (
                "https://*.example.co.uk",
                pattern(
                    "https",
                    HostRule::Subdomains("example.co.uk".into()),
                    PortRule::Default,
                ),
            ),
        ];
        for (origin, expected) in cases {
            assert_eq!(parse_origin(origin), expected, "{origin}");
        }
    }

    /// Every refusal, its rule, and its message word for word.
    const REFUSALS: &[(&str, ProblemKind, &str)] = &[
        ("https://a.com/", ProblemKind::OriginHasPath, "origin must not end with `/`; write \"https://a.com\""),
        ("https://a.com/api", ProblemKind::OriginHasPath, "an origin has no path, query or fragment (`/api`); write \"https://a.com\""),
        ("https://a.com?x=1", ProblemKind::OriginHasPath, "an origin has no path, query or fragment (`?x=1`); write \"https://a.com\""),
        ("https://a.com#top", ProblemKind::OriginHasPath, "an origin has no path, query or fragment (`#top`); write \"https://a.com\""),
        ("https://A.com/", ProblemKind::OriginHasPath, "origin must not end with `/`; write \"https://a.com\""),
        ("https://user@a.com", ProblemKind::OriginHasUserinfo, "an origin has no user name or password; write \"https://a.com\""),
        ("https://u:p@*.a.com", ProblemKind::OriginHasUserinfo, "an origin has no user name or password; write \"https://*.a.com\""),
        ("https://A.com", ProblemKind::OriginNotSerialized, "browsers send the host in lower case; write \"https://a.com\""),
        ("HTTPS://a.com", ProblemKind::OriginNotSerialized, "browsers send the scheme in lower case; write \"https://a.com\""),
        ("https://*.EXAMPLE.com", ProblemKind::OriginNotSerialized, "browsers send the host in lower case; write \"https://*.example.com\""),
        ("https://a.com:443", ProblemKind::OriginNotSerialized, "`:443` is the default port of https and browsers leave it out; write \"https://a.com\""),
        ("http://a.com:80", ProblemKind::OriginNotSerialized, "`:80` is the default port of http and browsers leave it out; write \"http://a.com\""),
        ("http://a.com:08080", ProblemKind::OriginNotSerialized, "browsers send the port without leading zeros; write \"http://a.com:8080\""),
        ("http://a.com:", ProblemKind::OriginNotSerialized, "origin ends with `:` but no port; write \"http://a.com\""),
        ("http://127.1", ProblemKind::OriginNotSerialized, "browsers send IPv4 addresses as four decimal numbers; write \"http://127.0.0.1\""),
        ("http://0x7f.0.0.1:8080", ProblemKind::OriginNotSerialized, "browsers send IPv4 addresses as four decimal numbers; write \"http://127.0.0.1:8080\""),
        ("http://[0:0:0:0:0:0:0:1]", ProblemKind::OriginNotSerialized, "browsers send IPv6 addresses in their shortest lower-case form; write \"http://[::1]\""),
        ("http://[::ffff:127.127.127.127]:90", ProblemKind::OriginNotSerialized, "browsers send IPv4-mapped IPv6 addresses in hex; write \"http://[::ffff:7f7f:7f7f]:90\""),
        ("https://bücher.example", ProblemKind::OriginNotSerialized, "browsers send international domain names in their Punycode (`xn--`) form; write \"https://xn--bcher-kva.example\""),
        ("NULL", ProblemKind::OriginNotSerialized, "`null` is written in lower case; write \"null\""),
        (" https://a.com", ProblemKind::OriginNotSerialized, "origin has white space around it; write \"https://a.com\""),
        ("http://a.com:99999", ProblemKind::OriginInvalid, "port `99999` is out of range; write a number from 1 to 65535"),
        ("a.com", ProblemKind::OriginInvalid, "origin has no scheme; write \"https://a.com\""),
        ("localhost:3000", ProblemKind::OriginInvalid, "origin has no scheme; write \"http://localhost:3000\""),
        ("127.0.0.1:8080", ProblemKind::OriginInvalid, "origin has no scheme; write \"http://127.0.0.1:8080\""),
        ("https//b.example.com", ProblemKind::OriginInvalid, "origin has no `://` after its scheme `https`; write \"https://b.example.com\""),
        ("https:/c.example.com", ProblemKind::OriginInvalid, "origin has no `://` after its scheme `https`; write \"https://c.example.com\""),
        ("http:localhost:3000", ProblemKind::OriginInvalid, "origin has no `://` after its scheme `http`; write \"http://localhost:3000\""),
        ("\"https://app.example.com\"", ProblemKind::OriginInvalid, "origin is written in quotes; write \"https://app.example.com\""),
        ("", ProblemKind::OriginInvalid, "origin is empty; write a serialized origin such as \"https://app.example.com\""),
        ("http://xn--f", ProblemKind::OriginInvalid, "`xn--f` is not a valid host name (a character hosts cannot contain, or a `xn--` label that is not valid Punycode); write a host such as \"http://app.example.com\", with international names converted to Punycode"),
        ("https://a b.com", ProblemKind::OriginInvalid, "`a b.com` is not a valid host name (a character hosts cannot contain, or a `xn--` label that is not valid Punycode); write a host such as \"https://app.example.com\", with international names converted to Punycode"),
        ("http://1.2.3.256", ProblemKind::OriginInvalid, "`1.2.3.256` is not an IPv4 address; write four numbers from 0 to 255, as in \"http://127.0.0.1\""),
        ("http://[::1", ProblemKind::OriginInvalid, "`[::1` is not an IPv6 address; write one such as \"http://[::1]\""),
        ("https://", ProblemKind::OriginInvalid, "origin has no host; write a host after `https://`, such as \"https://app.example.com\""),
        ("1https://a.com", ProblemKind::OriginInvalid, "`1https` is not a URL scheme; write a scheme such as `https`, as in \"https://app.example.com\""),
        ("file:///tmp/x.html", ProblemKind::OriginScheme, "`file:` pages have the opaque origin `null`, which any site can produce; serve the page over http(s) and allow that origin"),
        ("ws://a.com", ProblemKind::OriginScheme, "`ws:` is never a page's origin (a request a page opens carries the page's own origin); write the page's origin, such as \"http://a.com\""),
        ("wss://a.com:8443", ProblemKind::OriginScheme, "`wss:` is never a page's origin (a request a page opens carries the page's own origin); write the page's origin, such as \"https://a.com:8443\""),
        ("ftp://a.com", ProblemKind::OriginScheme, "`ftp:` is never a page's origin (a request a page opens carries the page's own origin); write the page's origin, such as \"https://a.com\""),
        ("data:text/html,x", ProblemKind::OriginScheme, "`data:` is never a page's origin; write the origin of the page that makes the request, such as \"https://app.example.com\""),
        ("http://a.com:6000", ProblemKind::OriginBadPort, "browsers refuse to load pages from port 6000 (Fetch's bad port list), so no page has this origin; write \"http://a.com:8080\""),
        ("http://localhost:22", ProblemKind::OriginBadPort, "browsers refuse to load pages from port 22 (Fetch's bad port list), so no page has this origin; write \"http://localhost:8080\""),
        ("http://a.com:0", ProblemKind::OriginBadPort, "browsers refuse to load pages from port 0 (Fetch's bad port list), so no page has this origin; write \"http://a.com:8080\""),
        ("https://*.example.com:10080", ProblemKind::OriginBadPort, "browsers refuse to load pages from port 10080 (Fetch's bad port list), so no page has this origin; write \"https://*.example.com:8080\""),
        ("https://*.com", ProblemKind::OriginPublicSuffix, "`*.com` trusts every site registered under the public suffix `com`; write your own domain, as in \"https://*.example.com\""),
        ("https://*.co.uk", ProblemKind::OriginPublicSuffix, "`*.co.uk` trusts every site registered under the public suffix `co.uk`; write your own domain, as in \"https://*.example.co.uk\""),
        ("https://*.github.io", ProblemKind::OriginPublicSuffix, "`*.github.io` trusts every site registered under the public suffix `github.io`; write your own domain, as in \"https://*.example.github.io\""),
        ("https://*.com.sg", ProblemKind::OriginPublicSuffix, "`*.com.sg` trusts every site registered under the public suffix `com.sg`; write your own domain, as in \"https://*.example.com.sg\""),
        ("https://*.gov.au", ProblemKind::OriginPublicSuffix, "`*.gov.au` trusts every site registered under the public suffix `gov.au`; write your own domain, as in \"https://*.example.gov.au\""),
        ("https://*.deno.dev", ProblemKind::OriginPublicSuffix, "`*.deno.dev` trusts every site registered under the public suffix `deno.dev`; write your own domain, as in \"https://*.example.deno.dev\""),
        ("https://*.up.railway.app", ProblemKind::OriginPublicSuffix, "`*.up.railway.app` trusts every site registered under the public suffix `up.railway.app`; write your own domain, as in \"https://*.example.up.railway.app\""),
        ("https://*.trycloudflare.com", ProblemKind::OriginPublicSuffix, "`*.trycloudflare.com` trusts every site registered under the public suffix `trycloudflare.com`; write your own domain, as in \"https://*.example.trycloudflare.com\""),
        ("https://*.ck", ProblemKind::OriginPublicSuffix, "`*.ck` trusts every site registered under the public suffix `ck`; write your own domain, as in \"https://*.app.example.ck\""),
        ("https://a*.example.com", ProblemKind::OriginWildcard, "`*` may only be the whole leftmost label or the whole port; write \"https://*.example.com\" or \"https://localhost:*\""),
        ("https://a.*.example.com", ProblemKind::OriginWildcard, "`*` may only be the whole leftmost label or the whole port; write \"https://*.example.com\" or \"https://localhost:*\""),
        ("https://*", ProblemKind::OriginWildcard, "`*` may only be the whole leftmost label or the whole port; write \"https://*.example.com\" or \"https://localhost:*\""),
        ("http://localhost:80*", ProblemKind::OriginWildcard, "`*` in a port must be the whole port; write \"http://localhost:*\""),
        ("http://*.127.0.0.1", ProblemKind::OriginWildcard, "`*.` needs a domain name, not an IP address; write \"http://127.0.0.1\""),
        ("https://a.com, https://b.com", ProblemKind::OriginList, "one string holds one origin; write a list, [\"https://a.com\", \"https://b.com\"]"),
        ("https://app.example.com, https://B.com/", ProblemKind::OriginList, "one string holds one origin; write a list, [\"https://app.example.com\", \"https://b.com\"]"),
        ("https://a.com https://b.com", ProblemKind::OriginList, "one string holds one origin; write a list, [\"https://a.com\", \"https://b.com\"]"),
        ("http://example..com:3999", ProblemKind::OriginInvalid, "`example..com` has an empty label, which no DNS name can have; write \"http://example.com:3999\""),
        ("http://example.com..:3999", ProblemKind::OriginInvalid, "`example.com..` has an empty label, which no DNS name can have; write \"http://example.com:3999\""),
        ("https://a.com;https://b.com", ProblemKind::OriginList, "one string holds one origin; write a list, [\"https://a.com\", \"https://b.com\"]"),
    ];

    #[test]
    fn refusals_name_their_rule_and_say_what_to_write() {
        let wrong: Vec<String> = REFUSALS
            .iter()
            .filter_map(|&(origin, kind, message)| match check_origin(origin) {
                Err(refusal) if refusal.message == message && refusal.kind == kind => None,
                other => Some(format!("{origin:?}: {other:?}")),
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_hint_is_accepted_when_pasted_back() {
        for &(origin, _, message) in REFUSALS {
            if let Some(hint) = hint(message) {
                assert!(parse_origin(hint).is_ok(), "{origin:?} -> {hint:?}");
            }
            if let Some(list) = message.split_once("write a list, [") {
                for entry in list.1.trim_end_matches(']').split(", ") {
                    let entry = entry.trim_matches('"');
                    assert!(parse_origin(entry).is_ok(), "{origin:?} -> {entry:?}");
                }
            }
        }
    }

    #[test]
    fn insecure_means_plain_http_and_not_potentially_trustworthy() {
        let insecure = |o: &str| parse_origin(o).unwrap().is_insecure();
        for origin in [
            "http://app.example.com",
            "http://*.example.com",
            "http://[::ffff:7f7f:7f7f]:90",
            "http://10.0.0.1",
            "http://localhost.example.com",
        ] {
            assert!(insecure(origin), "{origin}");
        }
        for origin in [
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://127.127.127.127",
            "http://foo.localhost",
            "http://*.localhost",
            "http://*.dev.localhost:*",
            "http://[::1]:*",
            "https://app.example.com",
            "capacitor://localhost",
        ] {
            assert!(!insecure(origin), "{origin}");
        }
    }

    #[test]
    fn bad_port_list_is_sorted_for_binary_search() {
        assert!(BAD_PORTS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_bad_port(4190) && is_bad_port(6679) && !is_bad_port(3000));
    }
}
