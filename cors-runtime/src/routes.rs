//! The route policies of an application, found from a request's path before
//! routing runs.
//!
//! Each `#[cors]` route registers, next to its handler, a resource on its
//! path named `route-cors#N` whose entry here holds the route's policy (or
//! its `#[cors(disabled)]`) and the methods it serves on that path. A layer
//! that runs before routing ([`RouteCors`](crate::RouteCors), a
//! [`Cors`](crate::Cors) over the app or a scope, the preflight resource
//! itself) asks actix-web's resource map which resource the path reaches
//! first, and from that resource's name finds every route policy on the
//! same path (the same idea as Spring's `CorsFilter` asking its handler
//! mapping).
//!
//! A path's group is computed once per layer and cached: the request path
//! only costs actix-web's own `match_name` walk and one hash lookup.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::ResourceMap;
use actix_web::HttpRequest;

use crate::fast_hash::FastMap;
use crate::middleware::PolicyRef;

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
    methods: Option<&'static [&'static str]>,
}

impl RouteEntry {
    fn serves(&self, method: &str) -> bool {
        self.methods.is_none_or(|methods| methods.contains(&method))
    }
}

thread_local! {
    /// Every route policy registered on this thread. An application is
    /// built and served on one worker thread, so the layers of an app find
    /// its routes here; which ones belong to the app is decided by whether
    /// the app's resource map knows their names.
    static REGISTERED: RefCell<Vec<Rc<RouteEntry>>> = const { RefCell::new(Vec::new()) };
}

/// Records a route policy; the caller registers a resource under the
/// returned entry's name.
pub(crate) fn register_entry(
    rule: RouteRule,
    methods: Option<&'static [&'static str]>,
) -> Rc<RouteEntry> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let entry = Rc::new(RouteEntry {
        name: format!("{NAME_PREFIX}{}", NEXT.fetch_add(1, Ordering::Relaxed)),
        rule,
        methods,
    });
    REGISTERED.with_borrow_mut(|entries| entries.push(Rc::clone(&entry)));
    entry
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

/// Finds the route group of a path, caching each answer for the layer that
/// owns it (layers live on one worker thread, so no lock is needed).
#[derive(Default)]
pub(crate) struct RouteLookup {
    /// A request used only to render resource paths with `url_for`, so that
    /// a request's own `Host` can never change an answer that is cached.
    renderer: OnceCell<HttpRequest>,
    groups: RefCell<FastMap<Box<str>, Option<Rc<RouteGroup>>>>,
}

impl std::fmt::Debug for RouteLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteLookup").finish_non_exhaustive()
    }
}

impl RouteLookup {
    /// The route policies on the path this request would reach, if any.
    pub(crate) fn group(&self, req: &HttpRequest) -> Option<Rc<RouteGroup>> {
        let rmap = req.resource_map();
        let name = rmap.match_name(req.path())?;
        self.group_named(rmap, name)
    }

    /// The route policies on the path of the resource called `name`.
    pub(crate) fn group_named(&self, rmap: &ResourceMap, name: &str) -> Option<Rc<RouteGroup>> {
        if let Some(group) = self.groups.borrow().get(name) {
            return group.clone();
        }
        let group = self.compute(rmap, name);
        self.groups.borrow_mut().insert(name.into(), group.clone());
        group
    }

    /// Every registered route whose resource this app knows and whose path
    /// renders like the path of `name`.
    fn compute(&self, rmap: &ResourceMap, name: &str) -> Option<Rc<RouteGroup>> {
        let renderer = self
            .renderer
            .get_or_init(|| actix_web::test::TestRequest::default().to_http_request());
        let key = render(rmap, renderer, name)?;
        let entries: Vec<Rc<RouteEntry>> = REGISTERED.with_borrow(|registered| {
            registered
                .iter()
                .filter(|entry| render(rmap, renderer, &entry.name).as_ref() == Some(&key))
                .cloned()
                .collect()
        });
        (!entries.is_empty()).then(|| Rc::new(RouteGroup { entries }))
    }
}

/// The full path of resource `name` with every dynamic segment rendered as
/// the same marker, so that two resources on the same path render alike;
/// `None` when this app has no such resource.
fn render(rmap: &ResourceMap, renderer: &HttpRequest, name: &str) -> Option<String> {
    rmap.url_for(renderer, name, std::iter::repeat("\u{1}"))
        .ok()
        .map(|url| url.path().to_owned())
}
