//! The route-cors layers of the apps built on this thread: which app a
//! `RouteCors` wraps, and each `Cors` middleware (`policy!`,
//! `Cors::from`), for the inventory.
//!
//! A middleware cannot learn at start-up which scope it wraps or which
//! app it is in; it learns its app from its first request (the resource
//! map), and the paths it covers from the check's probes. Like the route
//! registry, this holds weak references: an entry lives as long as the
//! layer's service.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::{Rc, Weak};

use actix_web::dev::ResourceMap;

use crate::policy_ref::PolicyRef;

/// One `Cors` middleware that answers preflights.
#[derive(Debug)]
pub(crate) struct MiddlewareEntry {
    pub(crate) policy: PolicyRef,
    /// The address of its app's resource map, once a request showed it; 0
    /// before.
    app: Cell<usize>,
    /// The route templates the check's probes reached it on.
    pub(crate) covers: RefCell<BTreeSet<String>>,
}

impl MiddlewareEntry {
    /// Notes the app whose resource map is `rmap`.
    pub(crate) fn seen_in(&self, rmap: &ResourceMap) {
        self.app.set(address(rmap));
    }
}

thread_local! {
    static MIDDLEWARE: RefCell<Vec<Weak<MiddlewareEntry>>> = const { RefCell::new(Vec::new()) };
    /// The resource maps of apps a live `RouteCors` has served, each with
    /// the layer's token.
    static APP_LAYERS: RefCell<Vec<(usize, Weak<()>)>> = const { RefCell::new(Vec::new()) };
}

fn address(rmap: &ResourceMap) -> usize {
    std::ptr::from_ref(rmap) as usize
}

/// Records a `Cors` middleware as its service is built.
pub(crate) fn register_middleware(policy: PolicyRef) -> Rc<MiddlewareEntry> {
    let entry = Rc::new(MiddlewareEntry {
        policy,
        app: Cell::new(0),
        covers: RefCell::new(BTreeSet::new()),
    });
    MIDDLEWARE.with_borrow_mut(|entries| {
        if entries.len() == entries.capacity() {
            entries.retain(|entry| entry.strong_count() > 0);
        }
        entries.push(Rc::downgrade(&entry));
    });
    entry
}

/// Records that a `RouteCors` (holding `token`) serves the app of `rmap`.
pub(crate) fn app_layer_seen(rmap: &ResourceMap, token: &Rc<()>) {
    APP_LAYERS.with_borrow_mut(|layers| {
        layers.retain(|(_, token)| token.strong_count() > 0);
        layers.push((address(rmap), Rc::downgrade(token)));
    });
}

/// Whether a live `RouteCors` has served the app of `rmap`.
pub(crate) fn app_has_route_cors(rmap: &ResourceMap) -> bool {
    let app = address(rmap);
    APP_LAYERS.with_borrow(|layers| {
        layers
            .iter()
            .any(|(address, token)| *address == app && token.strong_count() > 0)
    })
}

/// The live `Cors` middleware of the app of `rmap`, and those that served
/// no request yet (on a server's worker thread, its one app), in the
/// order they were built.
pub(crate) fn middleware_of(rmap: &ResourceMap) -> Vec<Rc<MiddlewareEntry>> {
    let app = address(rmap);
    MIDDLEWARE.with_borrow(|entries| {
        entries
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|entry| entry.app.get() == app || entry.app.get() == 0)
            .collect()
    })
}
