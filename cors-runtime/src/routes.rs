//! The route policies of an application, found from a request's path before
//! routing runs.
//!
//! Each `#[cors]` route registers, next to its handler, a resource on its
//! path named `route-cors#N` whose entry here holds the route's policy (or
//! its `#[cors(disabled)]`) and the methods it serves on that path. A layer
//! that runs before routing ([`RouteCors`](crate::RouteCors), a
//! [`Cors`](crate::Cors) over the app or a scope) asks actix-web's resource
//! map which resource the path reaches first, and finds every route policy
//! whose path is that resource's path (the same idea as Spring's
//! `CorsFilter` asking its handler mapping).
//!
//! A resource's group is computed once per layer and cached under the
//! resource itself, not its name: two handlers of the same name (`index`
//! in two modules) are two resources, and actix-web's `url_for` knows only
//! the last one registered under a name. The request path then costs only
//! actix-web's own `match_name` walk and one hash lookup.

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
    /// Whether the app has any route policy at all; decided at its first
    /// request, when every route is registered.
    any: OnceCell<bool>,
    /// Groups by resource: the address of the resource's name, which lives
    /// as long as the app's resource map and is unique to the resource.
    by_resource: RefCell<FastMap<usize, Option<Rc<RouteGroup>>>>,
    /// Groups by the name of a route resource of this crate.
    by_name: RefCell<FastMap<Box<str>, Option<Rc<RouteGroup>>>>,
}

impl std::fmt::Debug for RouteLookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteLookup").finish_non_exhaustive()
    }
}

impl RouteLookup {
    /// The route policies on the path of the resource this request would
    /// reach first, if that resource is named (actix-web's route attributes
    /// name theirs after the handler) and its path has any.
    pub(crate) fn group(&self, req: &HttpRequest) -> Option<Rc<RouteGroup>> {
        let rmap = req.resource_map();
        let any = self.any.get_or_init(|| {
            REGISTERED.with_borrow(|registered| {
                registered
                    .iter()
                    .any(|entry| render(rmap, self.renderer(), &entry.name).is_some())
            })
        });
        if !any {
            return None;
        }
        // The path as the router matches it (percent-decoded where actix-web
        // decodes), not as the request line spells it.
        let path = req.match_info().as_str();
        let name = rmap.match_name(path)?;
        if name.is_empty() {
            // Every empty name has the same address: nothing to key on.
            return self.compute_at(rmap, path);
        }
        let resource = name.as_ptr() as usize;
        if let Some(group) = self.by_resource.borrow().get(&resource) {
            return group.clone();
        }
        let group = self.compute_at(rmap, path);
        self.by_resource
            .borrow_mut()
            .insert(resource, group.clone());
        group
    }

    /// The route policies on the path of this crate's route resource
    /// called `name`.
    pub(crate) fn group_named(&self, rmap: &ResourceMap, name: &str) -> Option<Rc<RouteGroup>> {
        if let Some(group) = self.by_name.borrow().get(name) {
            return group.clone();
        }
        let key = render(rmap, self.renderer(), name);
        let group = key.and_then(|key| self.compute(rmap, &key));
        self.by_name.borrow_mut().insert(name.into(), group.clone());
        group
    }

    /// The route policies on the path of the resource `path` reaches first.
    fn compute_at(&self, rmap: &ResourceMap, path: &str) -> Option<Rc<RouteGroup>> {
        let key = render_pattern(&rmap.match_pattern(path)?)?;
        self.compute(rmap, &key)
    }

    fn renderer(&self) -> &HttpRequest {
        self.renderer
            .get_or_init(|| actix_web::test::TestRequest::default().to_http_request())
    }

    /// Every registered route whose resource this app knows and whose path
    /// renders as `key`.
    fn compute(&self, rmap: &ResourceMap, key: &str) -> Option<Rc<RouteGroup>> {
        let renderer = self.renderer();
        let entries: Vec<Rc<RouteEntry>> = REGISTERED.with_borrow(|registered| {
            registered
                .iter()
                .filter(|entry| render(rmap, renderer, &entry.name).as_deref() == Some(key))
                .cloned()
                .collect()
        });
        (!entries.is_empty()).then(|| Rc::new(RouteGroup { entries }))
    }
}

/// What every dynamic segment of a path is rendered as, so that two
/// resources on the same path render alike.
const MARKER: &str = "\u{1}";

/// A full resource pattern rendered as [`render`] renders a resource: each
/// dynamic segment (`{id}`, `{id:\d+}`, a tail `{rest}*`) replaced by the
/// marker, as actix-web's `ResourceDef` renders one, then set as the path
/// of a URL as `url_for` sets it.
fn render_pattern(pattern: &str) -> Option<String> {
    let mut rendered = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        rendered.push_str(&rest[..open]);
        let mut depth = 0usize;
        let close = rest[open..].find(|c| {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            depth == 0
        });
        let Some(close) = close else {
            // Not a pattern actix-web accepts.
            return None;
        };
        rendered.push_str(MARKER);
        rest = &rest[open + close + 1..];
        if rest == "*" {
            rest = "";
        }
    }
    rendered.push_str(rest);
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
    fn a_malformed_pattern_renders_as_nothing() {
        assert_eq!(render_pattern("/items/{id"), None);
    }
}
