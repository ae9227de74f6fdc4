//! What route-cors tells about its decisions: `tracing` events on target
//! `route_cors`, with stable names and bounded fields, and, behind the
//! `metrics` feature, one counter of decisions.
//!
//! | event (`name`) | level | when |
//! |---|---|---|
//! | `preflight_refused` | INFO | a preflight answered 403 |
//! | `cross_origin_write_refused` | INFO | a cross-origin write answered 403 |
//! | `origin_refused` | DEBUG | an actual request from an origin the policy does not allow |
//! | `preflight_allowed` | DEBUG | a preflight answered 204 |
//! | `origin_set_missing` | ERROR, once per app and set | a route's `origins_from` set is not in the `app_data` its request sees |
//! | `origin_set_built` | INFO, once per set | an origin set was read and checked at start-up |
//! | `preflights_taken` | ERROR or WARN, once per app | a resource registered before a `#[cors]` route on its path takes (unnamed) or may take (named) its preflights, in an app without `RouteCors` |
//!
//! Fields: `http.route` (the route template the router matches, never the
//! raw path), `reason` (one of [`Reason`]'s names), `method` (the method a
//! preflight asks for, or the request's), `header` (a refused request
//! header, at most 64 bytes), `policy` (where the deciding policy was
//! written), `origin` (escaped, at most 256 bytes; see
//! [`set_origin_in_events`](crate::set_origin_in_events)) and, for a refused origin, `explanation` (the
//! nearest allowed entry and what differs). Events attach to the caller's
//! span; none opens a span of its own.

use std::fmt;

use actix_web::http::header::HeaderValue;
use actix_web::HttpRequest;
use tracing::{event, Level};

use crate::decision::{Decision, Refusal};
use crate::explain::near_miss;
use crate::fields::{origin_in_events, Capped, Origin, Route, HEADER_CAP};
use crate::policy::Policy;
use crate::request::Head;
use crate::writes::WriteRefusal;

/// The `reason` of an event and of the decisions counter: a fixed set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// The origin is not allowed.
    Origin,
    /// The requested method is not allowed.
    Method,
    /// A requested header is not allowed.
    Header,
    /// Private network access is not allowed.
    PrivateNetwork,
    /// The route serving the method has `#[cors(disabled)]`.
    Disabled,
    /// The origin is refused and the route's origin set is not in the
    /// `app_data` the request sees.
    OriginSetMissing,
    /// No route on the path serves the requested method.
    NoRouteForMethod,
    /// `Sec-Fetch-Site` says another site sent a write.
    CrossSite,
    /// An older browser's write whose `Origin` is not the `Host`.
    OriginNotHost,
    /// Allowed: nothing was refused.
    None,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::Origin => "origin",
            Reason::Method => "method",
            Reason::Header => "header",
            Reason::PrivateNetwork => "private_network",
            Reason::Disabled => "disabled",
            Reason::OriginSetMissing => "origin_set_missing",
            Reason::NoRouteForMethod => "no_route_for_method",
            Reason::CrossSite => "cross_site",
            Reason::OriginNotHost => "origin_not_host",
            Reason::None => "none",
        }
    }

    fn of_refusal(refusal: &Refusal<'_>) -> Reason {
        match refusal {
            Refusal::Origin => Reason::Origin,
            Refusal::Method(_) => Reason::Method,
            Refusal::Header(_) | Refusal::HeaderNotText => Reason::Header,
            Refusal::PrivateNetwork => Reason::PrivateNetwork,
            Refusal::Disabled => Reason::Disabled,
            Refusal::OriginSetMissing(_) => Reason::OriginSetMissing,
        }
    }
}

/// Reports a decision taken under `policy`: inlined, so that a request
/// without `Origin`, and without the `metrics` feature an allowed actual
/// request, pay no call. `missing_set` names the policy's origin set when
/// the origin was refused and the request's `app_data` lacks the set.
#[inline]
pub(crate) fn decided(
    decision: &Decision<'_>,
    head: &Head<'_>,
    req: &HttpRequest,
    policy: &Policy,
    missing_set: Option<&str>,
) {
    match decision {
        Decision::NotCors => {}
        #[cfg(not(feature = "metrics"))]
        Decision::Actual(_) => {}
        _ => report(decision, head, req, policy, missing_set),
    }
}

/// The events and the count of [`decided`].
fn report(
    decision: &Decision<'_>,
    head: &Head<'_>,
    req: &HttpRequest,
    policy: &Policy,
    missing_set: Option<&str>,
) {
    let (outcome, reason) = match decision {
        Decision::NotCors => return,
        Decision::Preflight(_) => {
            event!(
                name: "preflight_allowed",
                target: "route_cors",
                Level::DEBUG,
                http.route = %Route(req),
                method = %requested_method(head, req),
                policy = %policy.source(),
                origin = %Origin(head.origin),
                "CORS preflight allowed",
            );
            ("preflight_allowed", Reason::None)
        }
        Decision::PreflightRefused(refusal) => {
            let reason = Reason::of_refusal(refusal);
            event!(
                name: "preflight_refused",
                target: "route_cors",
                Level::INFO,
                http.route = %Route(req),
                reason = %reason.as_str(),
                method = %requested_method(head, req),
                header = %RefusedHeader(refusal),
                policy = %policy.source(),
                origin = %Origin(head.origin),
                explanation = %Explanation { policy, head, refusal },
                "CORS preflight refused: {refusal}",
            );
            ("preflight_refused", reason)
        }
        Decision::Actual(_) => ("actual_allowed", Reason::None),
        Decision::ActualRefused => {
            let reason = match missing_set {
                Some(_) => Reason::OriginSetMissing,
                None => Reason::Origin,
            };
            event!(
                name: "origin_refused",
                target: "route_cors",
                Level::DEBUG,
                http.route = %Route(req),
                reason = %reason.as_str(),
                method = %req.method(),
                policy = %policy.source(),
                origin = %Origin(head.origin),
                "CORS origin not allowed{}; no CORS headers sent",
                SetMissing(missing_set),
            );
            ("actual_refused", reason)
        }
        Decision::WriteRefused(refusal) => {
            let reason = match refusal {
                WriteRefusal::CrossSite => Reason::CrossSite,
                WriteRefusal::OriginNotHost => Reason::OriginNotHost,
            };
            event!(
                name: "cross_origin_write_refused",
                target: "route_cors",
                Level::INFO,
                http.route = %Route(req),
                reason = %reason.as_str(),
                method = %req.method(),
                policy = %policy.source(),
                origin = %Origin(head.origin),
                "CORS cross-origin write refused: {refusal}{}",
                SetMissing(missing_set),
            );
            ("write_refused", reason)
        }
    };
    count(outcome, reason, req);
}

/// Reports a preflight refused on a path whose routes have no policy for
/// the requested method (`disabled` or none serving it).
pub(crate) fn route_refused(refusal: &Refusal<'_>, head: &Head<'_>, req: &HttpRequest) {
    let reason = match refusal {
        Refusal::Disabled => Reason::Disabled,
        _ => Reason::NoRouteForMethod,
    };
    event!(
        name: "preflight_refused",
        target: "route_cors",
        Level::INFO,
        http.route = %Route(req),
        reason = %reason.as_str(),
        method = %requested_method(head, req),
        header = "-",
        policy = "-",
        origin = %Origin(head.origin),
        explanation = "-",
        "CORS preflight refused: {refusal}",
    );
    count("preflight_refused", reason, req);
}

/// Reports a preflight `RouteCors` left to its route, whose origin set is
/// not in the App's `app_data`, and that a layer inside answered instead:
/// refused, naming the set. `route` is its template, `method` the method
/// it asked for.
pub(crate) fn preflight_refused_before_routing(
    route: Option<&str>,
    method: &str,
    policy: &Policy,
    origin: Option<&HeaderValue>,
    set: &str,
) {
    event!(
        name: "preflight_refused",
        target: "route_cors",
        Level::INFO,
        http.route = %route.unwrap_or("-"),
        reason = %Reason::OriginSetMissing.as_str(),
        method = %Capped(method.as_bytes(), HEADER_CAP),
        header = "-",
        policy = %policy.source(),
        origin = %Origin(origin),
        explanation = "-",
        "CORS preflight refused: origin set {set:?} not found in the App's app_data",
    );
    count_route("preflight_refused", Reason::OriginSetMissing, route);
}

#[cfg(feature = "metrics")]
fn count(outcome: &'static str, reason: Reason, req: &HttpRequest) {
    count_route(outcome, reason, req.match_pattern().as_deref());
}

#[cfg(not(feature = "metrics"))]
fn count(_outcome: &'static str, _reason: Reason, _req: &HttpRequest) {}

#[cfg(feature = "metrics")]
fn count_route(outcome: &'static str, reason: Reason, route: Option<&str>) {
    let route = route.unwrap_or("-").to_owned();
    metrics::counter!(
        "route_cors_decisions_total",
        "outcome" => outcome,
        "reason" => reason.as_str(),
        "route" => route,
    )
    .increment(1);
}

#[cfg(not(feature = "metrics"))]
fn count_route(_outcome: &'static str, _reason: Reason, _route: Option<&str>) {}

/// The method a preflight asks for, else the request's.
fn requested_method<'a>(head: &Head<'a>, req: &'a HttpRequest) -> Capped<'a> {
    Capped(
        head.preflight
            .as_ref()
            .map_or(req.method().as_str(), |asked| asked.method)
            .as_bytes(),
        HEADER_CAP,
    )
}

/// `: origin set "name" not found ...` after a refusal whose origin the
/// missing set might have allowed; nothing otherwise.
struct SetMissing<'a>(Option<&'a str>);

impl fmt::Display for SetMissing<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, ": {}", Refusal::OriginSetMissing(name)),
            None => Ok(()),
        }
    }
}

/// The refused header of a preflight, or `-`.
struct RefusedHeader<'a, 'r>(&'r Refusal<'a>);

impl fmt::Display for RefusedHeader<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Refusal::Header(name) => Capped(name.as_bytes(), HEADER_CAP).fmt(f),
            Refusal::HeaderNotText => f.write_str("(not text)"),
            _ => f.write_str("-"),
        }
    }
}

/// For a refused origin, the nearest allowed entry and what differs.
struct Explanation<'a, 'r> {
    policy: &'r Policy,
    head: &'r Head<'a>,
    refusal: &'r Refusal<'a>,
}

impl fmt::Display for Explanation<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let near = match (self.refusal, self.head.origin) {
            (Refusal::Origin, Some(origin)) if origin_in_events() => {
                near_miss(self.policy, origin.as_bytes())
            }
            _ => None,
        };
        match near {
            Some(near) => near.fmt(f),
            None => f.write_str("-"),
        }
    }
}
