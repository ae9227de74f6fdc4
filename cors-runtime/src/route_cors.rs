//! `RouteCors`: the route policies applied outside the app's other
//! middleware.

use std::future::{ready, Ready};
use std::rc::Rc;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::{Error, HttpMessage, HttpResponse};

use actix_web::HttpRequest;

use crate::apply::{self, Mode, Step};
use crate::configured::OriginSets;
use crate::future::CorsFuture;
use crate::left_to_route::{self, LeftPreflight};
use crate::policy_ref::PolicyRef;
use crate::preflight::refuse_route_preflight;
use crate::request::Head;
use crate::routes::{RouteDecided, RouteGroup, RouteLookup, RouteRule};
use crate::set_events::SetReports;
use crate::trailing_slash;

/// Applies each `#[cors]` route's own policy before the app's other
/// middleware run. In actix-web the layer wrapped last is the outermost;
/// wrap `RouteCors` after the layers that may refuse a request, and
/// before the layers that change the path or only observe:
///
/// ```
/// use actix_web::middleware::{DefaultHeaders, Logger, NormalizePath};
/// use actix_web::App;
/// # use route_cors_runtime as route_cors;
/// use route_cors::RouteCors;
///
/// let app = App::new()
///     // .service(...) the #[cors] handlers
///     // .wrap(auth), .wrap(rate_limit): inside RouteCors
///     .wrap(RouteCors::new())
///     .wrap(DefaultHeaders::new().add(("x-content-type-options", "nosniff")))
///     .wrap(Logger::default())
///     .wrap(NormalizePath::trim()); // outside RouteCors
/// ```
///
/// | outside `RouteCors` (wrapped after it) | inside `RouteCors` (wrapped before it) |
/// |---|---|
/// | path normalizing (`NormalizePath`), access logging (`Logger`), tracing (`TracingLogger`), compression (`Compress`), default headers (`DefaultHeaders`) | authentication, sessions, rate limits, anything that may answer early (401, 403, 429) |
///
/// `RouteCors` finds the route by the request's path and answers
/// preflights itself, so a layer that changes the path belongs outside it
/// (it then sees the path the router sees), and so does a layer that
/// should see preflights (an access log, a tracing span, response
/// compression, default headers). A layer that may refuse a request
/// belongs inside it: it then never sees a preflight, and its early
/// answers get the route's CORS headers.
///
/// For a request to a path with `#[cors]` routes:
///
/// - a preflight is answered here with the policy of the route serving the
///   requested method, 204 or 403 with the reason (403 when no route on the
///   path serves it), so that an authentication, rate-limit or logging
///   layer inside never sees it (a browser sends no credentials with a
///   preflight, so such a layer would refuse it), nor does a handler of
///   the user's own that serves `OPTIONS` on the path;
/// - every other response, including an early 401, 403 or 429 from an
///   inner layer that never reached the handler, gets the route's CORS
///   headers, so that the script can read the status; a response to a
///   request without `Origin` gets the route's `Vary: Origin` (or, under
///   `origins = "*"`, `Access-Control-Allow-Origin: *`), so that a shared
///   cache never hands it to a script of an allowed origin as if it were
///   that origin's answer.
///
/// The route is found the way the router will find it: the first resource
/// whose path matches, then every `#[cors]` route on that same path; no
/// list of routes is given. Requests to other paths pass through
/// untouched. A path with trailing slashes that reaches no resource as it
/// is, but reaches a `#[cors]` route once trimmed, is taken for that
/// route, as a `NormalizePath::trim()` inside would route it: its
/// preflight is answered with that route's policy, and an actual
/// response keeps the route's CORS headers only if its request reached
/// the trimmed path. Without this layer, a bare `App` with
/// `#[cors]` handlers still answers preflights through each route's own
/// preflight resource, behind whatever middleware the app has.
///
/// A route's origin set (`origins_from`) is found in the App's `app_data`
/// (an `OriginSets`, as is or in a `web::Data`). `RouteCors` runs before
/// routing, where a `web::scope`'s `app_data` is not visible yet: for a
/// route whose set the App does not give, it leaves the preflight to the
/// route's own preflight resource and the actual request to the route's
/// decorator, which run inside the scope. If a layer inside `RouteCors`
/// answers that preflight instead (an authentication layer's 401), the
/// answer becomes a 403 that names the set and says to give it on the
/// App, and the app logs it once; an early answer of such a layer to an
/// actual request carries no CORS headers. Give the set on the App to
/// have neither.
#[derive(Debug, Clone, Copy, Default)]
pub struct RouteCors {
    _private: (),
}

impl RouteCors {
    /// The layer; it needs no configuration, the routes carry their
    /// policies.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let app = actix_web::App::new().wrap(route_cors::RouteCors::new());
    /// ```
    pub const fn new() -> Self {
        RouteCors { _private: () }
    }
}

impl<S, B> Transform<S, ServiceRequest> for RouteCors
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Transform = RouteCorsService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(RouteCorsService {
            service: Rc::new(service),
            routes: RouteLookup::default(),
            reports: SetReports::default(),
        }))
    }
}

/// The service [`RouteCors`] wraps around the app.
#[derive(Debug)]
pub struct RouteCorsService<S> {
    service: Rc<S>,
    routes: RouteLookup,
    reports: SetReports,
}

impl<S, B> Service<ServiceRequest> for RouteCorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B, BoxBody>>;
    type Error = Error;
    type Future = CorsFuture<S::Future, B>;

    actix_web::dev::forward_ready!(service);

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        match self.routes.group(req.request()) {
            Some(group) => self.route(req, &group, None),
            None if req.uri().path().ends_with('/') => {
                match trailing_slash::group_past(&self.routes, &mut req) {
                    Some((group, trimmed)) => self.route(req, &group, Some(trimmed)),
                    None => CorsFuture::passed(self.service.call(req)),
                }
            }
            None => CorsFuture::passed(self.service.call(req)),
        }
    }
}

impl<S, B> RouteCorsService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    /// Applies the route policies on the path of `req` (`group`); `reached`
    /// is the path past trailing slashes the group was found for, when it
    /// is not the path as it arrived.
    #[inline(always)]
    fn route(
        &self,
        req: ServiceRequest,
        group: &RouteGroup,
        reached: Option<String>,
    ) -> CorsFuture<S::Future, B> {
        let head = Head::read(req.method(), req.headers());
        let preflight = head.preflight.is_some();
        let action = match group.rule_for(head.routed_method(req.method())) {
            // The route's origin set is not in the App's app_data: it may
            // be in its scope's, which only the route's own resources see.
            Some(RouteRule::Policy(policy)) if set_beyond_reach(policy, req.request()) => {
                Action::LeaveToRoute(policy.clone(), preflight.then(|| LeftPreflight::of(&head)))
            }
            Some(RouteRule::Policy(policy)) => {
                if !preflight {
                    // The route's own decorator, inside, would decide the
                    // same again.
                    req.extensions_mut().insert(RouteDecided);
                }
                let step = apply::step(
                    policy,
                    Mode::AnswerPreflights,
                    head,
                    req.request(),
                    &self.reports,
                );
                Action::Apply(policy.clone(), step)
            }
            // The path is CORS-enabled: its preflights never reach a
            // handler, whichever route was registered first.
            rule if preflight => Action::Answer(refuse_route_preflight(
                matches!(rule, Some(RouteRule::Disabled)),
                &head,
                req.request(),
            )),
            // `disabled`, or no route policy for this method.
            _ => Action::Pass,
        };
        match action {
            Action::Pass => CorsFuture::passed(self.service.call(req)),
            Action::Answer(response) => CorsFuture::answered(req.into_response(response)),
            Action::Apply(policy, step) => {
                let future = apply::run(&self.service, &policy, Mode::AnswerPreflights, req, step);
                match reached {
                    // A preflight is answered here; the router never sees it.
                    Some(trimmed) if !preflight => trailing_slash::only_if_reached(future, trimmed),
                    _ => future,
                }
            }
            Action::LeaveToRoute(_, None) => CorsFuture::passed(self.service.call(req)),
            Action::LeaveToRoute(policy, Some(left)) => {
                left_to_route::preflight(&self.service, policy, req, left, self.reports.clone())
            }
        }
    }
}

/// Whether `policy` takes its origins from a set that the App's
/// `app_data`, all `RouteCors` can see before routing, does not give.
fn set_beyond_reach(policy: &PolicyRef, req: &HttpRequest) -> bool {
    policy
        .get()
        .origin_set_name()
        .is_some_and(|name| OriginSets::in_request(req, name).is_none())
}

/// What `RouteCors` does with a request, decided from its head.
enum Action {
    /// Not a CORS request to a path with route policies.
    Pass,
    /// A preflight no route policy serves, refused.
    Answer(HttpResponse),
    /// A request the route's policy decides.
    Apply(PolicyRef, Step),
    /// A request whose route takes its origins from a set the App does not
    /// give: the route's own preflight resource or decorator decides,
    /// inside the scope whose `app_data` may give it (with what a refusal
    /// of a preflight names of it).
    LeaveToRoute(PolicyRef, Option<LeftPreflight>),
}
