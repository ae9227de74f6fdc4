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

use std::borrow::Cow;
use std::rc::Rc;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::guard::{Guard, GuardContext};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, Resource};

use crate::apply::{outcome, Mode, Outcome};
use crate::decision::Refusal;
use crate::events;
use crate::policy::Policy;
use crate::policy_ref::PolicyRef;
use crate::probe;
use crate::request::{is_preflight, Head};
use crate::response::preflight_refused;
use crate::routes::{register_entry, RouteLookup, RouteRule};
use crate::set_events::{Looked, SetReports};
use crate::verdict::{OriginAnswer, OriginVerdict, RequestVerdict};

/// Marks a preflight that `RouteCors` left to its route (it cannot decide
/// it before routing); the route's preflight resource takes the mark off
/// when it answers, so that `RouteCors` can tell that answer from an inner
/// layer's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LeftToRoute;

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
pub fn answer_preflight(policy: &Policy, req: &HttpRequest) -> HttpResponse {
    let head = Head::read(req.method(), req.headers());
    let allowed = head.origin.is_some_and(|origin| {
        policy.origin_verdict(origin.as_bytes(), None) == OriginVerdict::Allowed
    });
    answer(policy, head, OriginAnswer::of(allowed, None), req)
}

/// The answer to a preflight whose origin `policy` allows or not.
fn answer<'a>(
    policy: &'a Policy,
    head: Head<'a>,
    origin: OriginAnswer<'a>,
    req: &HttpRequest,
) -> HttpResponse {
    if head.preflight.is_none() {
        return HttpResponse::NotFound().finish();
    }
    match outcome(policy, Mode::AnswerPreflights, head, origin, req) {
        Outcome::Answer(response) => response,
        Outcome::Forward(_) => HttpResponse::NotFound().finish(),
    }
}

/// Refuses a preflight to a path with `#[cors]` routes where no route
/// policy serves the requested method: the route serving it has
/// `#[cors(disabled)]`, or no route serves it.
pub(crate) fn refuse_route_preflight(
    disabled: bool,
    head: &Head<'_>,
    req: &HttpRequest,
) -> HttpResponse {
    let refusal = if disabled {
        Refusal::Disabled
    } else {
        Refusal::Method(head.routed_method(req.method()))
    };
    events::route_refused(&refusal, head, req);
    preflight_refused(&refusal)
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
    let policy = policy.into();
    let source = Cow::Owned(policy.get().source().to_owned());
    route_resource(path, RouteRule::Policy(policy), None, source)
}

/// The resource a route registers on its path: named after its entry, so
/// that layers running before routing find the route's rule, and answering
/// the preflights that reach it.
fn route_resource(
    path: &str,
    rule: RouteRule,
    methods: Option<&'static [&'static str]>,
    source: Cow<'static, str>,
) -> Resource {
    if let RouteRule::Policy(policy) = &rule {
        // Built now, while the app starts, not at its first request.
        policy.get().prepared();
    }
    let entry = register_entry(rule, methods, path, source);
    let lookup = Rc::new(RouteLookup::for_route());
    let reports = SetReports::default();
    Resource::new(path)
        .name(&entry.name)
        .guard(PreflightGuard)
        .to(move |req: HttpRequest| {
            // The guard let only preflights in: the route is the one
            // serving the requested method.
            probe::record(&req, |log| log.route_resource = true);
            let head = Head::read(req.method(), req.headers());
            let group = lookup.group_named(req.resource_map(), &entry.name);
            let rule = match &group {
                Some(group) => group.rule_for(head.routed_method(req.method())),
                None => Some(&entry.rule),
            };
            let answered = match rule {
                Some(RouteRule::Policy(policy)) => {
                    let policy_ref = policy;
                    let policy = policy.get();
                    if policy.origin_set_name().is_some() {
                        // Only such a route's preflights are left to it.
                        req.extensions_mut().remove::<LeftToRoute>();
                    }
                    match policy.request_verdict(head.origin, &req) {
                        RequestVerdict::Known(origin) => {
                            if let OriginAnswer::SetMissing(name) = origin {
                                reports.set_missing(policy, name, &req, Looked::Request);
                            }
                            Ok(answer(policy, head, origin, &req))
                        }
                        RequestVerdict::Ask(check, missing_set) => {
                            if let Some(name) = missing_set {
                                reports.set_missing(policy, name, &req, Looked::Request);
                            }
                            Err((policy_ref.clone(), check, missing_set.is_some()))
                        }
                    }
                }
                Some(RouteRule::Disabled) => Ok(refuse_route_preflight(true, &head, &req)),
                None => Ok(refuse_route_preflight(false, &head, &req)),
            };
            async move {
                match answered {
                    Ok(response) => response,
                    Err((policy, check, set_missing)) => {
                        let allowed = check.await;
                        let policy = policy.get();
                        let missing_set = policy.origin_set_name().filter(|_| set_missing);
                        let head = Head::read(req.method(), req.headers());
                        answer(policy, head, OriginAnswer::of(allowed, missing_set), &req)
                    }
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
    policy: &'static Policy,
    methods: &'static [&'static str],
) {
    let resource = route_resource(
        path,
        RouteRule::Policy(PolicyRef::Static(policy)),
        Some(methods),
        Cow::Borrowed(policy.source()),
    );
    HttpServiceFactory::register(resource, config);
}

/// Registers the resource of a `#[cors(disabled)]` route on `path`: layers
/// over it step aside for these methods, and its preflights are refused.
/// `source` is the handler's path and the file and line of its attribute.
#[doc(hidden)]
pub fn register_disabled(
    config: &mut AppService,
    path: &str,
    methods: &'static [&'static str],
    source: &'static str,
) {
    let resource = route_resource(
        path,
        RouteRule::Disabled,
        Some(methods),
        Cow::Borrowed(source),
    );
    HttpServiceFactory::register(resource, config);
}
