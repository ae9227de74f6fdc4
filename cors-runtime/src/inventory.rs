//! The inventory: every CORS decision point of an application, read from
//! the route registry, the app's resource map and the route-cors layers
//! it built.

use std::collections::BTreeSet;
use std::fmt;

use actix_web::dev::ResourceMap;
use actix_web::HttpRequest;
use route_cors_rules::{HeaderRule, HostRule, MethodRule, OriginPattern, PortRule};

use crate::layers;
use crate::policy::{Policy, Written};
use crate::routes::{app_entries, template, without_regexes, RouteRule};

/// Every CORS decision point of an application: its `#[cors]` routes with
/// their effective policies, its `Cors` middleware (`policy!`,
/// `Cors::from`), and whether [`RouteCors`](crate::RouteCors) wraps it.
///
/// From a running app, [`Inventory::of`] reads it from any request (a
/// handler, a start-up hook); in a test, `route_cors::test::inventory`
/// reads it from the service `actix_web::test::init_service` returns, and
/// also learns which routes each middleware covers. It prints as a table
/// (`Display`) and, with the `serde` feature, serializes to JSON whose
/// `schema` names its version.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use actix_web::{web, App, HttpRequest, HttpResponse};
/// use route_cors::{preflight_resource, Inventory, Policy};
///
/// async fn cors_report(req: HttpRequest) -> String {
///     Inventory::of(&req).to_string()
/// }
///
/// let policy = Policy::builder().allow_origin("https://app.example.com").build()?;
/// let app = App::new()
///     .service(preflight_resource("/items", policy))
///     .route("/admin/cors", web::get().to(cors_report));
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Inventory {
    /// The version of this form, `route-cors-inventory/1`.
    pub schema: &'static str,
    /// Whether `RouteCors` wraps the app: `Some(true)` when it was seen;
    /// from a request, `None` when it was not seen (it may still be
    /// there, behind nothing that served a request yet).
    pub route_cors: Option<bool>,
    /// The `#[cors]` routes (and routes of `preflight_resource`), in the
    /// order the app registered them.
    pub routes: Vec<InventoryRoute>,
    /// The `Cors` middleware answering preflights, in the order they were
    /// built.
    pub middleware: Vec<InventoryMiddleware>,
    /// The routes with no policy of their own (an enclosing `Cors`, if
    /// any, decides for them), from actix-web's route introspection: with
    /// the `introspection` feature; `None` without it.
    pub routes_without_policy: Option<Vec<RouteWithoutPolicy>>,
}

/// A route with no policy of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct RouteWithoutPolicy {
    /// The full path template, every `{id:\d+}` written `{id}`.
    pub path: String,
    /// The methods served there without a policy of their own; `*` when
    /// the resource has no method guard.
    pub methods: Vec<String>,
}

/// One route with a policy of its own, or `#[cors(disabled)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct InventoryRoute {
    /// The full path template as the router sees it (scope prefixes
    /// included, `{id:\d+}` written `{id}`).
    pub path: String,
    /// The methods the route serves on this path; `*` for any.
    pub methods: Vec<String>,
    /// The handler's path (`my_app::api::save`), or where the policy was
    /// built for a hand-wired route.
    pub handler: String,
    /// The file and line of the attribute (`src/api.rs:12`).
    pub location: String,
    /// Where the route's policy came from.
    pub source: PolicySource,
    /// The named policy (`policy = name`) whose keys the route's policy
    /// starts from, if any.
    pub named_policy: Option<String>,
    /// The effective policy; `None` for `#[cors(disabled)]`.
    pub policy: Option<PolicySummary>,
}

/// Where a route's policy came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PolicySource {
    /// The handler's own `#[cors(...)]`.
    Own,
    /// The enclosing `#[cors]` module's attribute.
    Module,
    /// The module's attribute, with keys the handler's own replaces.
    ModuleWithOverrides,
    /// `#[cors(disabled)]`: no CORS for this route.
    Disabled,
    /// A policy built in code (`Policy::builder`, `preflight_resource`).
    Code,
}

impl PolicySource {
    fn as_str(self) -> &'static str {
        match self {
            PolicySource::Own => "own",
            PolicySource::Module => "module",
            PolicySource::ModuleWithOverrides => "module+own",
            PolicySource::Disabled => "disabled",
            PolicySource::Code => "code",
        }
    }
}

/// One `Cors` middleware (`policy!`, `Cors::from`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct InventoryMiddleware {
    /// Where its policy was written (`policy! at src/main.rs:30`).
    pub location: String,
    /// The route templates it was seen deciding for or stepping aside on
    /// (the check's probes reach it); empty when none reached it.
    pub covers: Vec<String>,
    /// Its policy.
    pub policy: PolicySummary,
}

/// The effective keys of a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct PolicySummary {
    /// `origins = "*"`.
    pub any_origin: bool,
    /// Exact origins.
    pub origins: Vec<String>,
    /// Subdomain and any-port patterns.
    pub patterns: Vec<String>,
    /// Origin regexes.
    pub regexes: Vec<String>,
    /// Names of origin sets (`origins_from`).
    pub origin_sets: Vec<String>,
    /// Paths of origin functions (`origin_fn`, `origin_fn_async`); `fn`
    /// for one built in code.
    pub origin_fns: Vec<String>,
    /// Methods a preflight may ask for; `*` for any.
    pub methods: Vec<String>,
    /// Request headers a preflight may ask for; `*` for any (echoed).
    pub headers: Vec<String>,
    /// Response headers a script may read.
    pub expose_headers: Vec<String>,
    /// `credentials = true`.
    pub credentials: bool,
    /// Seconds a browser may cache a preflight.
    pub max_age: u32,
    /// Whether Private Network Access preflights are answered.
    pub private_network: bool,
    /// Whether cross-origin writes from origins not allowed are refused.
    pub cross_origin_write_protection: bool,
}

impl PolicySummary {
    pub(crate) fn of(policy: &Policy) -> PolicySummary {
        let checked = policy.checked();
        let origins = &checked.origins;
        let described = policy.described();
        let strings = |texts: &[route_cors_rules::Text]| -> Vec<String> {
            texts.iter().map(|text| text.to_string()).collect()
        };
        let mut origin_fns = Vec::new();
        match (described.origin_fn, &policy.origin_fn) {
            (Some(name), _) => origin_fns.push(name.to_owned()),
            (None, Some(_)) => origin_fns.push("fn".to_owned()),
            (None, None) => {}
        }
        match (described.origin_fn_async, &policy.async_origin_fn) {
            (Some(name), _) => origin_fns.push(name.to_owned()),
            (None, Some(_)) => origin_fns.push("async fn".to_owned()),
            (None, None) => {}
        }
        PolicySummary {
            any_origin: origins.any,
            origins: strings(&origins.exact),
            patterns: origins.patterns.iter().map(pattern).collect(),
            regexes: strings(&origins.regexes),
            origin_sets: origins
                .configured
                .iter()
                .map(|set| set.to_string())
                .collect(),
            origin_fns,
            methods: match &checked.methods {
                MethodRule::Any => vec!["*".to_owned()],
                MethodRule::List(methods) => strings(methods),
            },
            headers: match &checked.headers {
                HeaderRule::Echo => vec!["*".to_owned()],
                HeaderRule::List(names) => strings(names),
            },
            expose_headers: strings(&checked.expose_headers),
            credentials: checked.credentials,
            max_age: checked.max_age,
            private_network: checked.private_network,
            cross_origin_write_protection: checked.refuse_cross_origin_writes,
        }
    }

    /// Every origin entry, as one list: `*`, exact origins, patterns,
    /// `regex:`, `set:` and `fn:` entries.
    pub fn origin_entries(&self) -> Vec<String> {
        let mut entries = Vec::new();
        if self.any_origin {
            entries.push("*".to_owned());
        }
        entries.extend(self.origins.iter().cloned());
        entries.extend(self.patterns.iter().cloned());
        entries.extend(self.regexes.iter().map(|regex| format!("regex:{regex}")));
        entries.extend(self.origin_sets.iter().map(|set| format!("set:{set}")));
        entries.extend(self.origin_fns.iter().map(|name| format!("fn:{name}")));
        entries
    }
}

/// An origin pattern as written: `https://*.example.com`, `http://localhost:*`.
fn pattern(pattern: &OriginPattern) -> String {
    let host = match &pattern.host {
        HostRule::Exact(host) => host.to_string(),
        HostRule::Subdomains(parent) => format!("*.{parent}"),
    };
    let port = match pattern.port {
        PortRule::Default => String::new(),
        PortRule::Exact(port) => format!(":{port}"),
        PortRule::Any => ":*".to_owned(),
    };
    format!("{}://{host}{port}", pattern.scheme)
}

/// A route source `path::name (file:line)` or `what at file:line`, either
/// followed by `, policy name` for a named policy, split into the handler,
/// the location and the named policy.
pub(crate) fn split_source(source: &str) -> (String, String, Option<String>) {
    let (source, named) = match source.rsplit_once(", policy ") {
        Some((source, name)) => (source, Some(name.to_owned())),
        None => (source, None),
    };
    let (handler, location) = match source
        .strip_suffix(')')
        .and_then(|inner| inner.split_once(" ("))
        .or_else(|| source.split_once(" at "))
    {
        Some((handler, location)) => (handler.to_owned(), location.to_owned()),
        None => (source.to_owned(), String::new()),
    };
    (handler, location, named)
}

impl Inventory {
    /// The version of the inventory's form, its `schema` field.
    pub const SCHEMA: &'static str = "route-cors-inventory/1";

    /// The inventory of the app serving `req`. The middleware listed are
    /// those built on this worker thread (a server's worker builds one
    /// app); which routes each covers is known only from the check's
    /// probes.
    pub fn of(req: &HttpRequest) -> Inventory {
        let mut inventory = Inventory::of_map(req.resource_map());
        inventory.routes_without_policy = without_policy(req, &inventory.routes);
        inventory
    }

    /// The inventory of the app whose resource map is `rmap`.
    fn of_map(rmap: &ResourceMap) -> Inventory {
        let routes: Vec<InventoryRoute> = app_entries(rmap)
            .into_iter()
            .map(|(rendered, entry)| {
                let (handler, location, named_policy) = split_source(&entry.source);
                let (source, policy) = match &entry.rule {
                    RouteRule::Disabled => (PolicySource::Disabled, None),
                    RouteRule::Policy(policy) => {
                        let source = match policy.get().described().written {
                            Written::Own => PolicySource::Own,
                            Written::Module => PolicySource::Module,
                            Written::ModuleWithOverrides => PolicySource::ModuleWithOverrides,
                            Written::Code => PolicySource::Code,
                        };
                        (source, Some(PolicySummary::of(policy.get())))
                    }
                };
                InventoryRoute {
                    path: template(rmap, &rendered, &entry.path),
                    methods: match entry.methods {
                        Some(methods) => methods.iter().map(|m| (*m).to_owned()).collect(),
                        None => vec!["*".to_owned()],
                    },
                    handler,
                    location,
                    source,
                    named_policy,
                    policy,
                }
            })
            .collect();
        let middleware = layers::middleware_of(rmap)
            .into_iter()
            .map(|entry| {
                let policy = entry.policy.get();
                InventoryMiddleware {
                    location: policy.source().to_owned(),
                    covers: entry
                        .covers
                        .borrow()
                        .iter()
                        .map(|pattern| without_regexes(pattern))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    policy: PolicySummary::of(policy),
                }
            })
            .collect();
        Inventory {
            schema: Inventory::SCHEMA,
            route_cors: layers::app_has_route_cors(rmap).then_some(true),
            routes,
            middleware,
            routes_without_policy: None,
        }
    }

    /// An app with nothing known.
    #[cfg(feature = "test-util")]
    pub(crate) fn empty() -> Inventory {
        Inventory {
            schema: Inventory::SCHEMA,
            route_cors: None,
            routes: Vec::new(),
            middleware: Vec::new(),
            routes_without_policy: None,
        }
    }

    /// The inventory as pretty-printed JSON, its version in `schema`.
    ///
    /// ```
    /// # use route_cors_runtime as route_cors;
    /// let req = actix_web::test::TestRequest::default().to_http_request();
    /// let json = route_cors::Inventory::of(&req).to_json();
    /// assert!(json.contains(r#""schema": "route-cors-inventory/1""#));
    /// ```
    #[cfg(feature = "serde")]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// The routes actix-web's introspection lists that have no policy of
/// their own: every method served on a path that no `#[cors]` route on
/// that path serves.
#[cfg(feature = "introspection")]
fn without_policy(req: &HttpRequest, routes: &[InventoryRoute]) -> Option<Vec<RouteWithoutPolicy>> {
    use actix_web::introspection::{IntrospectionReportItem, IntrospectionTree};
    let tree = req.app_data::<actix_web::web::Data<IntrospectionTree>>()?;
    let items: Vec<IntrospectionReportItem> = (&tree.root).into();
    let mut without = Vec::new();
    for item in items {
        if item.resource_type != "resource" {
            continue;
        }
        let path = without_regexes(&item.full_path);
        let covered: Vec<&str> = routes
            .iter()
            .filter(|route| route.path == path)
            .flat_map(|route| route.methods.iter().map(String::as_str))
            .collect();
        let methods: Vec<String> = if item.methods.is_empty() {
            if covered.is_empty() {
                vec!["*".to_owned()]
            } else {
                Vec::new()
            }
        } else {
            item.methods
                .into_iter()
                .filter(|method| !covered.contains(&method.as_str()) && !covered.contains(&"*"))
                .collect()
        };
        if !methods.is_empty() {
            without.push(RouteWithoutPolicy { path, methods });
        }
    }
    Some(without)
}

/// Without the `introspection` feature, the routes are not listed.
#[cfg(not(feature = "introspection"))]
fn without_policy(
    _req: &HttpRequest,
    _routes: &[InventoryRoute],
) -> Option<Vec<RouteWithoutPolicy>> {
    None
}

/// Writes rows as columns padded to their widest cell.
fn table(f: &mut fmt::Formatter<'_>, rows: &[Vec<String>]) -> fmt::Result {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            if column + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                let pad = widths[column] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(f, "{}", line.trim_end())?;
    }
    Ok(())
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(",")
    }
}

/// The keys of a policy besides its origins, in one cell.
fn keys(policy: &PolicySummary) -> String {
    let mut keys = vec![
        format!("methods={}", list(&policy.methods)),
        format!("headers={}", list(&policy.headers)),
    ];
    if !policy.expose_headers.is_empty() {
        keys.push(format!("expose={}", list(&policy.expose_headers)));
    }
    if policy.credentials {
        keys.push("credentials".to_owned());
    }
    keys.push(format!("max_age={}", policy.max_age));
    if policy.private_network {
        keys.push("private_network".to_owned());
    }
    if policy.cross_origin_write_protection {
        keys.push("write_protection".to_owned());
    }
    keys.join(" ")
}

impl fmt::Display for Inventory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wrapped = match self.route_cors {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not seen",
        };
        writeln!(f, "RouteCors wraps the App: {wrapped}")?;
        writeln!(f)?;
        let mut rows = vec![[
            "ROUTE", "METHODS", "HANDLER", "AT", "FROM", "ORIGINS", "KEYS",
        ]
        .map(String::from)
        .to_vec()];
        for route in &self.routes {
            let (origins, keys) = match &route.policy {
                Some(policy) => (list(&policy.origin_entries()), keys(policy)),
                None => ("-".to_owned(), "no CORS".to_owned()),
            };
            rows.push(vec![
                route.path.clone(),
                list(&route.methods),
                route.handler.clone(),
                route.location.clone(),
                match &route.named_policy {
                    Some(name) => format!("{} (policy {name})", route.source.as_str()),
                    None => route.source.as_str().to_owned(),
                },
                origins,
                keys,
            ]);
        }
        table(f, &rows)?;
        if !self.middleware.is_empty() {
            writeln!(f)?;
            let mut rows = vec![["MIDDLEWARE", "REACHED ON", "ORIGINS", "KEYS"]
                .map(String::from)
                .to_vec()];
            for middleware in &self.middleware {
                rows.push(vec![
                    middleware.location.clone(),
                    if middleware.covers.is_empty() {
                        "(no probe reached it)".to_owned()
                    } else {
                        middleware.covers.join(",")
                    },
                    list(&middleware.policy.origin_entries()),
                    keys(&middleware.policy),
                ]);
            }
            table(f, &rows)?;
        }
        if let Some(routes) = &self.routes_without_policy {
            writeln!(f)?;
            let mut rows = vec![["NO POLICY OF ITS OWN", "METHODS"]
                .map(String::from)
                .to_vec()];
            for route in routes {
                rows.push(vec![route.path.clone(), list(&route.methods)]);
            }
            table(f, &rows)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_splits_into_the_handler_the_location_and_the_named_policy() {
        let cases = [
            (
                "app::api::save (src/api.rs:12)",
                "app::api::save",
                "src/api.rs:12",
                None,
            ),
            (
                "app::api::save (src/api.rs:12), policy admin",
                "app::api::save",
                "src/api.rs:12",
                Some("admin"),
            ),
            (
                "policy! at src/main.rs:30",
                "policy!",
                "src/main.rs:30",
                None,
            ),
            (
                "Policy::builder at src/main.rs:9",
                "Policy::builder",
                "src/main.rs:9",
                None,
            ),
            ("origin set \"spa\"", "origin set \"spa\"", "", None),
        ];
        for (source, handler, location, named) in cases {
            assert_eq!(
                split_source(source),
                (
                    handler.to_owned(),
                    location.to_owned(),
                    named.map(str::to_owned)
                ),
                "{source}"
            );
        }
    }

    #[test]
    fn patterns_print_as_written() {
        let pattern = |scheme: &str, host: HostRule, port: PortRule| OriginPattern {
            scheme: scheme.to_owned().into(),
            host,
            port,
        };
        let cases = [
            (
                pattern(
                    "https",
                    HostRule::Subdomains("example.com".into()),
                    PortRule::Default,
                ),
                "https://*.example.com",
            ),
            (
                pattern("http", HostRule::Exact("localhost".into()), PortRule::Any),
                "http://localhost:*",
            ),
            (
                pattern(
                    "http",
                    HostRule::Exact("127.0.0.1".into()),
                    PortRule::Exact(3000),
                ),
                "http://127.0.0.1:3000",
            ),
        ];
        for (written, expected) in cases {
            assert_eq!(super::pattern(&written), expected);
        }
    }
}
