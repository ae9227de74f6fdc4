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
    /// The apps checked on this thread, by their first route entry (which
    /// lives as long as the app).
    static CHECKED: RefCell<Vec<Weak<RouteEntry>>> = const { RefCell::new(Vec::new()) };
}

/// Whether the app with `entries` is checked for the first time.
fn first_check(entries: &[(String, Rc<RouteEntry>)]) -> bool {
    let Some((_, first)) = entries.first() else {
        return false;
    };
    CHECKED.with_borrow_mut(|checked| {
        checked.retain(|entry| entry.strong_count() > 0);
        if checked
            .iter()
            .any(|entry| std::ptr::eq(entry.as_ptr(), Rc::as_ptr(first)))
        {
            return false;
        }
        checked.push(Rc::downgrade(first));
        true
    })
}

/// Reports, once per app, the `#[cors]` routes of the app `req` is served
/// by whose preflights a resource registered before them takes.
pub(crate) fn report_shadowed(req: &HttpRequest) {
    let rmap = req.resource_map();
    if layers::app_has_route_cors(rmap) {
        // RouteCors answers every preflight before routing.
        return;
    }
    let entries = app_entries(rmap);
    if !first_check(&entries) {
        return;
    }
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
