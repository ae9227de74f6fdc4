//! Preflights `RouteCors` leaves to their route: the route takes its
//! origins from a set (`origins_from`) that the App's `app_data` does not
//! give. `RouteCors` runs before routing, where only the App's `app_data`
//! is visible; a set given on the route's `web::scope` is seen only inside
//! that scope, by the route's own preflight resource, which answers
//! instead. When something else answers the preflight (a layer inside
//! `RouteCors`, such as an authentication middleware, refused it), the
//! answer becomes a 403 that names the set and says to give it on the App,
//! and the app reports it once.
//!
//! This path costs one boxed future per such preflight, and the route
//! template and the requested method are copied before the request goes
//! in; routes whose set the App gives never take it.

use std::rc::Rc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::{Error, HttpMessage};

use crate::events;
use crate::future::CorsFuture;
use crate::policy_ref::PolicyRef;
use crate::preflight::LeftToRoute;
use crate::request::Head;
use crate::response::preflight_refused_before_routing;
use crate::set_events::{app_of, Looked, SetReports};

/// What a refusal of a preflight left to its route names of it, copied
/// from its head (read once, by `RouteCors`) before the request goes in.
pub(crate) struct LeftPreflight {
    origin: Option<HeaderValue>,
    method: String,
}

impl LeftPreflight {
    pub(crate) fn of(head: &Head<'_>) -> LeftPreflight {
        LeftPreflight {
            origin: head.origin.cloned(),
            method: head
                .preflight
                .as_ref()
                .map_or("", |asked| asked.method)
                .to_owned(),
        }
    }
}

/// Sends the preflight `req` to the route, through the layers inside
/// `RouteCors`, and keeps the route's answer; any other answer becomes the
/// 403 that names `policy`'s origin set.
#[cold]
pub(crate) fn preflight<S, B>(
    service: &Rc<S>,
    policy: PolicyRef,
    req: ServiceRequest,
    left: LeftPreflight,
    reports: SetReports,
) -> CorsFuture<S::Future, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    let app = app_of(req.request());
    let route = req.match_pattern();
    req.extensions_mut().insert(LeftToRoute);
    let future = service.call(req);
    CorsFuture::checking(Box::pin(async move {
        let (request, status) = match future.await {
            Ok(response) => {
                if !response.request().extensions().contains::<LeftToRoute>() {
                    return Ok(response.map_into_left_body());
                }
                let status = response.status();
                (Some(response.into_parts().0), status)
            }
            Err(error) => (None, error.as_response_error().status_code()),
        };
        let policy = policy.get();
        let set = policy.origin_set_name().unwrap_or("-");
        let route_shown = route.as_deref().unwrap_or("-");
        reports.set_missing_in(app, &route_shown, policy, set, Looked::BeforeRouting);
        events::preflight_refused_before_routing(
            route.as_deref(),
            &left.method,
            policy,
            left.origin.as_ref(),
            set,
        );
        let answer = preflight_refused_before_routing(set, status);
        match request {
            Some(request) => Ok(ServiceResponse::new(request, answer).map_into_right_body()),
            None => Err(actix_web::error::InternalError::from_response(
                "CORS preflight refused: origin set not found in the App's app_data",
                answer,
            )
            .into()),
        }
    }))
}
