//! The policy table: what one route (or scope) allows, with every response
//! header value built once.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;
use regex::RegexSet;
use route_cors_rules::{validate, Context, HostRule, Located, Normalized, PolicyInput, PortRule};

/// A list of strings that is `&'static` in a `static` policy and owned in
/// one built at run time.
#[doc(hidden)]
pub type Strs = Cow<'static, [Cow<'static, str>]>;

/// Which ports an origin pattern accepts.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortMatch {
    /// No port (the scheme's default).
    Default,
    /// This port.
    Exact(u16),
    /// Any port or none.
    Any,
}

/// One subdomain or any-port origin pattern.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternTable {
    /// Scheme without `://`.
    pub scheme: Cow<'static, str>,
    /// The exact host, or the parent domain when `subdomains` is set.
    pub host: Cow<'static, str>,
    /// Whether `host` is a parent domain matched by its subdomains only.
    pub subdomains: bool,
    /// Which ports match.
    pub port: PortMatch,
}

/// The data of a [`Policy`], as the `#[cors]` macro emits it. Build a
/// policy with the macros or with [`Policy::builder`] instead of by hand:
/// this table is not checked.
#[doc(hidden)]
#[derive(Debug)]
pub struct PolicyTable {
    pub any_origin: bool,
    /// Sorted, for binary search.
    pub exact_origins: Strs,
    pub patterns: Cow<'static, [PatternTable]>,
    /// Anchored regexes.
    pub origin_regex: Strs,
    pub origin_fn: Option<fn(&str) -> bool>,
    pub methods: Strs,
    pub any_method: bool,
    /// Sorted lower-case names; `None` echoes the requested headers.
    pub headers: Option<Strs>,
    pub credentials: bool,
    pub private_network: bool,
    pub allow_methods: HeaderValue,
    pub allow_headers: Option<HeaderValue>,
    pub expose_headers: Option<HeaderValue>,
    pub max_age: HeaderValue,
}

/// A checked CORS policy: which origins may read responses, with which
/// methods and headers.
///
/// A policy is written once and shared by every request. The `#[cors]`
/// attribute and `policy!` build it as a `static` while the program
/// compiles; [`Policy::builder`] builds it at start-up from configuration,
/// with the same checks and the same messages.
///
/// ```
/// use route_cors_runtime::Policy;
///
/// let policy = Policy::builder()
///     .allow_origins(["https://app.example.com", "https://*.example.com"])
///     .allow_methods(["GET", "PUT"])
///     .allow_credentials(true)
///     .build()
///     .expect("a valid policy");
/// assert!(policy.allows_origin("https://admin.example.com"));
/// assert!(!policy.allows_origin("https://example.com.evil.net"));
/// ```
pub struct Policy {
    pub(crate) table: PolicyTable,
    pub(crate) regex_set: OnceLock<Option<RegexSet>>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("table", &self.table)
            .finish()
    }
}

impl Policy {
    /// Wraps a table emitted by the `#[cors]` macro. Not checked: the macro
    /// checked it while compiling.
    #[doc(hidden)]
    pub const fn __from_table(table: PolicyTable) -> Policy {
        Policy {
            table,
            regex_set: OnceLock::new(),
        }
    }

    /// Starts a policy built at run time, such as from origins read from an
    /// environment variable at start-up.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder {
            input: PolicyInput::new(Context::Middleware, Source::policy()),
            origin_fn: None,
        }
    }

    /// Whether responses carry `Access-Control-Allow-Credentials: true`.
    pub fn allows_credentials(&self) -> bool {
        self.table.credentials
    }

    /// Whether the answer depends on the request's `Origin`, so that every
    /// response needs `Vary: Origin`.
    pub fn varies_by_origin(&self) -> bool {
        !self.table.any_origin
    }

    pub(crate) fn regex_set(&self) -> Option<&RegexSet> {
        if self.table.origin_regex.is_empty() {
            return None;
        }
        // The rules built this set with the same limits before the policy
        // was accepted, so it builds; were it not to, no regex matches
        // (refusing is safe) rather than the request path panicking.
        self.regex_set
            .get_or_init(|| {
                route_cors_rules::origin_regex_set(
                    self.table.origin_regex.iter().map(|r| r.as_ref()),
                )
                .map_err(|error| log::error!("origin_regex set does not build: {error}"))
                .ok()
            })
            .as_ref()
    }
}

/// Where a value given to [`PolicyBuilder`] came from, for error messages.
#[derive(Debug, Clone)]
struct Source(String);

impl Source {
    fn policy() -> Self {
        Source("policy".to_owned())
    }

    fn value(key: &str, value: &str) -> Self {
        Source(format!("{key} {value:?}"))
    }
}

/// Builds a [`Policy`] at run time. Every value is checked by
/// [`build`](PolicyBuilder::build) with the rules `#[cors]` applies while
/// compiling. Defaults: methods GET, HEAD, POST; every request header
/// (echoed); no exposed header; no credentials; max-age 1800 s.
#[derive(Debug, Clone)]
pub struct PolicyBuilder {
    input: PolicyInput<Source>,
    origin_fn: Option<fn(&str) -> bool>,
}

impl PolicyBuilder {
    /// Allows one origin: an exact serialized origin (`https://app.example.com`),
    /// a subdomain pattern (`https://*.example.com`), an any-port pattern
    /// (`http://localhost:*`) or `*`. Decides
    /// [`Access-Control-Allow-Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin).
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        let origin = origin.into();
        let at = Source::value("origin", &origin);
        self.input.origins.push(Located::new(origin, at));
        self
    }

    /// Allows each of these origins; see [`allow_origin`](Self::allow_origin).
    pub fn allow_origins<I>(self, origins: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        origins.into_iter().fold(self, Self::allow_origin)
    }

    /// Allows the origins this regex matches in full.
    pub fn allow_origin_regex(mut self, regex: impl Into<String>) -> Self {
        let regex = regex.into();
        let at = Source::value("origin_regex", &regex);
        self.input.origin_regex.push(Located::new(regex, at));
        self
    }

    /// Allows the origins for which `predicate` returns `true`.
    pub fn allow_origin_fn(mut self, predicate: fn(&str) -> bool) -> Self {
        self.input.origin_fn = Some(Source("origin_fn".to_owned()));
        self.origin_fn = Some(predicate);
        self
    }

    /// Sets the methods a preflight may ask for (`*` for any):
    /// [`Access-Control-Allow-Methods`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Methods).
    pub fn allow_methods<I>(mut self, methods: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.input.methods = Some(located("method", methods));
        self
    }

    /// Sets the request headers a preflight may ask for (`*`, the default,
    /// echoes the requested names back):
    /// [`Access-Control-Allow-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Headers).
    pub fn allow_headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.input.headers = Some(located("header", headers));
        self
    }

    /// Sets the response headers a script may read:
    /// [`Access-Control-Expose-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Expose-Headers).
    pub fn expose_headers<I>(mut self, headers: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.input.expose_headers = located("expose header", headers);
        self
    }

    /// Lets the browser send cookies and read the response with them:
    /// [`Access-Control-Allow-Credentials`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Credentials).
    pub fn allow_credentials(mut self, credentials: bool) -> Self {
        self.input.credentials = Some(Located::new(credentials, Source("credentials".to_owned())));
        self
    }

    /// Sets how long, in seconds, a browser may cache a preflight answer:
    /// [`Access-Control-Max-Age`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Max-Age).
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.input.max_age = Some(Located::new(seconds, Source("max_age".to_owned())));
        self
    }

    /// Answers Private Network Access preflights.
    pub fn allow_private_network(mut self, allow: bool) -> Self {
        self.input.private_network = allow;
        self
    }

    /// Accepts plain-http origins other than loopback with credentials.
    pub fn dangerously_allow_insecure_origins(mut self, allow: bool) -> Self {
        self.input.allow_insecure_origins = allow;
        self
    }

    /// Accepts the origin `null`.
    pub fn dangerously_allow_null_origin(mut self, allow: bool) -> Self {
        self.input.allow_null_origin = allow;
        self
    }

    /// Checks the policy and builds its table, or lists every problem.
    pub fn build(self) -> Result<Policy, PolicyError> {
        let normalized = validate(&self.input).map_err(|problems| PolicyError {
            problems: problems
                .into_iter()
                .map(|problem| format!("{}: {}", problem.at.0, problem.message))
                .collect(),
        })?;
        let policy = Policy::__from_table(table_from(normalized, self.origin_fn));
        if !policy.table.origin_regex.is_empty() {
            let set = route_cors_rules::origin_regex_set(
                policy.table.origin_regex.iter().map(|r| r.as_ref()),
            )
            .map_err(|error| PolicyError {
                problems: vec![format!("origin_regex: {error}")],
            })?;
            let _ = policy.regex_set.set(Some(set));
        }
        Ok(policy)
    }
}

fn located<I>(key: &str, values: I) -> Vec<Located<String, Source>>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    values
        .into_iter()
        .map(|value| {
            let value = value.into();
            let at = Source::value(key, &value);
            Located::new(value, at)
        })
        .collect()
}

fn owned(values: Vec<String>) -> Strs {
    Cow::Owned(values.into_iter().map(Cow::Owned).collect())
}

fn header_value(value: String) -> HeaderValue {
    HeaderValue::try_from(value).expect("checked names and numbers are valid header values")
}

fn table_from(policy: Normalized, origin_fn: Option<fn(&str) -> bool>) -> PolicyTable {
    PolicyTable {
        any_origin: policy.any_origin,
        exact_origins: owned(policy.exact_origins),
        patterns: Cow::Owned(
            policy
                .patterns
                .into_iter()
                .map(|pattern| {
                    let (host, subdomains) = match pattern.host {
                        HostRule::Exact(host) => (host, false),
                        HostRule::Subdomains(parent) => (parent, true),
                    };
                    PatternTable {
                        scheme: Cow::Owned(pattern.scheme),
                        host: Cow::Owned(host),
                        subdomains,
                        port: match pattern.port {
                            PortRule::Default => PortMatch::Default,
                            PortRule::Exact(port) => PortMatch::Exact(port),
                            PortRule::Any => PortMatch::Any,
                        },
                    }
                })
                .collect(),
        ),
        origin_regex: owned(policy.origin_regex),
        origin_fn,
        methods: owned(policy.methods),
        any_method: policy.any_method,
        headers: policy.headers.map(owned),
        credentials: policy.credentials,
        private_network: policy.private_network,
        allow_methods: header_value(policy.allow_methods_value),
        allow_headers: policy.allow_headers_value.map(header_value),
        expose_headers: policy.expose_headers_value.map(header_value),
        max_age: HeaderValue::from(policy.max_age),
    }
}

/// Why [`PolicyBuilder::build`] refused a policy: every problem, each naming
/// the value at fault, what is wrong with it and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    problems: Vec<String>,
}

impl PolicyError {
    /// One line per problem.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid CORS policy")?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PolicyError {}
