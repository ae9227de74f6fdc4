//! The checked policy: the one model of a policy that passed every rule.
//!
//! `validate` returns it; the `#[cors]` and `policy!` macros print it as a
//! `static` (every text borrowed); `Policy::builder` returns it wrapped
//! (every text owned); the runtime wraps it with its header values
//! prepared once. It is grouped by concern, as the response headers are.

use std::borrow::Cow;

use crate::origin::OriginPattern;
use crate::text::{Text, Texts};

/// A policy that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPolicy {
    /// Which origins may read responses.
    pub origins: AllowedOrigins,
    /// Which methods a preflight may ask for.
    pub methods: MethodRule,
    /// Which request headers a preflight may ask for.
    pub headers: HeaderRule,
    /// Response headers a script may read (lower case, in the order
    /// written), or `["*"]`; empty for none.
    pub expose_headers: Texts,
    /// Whether cookies and HTTP authentication go with the request.
    pub credentials: bool,
    /// Seconds a browser may cache a preflight answer.
    pub max_age: u32,
    /// Whether Private Network Access preflights are answered.
    pub private_network: bool,
    /// Whether requests with a method other than GET, HEAD and OPTIONS
    /// that a page of an origin this policy does not allow sent are
    /// refused: with `credentials = true` unless
    /// `dangerously_allow_cross_origin_writes = true`, and with
    /// `refuse_cross_origin_writes = true`.
    pub refuse_cross_origin_writes: bool,
}

/// The origins of a [`CheckedPolicy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedOrigins {
    /// `origins = "*"`: every origin (never with credentials).
    pub any: bool,
    /// Exact serialized origins (and `null` when allowed), sorted and
    /// de-duplicated; the runtime looks them up in a hash set built from
    /// this list.
    pub exact: Texts,
    /// Subdomain and any-port patterns.
    pub patterns: Cow<'static, [OriginPattern]>,
    /// Regexes, anchored to match the whole origin; as a set they fit the
    /// size limits the runtime builds them with.
    pub regexes: Texts,
    /// The name of an origin set configured at start-up (`origins_from`),
    /// looked up in the app's `OriginSets`.
    pub configured: Option<Text>,
    /// `dangerously_allow_null_origin`: whether a function or a configured
    /// set may allow `null` (with credentials).
    pub null_allowed: bool,
    /// `dangerously_allow_insecure_origins`: whether a function may allow a
    /// plain-http origin that is not potentially trustworthy (with
    /// credentials).
    pub insecure_allowed: bool,
}

/// The methods of a [`CheckedPolicy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodRule {
    /// `methods = "*"` on a middleware without credentials: any method.
    Any,
    /// These methods, in the order written, as a browser sends them.
    List(Texts),
}

/// The request headers of a [`CheckedPolicy`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderRule {
    /// `headers = "*"`: every requested name is allowed and echoed back,
    /// which, unlike a literal `*`, also works with credentials.
    Echo,
    /// These names, lower case and sorted for binary search.
    List(Texts),
}

impl CheckedPolicy {
    /// A policy that allows no origin: what `policy!` stands for after a
    /// compile error, so that the error is the only one reported.
    pub const NOTHING: CheckedPolicy = CheckedPolicy {
        origins: AllowedOrigins {
            any: false,
            exact: Cow::Borrowed(&[]),
            patterns: Cow::Borrowed(&[]),
            regexes: Cow::Borrowed(&[]),
            configured: None,
            null_allowed: false,
            insecure_allowed: false,
        },
        methods: MethodRule::List(Cow::Borrowed(&[])),
        headers: HeaderRule::List(Cow::Borrowed(&[])),
        expose_headers: Cow::Borrowed(&[]),
        credentials: false,
        max_age: 0,
        private_network: false,
        refuse_cross_origin_writes: false,
    };

    /// The policy for one path of a handler that serves `served` there: a
    /// preflight may ask only for the policy's methods that the handler
    /// serves on that path (`#[routes]` may serve different methods on
    /// different paths).
    ///
    /// ```
    /// use route_cors_rules::{validate, Context, Located, MethodRule, PolicyInput};
    ///
    /// let mut input: PolicyInput<()> = PolicyInput::new(
    ///     Context::Handler { route_methods: vec!["GET".into(), "PUT".into()], methods_inherited: false },
    ///     (),
    /// );
    /// input.origins = Some(vec![Located::new("https://app.example.com".to_owned(), ())]);
    /// let policy = validate(&input).unwrap();
    /// assert_eq!(policy.narrowed_to(&["PUT"]).methods, MethodRule::List(vec!["PUT".into()].into()));
    /// ```
    pub fn narrowed_to(&self, served: &[&str]) -> CheckedPolicy {
        let mut narrowed = self.clone();
        if let MethodRule::List(methods) = &self.methods {
            let kept: Vec<Text> = methods
                .iter()
                .filter(|method| served.contains(&method.as_ref()))
                .cloned()
                .collect();
            if kept.len() != methods.len() {
                narrowed.methods = MethodRule::List(Cow::Owned(kept));
            }
        }
        narrowed
    }
}
