//! The route policies of an application, and how the layers that apply
//! them share one route policy.
//!
//! Each `#[cors]` route registers, next to its handler, a resource on its
//! path named `route-cors#N` that answers the path's preflights, and an
//! entry here holding the route's policy (or its `#[cors(disabled)]`) and
//! the methods it serves on that path. A layer that runs before routing
//! ([`RouteCors`](crate::RouteCors), a [`Cors`](crate::Cors) over the app or
//! a scope) asks actix-web's resource map which resource the request's
//! path reaches first, and finds every route entry whose path is that
//! resource's path (the same idea as Spring's `CorsFilter` asking its
//! handler mapping).
//!
//! - **The registry.** `register` hands no data to the layers, so each
//!   entry goes into a registry of the worker thread that builds the app
//!   (an app is built and served on one thread). The registry holds weak
//!   references: the entry lives in its route resource, as long as its
//!   app, and a dropped app's entries are pruned, so neither memory nor
//!   the first request of an app depends on how many apps the thread
//!   built before.
//! - **The app's table.** At its first request, each layer renders the
//!   path of every live entry its app's resource map knows (`url_for`,
//!   dynamic segments as one marker) once, into groups by path. A
//!   request's group is then cached by resource: two handlers of the same
//!   name (`index` in two modules) are two resources, and `url_for` knows
//!   only the last one registered under a name.
//! - **The mark.** `RouteCors` decides an actual request with the route's
//!   policy and marks it [`RouteDecided`], so that the route's own
//!   decorator, inside, steps aside instead of deciding a second time.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::{ResourceDef, ResourceMap};
use actix_web::HttpRequest;
use foldhash::fast::FixedState;

use crate::layers::{self, MiddlewareEntry};
use crate::policy_ref::PolicyRef;
use crate::probe;

/// The name prefix of the resources route policies register.
const NAME_PREFIX: &str = "route-cors#";

/// What one route says about CORS.
#[derive(Debug, Clone)]
pub(crate) enum RouteRule {
    /// The route's own policy.
    Policy(PolicyRef),
    /// `#[cors(disabled)]`: no CORS for this route, whatever encloses it.
    Disabled,
}

/// One registered route policy.
#[derive(Debug)]
pub(crate) struct RouteEntry {
    /// The name of the resource it registered.
    pub(crate) name: String,
    pub(crate) rule: RouteRule,
    /// The methods the route serves on this path; `None` for any.
    pub(crate) methods: Option<&'static [&'static str]>,
    /// The path as registered, relative to the scopes around it.
    pub(crate) path: String,
    /// Where the route was written: the handler's path and the file and
    /// line of its attribute, or where its policy was built.
    pub(crate) source: Cow<'static, str>,
}

impl RouteEntry {
    fn serves(&self, method: &str) -> bool {
        self.methods.is_none_or(|methods| methods.contains(&method))
    }
}

thread_local! {
    /// The route entries registered on this thread whose apps still live.
    static REGISTERED: RefCell<Vec<Weak<RouteEntry>>> = const { RefCell::new(Vec::new()) };
}

/// Records a route policy; the caller registers a resource under the
/// returned entry's name and keeps the entry alive in it.
pub(crate) fn register_entry(
    rule: RouteRule,
    methods: Option<&'static [&'static str]>,
    path: &str,
    source: Cow<'static, str>,
) -> Rc<RouteEntry> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let entry = Rc::new(RouteEntry {
        name: format!("{NAME_PREFIX}{}", NEXT.fetch_add(1, Ordering::Relaxed)),
        rule,
        methods,
        path: path.to_owned(),
        source,
    });
    REGISTERED.with_borrow_mut(|entries| {
        // Pruned when the list would grow: amortized, and the list never
        // holds more than twice the entries of the apps alive since.
        if entries.len() == entries.capacity() {
            entries.retain(|entry| entry.strong_count() > 0);
        }
        entries.push(Rc::downgrade(&entry));
    });
    entry
}

/// The entries of live apps registered on this thread, in registration
/// order.
fn live_entries() -> Vec<Rc<RouteEntry>> {
    REGISTERED.with_borrow(|entries| entries.iter().filter_map(Weak::upgrade).collect())
}

/// The route policies on one path, in registration order.
#[derive(Debug)]
pub(crate) struct RouteGroup {
    entries: Vec<Rc<RouteEntry>>,
}

impl RouteGroup {
    /// The rule of the first route on the path that serves `method`
    /// (already normalized as a browser sends it), if any.
    pub(crate) fn rule_for(&self, method: &str) -> Option<&RouteRule> {
        self.entries
            .iter()
            .find(|entry| entry.serves(method))
            .map(|entry| &entry.rule)
    }
}

/// Marks a request whose route policy [`RouteCors`](crate::RouteCors)
/// applies, so that the route's own decorator steps aside instead of
/// deciding and decorating a second time. A zero-sized value: inserting it
/// allocates nothing once the request's extension map has room.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RouteDecided;

/// The route groups of one app, by rendered path and by entry name.
#[derive(Debug, Default)]
struct AppRoutes {
    by_path: HashMap<String, Rc<RouteGroup>, FixedState>,
    by_name: HashMap<String, Rc<RouteGroup>, FixedState>,
    /// The literal beginnings of the groups' paths, sorted, none the
    /// beginning of another: a request path that starts with none of them
    /// reaches no group, and is answered without asking the resource map.
    beginnings: Vec<String>,
}

impl AppRoutes {
    /// Whether `path` (as the router matches it) may reach a group: it
    /// starts with one of the beginnings. Since none is the beginning of
    /// another, only the greatest one not after `path` can be it.
    fn may_reach_group(&self, path: &str) -> bool {
        let after = self
            .beginnings
            .partition_point(|beginning| beginning.as_str() <= path);
        after > 0 && path.starts_with(self.beginnings[after - 1].as_str())
    }
}

/// The literal beginning of a rendered path: up to its first `%`, which
/// opens a dynamic segment's marker or an escaped character (which the
/// router compares decoded).
fn literal_beginning(rendered: &str) -> &str {
    rendered.find('%').map_or(rendered, |at| &rendered[..at])
}

/// `beginnings` sorted with every one that another begins removed.
fn shortest_beginnings(mut beginnings: Vec<String>) -> Vec<String> {
    beginnings.sort();
    let mut kept: Vec<String> = Vec::with_capacity(beginnings.len());
    for beginning in beginnings {
        if !kept
            .last()
            .is_some_and(|last| beginning.starts_with(last.as_str()))
        {
            kept.push(beginning);
        }
    }
    kept
}

/// Finds the route group of a request's path for one layer (layers live
/// on one worker thread, so no lock is needed).
///
/// `RouteLookup::default()` is the lookup of the layer over the whole app,
/// [`RouteCors`](crate::RouteCors): the app's layers record that it is
/// there (`layers::app_layer_seen`) for the inventory.
#[derive(Default)]
pub(crate) struct RouteLookup {
    /// Which layer looks routes up.
    layer: Layer,
    /// A request used only to render resource paths with `url_for`, so that
    /// a request's own `Host` can never change an answer that is cached.
    renderer: OnceCell<HttpRequest>,
    /// The app's groups, built at its first request, when every route is
    /// registered.
    routes: OnceCell<AppRoutes>,
    /// Groups by resource: the address of the resource's name, which lives
    /// as long as the app's resource map and is unique to the resource.
    by_resource: RefCell<HashMap<usize, Option<Rc<RouteGroup>>, FixedState>>,
}

impl std::fmt::Debug for RouteLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteLookup").finish_non_exhaustive()
    }
}

/// The layer a [`RouteLookup`] serves.
#[derive(Debug)]
enum Layer {
    /// `RouteCors`, over the whole app: the token marks its app as having
    /// one while the layer lives.
    App(Rc<()>),
    /// A `Cors` middleware over a scope, a resource or the app.
    Middleware(Rc<MiddlewareEntry>),
    /// A route's own preflight resource.
    Route,
}

impl Default for Layer {
    fn default() -> Self {
        Layer::App(Rc::new(()))
    }
}

impl RouteLookup {
    /// The lookup of a `Cors` middleware.
    pub(crate) fn for_middleware(entry: Rc<MiddlewareEntry>) -> RouteLookup {
        RouteLookup {
            layer: Layer::Middleware(entry),
            ..RouteLookup::default()
        }
    }

    /// The lookup of a route's preflight resource.
    pub(crate) fn for_route() -> RouteLookup {
        RouteLookup {
            layer: Layer::Route,
            ..RouteLookup::default()
        }
    }

    /// The route policies on the path of the resource this request would
    /// reach first, if that resource is named (actix-web's route attributes
    /// name theirs after the handler) and its path has any.
    pub(crate) fn group(&self, req: &HttpRequest) -> Option<Rc<RouteGroup>> {
        let rmap = req.resource_map();
        let routes = self.routes(rmap);
        if let Layer::App(_) = self.layer {
            probe::record(req, |log| log.route_cors = true);
        }
        if routes.by_path.is_empty() {
            return None;
        }
        // The path as the router matches it (percent-decoded where actix-web
        // decodes), not as the request line spells it.
        let path = req.match_info().as_str();
        if !routes.may_reach_group(path) {
            return None;
        }
        // An unnamed resource (`web::resource(path)` registered before the
        // route) has no name to key on; its path may still have routes.
        let Some(name) = rmap.match_name(path).filter(|name| !name.is_empty()) else {
            return group_at(routes, rmap, path);
        };
        let resource = name.as_ptr() as usize;
        if let Some(group) = self.by_resource.borrow().get(&resource) {
            return group.clone();
        }
        let group = group_at(routes, rmap, path);
        self.by_resource
            .borrow_mut()
            .insert(resource, group.clone());
        group
    }

    /// The route policies on the path of this crate's route resource
    /// called `name`.
    pub(crate) fn group_named(&self, rmap: &ResourceMap, name: &str) -> Option<Rc<RouteGroup>> {
        self.routes(rmap).by_name.get(name).cloned()
    }

    fn routes(&self, rmap: &ResourceMap) -> &AppRoutes {
        self.routes.get_or_init(|| {
            match &self.layer {
                Layer::App(token) => layers::app_layer_seen(rmap, token),
                Layer::Middleware(entry) => entry.seen_in(rmap),
                Layer::Route => {}
            }
            let renderer = self
                .renderer
                .get_or_init(|| actix_web::test::TestRequest::default().to_http_request());
            let mut by_path: HashMap<String, Vec<Rc<RouteEntry>>> = HashMap::new();
            let mut order = Vec::new();
            for entry in live_entries() {
                // Entries of other apps alive on this thread render as
                // nothing: this app's resource map does not know them.
                let Some(path) = render(rmap, renderer, &entry.name) else {
                    continue;
                };
                let group = by_path.entry(path.clone()).or_default();
                if group.is_empty() {
                    order.push(path);
                }
                group.push(entry);
            }
            let mut routes = AppRoutes {
                beginnings: shortest_beginnings(
                    order
                        .iter()
                        .map(|path| literal_beginning(path).to_owned())
                        .collect(),
                ),
                ..AppRoutes::default()
            };
            for path in order {
                let entries = by_path.remove(&path).unwrap_or_default();
                let group = Rc::new(RouteGroup { entries });
                for entry in &group.entries {
                    routes.by_name.insert(entry.name.clone(), Rc::clone(&group));
                }
                routes.by_path.insert(path, group);
            }
            routes
        })
    }
}

/// The route entries of the app whose resource map is `rmap`, in
/// registration order, each with its full path rendered with every
/// dynamic segment as [`MARKER`].
pub(crate) fn app_entries(rmap: &ResourceMap) -> Vec<(String, Rc<RouteEntry>)> {
    let renderer = actix_web::test::TestRequest::default().to_http_request();
    live_entries()
        .into_iter()
        .filter_map(|entry| Some((render(rmap, &renderer, &entry.name)?, entry)))
        .collect()
}

/// A request path for a rendered path: every dynamic segment `1`, which
/// the default segment pattern and most numeric ones accept.
pub(crate) fn sample_path(rendered: &str) -> String {
    rendered.replace("%01", "1")
}

/// The full path template of a route as the router sees it, every dynamic
/// segment written `{name}` (as OpenAPI writes it): from the resource map
/// when the sample path reaches a resource on the same path, else the
/// rendered prefix (its dynamic segments `{}`) and the registered path.
pub(crate) fn template(rmap: &ResourceMap, rendered: &str, registered: &str) -> String {
    if let Some(full) = rmap.match_pattern(&sample_path(rendered)) {
        if render_pattern(&full).as_deref() == Some(rendered) {
            return without_regexes(&full);
        }
    }
    let own = render_pattern(registered).unwrap_or_default();
    let prefix = rendered
        .strip_suffix(own.as_str())
        .filter(|_| own != "/")
        .unwrap_or(rendered);
    let prefix = percent_decoded(&prefix.replace("%01", "{}"));
    let own = without_regexes(registered);
    if prefix.ends_with('/') && own.starts_with('/') {
        format!("{}{own}", &prefix[..prefix.len() - 1])
    } else {
        format!("{prefix}{own}")
    }
}

/// A pattern with each `{name:regex}` written `{name}`.
pub(crate) fn without_regexes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut depth = 0usize;
    let mut in_regex = false;
    for c in pattern.chars() {
        match c {
            '{' => {
                depth += 1;
                if !in_regex {
                    out.push(c);
                }
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    in_regex = false;
                    out.push(c);
                } else if !in_regex {
                    out.push(c);
                }
            }
            ':' if depth == 1 => in_regex = true,
            _ if !in_regex => out.push(c),
            _ => {}
        }
    }
    out
}

/// `%XX` escapes decoded (the rendered path's own escapes).
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The route group on the path of the resource `path` reaches first.
fn group_at(routes: &AppRoutes, rmap: &ResourceMap, path: &str) -> Option<Rc<RouteGroup>> {
    let key = render_pattern(&rmap.match_pattern(path)?)?;
    routes.by_path.get(&key).cloned()
}

/// What every dynamic segment of a path is rendered as, so that two
/// resources on the same path render alike.
pub(crate) const MARKER: &str = "\u{1}";

/// A full resource pattern rendered as [`render`] renders a resource:
/// actix-web's `ResourceDef` renders each dynamic segment (`{id}`,
/// `{id:\d+}`, a tail `{rest}*`) as the marker, and the path is then set
/// as the path of a URL, as `url_for` sets it. The pattern is the one the
/// resource map joined from the definitions it holds, which all parsed.
pub(crate) fn render_pattern(pattern: &str) -> Option<String> {
    let mut rendered = String::with_capacity(pattern.len());
    ResourceDef::new(pattern).resource_path_from_iter(&mut rendered, std::iter::repeat(MARKER));
    let mut url = url::Url::parse("http://localhost").ok()?;
    url.set_path(&rendered);
    Some(url.path().to_owned())
}

/// The full path of resource `name` with every dynamic segment rendered as
/// the same marker, so that two resources on the same path render alike;
/// `None` when this app has no such resource.
fn render(rmap: &ResourceMap, renderer: &HttpRequest, name: &str) -> Option<String> {
    rmap.url_for(renderer, name, std::iter::repeat(MARKER))
        .ok()
        .map(|url| url.path().to_owned())
}

#[cfg(test)]
mod tests {
    use actix_web::test::{init_service, TestRequest};
    use actix_web::{web, App, HttpRequest, HttpResponse};

    use super::*;

    /// `render_pattern` of a full pattern equals `url_for`'s rendering of
    /// the resource, for every shape of pattern actix-web accepts.
    #[actix_web::test]
    async fn a_pattern_renders_as_url_for_renders_its_resource() {
        let cases = [
            ("/api", "/items"),
            ("/api", "/items/{id}"),
            ("/{tenant}", "/items/{id:\\d{1,4}}/x"),
            ("/files", "/{rest}*"),
            ("/caf\u{e9}", "/a b/{id}"),
            ("", "/"),
        ];
        for (scope, path) in cases {
            let app = init_service(
                App::new().service(web::scope(scope).service(web::resource(path).name("it").to(
                    |req: HttpRequest| async move {
                        let rmap = req.resource_map();
                        let renderer = TestRequest::default().to_http_request();
                        let expected = render(rmap, &renderer, "it");
                        let path = req.match_info().as_str();
                        let pattern = rmap.match_pattern(path).unwrap();
                        assert_eq!(render_pattern(&pattern), expected, "{pattern}");
                        assert!(expected.is_some());
                        HttpResponse::Ok().finish()
                    },
                ))),
            )
            .await;
            let uri = format!("{scope}{path}")
                .replace("{tenant}", "t")
                .replace("{id:\\d{1,4}}", "12")
                .replace("{id}", "7")
                .replace("{rest}*", "a/b")
                .replace('\u{e9}', "%C3%A9")
                .replace(' ', "%20");
            let response =
                actix_web::test::call_service(&app, TestRequest::get().uri(&uri).to_request())
                    .await;
            assert_eq!(response.status(), 200, "{uri}");
        }
    }

    #[test]
    fn regexes_are_left_out_of_templates() {
        assert_eq!(without_regexes("/items/{id:\\d{1,4}}/x"), "/items/{id}/x");
        assert_eq!(without_regexes("/{tenant}/{rest}*"), "/{tenant}/{rest}*");
        assert_eq!(percent_decoded("/caf%C3%A9/{}"), "/caf\u{e9}/{}");
    }

    #[test]
    fn a_path_reaches_a_group_only_past_a_beginning() {
        let routes = AppRoutes {
            beginnings: shortest_beginnings(
                ["/api/items", "/api/", "/admin/x", "/b", "/api/other"]
                    .map(String::from)
                    .to_vec(),
            ),
            ..AppRoutes::default()
        };
        assert_eq!(routes.beginnings, ["/admin/x", "/api/", "/b"]);
        for reaching in [
            "/api/",
            "/api/items/7",
            "/admin/x",
            "/admin/xy",
            "/b",
            "/bc/d",
        ] {
            assert!(routes.may_reach_group(reaching), "{reaching}");
        }
        for not in ["/", "/a", "/admin/", "/api", "/c", "/ab"] {
            assert!(!routes.may_reach_group(not), "{not}");
        }
        assert_eq!(literal_beginning("/t/%01/items"), "/t/");
        assert_eq!(literal_beginning("/caf%C3%A9/x"), "/caf");
        assert_eq!(literal_beginning("/plain"), "/plain");
    }

    /// The registry holds only the entries of apps that are alive: an app
    /// built and dropped a thousand times on one thread leaves no more
    /// than one app's entries behind, however many were built.
    #[actix_web::test]
    async fn the_registry_holds_only_live_apps() {
        fn app() -> App<
            impl actix_web::dev::ServiceFactory<
                actix_web::dev::ServiceRequest,
                Config = (),
                Response = actix_web::dev::ServiceResponse,
                Error = actix_web::Error,
                InitError = (),
            >,
        > {
            let policy = PolicyRef::from(
                crate::Policy::builder()
                    .allow_origin("https://app.example.com")
                    .build()
                    .unwrap(),
            );
            (0..20).fold(App::new(), |app, i| {
                app.service(crate::preflight_resource(&format!("/r{i}"), policy.clone()))
            })
        }
        let registered = || REGISTERED.with_borrow(Vec::len);
        let live = || live_entries().len();
        let before = live();
        for _ in 0..1000 {
            let service = init_service(app()).await;
            assert_eq!(live(), before + 20);
            drop(service);
        }
        assert_eq!(live(), before);
        assert!(registered() <= 2 * (before + 20) + 20, "{}", registered());
    }
}
