//! Events about origin sets: one built at start-up, and one a route
//! names that the app does not have.

use actix_web::HttpRequest;
use tracing::{event, Level};

use crate::fields::Route;
use crate::policy::Policy;

/// Reports, once per policy, a route whose origin set is not in the
/// app's `app_data`: every origin it would allow is refused.
pub(crate) fn origin_set_missing(policy: &Policy, name: &str, req: &HttpRequest) {
    if policy.first_missing_set_report() {
        event!(
            name: "origin_set_missing",
            target: "route_cors",
            Level::ERROR,
            http.route = %Route(req),
            set = %name,
            policy = %policy.source(),
            "origin set {name:?} not found in app_data, so this route allows no origin from it; \
             give the app `.app_data(OriginSets::new().set_from_env({name:?}, ...)?)`",
        );
    }
}

/// Reports an origin set read and checked at start-up: its name and how
/// many entries it holds, never the values.
pub(crate) fn origin_set_built(name: &str, count: usize) {
    event!(
        name: "origin_set_built",
        target: "route_cors",
        Level::INFO,
        set = %name,
        count,
        "origin set {name:?} built with {count} origins",
    );
}
