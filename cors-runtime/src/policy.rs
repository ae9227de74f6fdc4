//! The policy: a checked policy from the rules crate, wrapped with the
//! values its answers are made of, built once.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use actix_web::http::header::HeaderValue;
use foldhash::fast::FixedState;
use regex::RegexSet;
use route_cors_rules::{is_token, normalize_method, CheckedPolicy, HeaderRule, MethodRule, Text};

use crate::origin_fn::{AsyncOriginFn, OriginFn};
use crate::pattern::PatternIndex;

/// A checked CORS policy: which origins may read responses, with which
/// methods and headers.
///
/// A policy is written once and shared by every request. The `#[cors]`
/// attribute and `policy!` build it as a `static` while the program
/// compiles; [`Policy::builder`] builds it at start-up from configuration,
/// with the same checks and the same messages.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::Policy;
///
/// let policy = Policy::builder()
///     .allow_origins(["https://example.com", "https://*.example.com"])
///     .allow_methods(["GET", "PUT"])
///     .allow_credentials(true)
///     .build()
///     .expect("a valid policy");
/// assert!(policy.allows_origin("https://admin.example.com"));
/// assert!(!policy.allows_origin("https://example.com.evil.net"));
/// ```
pub struct Policy {
    pub(crate) checked: CheckedPolicy,
    pub(crate) origin_fn: Option<OriginFn>,
    pub(crate) async_origin_fn: Option<AsyncOriginFn>,
    /// Where the policy was written, for events.
    source: Cow<'static, str>,
    /// What wrote it and the names of its origin functions, for the
    /// inventory.
    described: Described,
    prepared: OnceLock<Prepared>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("checked", &self.checked)
            .field("origin_fn", &self.origin_fn)
            .field("async_origin_fn", &self.async_origin_fn.is_some())
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// Where the keys of a policy were written.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The handler's own `#[cors(...)]`.
    Own,
    /// The enclosing `#[cors]` module's attribute, the handler has none.
    Module,
    /// The enclosing module's attribute with keys the handler's own
    /// `#[cors(...)]` replaces.
    ModuleWithOverrides,
    /// `policy!`, `Policy::builder` or an origin set: code, not a route
    /// attribute.
    Code,
}

/// What the inventory says about a policy beyond its checked keys.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Described {
    pub(crate) written: Written,
    pub(crate) origin_fn: Option<&'static str>,
    pub(crate) origin_fn_async: Option<&'static str>,
}

/// The values a policy's answers are made of, built once from the checked
/// policy: the response header values, the exact origins as a hash set,
/// the origin pattern index and the origin regex set.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) allow_methods: HeaderValue,
    /// For a list of request headers; `None` when they are echoed or none
    /// is allowed.
    pub(crate) allow_headers: Option<HeaderValue>,
    pub(crate) expose_headers: Option<HeaderValue>,
    pub(crate) max_age: HeaderValue,
    /// Keyed by bytes, so that a request's `Origin` is looked up before
    /// (and, on a hit, without) checking that it is text: every entry is.
    pub(crate) exact_origins: HashSet<Box<[u8]>, FixedState>,
    pub(crate) patterns: PatternIndex,
    pub(crate) regex_set: Option<RegexSet>,
}

impl Prepared {
    fn new(checked: &CheckedPolicy) -> Prepared {
        let allow_methods = match &checked.methods {
            MethodRule::Any => HeaderValue::from_static("*"),
            MethodRule::List(methods) => joined(methods).unwrap_or(HeaderValue::from_static("")),
        };
        let allow_headers = match &checked.headers {
            HeaderRule::Echo => None,
            HeaderRule::List(names) => joined(names),
        };
        // The rules built this set with the same limits before the policy
        // was accepted, so it builds; were it not to, no regex matches
        // (refusing is safe) rather than anything panicking.
        let regexes = &checked.origins.regexes;
        let regex_set = (!regexes.is_empty())
            .then(|| {
                route_cors_rules::origin_regex_set(regexes.iter())
                    .map_err(|error| tracing::error!(target: "route_cors", "origin_regex set does not build: {error}"))
                    .ok()
            })
            .flatten();
        Prepared {
            allow_methods,
            allow_headers,
            expose_headers: joined(&checked.expose_headers),
            max_age: HeaderValue::from(checked.max_age),
            exact_origins: checked
                .origins
                .exact
                .iter()
                .map(|origin| origin.as_bytes().into())
                .collect(),
            patterns: PatternIndex::new(&checked.origins.patterns),
            regex_set,
        }
    }
}

/// `names` joined with `, ` as one header value; `None` for an empty list.
/// Checked names are tokens, so the value is always valid.
fn joined(names: &[Text]) -> Option<HeaderValue> {
    (!names.is_empty())
        .then(|| HeaderValue::try_from(names.join(", ")).ok())
        .flatten()
}

impl Policy {
    /// Wraps a checked policy as the macros emit it in a `static`;
    /// `source` says where it was written (a handler's path and the
    /// attribute's file and line, or `policy!` and its file and line). Its
    /// values are prepared when the app registers or wraps it, before the
    /// first request.
    #[doc(hidden)]
    pub const fn __from_checked(
        checked: CheckedPolicy,
        origin_fn: Option<OriginFn>,
        async_origin_fn: Option<AsyncOriginFn>,
        source: &'static str,
    ) -> Policy {
        Policy {
            checked,
            origin_fn,
            async_origin_fn,
            source: Cow::Borrowed(source),
            described: Described {
                written: Written::Code,
                origin_fn: None,
                origin_fn_async: None,
            },
            prepared: OnceLock::new(),
        }
    }

    /// The same policy, described for the inventory: `written` says where
    /// its keys came from, the names are the paths of its origin
    /// functions as written in the attribute.
    #[doc(hidden)]
    pub const fn __described(
        mut self,
        written: Written,
        origin_fn: Option<&'static str>,
        origin_fn_async: Option<&'static str>,
    ) -> Policy {
        self.described = Described {
            written,
            origin_fn,
            origin_fn_async,
        };
        self
    }

    /// Where the policy's keys came from and the names of its origin
    /// functions.
    pub(crate) fn described(&self) -> &Described {
        &self.described
    }

    /// The same policy with another `source`.
    pub(crate) fn with_source(mut self, source: String) -> Policy {
        self.source = Cow::Owned(source);
        self
    }

    /// Where the policy was written: the handler's path and the file and
    /// line of its `#[cors]`, `policy!` and its file and line, or where
    /// `Policy::builder()...build()` was called. Events name it as `policy`.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let policy = route_cors::Policy::builder().allow_origin("https://app.example.com").build()?;
    /// assert!(policy.source().starts_with("Policy::builder at "));
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The checked policy this wraps (a type of the internal rules crate;
    /// for the runtime and the macros' tests).
    #[doc(hidden)]
    pub fn checked(&self) -> &CheckedPolicy {
        &self.checked
    }

    /// The values the answers are made of, built on first use (the
    /// registration of a route or a middleware makes that use).
    pub(crate) fn prepared(&self) -> &Prepared {
        self.prepared.get_or_init(|| Prepared::new(&self.checked))
    }

    /// Whether responses carry `Access-Control-Allow-Credentials: true`.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let policy = route_cors::Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_credentials(true)
    ///     .build()?;
    /// assert!(policy.allows_credentials());
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn allows_credentials(&self) -> bool {
        self.checked.credentials
    }

    /// Whether the answer depends on the request's `Origin`, so that every
    /// response needs `Vary: Origin`.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::Policy;
    ///
    /// assert!(!Policy::builder().allow_origin("*").build()?.varies_by_origin());
    /// assert!(Policy::builder().allow_origin("https://a.example.com").build()?.varies_by_origin());
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn varies_by_origin(&self) -> bool {
        !self.checked.origins.any
    }

    /// Whether a preflight may ask for `method`, as sent in
    /// `Access-Control-Request-Method`. DELETE, GET, HEAD, OPTIONS, POST and
    /// PUT match in any case; every other method is case-sensitive.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let policy = route_cors::Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_methods(["GET", "PATCH"])
    ///     .build()?;
    /// assert!(policy.allows_method("get"));
    /// assert!(policy.allows_method("PATCH"));
    /// assert!(!policy.allows_method("patch"));
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn allows_method(&self, method: &str) -> bool {
        if !is_token(method) {
            return false;
        }
        let method = normalize_method(method);
        match &self.checked.methods {
            MethodRule::Any => true,
            MethodRule::List(methods) => methods.iter().any(|m| m == method),
        }
    }

    /// Whether a preflight may ask for request header `name` (any case).
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let policy = route_cors::Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_headers(["content-type"])
    ///     .build()?;
    /// assert!(policy.allows_request_header("Content-Type"));
    /// assert!(!policy.allows_request_header("x-api-key"));
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn allows_request_header(&self, name: &str) -> bool {
        if !is_token(name) {
            return false;
        }
        match &self.checked.headers {
            HeaderRule::Echo => true,
            // Browsers send the names in lower case, as the list holds
            // them: compared as they are, without folding byte by byte.
            HeaderRule::List(allowed) if !name.bytes().any(|b| b.is_ascii_uppercase()) => allowed
                .binary_search_by(|allowed| allowed.as_ref().cmp(name))
                .is_ok(),
            HeaderRule::List(allowed) => allowed
                .binary_search_by(|allowed| {
                    let lower = name.bytes().map(|b| b.to_ascii_lowercase());
                    allowed.bytes().cmp(lower)
                })
                .is_ok(),
        }
    }
}
