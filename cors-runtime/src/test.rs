//! Tools for an application's tests (the `test-util` feature): the
//! inventory of a built app, the reachability check, and assertions on
//! single CORS requests.
//!
//! Every request these send goes through the whole service
//! `actix_web::test::init_service` returns, every middleware included,
//! and carries an in-process probe in its extensions (never a header), so
//! that the route-cors layers say which of them answered; a request from
//! the network can carry no probe.

use std::collections::HashMap;
use std::fmt;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::http::Method;
use actix_web::{Error, HttpMessage};
use route_cors_rules::{HostRule, PortRule};

use crate::inventory::{split_source, Inventory, RouteWithoutPolicy};
use crate::layers;
use crate::policy::Policy;
use crate::policy_ref::PolicyRef;
use crate::probe::{Probe, ProbeLog};
use crate::routes::{app_entries, sample_path, template, RouteRule};

/// The origin the check's refused probes come from: reserved (RFC 6761),
/// so no policy has a reason to allow it.
pub const PROBE_ORIGIN: &str = "https://probe.invalid";

/// A path no application serves, asked to learn the app.
const NOWHERE: &str = "/route-cors-probe/nowhere";

/// One request sent and what came back.
#[derive(Debug, Clone)]
pub struct Exchange {
    method: Method,
    uri: String,
    sent: Vec<(String, String)>,
    /// The response status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body, as text (lossy).
    pub body: String,
    log: ProbeLog,
}

impl Exchange {
    /// The `Access-Control-Allow-Origin` of the response, if any.
    pub fn allow_origin(&self) -> Option<&str> {
        self.header("access-control-allow-origin")
    }

    /// A response header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    fn origin(&self) -> Option<&str> {
        self.sent
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("origin"))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the origin sent may read this response.
    fn readable(&self) -> bool {
        match (self.allow_origin(), self.origin()) {
            (Some("*"), Some(_)) => self.header("access-control-allow-credentials").is_none(),
            (Some(allowed), Some(origin)) => allowed == origin,
            _ => false,
        }
    }

    /// Whether route-cors answered (a route's preflight resource or
    /// `RouteCors`'s answer): a route policy decided.
    fn answered_by_route_cors(&self) -> bool {
        self.log.route_resource
            || (self.log.route_cors && (self.status == 204 || self.body.starts_with("CORS ")))
    }

    #[track_caller]
    fn fail(&self, expected: &str) -> ! {
        panic!("{expected}\n{self}");
    }

    /// Asserts that the CORS request was allowed: a preflight got a 2xx
    /// with `Access-Control-Allow-Origin` for its origin; an actual
    /// request's response is readable by its origin.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use actix_web::{test, App};
    /// use route_cors::{preflight_resource, test::TestPreflight, Policy};
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let policy = Policy::builder().allow_origin("https://app.example.com").build().unwrap();
    /// let app = test::init_service(App::new().service(preflight_resource("/items", policy))).await;
    /// TestPreflight::new("/items")
    ///     .origin("https://app.example.com")
    ///     .method("GET")
    ///     .send(&app)
    ///     .await
    ///     .assert_allowed();
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_allowed(&self) -> &Self {
        let preflight = self.method == Method::OPTIONS && self.is_preflight();
        if preflight && !(200..300).contains(&self.status) {
            self.fail("expected the preflight to be allowed (a 2xx answer)");
        }
        if !self.readable() {
            self.fail("expected Access-Control-Allow-Origin for the origin sent");
        }
        self
    }

    /// Asserts that the CORS request was refused: a preflight got 403
    /// without `Access-Control-*` headers and a body naming `reason`
    /// (any case, e.g. `"origin"`, `"method"`, `"header"`); an actual
    /// request's response is not readable by its origin (and, when it was
    /// answered with a body, the body names `reason`).
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use actix_web::{test, App};
    /// use route_cors::{preflight_resource, test::TestPreflight, Policy};
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let policy = Policy::builder().allow_origin("https://app.example.com").build().unwrap();
    /// let app = test::init_service(App::new().service(preflight_resource("/items", policy))).await;
    /// TestPreflight::new("/items")
    ///     .origin("https://evil.example.net")
    ///     .method("GET")
    ///     .send(&app)
    ///     .await
    ///     .assert_refused("origin not allowed");
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_refused(&self, reason: &str) -> &Self {
        if self.is_preflight() {
            if self.status != 403 {
                self.fail("expected the preflight to be refused with 403");
            }
            if self.has_cors_headers() {
                self.fail("expected no Access-Control-* header on a refused preflight");
            }
        } else if self.readable() {
            self.fail("expected the response not to be readable by the origin sent");
        }
        let refused_with_body = self.is_preflight() || self.status == 403;
        if refused_with_body && !self.body.to_lowercase().contains(&reason.to_lowercase()) {
            self.fail(&format!("expected the body to name the reason {reason:?}"));
        }
        self
    }

    /// Asserts that the script of the origin sent can read the response,
    /// whatever its status (an early 401 included).
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use actix_web::{test, web, App, HttpResponse};
    /// use route_cors::{test::TestActual, Cors, Policy};
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let policy = Policy::builder().allow_origin("https://app.example.com").build().unwrap();
    /// let app = test::init_service(
    ///     App::new().wrap(Cors::from(policy)).route("/me", web::get().to(HttpResponse::Unauthorized)),
    /// )
    /// .await;
    /// TestActual::get("/me").origin("https://app.example.com").send(&app).await.assert_readable();
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_readable(&self) -> &Self {
        if !self.readable() {
            self.fail("expected the response to be readable by the origin sent (Access-Control-Allow-Origin)");
        }
        self
    }

    /// Asserts that the response carries no `Access-Control-*` header.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use actix_web::{test, web, App, HttpResponse};
    /// use route_cors::test::TestActual;
    ///
    /// # actix_web::rt::System::new().block_on(async {
    /// let app = test::init_service(App::new().route("/", web::get().to(HttpResponse::Ok))).await;
    /// TestActual::get("/").origin("https://app.example.com").send(&app).await.assert_no_cors();
    /// # });
    /// ```
    #[track_caller]
    pub fn assert_no_cors(&self) -> &Self {
        if self.has_cors_headers() {
            self.fail("expected no Access-Control-* header");
        }
        self
    }

    fn is_preflight(&self) -> bool {
        self.method == Method::OPTIONS
            && self
                .sent
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("access-control-request-method"))
    }

    fn has_cors_headers(&self) -> bool {
        self.headers
            .keys()
            .any(|name| name.as_str().starts_with("access-control-"))
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "request sent:")?;
        writeln!(f, "  {} {}", self.method, self.uri)?;
        for (name, value) in &self.sent {
            writeln!(f, "  {name}: {value}")?;
        }
        writeln!(f, "response received:")?;
        writeln!(f, "  {}", self.status)?;
        let mut headers: Vec<_> = self.headers.iter().collect();
        headers.sort_by_key(|(name, _)| name.as_str());
        for (name, value) in headers {
            writeln!(f, "  {name}: {}", value.to_str().unwrap_or("(not text)"))?;
        }
        if !self.body.is_empty() {
            writeln!(f, "  body: {}", self.body.trim_end())?;
        }
        Ok(())
    }
}

/// Sends one probed request.
async fn exchange<S, B>(app: &S, method: Method, uri: &str, sent: Vec<(String, String)>) -> Exchange
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    let mut request = actix_web::test::TestRequest::default()
        .method(method.clone())
        .uri(uri);
    for (name, value) in &sent {
        request = request.insert_header((name.as_str(), value.as_str()));
    }
    let request = request.to_request();
    let probe = Probe::default();
    request.extensions_mut().insert(probe.clone());
    let (status, headers, body) = match app.call(request).await {
        Ok(response) => {
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = actix_web::body::to_bytes(response.into_body())
                .await
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            (status, headers, body)
        }
        Err(error) => {
            let response = error.error_response();
            (
                response.status().as_u16(),
                response.headers().clone(),
                error.to_string(),
            )
        }
    };
    let log = probe.0.borrow().clone();
    Exchange {
        method,
        uri: uri.to_owned(),
        sent,
        status,
        headers,
        body,
        log,
    }
}

/// A preflight to send in a test.
#[derive(Debug, Clone)]
#[must_use]
pub struct TestPreflight {
    uri: String,
    origin: Option<String>,
    method: String,
    headers: Vec<String>,
}

impl TestPreflight {
    /// A preflight to `uri`, asking for `GET` until [`method`](Self::method) says otherwise.
    pub fn new(uri: &str) -> Self {
        TestPreflight {
            uri: uri.to_owned(),
            origin: None,
            method: "GET".to_owned(),
            headers: Vec::new(),
        }
    }

    /// The `Origin` sent.
    pub fn origin(mut self, origin: &str) -> Self {
        self.origin = Some(origin.to_owned());
        self
    }

    /// The method asked for (`Access-Control-Request-Method`).
    pub fn method(mut self, method: &str) -> Self {
        self.method = method.to_owned();
        self
    }

    /// The request headers asked for (`Access-Control-Request-Headers`).
    pub fn headers<I: IntoIterator<Item = N>, N: Into<String>>(mut self, names: I) -> Self {
        self.headers = names.into_iter().map(Into::into).collect();
        self
    }

    /// Sends it through the app's service.
    pub async fn send<S, B>(self, app: &S) -> Exchange
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
        B: MessageBody,
    {
        let mut sent = Vec::new();
        if let Some(origin) = self.origin {
            sent.push(("origin".to_owned(), origin));
        }
        sent.push(("access-control-request-method".to_owned(), self.method));
        if !self.headers.is_empty() {
            sent.push((
                "access-control-request-headers".to_owned(),
                self.headers.join(","),
            ));
        }
        exchange(app, Method::OPTIONS, &self.uri, sent).await
    }
}

/// An actual (not preflight) request to send in a test.
#[derive(Debug, Clone)]
#[must_use]
pub struct TestActual {
    uri: String,
    method: Method,
    headers: Vec<(String, String)>,
}

impl TestActual {
    /// A request with `method` to `uri`.
    pub fn new(method: Method, uri: &str) -> Self {
        TestActual {
            uri: uri.to_owned(),
            method,
            headers: Vec::new(),
        }
    }

    /// A `GET` to `uri`.
    pub fn get(uri: &str) -> Self {
        TestActual::new(Method::GET, uri)
    }

    /// The `Origin` sent.
    pub fn origin(self, origin: &str) -> Self {
        self.headers([("origin", origin)])
    }

    /// The method.
    pub fn method(mut self, method: Method) -> Self {
        self.method = method;
        self
    }

    /// More request headers (`authorization`, `content-type`, ...).
    pub fn headers<I, N, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: Into<String>,
    {
        self.headers.extend(
            headers
                .into_iter()
                .map(|(name, value)| (name.into(), value.into())),
        );
        self
    }

    /// Sends it through the app's service.
    pub async fn send<S, B>(self, app: &S) -> Exchange
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
        B: MessageBody,
    {
        exchange(app, self.method, &self.uri, self.headers).await
    }
}

/// The inventory of the app `app` serves, with the routes each `Cors`
/// middleware covers (probed with a request to each route) and whether
/// `RouteCors` wraps it.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::{test, App};
/// use route_cors::{preflight_resource, Policy};
///
/// # actix_web::rt::System::new().block_on(async {
/// let policy = Policy::builder().allow_origin("https://app.example.com").build().unwrap();
/// let app = test::init_service(App::new().service(preflight_resource("/items", policy))).await;
/// let inventory = route_cors::test::inventory(&app).await;
/// assert_eq!(inventory.routes[0].path, "/items");
/// assert_eq!(inventory.route_cors, Some(false));
/// println!("{inventory}");
/// # });
/// ```
pub async fn inventory<S, B>(app: &S) -> Inventory
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    let (inventory, _, _) = learn(app).await;
    inventory
}

/// The inventory and the routes to probe, each with its sample URI and
/// policy.
async fn learn<S, B>(app: &S) -> (Inventory, Vec<Target>, Vec<PolicyRef>)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    let http = actix_web::test::TestRequest::get()
        .uri(NOWHERE)
        .to_request();
    let probe = Probe::default();
    http.extensions_mut().insert(probe.clone());
    let Ok(response) = app.call(http).await else {
        return (Inventory::empty(), Vec::new(), Vec::new());
    };
    let rmap = response.request().resource_map();
    let targets: Vec<Target> = app_entries(rmap)
        .into_iter()
        .map(|(rendered, entry)| Target {
            path: template(rmap, &rendered, &entry.path),
            uri: sample_path(&rendered),
            methods: entry
                .methods
                .map(|methods| methods.iter().map(|m| (*m).to_owned()).collect()),
            policy: match &entry.rule {
                RouteRule::Policy(policy) => Some(policy.clone()),
                RouteRule::Disabled => None,
            },
            source: entry.source.to_string(),
        })
        .collect();
    drop(response);
    // A request to each route, so that each middleware notes what it
    // covers.
    for target in &targets {
        let method = target
            .methods
            .as_ref()
            .and_then(|methods| methods.first())
            .and_then(|method| Method::from_bytes(method.as_bytes()).ok())
            .unwrap_or(Method::GET);
        exchange(app, method, &target.uri, Vec::new()).await;
    }
    // And to each route without a policy of its own, when known.
    let nowhere = || {
        actix_web::test::TestRequest::get()
            .uri(NOWHERE)
            .to_request()
    };
    if let Ok(response) = app.call(nowhere()).await {
        let others = Inventory::of(response.request()).routes_without_policy;
        drop(response);
        for route in others.unwrap_or_default() {
            let method = route
                .methods
                .first()
                .and_then(|method| Method::from_bytes(method.as_bytes()).ok())
                .unwrap_or(Method::GET);
            exchange(app, method, &sample_uri(&route.path), Vec::new()).await;
        }
    }
    let response = app.call(nowhere()).await;
    let (mut inventory, middleware) = match &response {
        Ok(response) => (
            Inventory::of(response.request()),
            layers::middleware_of(response.request().resource_map())
                .iter()
                .map(|entry| entry.policy.clone())
                .collect(),
        ),
        Err(_) => (Inventory::empty(), Vec::new()),
    };
    inventory.route_cors = Some(probe.0.borrow().route_cors);
    (inventory, targets, middleware)
}

/// A request path for a template: every `{name}` segment `1`.
fn sample_uri(template: &str) -> String {
    let mut uri = String::with_capacity(template.len());
    let mut in_segment = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_segment = true;
                uri.push('1');
            }
            '}' => in_segment = false,
            _ if in_segment => {}
            _ => uri.push(c),
        }
    }
    uri
}

/// A route the check probes.
struct Target {
    path: String,
    uri: String,
    methods: Option<Vec<String>>,
    policy: Option<PolicyRef>,
    source: String,
}

impl Target {
    /// `path (file:line)` for a problem's line.
    fn named(&self) -> String {
        let (_, location, _) = split_source(&self.source);
        format!("{} ({location})", self.path)
    }
}

/// The reachability check: configure samples, then [`run`](Check::run).
///
/// It sends actual requests as well as preflights, so the handlers run
/// (with no body): run it on an app whose handlers a test may call.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use std::sync::Arc;
/// use actix_web::{test, web, App, HttpResponse};
/// use route_cors::{preflight_resource, test::Check, Cors, Policy};
///
/// # actix_web::rt::System::new().block_on(async {
/// let policy = Arc::new(Policy::builder().allow_origin("https://app.example.com").build().unwrap());
/// let items = web::resource("/items")
///     .wrap(Cors::decorate_only(Arc::clone(&policy)))
///     .route(web::get().to(HttpResponse::Ok));
/// let app = test::init_service(
///     App::new().service(preflight_resource("/items", policy)).service(items),
/// )
/// .await;
/// Check::new().run(&app).await.assert_ok();
/// # });
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct Check {
    samples: HashMap<String, String>,
    headers: Vec<(String, String)>,
}

impl Check {
    /// A check with no samples.
    pub fn new() -> Self {
        Check::default()
    }

    /// An origin that the origin set, the origin function (its path as
    /// written, or its last segment) or the regex `name` allows: the
    /// check cannot make one up for those.
    pub fn sample(mut self, name: &str, origin: &str) -> Self {
        self.samples.insert(name.to_owned(), origin.to_owned());
        self
    }

    /// A header every actual request of the check carries (a test
    /// token, so that an authentication layer lets it through to the
    /// route).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Runs the check through `app`'s whole service.
    pub async fn run<S, B>(self, app: &S) -> Report
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
        B: MessageBody,
    {
        let (inventory, targets, middleware) = learn(app).await;
        let route_cors = inventory.route_cors == Some(true);
        let mut report = Report::default();
        for target in &targets {
            let Some(policy) = &target.policy else {
                continue;
            };
            self.check_route(app, target, policy.get(), route_cors, &mut report)
                .await;
        }
        for route in inventory.routes_without_policy.iter().flatten() {
            self.check_middleware_route(app, route, &middleware, &mut report)
                .await;
        }
        report
    }

    /// A route without a policy of its own that a `Cors` middleware
    /// covers: the middleware's requests reach it (with the check's
    /// headers), so its preflights (without them) must reach it too.
    async fn check_middleware_route<S, B>(
        &self,
        app: &S,
        route: &RouteWithoutPolicy,
        middleware: &[PolicyRef],
        report: &mut Report,
    ) where
        S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
        B: MessageBody,
    {
        let uri = sample_uri(&route.path);
        for method in &route.methods {
            let method = if method == "*" {
                "GET"
            } else {
                method.as_str()
            };
            let Ok(http_method) = Method::from_bytes(method.as_bytes()) else {
                continue;
            };
            let reached = exchange(app, http_method, &uri, self.headers.clone()).await;
            let Some(source) = reached.log.middleware.first() else {
                continue;
            };
            let Some(policy) = middleware
                .iter()
                .find(|policy| policy.get().source() == source.as_str())
            else {
                continue;
            };
            if !policy.get().allows_method(method) {
                continue;
            }
            let Some(origin) = self.allowed_origin(policy.get()) else {
                continue;
            };
            let preflight = TestPreflight::new(&uri)
                .origin(&origin)
                .method(method)
                .send(app)
                .await;
            if !((200..300).contains(&preflight.status) && preflight.readable()) {
                report.push(format!(
                    "{} ({source}): {method} preflight from {origin}: answered {} by another layer, while the middleware's requests reach the route: make the `policy!`/`Cors` the outermost wrap of its scope (its last `.wrap`), outside the auth layer",
                    route.path, preflight.status
                ));
            }
        }
    }

    /// An origin the policy allows, if the check knows one.
    fn allowed_origin(&self, policy: &Policy) -> Option<String> {
        let checked = policy.checked();
        let origins = &checked.origins;
        let described = policy.described();
        if origins.any {
            return Some("https://allowed.example".to_owned());
        }
        if let Some(exact) = origins.exact.iter().find(|origin| *origin != "null") {
            return Some(exact.to_string());
        }
        if let Some(pattern) = origins.patterns.first() {
            let host = match &pattern.host {
                HostRule::Exact(host) => host.to_string(),
                HostRule::Subdomains(parent) => format!("probe.{parent}"),
            };
            let port = match pattern.port {
                PortRule::Default => String::new(),
                PortRule::Exact(port) => format!(":{port}"),
                PortRule::Any => ":3000".to_owned(),
            };
            return Some(format!("{}://{host}{port}", pattern.scheme));
        }
        let names = origins
            .configured
            .iter()
            .map(|name| name.to_string())
            .chain(origins.regexes.iter().map(|regex| regex.to_string()))
            .chain(described.origin_fn.map(str::to_owned))
            .chain(described.origin_fn_async.map(str::to_owned));
        for name in names {
            let short = name.rsplit("::").next().unwrap_or(&name).to_owned();
            if let Some(sample) = self.samples.get(&name).or_else(|| self.samples.get(&short)) {
                return Some(sample.clone());
            }
        }
        None
    }

    async fn check_route<S, B>(
        &self,
        app: &S,
        target: &Target,
        policy: &Policy,
        route_cors: bool,
        report: &mut Report,
    ) where
        S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
        B: MessageBody,
    {
        let route = target.named();
        let described = policy.described();
        let set = policy
            .checked()
            .origins
            .configured
            .as_deref()
            .map(str::to_owned);
        let methods: Vec<String> = match &target.methods {
            Some(methods) => methods
                .iter()
                .filter(|method| policy.allows_method(method))
                .cloned()
                .collect(),
            None => vec!["GET".to_owned()],
        };
        let headers: Vec<String> = match &policy.checked().headers {
            route_cors_rules::HeaderRule::List(names) => {
                names.iter().map(|n| n.to_string()).collect()
            }
            route_cors_rules::HeaderRule::Echo => Vec::new(),
        };
        let allowed = self.allowed_origin(policy);
        let fix_outer = if route_cors {
            "a layer inside `RouteCors` answered it: check the order of the App's `.wrap` calls"
        } else {
            "wrap `RouteCors::new()` outside the auth layer: its `.wrap` after the auth layer's, before those of `NormalizePath` and `Logger`"
        };
        for method in &methods {
            // The refused origin.
            if !policy.checked().origins.any {
                let refused = TestPreflight::new(&target.uri)
                    .origin(PROBE_ORIGIN)
                    .method(method)
                    .send(app)
                    .await;
                if refused.body.starts_with("origin set \"") {
                    report.push(format!("{route}: {}", set_missing(&refused.body)));
                    continue;
                }
                // Without credentials, a policy may mean to allow any
                // origin; with them, allowing an unknown one is a hole.
                if refused.readable() && policy.allows_credentials() {
                    let why = if described_fns(described).is_empty() {
                        format!("the policy allows {PROBE_ORIGIN} on a credentialed route; narrow its origins")
                    } else {
                        format!(
                            "the origin function `{}` allows {PROBE_ORIGIN} on a credentialed route; make it say no to origins it does not know",
                            described_fns(described).join("`, `")
                        )
                    };
                    report.push(format!(
                        "{route}: {method} preflight from {PROBE_ORIGIN} allowed: {why}"
                    ));
                }
            }
            let Some(origin) = &allowed else {
                report.note(format!(
                    "{route}: no allowed origin known for {method}; give one with `.sample(name, origin)`"
                ));
                continue;
            };
            let preflight = TestPreflight::new(&target.uri)
                .origin(origin)
                .method(method)
                .headers(headers.clone())
                .send(app)
                .await;
            let ok = (200..300).contains(&preflight.status) && preflight.readable();
            if !ok {
                let problem = if preflight.body.starts_with("origin set \"") {
                    set_missing(&preflight.body)
                } else if preflight.status == 403 && preflight.answered_by_route_cors() {
                    match &set {
                        Some(name) => format!(
                            "the origin set {name:?} refused the sample {origin}: the set is missing from app_data (or lacks it); give the App or its scope `.app_data(OriginSets::new().set({name:?}, ...)?)`"
                        ),
                        None => format!("the route's own policy refused it: {}", preflight.body.trim_end()),
                    }
                } else if preflight.status == 401 || preflight.status == 403 {
                    format!(
                        "answered {} by another layer, not the route's policy; {fix_outer}",
                        preflight.status
                    )
                } else if preflight.status == 404 {
                    "answered 404: no resource answers the preflight; register the `#[cors]` route with `.service(handler)`, or wrap the App in `RouteCors::new()`".to_owned()
                } else if preflight.status == 405 {
                    "answered 405 by a resource registered before the `#[cors]` route on the same path (a `web::resource` without a method guard); register the `#[cors]` route first, or wrap the App in `RouteCors::new()`".to_owned()
                } else if !preflight.answered_by_route_cors()
                    && (200..300).contains(&preflight.status)
                {
                    format!("answered {} by a handler of yours (an `#[options]` handler registered before the `#[cors]` route); register the `#[cors]` route first, or wrap the App in `RouteCors::new()`", preflight.status)
                } else {
                    format!(
                        "answered {} without the route's CORS headers",
                        preflight.status
                    )
                };
                report.push(format!(
                    "{route}: {method} preflight from {origin}: {problem}"
                ));
            }
            // The actual request.
            let actual_method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
            let mut sent = vec![("origin".to_owned(), origin.clone())];
            sent.extend(self.headers.iter().cloned());
            let actual = exchange(app, actual_method.clone(), &target.uri, sent.clone()).await;
            if !actual.readable() {
                let problem = match actual.status {
                    401 | 403 | 429 => format!(
                        "an early {} without the route's CORS headers, which the script cannot read; {fix_outer}",
                        actual.status
                    ),
                    status => format!("{status} without Access-Control-Allow-Origin"),
                };
                report.push(format!("{route}: {method} from {origin}: {problem}"));
            }
            // A trailing slash the app routes to this route.
            if ok && !target.uri.ends_with('/') {
                let slashed = format!("{}/", target.uri);
                let reached = exchange(app, actual_method, &slashed, sent).await;
                if reached.log.decorator {
                    let preflight = TestPreflight::new(&slashed)
                        .origin(origin)
                        .method(method)
                        .headers(headers.clone())
                        .send(app)
                        .await;
                    if !((200..300).contains(&preflight.status) && preflight.readable()) {
                        report.push(format!(
                            "{route}: {method} preflight to {slashed} (trailing slash): answered {}, while requests to it reach the route: a layer inside `RouteCors` rewrites the path; wrap `NormalizePath` after `RouteCors` so that it runs first",
                            preflight.status
                        ));
                    }
                }
            }
        }
    }
}

fn described_fns(described: &crate::policy::Described) -> Vec<&'static str> {
    described
        .origin_fn
        .into_iter()
        .chain(described.origin_fn_async)
        .collect()
}

/// What the check found: one line per problem, each naming the route,
/// where it was written, and the fix.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The problems, one line each.
    pub problems: Vec<String>,
    /// What the check could not try (no allowed origin known), one line
    /// each.
    pub notes: Vec<String>,
}

impl Report {
    fn push(&mut self, problem: String) {
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Whether no problem was found.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Panics with one line per problem when any was found.
    #[track_caller]
    pub fn assert_ok(&self) {
        if !self.is_ok() {
            panic!("{self}");
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty() {
            writeln!(f, "CORS check: every route answers with its own policy")?;
        } else {
            writeln!(f, "CORS check: {} problem(s)", self.problems.len())?;
        }
        for problem in &self.problems {
            writeln!(f, "- {problem}")?;
        }
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        Ok(())
    }
}

/// Runs the check with no samples: `check(&app).await.assert_ok()`.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use std::sync::Arc;
/// use actix_web::{test, web, App, HttpResponse};
/// use route_cors::{preflight_resource, Cors, Policy};
///
/// # actix_web::rt::System::new().block_on(async {
/// let policy = Arc::new(Policy::builder().allow_origin("https://app.example.com").build().unwrap());
/// let items = web::resource("/items")
///     .wrap(Cors::decorate_only(Arc::clone(&policy)))
///     .route(web::get().to(HttpResponse::Ok));
/// let app = test::init_service(
///     App::new().service(preflight_resource("/items", policy)).service(items),
/// )
/// .await;
/// route_cors::test::check(&app).await.assert_ok();
/// # });
/// ```
pub async fn check<S, B>(app: &S) -> Report
where
    S: Service<Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody,
{
    Check::new().run(app).await
}

/// A refusal that names a missing origin set: route-cors's own answer
/// names where to give the set, and is quoted as it is; any other gets
/// the fix.
fn set_missing(body: &str) -> String {
    let body = body.trim_end();
    if body.contains(".app_data(") {
        body.to_owned()
    } else {
        format!("{body}; give the App or its scope `.app_data(OriginSets::new().set(...)?)`")
    }
}
