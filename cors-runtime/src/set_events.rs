//! Events about origin sets: one built at start-up, and one a route
//! names that its app does not give, reported once per app and set.

use std::cell::RefCell;
use std::fmt;
use std::rc::{Rc, Weak};

use actix_web::dev::ResourceMap;
use actix_web::HttpRequest;
use tracing::{event, Level};

use crate::fields::Route;
use crate::policy::Policy;

/// Where a layer looked for the set it did not find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Looked {
    /// In the `app_data` the request sees where the layer runs (the App's,
    /// and that of every scope the request has entered).
    Request,
    /// In the App's `app_data`, from `RouteCors`, before routing; a layer
    /// inside `RouteCors` answered the preflight before the route could
    /// look in its scope's.
    BeforeRouting,
}

/// One missing set already reported: the app (the address of its
/// resource map, unique while the app lives), the set's name, and the
/// layer that reported it, alive exactly as long as that app.
struct Reported {
    app: usize,
    set: String,
    by: Weak<()>,
}

thread_local! {
    /// The missing sets reported on this thread (an app is built and
    /// served on one thread). An entry whose layer is gone belongs to an
    /// app that is gone: it no longer counts, and is dropped when the list
    /// grows.
    static REPORTED: RefCell<Vec<Reported>> = const { RefCell::new(Vec::new()) };
}

/// A layer's share in the reports of missing origin sets, so that each
/// app reports a missing set once, whichever of its layers (`RouteCors`,
/// a `Cors` middleware, a route's preflight resource or decorator) meets
/// it first, and a later app reports it again. Every layer that asks for
/// origin sets holds one; it lives as long as the layer, hence as long as
/// its app.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetReports {
    alive: Rc<()>,
}

impl SetReports {
    /// Reports, once per app and set, that `policy`'s origin set `name` is
    /// not where the layer `looked`: every origin it would allow is
    /// refused, and the record says where to give it.
    pub(crate) fn set_missing(
        &self,
        policy: &Policy,
        name: &str,
        req: &HttpRequest,
        looked: Looked,
    ) {
        self.set_missing_in(app_of(req), &Route(req), policy, name, looked);
    }

    /// [`set_missing`](SetReports::set_missing) for a request that is
    /// gone: its app (from [`app_of`]) and its route template.
    pub(crate) fn set_missing_in(
        &self,
        app: usize,
        route: &dyn fmt::Display,
        policy: &Policy,
        name: &str,
        looked: Looked,
    ) {
        let first = REPORTED.with_borrow_mut(|reported| {
            let known = reported
                .iter()
                .any(|entry| entry.app == app && entry.set == name && entry.by.strong_count() > 0);
            if !known {
                if reported.len() == reported.capacity() {
                    reported.retain(|entry| entry.by.strong_count() > 0);
                }
                reported.push(Reported {
                    app,
                    set: name.to_owned(),
                    by: Rc::downgrade(&self.alive),
                });
            }
            !known
        });
        if !first {
            return;
        }
        match looked {
            Looked::Request => event!(
                name: "origin_set_missing",
                target: "route_cors",
                Level::ERROR,
                http.route = %route,
                set = %name,
                policy = %policy.source(),
                "origin set {name:?} not found in app_data, so this route allows no origin; \
                 give it with `.app_data(OriginSets::new().set_from_env({name:?}, ...)?)` \
                 on the App, or on the scope that holds the route",
            ),
            Looked::BeforeRouting => event!(
                name: "origin_set_missing",
                target: "route_cors",
                Level::ERROR,
                http.route = %route,
                set = %name,
                policy = %policy.source(),
                "origin set {name:?} not found in the App's app_data, and a layer inside \
                 RouteCors answered the route's preflight before the route could look in its \
                 scope's; give it with `.app_data(OriginSets::new().set_from_env({name:?}, ...)?)` \
                 on the App",
            ),
        }
    }
}

/// The app a request belongs to, for [`SetReports::set_missing_in`]: the
/// address of its resource map, unique while the app lives.
pub(crate) fn app_of(req: &HttpRequest) -> usize {
    std::ptr::from_ref::<ResourceMap>(req.resource_map()) as usize
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
