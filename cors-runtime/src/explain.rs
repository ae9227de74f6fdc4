//! Why a request was refused, for the developer who sent it: the decision,
//! and for a refused origin the allowed entry it nearly is and the one way
//! it differs (`https://app.example.com:8443` for `https://app.example.com`
//! differs only by port). A pure function beside [`decide`], which it calls;
//! the services never ask for it.

use std::fmt;

use actix_web::http::header::HeaderMap;
use actix_web::http::Method;
use route_cors_rules::{is_public_suffix, split_authority, HostRule, OriginPattern, PortRule};

use crate::decision::{decide, Decision, Refusal};
use crate::origin::{is_serialized_subdomain, parse_port, MAX_ORIGIN_LEN};
use crate::policy::Policy;
use crate::request::{self, Head};

/// The most bytes of the request's origin a [`NearMiss`] shows.
const MAX_SHOWN_LEN: usize = 256;

/// What ends a shown origin that was cut: not ASCII, so no escaped origin
/// can contain it.
const CUT_MARK: &str = "…";

/// What [`explain`] says of a request: the decision, and for a refused
/// origin the allowed entry it nearly is.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{explain, Decision, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// headers.insert(ORIGIN, HeaderValue::from_static("https://evil.example.net"));
/// let explanation = explain(&policy, &Method::GET, &headers);
/// assert_eq!(explanation.decision, Decision::ActualRefused);
/// assert_eq!(explanation.near_miss, None); // nothing like it is allowed
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation<'a> {
    /// The decision, exactly as [`decide`] makes it.
    pub decision: Decision<'a>,
    /// For a refused origin ([`Decision::ActualRefused`], or
    /// [`Decision::PreflightRefused`] with [`Refusal::Origin`]) that differs
    /// from an allowed entry in one way only: that entry and the way.
    /// `None` for every other decision, and for an origin that differs from
    /// every entry in more than one way or is nothing like any of them.
    pub near_miss: Option<NearMiss>,
}

/// An allowed entry a refused origin nearly is. Its `Display` is one line,
/// `differs only by port: allowed https://app.example.com, got
/// https://app.example.com:8443`, with the wording of its [`Difference`].
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{explain, Difference, Policy};
///
/// let policy = Policy::builder().allow_origin("https://*.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// headers.insert(ORIGIN, HeaderValue::from_static("https://example.com"));
/// let near_miss = explain(&policy, &Method::GET, &headers).near_miss.expect("a near miss");
/// assert_eq!(near_miss.allowed, "https://*.example.com");
/// assert_eq!(near_miss.got, "https://example.com");
/// assert_eq!(near_miss.difference, Difference::Subdomain);
/// assert_eq!(
///     near_miss.to_string(),
///     "differs only by a subdomain: allowed https://*.example.com, got https://example.com",
/// );
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NearMiss {
    /// The policy's entry as written: an exact origin
    /// (`https://app.example.com`) or a pattern (`https://*.example.com`,
    /// `http://localhost:*`, `https://*.example.com:8443`).
    pub allowed: String,
    /// The request's `Origin`, escaped as [`u8::escape_ascii`] escapes it
    /// (so that it prints and logs safely), and cut to at most 256 bytes,
    /// ending in `…` when cut.
    pub got: String,
    /// How the two differ.
    pub difference: Difference,
}

impl fmt::Display for NearMiss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "differs only by {}: allowed {}, got {}",
            self.difference.what(),
            self.allowed,
            self.got
        )
    }
}

/// The one way a refused origin differs from an allowed entry, each with
/// the words a [`NearMiss`] says it in.
///
/// An origin is compared with an entry part by part: scheme, host, port,
/// and what follows them. When a difference fits two kinds, the first in
/// this order wins: [`Case`](Difference::Case) (upper case in the scheme or
/// host allows no other kind), then the order of the variants below, so
/// that `www.` is [`Www`](Difference::Www) before it is
/// [`Subdomain`](Difference::Subdomain), and a lone `/` is
/// [`TrailingSlash`](Difference::TrailingSlash) before it is
/// [`Path`](Difference::Path).
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{explain, Difference, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let difference = |origin: &'static str| {
///     let mut headers = HeaderMap::new();
///     headers.insert(ORIGIN, HeaderValue::from_static(origin));
///     explain(&policy, &Method::GET, &headers).near_miss.map(|near| near.difference)
/// };
/// assert_eq!(difference("http://app.example.com"), Some(Difference::Scheme));
/// assert_eq!(difference("https://www.app.example.com"), Some(Difference::Www));
/// assert_eq!(difference("https://eu.app.example.com"), Some(Difference::Subdomain));
/// assert_eq!(difference("https://app.example.com/"), Some(Difference::TrailingSlash));
/// assert_eq!(difference("http://app.example.com:8080"), None); // two ways
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Difference {
    /// Upper case in the scheme or the host, which browsers never send
    /// (they lower-case both): `https://APP.example.com` for
    /// `https://app.example.com`. Says `differs only by case`.
    Case,
    /// Another scheme: `http://app.example.com` for
    /// `https://app.example.com`. Says `differs only by scheme`.
    Scheme,
    /// Another port, a port where the entry has none (browsers leave out
    /// the scheme's default, so `:443` is one), or none where the entry
    /// names one: `https://app.example.com:8443` for
    /// `https://app.example.com`. Says `differs only by port`.
    Port,
    /// A dot after the host, which makes it another origin to a browser:
    /// `https://app.example.com.` for `https://app.example.com`. Says
    /// `differs only by a trailing dot`.
    TrailingDot,
    /// `www.` in front of the host, or missing from it:
    /// `https://www.app.example.com` for `https://app.example.com`,
    /// `https://example.com` for `https://www.example.com`. Says
    /// `differs only by www.`.
    Www,
    /// Labels in front of the host, or missing from it:
    /// `https://eu.app.example.com` for `https://app.example.com`;
    /// `https://example.com` for `https://*.example.com`, which needs a
    /// label in front of `example.com`. Never across a public suffix
    /// (`https://github.io` is nothing like `https://app.github.io`), and
    /// never for an IP address. Says `differs only by a subdomain`.
    Subdomain,
    /// A `/` after the host and port, where an `Origin` ends:
    /// `https://app.example.com/`. Says `differs only by a trailing slash`.
    TrailingSlash,
    /// Anything else after the host and port, a path, query or fragment:
    /// `https://app.example.com/login`. Says `differs only by a path`.
    Path,
}

impl Difference {
    /// What the origin differs only by, in a [`NearMiss`]'s words.
    fn what(self) -> &'static str {
        match self {
            Difference::Case => "case",
            Difference::Scheme => "scheme",
            Difference::Port => "port",
            Difference::TrailingDot => "a trailing dot",
            Difference::Www => "www.",
            Difference::Subdomain => "a subdomain",
            Difference::TrailingSlash => "a trailing slash",
            Difference::Path => "a path",
        }
    }
}

/// The decision on a request head plus, for an origin refusal, the nearest
/// allowed entry and how it differs: for a developer whose request was
/// refused, to log or to print.
///
/// The decision is [`decide`]'s. A near miss is looked for only when it
/// refuses the origin ([`Decision::ActualRefused`],
/// [`Decision::PreflightRefused`] with [`Refusal::Origin`]), and only for an
/// `Origin` that is text and at most 1024 bytes long (the bound the
/// decision reads origins with). The origin is compared with the policy's
/// exact origins (in sorted order), then with its patterns (in the order
/// written); the first entry it differs from in one way only is the near
/// miss, the way one [`Difference`] (which lists the kinds and their
/// order). Regexes, origin sets and origin functions are not compared:
/// they have no one entry to name.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::http::header::{HeaderMap, HeaderValue, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
/// use actix_web::http::Method;
/// use route_cors::{explain, Decision, Difference, Policy, Refusal};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let mut headers = HeaderMap::new();
/// headers.insert(ORIGIN, HeaderValue::from_static("https://app.example.com:8443"));
/// headers.insert(ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("PUT"));
/// let explanation = explain(&policy, &Method::OPTIONS, &headers);
/// assert_eq!(explanation.decision, Decision::PreflightRefused(Refusal::Origin));
/// let near_miss = explanation.near_miss.expect("a near miss");
/// assert_eq!(near_miss.difference, Difference::Port);
/// assert_eq!(
///     near_miss.to_string(),
///     "differs only by port: allowed https://app.example.com, got https://app.example.com:8443",
/// );
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
pub fn explain<'a>(policy: &Policy, method: &Method, headers: &'a HeaderMap) -> Explanation<'a> {
    let decision = decide(policy, method, headers);
    let near_miss = match decision {
        Decision::ActualRefused | Decision::PreflightRefused(Refusal::Origin) => {
            Head::read(method, headers)
                .origin
                .and_then(|origin| near_miss(policy, origin.as_bytes()))
        }
        _ => None,
    };
    Explanation {
        decision,
        near_miss,
    }
}

/// The first entry of `policy` that a refused `origin` differs from in one
/// way only: [`explain`]'s comparison, for a caller that already has the
/// decision. `None` for an origin that is not text or is longer than
/// [`MAX_ORIGIN_LEN`].
pub(crate) fn near_miss(policy: &Policy, origin: &[u8]) -> Option<NearMiss> {
    if origin.len() > MAX_ORIGIN_LEN {
        return None;
    }
    let got = Split::new(request::text(origin)?)?;
    // Browsers lower-case the scheme and the host: an origin with upper case
    // in them is compared once more, lower-cased (copied once, not per entry).
    let upper = |part: &str| part.bytes().any(|b| b.is_ascii_uppercase());
    let lowered = (upper(got.scheme) || upper(got.host)).then(|| {
        (
            got.scheme.to_ascii_lowercase(),
            got.host.to_ascii_lowercase(),
        )
    });
    let lower = lowered.as_ref().map(|(scheme, host)| Split {
        scheme,
        host,
        ..got
    });
    let origins = &policy.checked.origins;
    let exact = origins
        .exact
        .iter()
        .filter_map(|written| Some((Entry::exact(written)?, Some(written.as_ref()))));
    let patterns = origins
        .patterns
        .iter()
        .map(|pattern| (Entry::pattern(pattern), None));
    exact
        .chain(patterns)
        .find_map(|(entry, written)| {
            let difference = difference(&got, lower.as_ref(), &entry)?;
            let allowed = written.map_or_else(|| entry.written(), str::to_owned);
            Some((allowed, difference))
        })
        .map(|(allowed, difference)| NearMiss {
            allowed,
            got: shown(origin),
            difference,
        })
}

/// An origin (or something sent as one) split into the parts a near miss
/// compares.
#[derive(Debug, Clone, Copy)]
struct Split<'a> {
    scheme: &'a str,
    host: &'a str,
    port: Option<&'a str>,
    /// What follows the authority: a path, query or fragment.
    rest: &'a str,
}

impl<'a> Split<'a> {
    /// Splits at the first `://`, then where the authority ends (at `/`,
    /// `?` or `#`), then at the port's `:`; `None` without `://`.
    fn new(origin: &'a str) -> Option<Split<'a>> {
        let (scheme, after) = origin.split_once("://")?;
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let (host, port) = split_authority(authority);
        Some(Split {
            scheme,
            host,
            port,
            rest,
        })
    }
}

/// An allowed entry, exact or a pattern, as parts.
#[derive(Debug)]
struct Entry<'p> {
    scheme: &'p str,
    host: Host<'p>,
    port: PortRule,
}

/// The host part of an [`Entry`].
#[derive(Debug, Clone, Copy)]
enum Host<'p> {
    Exact(&'p str),
    /// A label or more in front of this parent domain.
    Subdomains(&'p str),
}

impl<'p> Entry<'p> {
    /// An exact origin of the policy; `None` for `null`.
    fn exact(origin: &'p str) -> Option<Entry<'p>> {
        let split = Split::new(origin).filter(|split| split.rest.is_empty())?;
        let port = match split.port {
            None => PortRule::Default,
            Some(port) => PortRule::Exact(parse_port(port)?),
        };
        Some(Entry {
            scheme: split.scheme,
            host: Host::Exact(split.host),
            port,
        })
    }

    fn pattern(pattern: &'p OriginPattern) -> Entry<'p> {
        Entry {
            scheme: &pattern.scheme,
            host: match &pattern.host {
                HostRule::Exact(host) => Host::Exact(host),
                HostRule::Subdomains(parent) => Host::Subdomains(parent),
            },
            port: pattern.port,
        }
    }

    /// The entry as written: `scheme://host[:port]`, with `*.` in front of
    /// a parent domain and `:*` for any port.
    fn written(&self) -> String {
        let host = match self.host {
            Host::Exact(host) => host.to_owned(),
            Host::Subdomains(parent) => format!("*.{parent}"),
        };
        let port = match self.port {
            PortRule::Default => String::new(),
            PortRule::Exact(port) => format!(":{port}"),
            PortRule::Any => ":*".to_owned(),
        };
        format!("{}://{host}{port}", self.scheme)
    }
}

/// How one part of an origin compares with the same part of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compared {
    Same,
    Differs(Difference),
    /// Not one of the kinds: no near miss.
    Unrelated,
}

/// The one way `got` differs from `entry`, if it differs in one way only.
/// `lower` is `got` with its scheme and host lower-cased, when they have
/// upper case: then case is the only difference there can be.
fn difference(got: &Split<'_>, lower: Option<&Split<'_>>, entry: &Entry<'_>) -> Option<Difference> {
    if let Some(lower) = lower {
        return (one_difference(lower, entry) == Compared::Same).then_some(Difference::Case);
    }
    match one_difference(got, entry) {
        Compared::Differs(difference) => Some(difference),
        Compared::Same | Compared::Unrelated => None,
    }
}

/// Every part of `got` compared with `entry`: the same, one kind of
/// difference (in one part or several), or anything else.
fn one_difference(got: &Split<'_>, entry: &Entry<'_>) -> Compared {
    let parts = [
        compare_scheme(got.scheme, entry.scheme),
        compare_host(got.host, entry.host),
        compare_port(got.port, entry.port),
        compare_rest(got.rest),
    ];
    let mut found = Compared::Same;
    for part in parts {
        match (found, part) {
            (_, Compared::Same) => {}
            (Compared::Same, differs) => found = differs,
            (Compared::Differs(seen), Compared::Differs(kind)) if seen == kind => {}
            _ => return Compared::Unrelated,
        }
    }
    found
}

fn compare_scheme(got: &str, allowed: &str) -> Compared {
    let is_scheme = got.starts_with(|c: char| c.is_ascii_alphabetic())
        && got
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if got == allowed {
        Compared::Same
    } else if is_scheme {
        Compared::Differs(Difference::Scheme)
    } else {
        Compared::Unrelated
    }
}

fn compare_host(got: &str, allowed: Host<'_>) -> Compared {
    let matches = |host: &str| match allowed {
        Host::Exact(allowed) => host == allowed,
        Host::Subdomains(parent) => host
            .strip_suffix(parent)
            .and_then(|front| front.strip_suffix('.'))
            .is_some_and(is_serialized_subdomain),
    };
    if matches(got) {
        return Compared::Same;
    }
    if got.strip_suffix('.').is_some_and(matches) {
        return Compared::Differs(Difference::TrailingDot);
    }
    match allowed {
        Host::Exact(allowed) => match labels_apart(got, allowed) {
            Some("www") => Compared::Differs(Difference::Www),
            Some(_) => Compared::Differs(Difference::Subdomain),
            None => Compared::Unrelated,
        },
        // The parent itself, where a label is needed in front of it.
        Host::Subdomains(parent) if got == parent && is_registrable(parent) => {
            Compared::Differs(Difference::Subdomain)
        }
        Host::Subdomains(_) => Compared::Unrelated,
    }
}

/// The labels one host has in front of the other (`eu` for
/// `eu.app.example.com` and `app.example.com`, either way round), when the
/// shorter is a registrable domain name, so that both share it.
fn labels_apart<'h>(got: &'h str, allowed: &'h str) -> Option<&'h str> {
    let (longer, shorter) = if got.len() > allowed.len() {
        (got, allowed)
    } else {
        (allowed, got)
    };
    let labels = longer.strip_suffix(shorter)?.strip_suffix('.')?;
    (is_serialized_subdomain(labels) && is_registrable(shorter)).then_some(labels)
}

/// Whether `host` is a domain name someone registered (or `localhost`):
/// not empty, not an IP address (bracketed, or a last label of digits, as
/// the URL parser reads an IPv4 address), not a public suffix.
fn is_registrable(host: &str) -> bool {
    let last_label = host.rsplit('.').next().unwrap_or(host);
    let ip_address = host.starts_with('[') || last_label.bytes().all(|b| b.is_ascii_digit());
    !host.is_empty() && !ip_address && !is_public_suffix(host)
}

fn compare_port(got: Option<&str>, allowed: PortRule) -> Compared {
    let same = match (got.map(parse_port), allowed) {
        (None, PortRule::Default | PortRule::Any) => true,
        (Some(Some(_)), PortRule::Any) => true,
        (Some(Some(got)), PortRule::Exact(allowed)) => got == allowed,
        _ => false,
    };
    if same {
        Compared::Same
    } else {
        Compared::Differs(Difference::Port)
    }
}

fn compare_rest(rest: &str) -> Compared {
    match rest {
        "" => Compared::Same,
        "/" => Compared::Differs(Difference::TrailingSlash),
        _ => Compared::Differs(Difference::Path),
    }
}

/// `origin` escaped; when that is longer than [`MAX_SHOWN_LEN`] bytes, cut
/// between two escaped bytes and marked with [`CUT_MARK`].
fn shown(origin: &[u8]) -> String {
    let escaped = origin.escape_ascii().to_string();
    if escaped.len() <= MAX_SHOWN_LEN {
        return escaped;
    }
    let mut shown = String::with_capacity(MAX_SHOWN_LEN);
    for byte in origin {
        let escaped = byte.escape_ascii();
        if shown.len() + escaped.len() > MAX_SHOWN_LEN - CUT_MARK.len() {
            break;
        }
        shown.extend(escaped.map(char::from));
    }
    shown.push_str(CUT_MARK);
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderValue, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
    use Difference::*;

    const APP: &str = "https://app.example.com";
    const WWW: &str = "https://www.example.com";
    const APEX: &str = "https://example.com";
    const SUBS: &str = "https://*.example.com";
    const SUBS_8443: &str = "https://*.example.com:8443";
    const LOCAL: &str = "http://localhost:*";
    const GITHUB: &str = "https://app.github.io";
    const LOOPBACK: &str = "http://127.0.0.1";

    fn policy(entries: &[&str]) -> Policy {
        Policy::builder()
            .allow_origins(entries.iter().copied())
            .allow_methods(["GET", "PUT"])
            .build()
            .unwrap()
    }

    /// The head of a GET, or of a preflight asking for PUT.
    fn request(origin: Option<&[u8]>, preflight: bool) -> (Method, HeaderMap) {
        let mut headers = HeaderMap::new();
        if let Some(origin) = origin {
            headers.insert(ORIGIN, HeaderValue::from_bytes(origin).unwrap());
        }
        if !preflight {
            return (Method::GET, headers);
        }
        let put = HeaderValue::from_static("PUT");
        headers.insert(ACCESS_CONTROL_REQUEST_METHOD, put);
        (Method::OPTIONS, headers)
    }

    /// The policy's entries, the request's `Origin` (none: not a CORS
    /// request), and the near miss: the entry it names and the kind.
    type Row<'a> = (
        &'a [&'a str],
        Option<&'a [u8]>,
        Option<(&'a str, Difference)>,
    );

    /// Each row is sent as an actual request and as a preflight: a refused
    /// origin has the same near miss in both.
    #[test]
    fn table() {
        let long = format!("{APP}/{}", "a".repeat(10_000));
        let rows: &[Row<'_>] = &[
            // One row per kind.
            (
                &[APP],
                Some(b"https://app.example.com:8443"),
                Some((APP, Port)),
            ),
            (
                &[APP],
                Some(b"https://app.example.com:443"),
                Some((APP, Port)),
            ),
            (&[APP], Some(b"http://app.example.com"), Some((APP, Scheme))),
            (&[APP], Some(b"https://APP.example.com"), Some((APP, Case))),
            (&[APP], Some(b"HTTPS://App.Example.COM"), Some((APP, Case))),
            (
                &[APP],
                Some(b"https://app.example.com."),
                Some((APP, TrailingDot)),
            ),
            (
                &[APP],
                Some(b"https://www.app.example.com"),
                Some((APP, Www)),
            ),
            (&[WWW], Some(b"https://example.com"), Some((WWW, Www))),
            (
                &[APP],
                Some(b"https://eu.app.example.com"),
                Some((APP, Subdomain)),
            ),
            (
                &[APP],
                Some(b"https://a.b.app.example.com"),
                Some((APP, Subdomain)),
            ),
            (&[APP], Some(b"https://example.com"), Some((APP, Subdomain))),
            (
                &[APP],
                Some(b"https://app.example.com/"),
                Some((APP, TrailingSlash)),
            ),
            (
                &[APP],
                Some(b"https://app.example.com/login"),
                Some((APP, Path)),
            ),
            (
                &[APP],
                Some(b"https://app.example.com?a=b"),
                Some((APP, Path)),
            ),
            (
                &[APP],
                Some(b"https://app.example.com/\t"),
                Some((APP, Path)),
            ),
            (
                &[SUBS],
                Some(b"https://example.com"),
                Some((SUBS, Subdomain)),
            ),
            (
                &[SUBS],
                Some(b"https://a.example.com."),
                Some((SUBS, TrailingDot)),
            ),
            (&[SUBS], Some(b"https://A.example.com"), Some((SUBS, Case))),
            (
                &[SUBS],
                Some(b"https://a.example.com:8443"),
                Some((SUBS, Port)),
            ),
            (
                &[SUBS_8443],
                Some(b"https://a.example.com"),
                Some((SUBS_8443, Port)),
            ),
            (
                &[LOCAL],
                Some(b"https://localhost:3000"),
                Some((LOCAL, Scheme)),
            ),
            (&[LOCAL], Some(b"http://localhost:080"), Some((LOCAL, Port))),
            // The first entry in order: exact origins sorted, then patterns.
            (
                &[APEX, APP],
                Some(b"https://eu.app.example.com"),
                Some((APP, Subdomain)),
            ),
            (
                &[SUBS_8443, APEX],
                Some(b"https://example.com:8443"),
                Some((APEX, Port)),
            ),
            // No near miss: unrelated, two differences, allowed, not CORS.
            (&[APP], Some(b"https://evil.com"), None),
            (&[APP], Some(b"https://app.example.com.evil.net"), None),
            (&[APP], Some(b"https://evilapp.example.com"), None),
            (&[APP], Some(b"https://api.example.com"), None),
            (&[APP], Some(b"https://user@app.example.com"), None),
            (&[GITHUB], Some(b"https://github.io"), None),
            (&[LOOPBACK], Some(b"http://1.127.0.0.1"), None),
            (&[APP], Some(b"http://app.example.com:8443"), None),
            (&[APP], Some(b"https://app.example.com:8443/"), None),
            (&[APP], Some(b"https://WWW.app.example.com"), None),
            (&[APP], Some(b"HTTP://app.example.com"), None),
            (&[SUBS], Some(b"https://example.com."), None),
            (&[SUBS], Some(b"http://example.com"), None),
            (&[APP], Some(b"https://app.example.com"), None),
            (&[SUBS], Some(b"https://a.example.com"), None),
            (&[APP], None, None),
            // No near miss: not text, too long, control bytes, no `://`.
            (&[APP], Some(b"https://app.example.com\xff"), None),
            (&[APP], Some(b"https://app.\xc3\xa9xample.com"), None),
            (&[APP], Some(long.as_bytes()), None),
            (&[APP], Some(b"https://app.example.com\t"), None),
            (&[APP], Some(b"https://\tapp.example.com"), None),
            (&[APP], Some(b"null"), None),
            (&[APP], Some(b""), None),
            (&[APP], Some(b"://app.example.com"), None),
        ];
        for &(entries, origin, expected) in rows {
            let policy = policy(entries);
            let shown = origin.map(|origin| origin.escape_ascii().to_string());
            for preflight in [false, true] {
                let (method, headers) = request(origin, preflight);
                let explanation = explain(&policy, &method, &headers);
                let row = format!("{entries:?} {shown:?} preflight: {preflight}");
                let decision = decide(&policy, &method, &headers);
                assert_eq!(explanation.decision, decision, "{row}");
                let near_miss = explanation
                    .near_miss
                    .map(|near| (near.allowed, near.got, near.difference));
                let expected = expected.map(|(allowed, difference)| {
                    let got = shown.clone().unwrap_or_default();
                    (allowed.to_owned(), got, difference)
                });
                assert_eq!(near_miss, expected, "{row}");
            }
        }
    }

    #[test]
    fn only_an_origin_refusal_has_a_near_miss() {
        let policy = policy(&[APP]);
        let (method, mut headers) = request(Some(b"https://app.example.com"), true);
        let delete = HeaderValue::from_static("DELETE");
        headers.insert(ACCESS_CONTROL_REQUEST_METHOD, delete);
        let explanation = explain(&policy, &method, &headers);
        let refused = Decision::PreflightRefused(Refusal::Method("DELETE"));
        assert_eq!(explanation.decision, refused);
        assert_eq!(explanation.near_miss, None);
    }

    #[test]
    fn display_is_exact() {
        let rows = [
            (APP, "https://app.example.com:8443", "port"),
            (APP, "http://app.example.com", "scheme"),
            (APP, "https://APP.example.com", "case"),
            (APP, "https://app.example.com.", "a trailing dot"),
            (WWW, "https://example.com", "www."),
            (APP, "https://eu.app.example.com", "a subdomain"),
            (SUBS, "https://example.com", "a subdomain"),
            (APP, "https://app.example.com/", "a trailing slash"),
            (APP, "https://app.example.com/login", "a path"),
            (LOCAL, "https://localhost:3000", "scheme"),
            (SUBS_8443, "https://a.example.com", "port"),
        ];
        for (entry, origin, what) in rows {
            let (method, headers) = request(Some(origin.as_bytes()), false);
            let near_miss = explain(&policy(&[entry]), &method, &headers)
                .near_miss
                .unwrap_or_else(|| panic!("{origin}"));
            let expected = format!("differs only by {what}: allowed {entry}, got {origin}");
            assert_eq!(near_miss.to_string(), expected);
        }
        let near_miss = NearMiss {
            allowed: APP.to_owned(),
            got: "https://app.example.com/a\\\"\\tb".to_owned(),
            difference: Path,
        };
        assert_eq!(
            near_miss.to_string(),
            "differs only by a path: allowed https://app.example.com, got https://app.example.com/a\\\"\\tb",
        );
        let (method, headers) = request(Some(b"https://app.example.com/a\"\tb"), false);
        let explained = explain(&policy(&[APP]), &method, &headers).near_miss;
        assert_eq!(explained, Some(near_miss));
        let near_miss = NearMiss {
            allowed: APP.to_owned(),
            got: "https://app.example.com:8443".to_owned(),
            difference: Port,
        };
        assert_eq!(
            near_miss.to_string(),
            "differs only by port: allowed https://app.example.com, got https://app.example.com:8443",
        );
    }

    #[test]
    fn a_long_origin_is_shown_cut() {
        let accents = shown(format!("{APP}/{}", "é".repeat(300)).as_bytes());
        assert!(accents.len() <= MAX_SHOWN_LEN, "{}", accents.len());
        assert!(accents.starts_with("https://app.example.com/\\xc3\\xa9\\xc3"));
        assert!(accents.ends_with(CUT_MARK));
        let exactly = "a".repeat(MAX_SHOWN_LEN);
        assert_eq!(shown(exactly.as_bytes()), exactly);
        let over = "a".repeat(MAX_SHOWN_LEN + 1);
        let cut = format!("{}{CUT_MARK}", "a".repeat(MAX_SHOWN_LEN - CUT_MARK.len()));
        assert_eq!(shown(over.as_bytes()), cut);

        let path = format!("{APP}/{}", "a".repeat(900));
        let (method, headers) = request(Some(path.as_bytes()), false);
        let near_miss = explain(&policy(&[APP]), &method, &headers).near_miss;
        let near_miss = near_miss.expect("a near miss");
        assert_eq!(near_miss.difference, Path);
        assert_eq!(near_miss.got.len(), MAX_SHOWN_LEN);
    }

    /// Every origin made of three of these pieces, against exact origins
    /// and patterns: no panic, and a near miss only for text.
    #[test]
    fn hostile_origins_never_panic() {
        let policy = policy(&[APP, SUBS_8443, LOCAL, "http://[::1]:3000"]);
        let pieces: &[&[u8]] = &[
            b"https://",
            b"http://",
            b"app.",
            b"example.com",
            b".",
            b":",
            b"8443",
            b"/",
            b"[",
            b"]",
            b"::1",
            b"@",
            b"?",
            b"#",
            b"\t",
            b" ",
            b"\x80",
            b"\xff",
            b"\xc3",
            b"www.",
            b"A",
            b"*",
            b"%",
            b"\\",
            b":*",
            b"",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let origin = [*a, *b, *c].concat();
                    for preflight in [false, true] {
                        let (method, headers) = request(Some(&origin), preflight);
                        let near_miss = explain(&policy, &method, &headers).near_miss;
                        let text = request::text(&origin).is_some();
                        assert!(near_miss.is_none() || text, "{}", origin.escape_ascii());
                    }
                }
            }
        }
    }
}
