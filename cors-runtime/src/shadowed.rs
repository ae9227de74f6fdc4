//! A `#[cors]` route whose preflights another resource takes: one,
//! registered before the route on the same path in an app without
//! `RouteCors`, matches every `OPTIONS` to the path (an unnamed
//! `web::resource` without a method guard) or may (a named one, such as
//! the user's own `#[options]` handler). Reported once per route and app,
//! from the first request the route's handler serves.

use actix_web::HttpRequest;
use tracing::{event, Level};

use crate::layers;
use crate::policy_ref::PolicyRef;
use crate::routes::{app_entries, sample_path, template, RouteRule};

/// Reports the routes with `policy` whose preflights a resource
/// registered before them takes, in the app `req` is served by.
pub(crate) fn report_shadowed(policy: &PolicyRef, req: &HttpRequest) {
    let rmap = req.resource_map();
    if layers::app_has_route_cors(rmap) {
        // RouteCors answers every preflight before routing.
        return;
    }
    let entries = app_entries(rmap);
    let own_names: Vec<&str> = entries
        .iter()
        .map(|(_, entry)| handler_name(&entry.source))
        .collect();
    for (rendered, entry) in &entries {
        let RouteRule::Policy(own) = &entry.rule else {
            continue;
        };
        if !own.same_as(policy) {
            continue;
        }
        // A path whose dynamic segments refuse the sample is not checked.
        let Some(first) = rmap.match_name(&sample_path(rendered)) else {
            continue;
        };
        if first == entry.name || first.starts_with("route-cors#") || own_names.contains(&first)
        {
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
