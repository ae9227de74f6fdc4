//! A `#[cors]` route whose preflights another resource takes: one,
//! registered before the route on the same path in an app without
//! `RouteCors`, matches every `OPTIONS` to the path (an unnamed
//! `web::resource` without a method guard) or may (a named one, such as
//! the user's own `#[options]` handler). Reported once per route and app,
//! from the first request the route's handler serves.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use actix_web::HttpRequest;
use tracing::{event, Level};

use crate::layers;
use crate::routes::{app_entries, sample_path, template, RouteEntry, RouteRule};

thread_local! {
    /// The apps checked on this thread: the address of the resource map,
    /// and the app's first route entry, alive as long as the app.
    static CHECKED: RefCell<Vec<(usize, Weak<RouteEntry>)>> = const { RefCell::new(Vec::new()) };
}

/// Whether the live app at `app` was checked.
fn checked(app: usize) -> bool {
    CHECKED.with_borrow(|checked| {
        checked
            .iter()
            .any(|(address, entry)| *address == app && entry.strong_count() > 0)
    })
}

/// Records the app at `app`, whose entries are `entries`, as checked.
fn mark_checked(app: usize, entries: &[(String, Rc<RouteEntry>)]) {
    let Some((_, first)) = entries.first() else {
        return;
    };
    CHECKED.with_borrow_mut(|checked| {
        checked.retain(|(_, entry)| entry.strong_count() > 0);
        checked.push((app, Rc::downgrade(first)));
    });
}

/// Reports, once per app, the `#[cors]` routes of the app `req` is served
/// by whose preflights a resource registered before them takes.
pub(crate) fn report_shadowed(req: &HttpRequest) {
    let rmap = req.resource_map();
    let app = std::ptr::from_ref(rmap) as usize;
    if checked(app) || layers::app_has_route_cors(rmap) {
        // Checked before; or RouteCors answers every preflight before
        // routing.
        return;
    }
    let entries = app_entries(rmap);
    mark_checked(app, &entries);
    let own_names: Vec<&str> = entries
        .iter()
        .map(|(_, entry)| handler_name(&entry.source))
        .collect();
    for (rendered, entry) in &entries {
        if let RouteRule::Disabled = entry.rule {
            continue;
        }
        // A path whose dynamic segments refuse the sample is not checked.
        let sample = sample_path(rendered);
        if !rmap.has_resource(&sample) {
            continue;
        }
        let first = rmap.match_name(&sample).unwrap_or_default();
        if first == entry.name || first.starts_with("route-cors#") || own_names.contains(&first) {
            continue;
        }
        let route = template(rmap, rendered, &entry.path);
        if first.is_empty() {
            event!(
                name: "preflights_taken",
                target: "route_cors",
                Level::ERROR,
                http.route = %route,
                policy = %entry.source,
                "the preflights of {route} go to an unnamed resource registered before the \
                 `#[cors]` route on the same path, which answers them instead of its policy; \
                 register the `#[cors]` route first, or wrap the App in `RouteCors::new()`",
            );
        } else {
            event!(
                name: "preflights_taken",
                target: "route_cors",
                Level::WARN,
                http.route = %route,
                policy = %entry.source,
                resource = %first,
                "resource `{first}` is registered before the `#[cors]` route on {route}: if it \
                 serves OPTIONS (an `#[options]` handler) or has no method guard, it answers \
                 the route's preflights instead of its policy; register the `#[cors]` route \
                 first, or wrap the App in `RouteCors::new()`",
            );
        }
    }
}

/// The handler's name in a route source `path::to::name (file:line)`.
fn handler_name(source: &str) -> &str {
    let path = source.split(" (").next().unwrap_or(source);
    path.rsplit("::").next().unwrap_or(path)
}
