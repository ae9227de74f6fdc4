//! The `Cors` middleware: answers preflights and decorates every other
//! response, error responses included.

use std::cell::Cell;
use std::future::{ready, Ready};
use std::rc::Rc;
use std::sync::Arc;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::{Error, HttpMessage};

use crate::apply::{self, Mode};
use crate::future::CorsFuture;
use crate::layers::{self, MiddlewareEntry};
use crate::policy::Policy;
use crate::policy_ref::PolicyRef;
use crate::probe;
use crate::request::Head;
use crate::routes::{RouteDecided, RouteLookup};
use crate::set_events::SetReports;
use crate::shadowed;

/// CORS middleware over one [`Policy`], for `App::wrap`, `Scope::wrap` and
/// `Resource::wrap`.
///
/// It answers preflights itself (204 with the preflight headers, or 403
/// without CORS headers) and adds the CORS headers to every other response
/// for an allowed origin, including error responses. `Vary: Origin` is
/// merged into the response's `Vary` whenever the answer depends on the
/// origin.
///
/// The most specific policy wins, whole: on a path with a route that has
/// its own `#[cors(...)]` (or `#[cors(disabled)]`), this middleware steps
/// aside and the route policies on that path decide, with no merging of
/// keys. It decides only for the paths without a policy of their own.
///
/// When two `Cors` layers nest, the outer one sees every request first: it
/// answers the preflights, and its decision stands for the CORS headers of
/// actual responses; the inner layer's `Vary` is kept.
///
/// Build it with `Cors::from`: from a [`Policy`] for one app; inside
/// `HttpServer::new(move || ...)`, which builds one app per worker, build
/// the policy (and check it) once outside and clone the `Cors` in: every
/// clone shares the policy. An `Arc<Policy>` or a `&'static Policy`
/// converts too.
///
/// ```no_run
/// # use route_cors_runtime as route_cors;
/// use actix_web::{web, App, HttpResponse, HttpServer};
/// use route_cors::{Cors, Policy};
///
/// #[actix_web::main]
/// async fn main() -> std::io::Result<()> {
///     let policy = Policy::builder()
///         .allow_origins(["https://app.example.com"])
///         .build()?; // a refused policy is an `io::Error` naming each bad value
///     let cors = Cors::from(policy); // cheap to clone: the policy is shared
///     HttpServer::new(move || {
///         App::new().service(
///             web::scope("/api")
///                 .wrap(cors.clone())
///                 .route("/items", web::get().to(HttpResponse::Ok)),
///         )
///     })
///     .bind("127.0.0.1:8080")?
///     .run()
///     .await
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Cors {
    policy: PolicyRef,
    mode: Mode,
}

impl Cors {
    /// A middleware over a `static` policy, as `policy!` expands to; use
    /// [`Cors::from`] instead, which also takes a policy built at run time.
    #[doc(hidden)]
    pub const fn new(policy: &'static Policy) -> Cors {
        Cors {
            policy: PolicyRef::Static(policy),
            mode: Mode::AnswerPreflights,
        }
    }

    /// A middleware that only decorates responses and never answers a
    /// preflight: the `#[cors]` attribute puts it on the handler's own
    /// resource, next to the preflight resource that answers preflights.
    ///
    /// For a hand-wired resource, next to a
    /// [`preflight_resource`](crate::preflight_resource) on the same path:
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use std::sync::Arc;
    /// use actix_web::{web, App, HttpResponse};
    /// use route_cors::{preflight_resource, Cors, Policy};
    ///
    /// let policy = Arc::new(
    ///     Policy::builder().allow_origin("https://app.example.com").allow_methods(["PUT"]).build()?,
    /// );
    /// let app = App::new()
    ///     .service(preflight_resource("/items/{id}", Arc::clone(&policy)))
    ///     .service(
    ///         web::resource("/items/{id}")
    ///             .wrap(Cors::decorate_only(policy))
    ///             .route(web::put().to(HttpResponse::Ok)),
    ///     );
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn decorate_only(policy: impl Into<PolicyRef>) -> Cors {
        Cors {
            policy: policy.into(),
            mode: Mode::DecorateOnly,
        }
    }

    /// The policy.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// use route_cors::{Cors, Policy};
    ///
    /// let cors = Cors::from(Policy::builder().allow_origin("https://app.example.com").build()?);
    /// assert!(cors.policy().allows_origin("https://app.example.com"));
    /// # Ok::<(), route_cors::PolicyError>(())
    /// ```
    pub fn policy(&self) -> &Policy {
        self.policy.get()
    }
}

impl From<Policy> for Cors {
    fn from(policy: Policy) -> Self {
        Cors::from(PolicyRef::from(policy))
    }
}

impl From<&'static Policy> for Cors {
    fn from(policy: &'static Policy) -> Self {
        Cors::new(policy)
    }
}

impl From<Arc<Policy>> for Cors {
    fn from(policy: Arc<Policy>) -> Self {
        Cors::from(PolicyRef::Shared(policy))
    }
}

impl From<PolicyRef> for Cors {
    fn from(policy: PolicyRef) -> Self {
        Cors {
            policy,
            mode: Mode::AnswerPreflights,
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Cors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = CorsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        // Built now, while the app starts, not at its first request.
        self.policy.get().prepared();
        let (routes, middleware) = match self.mode {
            Mode::AnswerPreflights => {
                let entry = layers::register_middleware(self.policy.clone());
                (RouteLookup::for_middleware(Rc::clone(&entry)), Some(entry))
            }
            Mode::DecorateOnly => (RouteLookup::for_route(), None),
        };
        ready(Ok(CorsService {
            service: Rc::new(service),
            policy: self.policy.clone(),
            mode: self.mode,
            routes,
            middleware,
            served: Cell::new(false),
            reports: SetReports::default(),
        }))
    }
}

/// The service [`Cors`] wraps around the inner service.
#[derive(Debug)]
pub struct CorsService<S> {
    service: Rc<S>,
    policy: PolicyRef,
    mode: Mode,
    routes: RouteLookup,
    /// This middleware in the inventory; `None` for a route's decorator.
    middleware: Option<Rc<MiddlewareEntry>>,
    /// Whether a request was served (a route's decorator then checked that
    /// the route's preflights reach it).
    served: Cell<bool>,
    reports: SetReports,
}

impl<S> CorsService<S> {
    /// Whether the path this request reaches has `#[cors]` routes (policies
    /// or `#[cors(disabled)]`): they then decide for the whole path,
    /// preflights and responses, instead of this layer.
    fn route_decides(&self, req: &ServiceRequest) -> bool {
        self.routes.group(req.request()).is_some()
    }
}

impl<S, B> Service<ServiceRequest> for CorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        if !self.served.replace(true) && self.mode == Mode::DecorateOnly {
            shadowed::report_shadowed(req.request());
        }
        probe::record(req.request(), |log| match &self.middleware {
            Some(entry) => {
                log.middleware.push(entry.policy.get().source().to_owned());
                if let Some(pattern) = req.match_pattern() {
                    entry.covers.borrow_mut().insert(pattern);
                }
            }
            None => log.decorator = true,
        });
        let steps_aside = match self.mode {
            Mode::AnswerPreflights => self.route_decides(&req),
            // `RouteCors` outside already applies this route's policy.
            Mode::DecorateOnly => req.extensions().contains::<RouteDecided>(),
        };
        if steps_aside {
            return CorsFuture::passed(self.service.call(req));
        }
        let step = apply::step(
            &self.policy,
            self.mode,
            Head::read(req.method(), req.headers()),
            req.request(),
            &self.reports,
        );
        apply::run(&self.service, &self.policy, self.mode, req, step)
    }
}
