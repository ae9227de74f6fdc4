//! The per-route preflight resource.
//!
//! `#[get("/p")]` puts its method guard on the whole resource, so an
//! `OPTIONS /p` preflight matches no resource of the handler and never
//! reaches a middleware wrapped around it. The `#[cors]` attribute
//! therefore registers, before the handler's own resource, a second
//! resource on the same path that matches only the preflights this policy
//! may allow and answers them.

use std::future::{ready, Ready};

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::header;
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, Resource};

use crate::decision::{decide, Decision};
use crate::middleware::PolicyRef;
use crate::request::{self, is_preflight};
use crate::response::{preflight_allowed, preflight_refused};

/// Matches a CORS preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`) whose requested method the policy
/// allows. Preflights for other methods fall through to the resources of
/// other handlers on the same path.
#[derive(Debug, Clone)]
pub struct PreflightGuard {
    policy: PolicyRef,
}

impl PreflightGuard {
    /// A guard for one policy.
    pub fn new(policy: impl Into<PolicyRef>) -> Self {
        PreflightGuard {
            policy: policy.into(),
        }
    }
}

impl Guard for PreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let head = ctx.head();
        is_preflight(&head.method, &head.headers)
            && head
                .headers
                .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                .and_then(|method| method.to_str().ok())
                .is_some_and(|method| self.policy.get().allows_method(method))
    }
}

/// Answers a preflight under `policy`: 204 with the preflight headers, or
/// 403 with the reason. Requests that are not preflights get 404 (the
/// [`PreflightGuard`] keeps them away).
pub fn answer_preflight(policy: &crate::Policy, req: &HttpRequest) -> HttpResponse {
    match decide(policy, &Method::OPTIONS, req.headers()) {
        Decision::Preflight(preflight) => preflight_allowed(policy, &preflight),
        Decision::PreflightRefused(refusal) => {
            preflight_refused(&refusal, req.path(), request::origin(req.headers()))
        }
        _ => HttpResponse::NotFound().finish(),
    }
}

/// A resource on `path` that answers the preflights `policy` may allow.
///
/// Register it before the handler's own resource on the same path; the
/// `#[cors]` attribute does this for you.
///
/// ```
/// use actix_web::{web, App, HttpResponse};
/// use route_cors_runtime::{preflight_resource, Cors, Policy};
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
    Resource::new(path)
        .guard(PreflightGuard::new(policy.clone()))
        .to(move |req: HttpRequest| -> Ready<HttpResponse> {
            ready(answer_preflight(policy.get(), &req))
        })
}

/// Registers the preflight resource for `path` on an app or scope being
/// built; the `#[cors]` attribute calls this from the handler's
/// `HttpServiceFactory::register`.
#[doc(hidden)]
pub fn register_preflight(config: &mut AppService, path: &str, policy: &'static crate::Policy) {
    HttpServiceFactory::register(preflight_resource(path, policy), config);
}
