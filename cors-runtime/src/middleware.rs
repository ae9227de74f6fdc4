//! The `Cors` middleware: answers preflights and decorates every other
//! response, error responses included.

use std::fmt;
use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{HeaderMap, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, ResponseError};

use crate::decision::{decide_actual_given, decide_given, Decision};
use crate::origin::OriginVerdict;
use crate::origin_fn::OriginCheck;
use crate::policy::Policy;
use crate::request;
use crate::response::{decorate_actual, preflight_allowed, preflight_refused};
use crate::routes::RouteLookup;

/// A policy shared by a middleware and its services: `&'static` when the
/// macros built it, reference-counted when built at run time.
///
/// What [`preflight_resource`](crate::preflight_resource) and
/// [`Cors::decorate_only`] accept: a [`Policy`], an `Arc<Policy>` or a
/// `&'static Policy` converts into it, so it rarely needs naming.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use std::sync::Arc;
/// use route_cors::{Policy, PolicyRef};
///
/// let policy = Arc::new(Policy::builder().allow_origin("https://app.example.com").build()?);
/// let shared = PolicyRef::from(Arc::clone(&policy));
/// assert!(shared.get().allows_origin("https://app.example.com"));
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PolicyRef {
    /// A `static` policy, as the macros emit.
    Static(&'static Policy),
    /// A policy built at run time with [`Policy::builder`].
    Shared(Arc<Policy>),
}

impl PolicyRef {
    /// The policy.
    pub fn get(&self) -> &Policy {
        match self {
            PolicyRef::Static(policy) => policy,
            PolicyRef::Shared(policy) => policy,
        }
    }
}

impl From<&'static Policy> for PolicyRef {
    fn from(policy: &'static Policy) -> Self {
        PolicyRef::Static(policy)
    }
}

impl From<Arc<Policy>> for PolicyRef {
    fn from(policy: Arc<Policy>) -> Self {
        PolicyRef::Shared(policy)
    }
}

impl From<Policy> for PolicyRef {
    fn from(policy: Policy) -> Self {
        PolicyRef::Shared(Arc::new(policy))
    }
}

/// Whether a middleware answers preflights or only decorates responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    AnswerPreflights,
    DecorateOnly,
}

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
        ready(Ok(CorsService {
            service: Rc::new(service),
            policy: self.policy.clone(),
            mode: self.mode,
            routes: RouteLookup::default(),
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
        let steps_aside = match self.mode {
            Mode::AnswerPreflights => self.route_decides(&req),
            // `RouteCors` outside already applies this route's policy.
            Mode::DecorateOnly => {
                RouteDecided::possible() && req.extensions().contains::<RouteDecided>()
            }
        };
        if steps_aside {
            return CorsFuture::passed(self.service.call(req));
        }
        let origin = request::origin(req.headers()).cloned();
        apply(&self.service, &self.policy, self.mode, req, origin)
    }
}

/// Applies `policy` to a request whose `Origin` (as [`request::origin`]
/// reads it) is `origin`: asks about the origin (awaiting an async origin
/// function when only that can tell), then answers or forwards the request.
/// The header is read once per request: the verdict, the decision and the
/// decoration all use this value.
pub(crate) fn apply<S, B>(
    service: &Rc<S>,
    policy: &PolicyRef,
    mode: Mode,
    req: ServiceRequest,
    origin: Option<HeaderValue>,
) -> CorsFuture<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    match request_origin_verdict(policy.get(), req.request(), origin.as_ref()) {
        RequestVerdict::Ask(check) => {
            let service = Rc::clone(service);
            let policy = policy.clone();
            CorsFuture::checking(Box::pin(async move {
                let allowed = check.await;
                respond(&*service, &policy, mode, req, origin, allowed).await
            }))
        }
        RequestVerdict::Known(allowed) => respond(&**service, policy, mode, req, origin, allowed),
    }
}

/// Marks a request whose route policy [`RouteCors`](crate::RouteCors)
/// applies, so that the route's own decorator steps aside instead of
/// deciding and decorating a second time. A zero-sized value: inserting it
/// allocates nothing once the request's extension map has room.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RouteDecided;

/// Whether a [`RouteCors`](crate::RouteCors) layer was ever built in this
/// process: without one, no request carries [`RouteDecided`] and the
/// decorators skip looking for it.
static ROUTE_CORS_BUILT: AtomicBool = AtomicBool::new(false);

impl RouteDecided {
    /// Called when a `RouteCors` layer is built, before its app serves.
    pub(crate) fn enable() {
        ROUTE_CORS_BUILT.store(true, Ordering::Relaxed);
    }

    fn possible() -> bool {
        ROUTE_CORS_BUILT.load(Ordering::Relaxed)
    }
}

/// What the policy says of the origin of a request: known now, or known
/// when the async origin function answers.
pub(crate) enum RequestVerdict {
    Known(bool),
    Ask(OriginCheck),
}

/// Asks the policy about the request's origin, with the request, so that
/// configured origin sets and origin functions of the request can answer.
/// An async function's answer is kept in the request's extensions, so
/// that a route's decorator behind `RouteCors` (the same policy) does not
/// ask it twice.
/// `origin` is the request's `Origin`, as [`request::origin`] reads it.
pub(crate) fn request_origin_verdict(
    policy: &Policy,
    req: &HttpRequest,
    origin: Option<&HeaderValue>,
) -> RequestVerdict {
    let Some(origin) = origin else {
        return RequestVerdict::Known(false);
    };
    // A listed origin, byte for byte: the usual allowed request, answered
    // before the text check (every listed origin is text).
    if policy.prepared().exact_origins.contains(origin.as_bytes()) {
        return RequestVerdict::Known(true);
    }
    let Some(origin) = request::text(origin) else {
        return RequestVerdict::Known(false);
    };
    match (
        policy.origin_verdict(origin, Some(req)),
        policy.async_origin_fn,
    ) {
        (OriginVerdict::Ask, Some(check)) => {
            if let Some(AsyncAnswer(allowed)) = req.extensions().get::<AsyncAnswer>() {
                return RequestVerdict::Known(*allowed);
            }
            let request = req.clone();
            let check = check(origin.to_owned(), req.clone());
            RequestVerdict::Ask(Box::pin(async move {
                let allowed = check.await;
                request.extensions_mut().insert(AsyncAnswer(allowed));
                allowed
            }))
        }
        (verdict, _) => RequestVerdict::Known(verdict == OriginVerdict::Allowed),
    }
}

/// What an async origin function answered for this request.
#[derive(Debug, Clone, Copy)]
struct AsyncAnswer(bool);

/// Answers or forwards a request whose `origin` is `origin_allowed` or not.
fn respond<S, B>(
    service: &S,
    policy_ref: &PolicyRef,
    mode: Mode,
    req: ServiceRequest,
    origin: Option<HeaderValue>,
    origin_allowed: bool,
) -> CorsFuture<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    let policy = policy_ref.get();
    let decision = match mode {
        Mode::AnswerPreflights => decide_given(
            policy,
            req.method(),
            req.headers(),
            origin.as_ref(),
            origin_allowed,
        ),
        Mode::DecorateOnly => decide_actual_given(origin.as_ref(), origin_allowed),
    };
    let allowed = match decision {
        Decision::Preflight(preflight) => {
            let response = preflight_allowed(policy, &preflight, req.headers());
            return CorsFuture::answered(req.into_response(response));
        }
        Decision::PreflightRefused(refusal) => {
            let response = preflight_refused(&refusal, req.path(), origin.as_ref());
            return CorsFuture::answered(req.into_response(response));
        }
        Decision::Actual(_) => true,
        Decision::ActualRefused => {
            request::log_refused_origin(&req);
            false
        }
        Decision::NotCors => false,
    };
    let decoration = Decoration {
        policy: policy_ref.clone(),
        allowed_origin: origin.filter(|_| allowed),
    };
    CorsFuture::forwarded(service.call(req), decoration)
}

/// What a forwarded request's response still needs.
#[derive(Debug)]
pub(crate) struct Decoration {
    pub(crate) policy: PolicyRef,
    pub(crate) allowed_origin: Option<HeaderValue>,
}

impl Decoration {
    fn apply(&self, headers: &mut HeaderMap) {
        decorate_actual(self.policy.get(), headers, self.allowed_origin.as_ref());
    }
}

/// An error from an inner service, whose response gets the CORS headers
/// when actix-web renders it, so that the script can read the status.
struct DecoratedError {
    error: Error,
    decoration: Decoration,
}

impl fmt::Debug for DecoratedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.error, f)
    }
}

impl fmt::Display for DecoratedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl ResponseError for DecoratedError {
    fn status_code(&self) -> StatusCode {
        self.error.as_response_error().status_code()
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        let mut response = self.error.error_response();
        self.decoration.apply(response.headers_mut());
        response
    }
}

/// The response of an async origin check and what follows it.
type Checked<B> =
    Pin<Box<dyn Future<Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>>>>;

pin_project_lite::pin_project! {
    /// The future of [`CorsService`]: a preflight answer, or the inner
    /// service's response with the CORS headers added.
    pub struct CorsFuture<F, B> {
        #[pin]
        state: State<F, B>,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<F, B> {
        // Answered without calling the inner service.
        Answered { response: Option<ServiceResponse<BoxBody>> },
        // Waiting for the inner service; its response gets the decoration,
        // if any (a layer that steps aside forwards with none).
        Forwarded {
            #[pin]
            future: F,
            decoration: Option<Decoration>,
        },
        // Waiting for an async origin check, then for the rest.
        Checking { future: Checked<B> },
    }
}

impl<F, B> CorsFuture<F, B> {
    pub(crate) fn answered(response: ServiceResponse<BoxBody>) -> Self {
        CorsFuture {
            state: State::Answered {
                response: Some(response),
            },
        }
    }

    pub(crate) fn forwarded(future: F, decoration: Decoration) -> Self {
        CorsFuture {
            state: State::Forwarded {
                future,
                decoration: Some(decoration),
            },
        }
    }

    /// The inner service's response, untouched.
    pub(crate) fn passed(future: F) -> Self {
        CorsFuture {
            state: State::Forwarded {
                future,
                decoration: None,
            },
        }
    }

    /// An async origin check and what follows it.
    pub(crate) fn checking(future: Checked<B>) -> Self {
        CorsFuture {
            state: State::Checking { future },
        }
    }
}

impl<F, B> Future for CorsFuture<F, B>
where
    F: Future<Output = Result<ServiceResponse<B>, Error>>,
    B: MessageBody + 'static,
{
    type Output = Result<ServiceResponse<EitherBody<B, BoxBody>>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            StateProj::Answered { response } => Poll::Ready(match response.take() {
                Some(response) => Ok(response.map_into_right_body()),
                None => Err(actix_web::error::ErrorInternalServerError(
                    "CORS response polled after completion",
                )),
            }),
            StateProj::Forwarded { future, decoration } => {
                let result = std::task::ready!(future.poll(cx));
                // An error from an inner service is rendered by actix-web
                // later; wrapping it adds the CORS headers to that response.
                Poll::Ready(match (result, decoration.take()) {
                    (Ok(mut response), Some(decoration)) => {
                        decoration.apply(response.headers_mut());
                        Ok(response.map_into_left_body())
                    }
                    (Ok(response), None) => Ok(response.map_into_left_body()),
                    (Err(error), Some(decoration)) => {
                        Err(Error::from(DecoratedError { error, decoration }))
                    }
                    (Err(error), None) => Err(error),
                })
            }
            StateProj::Checking { future } => future.as_mut().poll(cx),
        }
    }
}
