//! `Policy::builder`: policies built at run time, checked by the rules the
//! macros apply while compiling, with the same messages.

use std::fmt;

use route_cors_rules::{validate, Context, Located, PolicyInput, Problem};

use actix_web::HttpRequest;

use crate::origin_fn::{AsyncOriginFn, OriginFn};
use crate::policy::Policy;

impl Policy {
    /// Starts a policy built at run time, such as from origins read from an
    /// environment variable at start-up. See [`PolicyBuilder`].
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder {
            input: PolicyInput::new(Context::Middleware, Source::policy()),
            origin_fn: None,
            async_origin_fn: None,
        }
    }
}

impl PolicyBuilder {
    /// Checks the policy as an origin set's: as strictly as with
    /// credentials, with messages that say what a set's value can be;
    /// `from_text` when the values were split from one text at commas.
    pub(crate) fn for_origin_set(mut self, from_text: bool) -> Self {
        self.input.context = Context::OriginSet { from_text };
        self.allow_credentials(true)
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
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::Policy;
///
/// let policy = Policy::builder()
///     .allow_origins(["https://app.example.com", "http://localhost:*"])
///     .allow_origin_regex(r"https://pr-\d+\.preview\.example\.net")
///     .allow_methods(["GET", "PUT", "DELETE"])
///     .allow_headers(["content-type", "x-csrf-token"])
///     .expose_headers(["x-request-id"])
///     .allow_credentials(true)
///     .max_age(600)
///     .build()?;
/// assert!(policy.allows_origin("http://localhost:3000"));
/// assert!(policy.allows_origin("https://pr-42.preview.example.net"));
/// assert!(policy.allows_method("DELETE"));
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a policy builder does nothing until `build` is called"]
pub struct PolicyBuilder {
    input: PolicyInput<Source>,
    origin_fn: Option<OriginFn>,
    async_origin_fn: Option<AsyncOriginFn>,
}

impl PolicyBuilder {
    /// Allows one origin: an exact serialized origin (`https://app.example.com`),
    /// a subdomain pattern (`https://*.example.com`), an any-port pattern
    /// (`http://localhost:*`) or `*`. Decides
    /// [`Access-Control-Allow-Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin).
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        let origin = origin.into();
        let at = Source::value("origin", &origin);
        self.input
            .origins
            .get_or_insert_with(Vec::new)
            .push(Located::new(origin, at));
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
        self.input
            .origin_regex
            .get_or_insert_with(Vec::new)
            .push(Located::new(regex, at));
        self
    }

    /// Allows the origins for which `predicate` returns `true`. It only
    /// sees origins that pass the rules: serialized as browsers send them,
    /// never `null` and, with credentials, never a plain-http origin that
    /// is not potentially trustworthy, unless the `dangerously_*` setting
    /// allows it.
    pub fn allow_origin_fn(mut self, predicate: fn(&str) -> bool) -> Self {
        self.input.origin_fn = Some(Located::new((), Source("origin_fn".to_owned())));
        self.origin_fn = Some(OriginFn::Origin(predicate));
        self
    }

    /// Allows the origins for which `predicate`, given the origin and the
    /// request, returns `true`: the request's `app_data` holds the app's
    /// state, such as a tenant table. Called for every CORS request whose
    /// origin no static entry allows; nobody caches the answer but the
    /// browser's preflight cache (`max_age`).
    ///
    /// ```
    /// use actix_web::{web, HttpRequest};
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::Policy;
    ///
    /// struct Tenants(Vec<String>);
    ///
    /// fn tenant_origin(origin: &str, req: &HttpRequest) -> bool {
    ///     req.app_data::<web::Data<Tenants>>()
    ///         .is_some_and(|tenants| tenants.0.iter().any(|known| known == origin))
    /// }
    ///
    /// let policy = Policy::builder().allow_origin_fn_with_request(tenant_origin).build().unwrap();
    /// ```
    pub fn allow_origin_fn_with_request(
        mut self,
        predicate: fn(&str, &HttpRequest) -> bool,
    ) -> Self {
        self.input.origin_fn = Some(Located::new((), Source("origin_fn".to_owned())));
        self.origin_fn = Some(OriginFn::Request(predicate));
        self
    }

    /// Allows the origins for which `check`, an async function of the
    /// origin and the request (a database lookup), resolves to `true`.
    /// Asked only for origins no other entry allows, and that pass the
    /// rules; each such request costs one boxed future.
    ///
    /// ```
    /// use actix_web::HttpRequest;
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::Policy;
    ///
    /// async fn known_tenant(origin: String, _req: HttpRequest) -> bool {
    ///     origin.ends_with(".tenants.example.com") // a database query here
    /// }
    ///
    /// let policy = Policy::builder()
    ///     .allow_origin_fn_async(|origin, req| Box::pin(known_tenant(origin, req)))
    ///     .build()
    ///     .unwrap();
    /// ```
    pub fn allow_origin_fn_async(mut self, check: AsyncOriginFn) -> Self {
        self.input.origin_fn_async = Some(Located::new((), Source("origin_fn_async".to_owned())));
        self.async_origin_fn = Some(check);
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
        self.input.expose_headers = Some(located("expose header", headers));
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
        self.input.private_network =
            Some(Located::new(allow, Source("private_network".to_owned())));
        self
    }

    /// Refuses, without credentials, requests with a method other than
    /// GET, HEAD and OPTIONS that a page of an origin this policy does not
    /// allow sent (a form post from another site), as a policy with
    /// credentials does by default. For an API that authenticates with
    /// something the browser sends by itself, such as a client certificate.
    /// Refused by [`build`](Self::build) where it changes nothing: with
    /// credentials, or when `methods` are only GET, HEAD and OPTIONS.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::{Policy, ProblemKind};
    ///
    /// let policy = Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .refuse_cross_origin_writes(true)
    ///     .build()?;
    /// # assert!(policy.checked().refuse_cross_origin_writes);
    ///
    /// let error = Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_credentials(true)
    ///     .refuse_cross_origin_writes(true)
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(error.problems()[0].kind, ProblemKind::CrossOriginWritesRedundant);
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn refuse_cross_origin_writes(mut self, refuse: bool) -> Self {
        let at = Source("refuse_cross_origin_writes".to_owned());
        self.input.refuse_cross_origin_writes = Some(Located::new(refuse, at));
        self
    }

    /// Accepts plain-http origins other than loopback with credentials.
    pub fn dangerously_allow_insecure_origins(mut self, allow: bool) -> Self {
        self.input.dangerously_allow_insecure_origins = Some(Located::new(
            allow,
            Source("dangerously_allow_insecure_origins".to_owned()),
        ));
        self
    }

    /// Accepts the origin `null`.
    pub fn dangerously_allow_null_origin(mut self, allow: bool) -> Self {
        self.input.dangerously_allow_null_origin = Some(Located::new(
            allow,
            Source("dangerously_allow_null_origin".to_owned()),
        ));
        self
    }

    /// Lets through, with credentials, requests with a method other than
    /// GET, HEAD and OPTIONS that a page of an origin this policy does not
    /// allow sent: any site's form can then post to the route with the
    /// user's cookies. A policy with credentials refuses them by default;
    /// this is for a route that takes such posts on purpose (a payment
    /// provider posting back), when its origin cannot be listed instead.
    /// Refused by [`build`](Self::build) where it changes nothing: without
    /// credentials, or when `methods` are only GET, HEAD and OPTIONS.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::{Policy, ProblemKind};
    ///
    /// let policy = Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_credentials(true)
    ///     .dangerously_allow_cross_origin_writes(true)
    ///     .build()?;
    /// # assert!(!policy.checked().refuse_cross_origin_writes);
    ///
    /// let error = Policy::builder()
    ///     .allow_origin("https://app.example.com")
    ///     .dangerously_allow_cross_origin_writes(true)
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "invalid CORS policy\n  dangerously_allow_cross_origin_writes: without `credentials = true` cross-origin writes are not refused, so there is nothing to allow; remove `dangerously_allow_cross_origin_writes`",
    /// );
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn dangerously_allow_cross_origin_writes(mut self, allow: bool) -> Self {
        if self.input.dangerously_allow_cross_origin_writes.is_none() {
            self.input.switch_sources.allow_first = self.input.refuse_cross_origin_writes.is_none();
        }
        let at = Source("dangerously_allow_cross_origin_writes".to_owned());
        self.input.dangerously_allow_cross_origin_writes = Some(Located::new(allow, at));
        self
    }

    /// Checks the policy and builds its table, or lists every problem.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::Policy;
    ///
    /// let error = Policy::builder()
    ///     .allow_origins(["https://a.example.com/", "https://*.com"])
    ///     .build()
    ///     .unwrap_err();
    /// assert_eq!(error.problems().len(), 2);
    /// ```
    #[track_caller]
    pub fn build(self) -> Result<Policy, PolicyError> {
        let caller = std::panic::Location::caller();
        let checked = validate(&self.input).map_err(|problems| PolicyError {
            problems: problems
                .into_iter()
                .map(|problem| Problem {
                    at: problem.at.0,
                    kind: problem.kind,
                    message: problem.message,
                })
                .collect(),
        })?;
        let policy =
            Policy::__from_checked(checked, self.origin_fn, self.async_origin_fn, "").with_source(
                format!("Policy::builder at {}:{}", caller.file(), caller.line()),
            );
        // Every value the runtime needs is built here, before the first
        // request.
        policy.prepared();
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

/// Why [`PolicyBuilder::build`] refused a policy: every problem, each with
/// the value at fault (`at`, such as `origin "https://a.com/"`), the rule it
/// breaks (`kind`) and what to write instead (`message`).
///
/// It converts into [`std::io::Error`], so that `?` works in the usual
/// `async fn main() -> std::io::Result<()>` of an actix-web server:
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use route_cors::{Policy, ProblemKind};
///
/// let error = Policy::builder().allow_origin("https://app.example.com/").build().unwrap_err();
/// assert_eq!(error.problems()[0].kind, ProblemKind::OriginHasPath);
/// assert_eq!(
///     error.to_string(),
///     "invalid CORS policy\n  origin \"https://app.example.com/\": origin must not end with `/`; write \"https://app.example.com\"",
/// );
/// let io: std::io::Error = error.into();
/// assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PolicyError {
    problems: Vec<Problem<String>>,
}

impl PolicyError {
    /// Every problem, in the order the values were given.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::{Policy, ProblemKind};
    ///
    /// let error = Policy::builder().allow_origin("https://*.github.io").build().unwrap_err();
    /// let problem = &error.problems()[0];
    /// assert_eq!(problem.kind, ProblemKind::OriginPublicSuffix);
    /// assert_eq!(problem.at, "origin \"https://*.github.io\"");
    /// ```
    pub fn problems(&self) -> &[Problem<String>] {
        &self.problems
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid CORS policy")?;
        for problem in &self.problems {
            write!(f, "\n  {}: {}", problem.at, problem.message)?;
        }
        Ok(())
    }
}

/// The message, as `Display` writes it: what a `main` that returns this
/// error with `?` prints, alone or inside the `io::Error` it converts
/// into, so that the user reads each value and its fix.
impl fmt::Debug for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for PolicyError {}

impl From<PolicyError> for std::io::Error {
    fn from(error: PolicyError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}
