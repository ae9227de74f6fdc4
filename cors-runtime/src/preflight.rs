//! The per-route preflight resource.
//!
//! `#[get("/p")]` puts its method guard on the whole resource, so an
//! `OPTIONS /p` preflight matches no resource of the handler and never
//! reaches a middleware wrapped around it. The `#[cors]` attribute
//! therefore registers a second resource on the same path that matches
//! every preflight and answers it with the policy of the route on that
//! path that serves the requested method: 204, or 403 with the reason,
//! never 404 and never the handler. It goes after the handler's own
//! resource, whose method guard passes preflights on, so that the
//! handler's requests never match it first (on a path with a dynamic
//! segment, each match is a regex capture and an allocation); before it
//! when the handler itself serves `OPTIONS`.

use std::rc::Rc;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::header::HeaderValue;
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, Resource};

use crate::decision::{allows_origin_value, decide_given, Decision, Refusal};
use crate::middleware::PolicyRef;
use crate::middleware::{request_origin_verdict, RequestVerdict};
use crate::request::{self, is_preflight};
use crate::response::{preflight_allowed, preflight_refused};
use crate::routes::{register_entry, RouteLookup, RouteRule};

/// Matches a CORS preflight: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`. Any other request falls through to the
/// other resources on the path.
///
/// With [`answer_preflight`], a preflight route written by hand:
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use std::sync::Arc;
/// use actix_web::{web, App, HttpRequest};
/// use route_cors::{answer_preflight, Policy, PreflightGuard};
///
/// let policy = Arc::new(Policy::builder().allow_origin("https://app.example.com").build()?);
/// let app = App::new().service(
///     web::resource("/upload")
///         .guard(PreflightGuard)
///         .to(move |req: HttpRequest| {
///             let policy = Arc::clone(&policy);
///             async move { answer_preflight(&policy, &req) }
///         }),
/// );
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PreflightGuard;

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        is_preflight(&head.method, &head.headers)
    }
}

/// Answers a preflight under `policy`: 204 with the preflight headers, or
/// 403 with the reason. Requests that are not preflights get 404 (the
/// [`PreflightGuard`] keeps them away).
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::test::TestRequest;
/// use route_cors::{answer_preflight, Policy};
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let preflight = TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .insert_header(("Origin", "https://app.example.com"))
///     .insert_header(("Access-Control-Request-Method", "POST"))
///     .to_http_request();
/// let response = answer_preflight(&policy, &preflight);
/// assert_eq!(response.status(), 204);
/// let allowed = response.headers().get("access-control-allow-origin").unwrap();
/// assert_eq!(allowed, "https://app.example.com");
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
pub fn answer_preflight(policy: &crate::Policy, req: &HttpRequest) -> HttpResponse {
    let origin = request::origin(req.headers());
    let allowed = origin.is_some_and(|origin| allows_origin_value(policy, origin));
    answer_preflight_given(policy, req, origin, allowed)
}

/// [`answer_preflight`], with the request's `Origin` (as
/// [`request::origin`] reads it) and the answer for it given.
fn answer_preflight_given(
    policy: &crate::Policy,
    req: &HttpRequest,
    origin: Option<&HeaderValue>,
    origin_allowed: bool,
) -> HttpResponse {
    let headers = req.headers();
    match decide_given(policy, &Method::OPTIONS, headers, origin, origin_allowed) {
        Decision::Preflight(preflight) => preflight_allowed(policy, &preflight, headers),
        Decision::PreflightRefused(refusal) => preflight_refused(&refusal, req.path(), origin),
        _ => HttpResponse::NotFound().finish(),
    }
}

/// Answers a preflight with the rule of the route on its path that serves
/// the requested method: that route's policy decides; a route with
/// `#[cors(disabled)]`, or no route serving the method, refuses.
pub(crate) fn answer_route_preflight(rule: Option<&RouteRule>, req: &HttpRequest) -> HttpResponse {
    let refusal = match rule {
        Some(RouteRule::Policy(policy)) => return answer_preflight(policy.get(), req),
        Some(RouteRule::Disabled) => Refusal::Disabled,
        None => Refusal::Method(request::routed_method(req.method(), req.headers())),
    };
    preflight_refused(&refusal, req.path(), request::origin(req.headers()))
}

/// A resource on `path` that answers every preflight to it under `policy`.
///
/// Register it before a resource of yours on the same path that would
/// take an `OPTIONS` request (one without a method guard on the resource,
/// as below); the `#[cors]` attribute does this for you.
///
/// ```
/// use actix_web::{web, App, HttpResponse};
/// # use route_cors_runtime as route_cors;
/// use route_cors::{preflight_resource, Cors, Policy};
///
/// static POLICY: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(|| {
///     Policy::builder().allow_origin("https://app.example.com").allow_methods(["PUT"]).build().unwrap()
/// });
/// let app = App::new()
///     .service(preflight_resource("/items/{id}", &*POLICY))
///     .service(
///         web::resource("/items/{id}")
///             .wrap(Cors::decorate_only(&*POLICY))
///             .route(web::put().to(HttpResponse::Ok)),
///     );
/// ```
pub fn preflight_resource(path: &str, policy: impl Into<PolicyRef>) -> Resource {
    route_resource(path, RouteRule::Policy(policy.into()), None)
}

/// The resource a route registers on its path: named after its entry, so
/// that layers running before routing find the route's rule, and answering
/// the preflights that reach it.
fn route_resource(
    path: &str,
    rule: RouteRule,
    methods: Option<&'static [&'static str]>,
) -> Resource {
    if let RouteRule::Policy(policy) = &rule {
        // Built now, while the app starts, not at its first request.
        policy.get().prepared();
    }
    let entry = register_entry(rule, methods);
    let lookup = Rc::new(RouteLookup::default());
    Resource::new(path)
        .name(&entry.name)
        .guard(PreflightGuard)
        .to(move |req: HttpRequest| {
            // The guard let only preflights in: the route is the one
            // serving the requested method.
            let method =
                route_cors_rules::normalize_method(request::requested_method(req.headers()));
            let group = lookup.group_named(req.resource_map(), &entry.name);
            let rule = match &group {
                Some(group) => group.rule_for(method).cloned(),
                None => Some(entry.rule.clone()),
            };
            let origin = request::origin(req.headers()).cloned();
            let verdict = match &rule {
                Some(RouteRule::Policy(policy)) => {
                    Some(request_origin_verdict(policy.get(), &req, origin.as_ref()))
                }
                _ => None,
            };
            async move {
                match (rule, verdict) {
                    (Some(RouteRule::Policy(policy)), Some(verdict)) => {
                        let allowed = match verdict {
                            RequestVerdict::Known(allowed) => allowed,
                            RequestVerdict::Ask(check) => check.await,
                        };
                        answer_preflight_given(policy.get(), &req, origin.as_ref(), allowed)
                    }
                    (rule, _) => answer_route_preflight(rule.as_ref(), &req),
                }
            }
        })
}

/// Registers the resource of a `#[cors]` route on `path`, which serves
/// `methods` there; the attribute calls this from the handler's
/// `HttpServiceFactory::register`.
#[doc(hidden)]
pub fn register_route(
    config: &mut AppService,
    path: &str,
    policy: &'static crate::Policy,
    methods: &'static [&'static str],
) {
    let resource = route_resource(
        path,
        RouteRule::Policy(PolicyRef::Static(policy)),
        Some(methods),
    );
    HttpServiceFactory::register(resource, config);
}

/// Registers the resource of a `#[cors(disabled)]` route on `path`: layers
/// over it step aside for these methods, and its preflights are refused.
#[doc(hidden)]
pub fn register_disabled(config: &mut AppService, path: &str, methods: &'static [&'static str]) {
    let resource = route_resource(path, RouteRule::Disabled, Some(methods));
    HttpServiceFactory::register(resource, config);
}
