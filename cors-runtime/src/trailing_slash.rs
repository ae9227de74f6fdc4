//! The route of a path with a trailing slash that a layer inside
//! `RouteCors` (`NormalizePath::trim()`) will trim before routing.
//!
//! `RouteCors` finds a request's route by its path as it arrives. When a
//! path-normalizing layer sits inside it, `/api/notes/1/` reaches
//! `/api/notes/{id}` only after that layer trimmed it. `RouteCors` cannot
//! see which layers are inside, so it tries the trimmed path only where no
//! other answer is possible: the path as it arrives reaches no resource at
//! all (without a normalizing layer it is a 404 whatever `RouteCors`
//! does), and the trimmed path reaches a `#[cors]` route.
//!
//! - A preflight is answered with that route's policy. Without a
//!   normalizing layer, the actual request that follows is a 404; a
//!   preflight allowed for a URL that serves nothing exposes nothing.
//! - An actual request's response keeps the route's CORS headers only
//!   when the request reached the route's path: the path the response's
//!   request carries is the trimmed one, as `NormalizePath` leaves it. A
//!   404 of the untrimmed path gets none (an error an inner layer returns
//!   carries no request to compare, and keeps them).
//!
//! The layout that needs none of this puts `NormalizePath` outside
//! `RouteCors`, which then sees the trimmed path.

use std::rc::Rc;

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse, Url};
use actix_web::http::Uri;
use actix_web::Error;

use crate::future::CorsFuture;
use crate::response::remove_actual_cors_headers;
use crate::routes::{RouteGroup, RouteLookup};

/// The route group of `req`'s path past its trailing slashes, and that
/// trimmed path, when the path as it arrives reaches no resource and the
/// trimmed one reaches a group; `None` otherwise.
#[cold]
pub(crate) fn group_past(
    routes: &RouteLookup,
    req: &mut ServiceRequest,
) -> Option<(Rc<RouteGroup>, String)> {
    let path = req.uri().path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() || trimmed.is_empty() {
        return None;
    }
    if req
        .resource_map()
        .match_pattern(req.match_info().as_str())
        .is_some()
    {
        return None;
    }
    let trimmed = trimmed.to_owned();
    let uri = Uri::try_from(trimmed.as_str()).ok()?;
    // The lookup reads the path the router will match. It is swapped for
    // the trimmed one and put back: `match_info_mut` needs the only
    // handle on the request, which the router needs as well (it records
    // the resource it reaches the same way), so a request that gets here
    // is one the router can route.
    let arrived = std::mem::replace(req.match_info_mut().get_mut(), Url::new(uri));
    let group = routes.group(req.request());
    *req.match_info_mut().get_mut() = arrived;
    Some((group?, trimmed))
}

/// `future`'s response, without the actual-response CORS headers when its
/// request did not reach `trimmed`, the path the headers were decided for.
#[cold]
pub(crate) fn only_if_reached<F, B>(future: CorsFuture<F, B>, trimmed: String) -> CorsFuture<F, B>
where
    F: std::future::Future<Output = Result<ServiceResponse<B>, Error>> + 'static,
    B: MessageBody + 'static,
{
    CorsFuture::checking(Box::pin(async move {
        let mut response: ServiceResponse<EitherBody<B, BoxBody>> = future.await?;
        if response.request().path() != trimmed {
            remove_actual_cors_headers(response.headers_mut());
        }
        Ok(response)
    }))
}
