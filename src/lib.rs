//! CORS for actix-web 4, declared on the route it protects and checked
//! while the program compiles.
//!
//! ```
//! use actix_web::{get, post, test, App};
//! use route_cors::cors;
//!
//! #[cors(origins = "*", methods = "GET")]
//! #[get("/api/v1/items")]
//! async fn list_items() -> &'static str { "[]" }
//!
//! #[cors(origins = ["https://app.example.com"], credentials = true)]
//! #[post("/api/v1/items")]
//! async fn create_item() -> &'static str { "ok" }
//!
//! # #[actix_web::main]
//! # async fn main() {
//! // Nothing else to wire: each handler registers its own preflight answer.
//! let app = test::init_service(App::new().service(list_items).service(create_item)).await;
//!
//! let preflight = test::TestRequest::default()
//!     .method(actix_web::http::Method::OPTIONS)
//!     .uri("/api/v1/items")
//!     .insert_header(("Origin", "https://app.example.com"))
//!     .insert_header(("Access-Control-Request-Method", "POST"))
//!     .to_request();
//! let response = test::call_service(&app, preflight).await;
//! assert_eq!(response.status(), 204);
//! let headers = response.headers();
//! assert_eq!(headers.get("access-control-allow-origin").unwrap(), "https://app.example.com");
//! assert_eq!(headers.get("access-control-allow-credentials").unwrap(), "true");
//! # }
//! ```
//!
//! # Why per route
//!
//! CORS relaxes the browser's same-origin policy; enabling it for a whole
//! site relaxes it for pages and endpoints that never needed it. Declaring
//! it on the handler keeps the policy next to the code it protects, and a
//! mistake in it — an origin with a trailing slash that never matches,
//! `"*"` with credentials, a wildcard over a public suffix, a regex with an
//! unescaped `.` — is a compile error under the offending token rather than
//! a surprise in production.
//!
//! # What is here
//!
//! - [`cors`]: the attribute, for handlers and `#[scope]` modules.
//! - [`policy!`]: the same keys and checks, as middleware for scopes,
//!   resources and apps built at run time.
//! - [`Policy::builder`]: a policy built at start-up (origins read from
//!   configuration), checked by the same rules with the same messages.
//! - [`RouteCors`]: one line at the App, wrapped outside authentication and
//!   rate limits, inside path normalizing and logging, that applies each
//!   route's own policy before the layers that may refuse a request run.
//! - [`Cors`], [`decide`], [`preflight_resource`]: the runtime the macros
//!   use, for hand-wired setups.
//! - [`Inventory`]: every CORS decision point of an application, as a
//!   table or (feature `serde`) JSON; with the `test-util` feature,
//!   `route_cors::test` checks that every route's preflight gets through
//!   the real App and offers assertions for your own tests.
//!
//! # A policy read from configuration
//!
//! [`Policy::builder`] checks origins known only at start-up with the rules
//! `#[cors]` applies while compiling, and lists every problem at once.
//! [`PolicyError`] converts into [`std::io::Error`], so `?` works in an
//! actix-web `main`; [`Cors`] shares its policy, so a clone of it goes into
//! each worker's app:
//!
//! ```no_run
//! use actix_web::{web, App, HttpResponse, HttpServer};
//! use route_cors::{Cors, Policy};
//!
//! #[actix_web::main]
//! async fn main() -> std::io::Result<()> {
//!     let origins = std::env::var("ALLOWED_ORIGINS").unwrap_or_default();
//!     let policy = Policy::builder()
//!         .allow_origins(origins.split(',').map(str::trim))
//!         .allow_credentials(true)
//!         .build()?; // Err lists each bad origin and what to write instead
//!     let cors = Cors::from(policy);
//!     HttpServer::new(move || {
//!         App::new().service(
//!             web::scope("/api")
//!                 .wrap(cors.clone())
//!                 .route("/items", web::get().to(HttpResponse::Ok)),
//!         )
//!     })
//!     .bind("127.0.0.1:8080")?
//!     .run()
//!     .await
//! }
//! ```
//!
//! # What is public
//!
//! The items on this page are the whole API. The internal crates
//! (`route-cors-macros`, `route-cors-runtime`, `route-cors-rules`) are
//! pinned with `=` and never need to be added; their items hidden from
//! these docs serve the macros' expansions and may change in any release.
//!
//! # How a request is answered
//!
//! Following the Fetch standard's CORS protocol:
//!
//! - A preflight is `OPTIONS` with `Origin` and
//!   [`Access-Control-Request-Method`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Request-Method).
//!   An allowed one gets `204 No Content` with
//!   [`Access-Control-Allow-Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin),
//!   [`-Allow-Methods`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Methods),
//!   [`-Allow-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Headers),
//!   [`-Max-Age`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Max-Age)
//!   and [`-Allow-Credentials`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Credentials)
//!   when enabled; the handler is not called. A refused one gets `403`
//!   without any `Access-Control-*` header, a one-line reason, and a
//!   `preflight_refused` event (`tracing`, target `route_cors`, level
//!   INFO; without a `tracing` subscriber, also a `log` record).
//! - Any other request with an allowed `Origin` — error responses included —
//!   gets `Access-Control-Allow-Origin` (the exact origin; `*` only for
//!   `origins = "*"` without credentials), `-Allow-Credentials` and
//!   [`-Expose-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Expose-Headers).
//!   Other origins get the response without CORS headers, which the
//!   browser then withholds from the script.
//! - [`Vary: Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Vary)
//!   is merged into every response whose headers depend on the origin.

/// Declares the CORS policy of an actix-web handler, or of every handler in
/// an inline `#[scope]` module.
///
/// # Syntax
///
/// ```text
/// #[cors(key = value, ...)]      above #[get("/path")], #[post], ..., #[route], #[routes]
/// #[cors(key = value, ...)]      on `mod name { ... }` with actix-web's #[scope("/prefix")]
/// #[cors(disabled)]              on a handler inside such a module
/// ```
///
/// `#[cors]` must be written *above* the route attribute. It replaces the
/// handler's unit struct by one with the same name, visibility and docs
/// whose registration adds, before actix-web's own resource, a resource on
/// the same path that answers the preflights this policy may allow (an
/// actix-web method attribute guards the whole resource, so a preflight
/// would otherwise get 404), and wraps the handler's resource in a
/// decorator that adds the response headers. Register it with
/// `App::service` as usual; the route's `name`, `guard` and `wrap`
/// arguments keep working. utoipa's `#[utoipa::path(...)]` may go above
/// or below `#[cors]`: below it, `#[cors]` moves it beside the new struct,
/// so utoipa documents the struct that `utoipa_actix_web`'s `service` and
/// `#[openapi(paths(...))]` take (the attribute is recognised by a path
/// ending in `utoipa::path`).
///
/// # Attributes
///
/// A value that takes a list also takes a single string.
///
/// | key | value | default |
/// |---|---|---|
/// | `origins` | `"*"`, exact serialized origins (`"https://app.example.com"`, `"http://localhost:3000"`, `"capacitor://localhost"`), subdomain patterns (`"https://*.example.com"`, any depth, not the parent itself), any-port patterns (`"http://localhost:*"`) | none |
/// | `origins_from` | the name of an origin set configured at start-up ([`OriginSets`]) | none |
/// | `origin_regex` | regexes that must match the whole origin | none |
/// | `origin_fn` | a path to a `fn(&str) -> bool` or a `fn(&str, &HttpRequest) -> bool` | none |
/// | `origin_fn_async` | a path to an `async fn(String, HttpRequest) -> bool` or an `async fn(String) -> bool` | none |
/// | `methods` | methods a preflight may ask for, or `"*"` (on a handler: every method it serves) | the methods the route serves (`policy!`: GET, HEAD, POST) |
/// | `headers` | request headers a preflight may ask for, or `"*"`, which echoes the requested names (and so also works with credentials) | `"*"` |
/// | `expose_headers` | response headers a script may read, or `"*"` | none |
/// | `credentials` | `true` to let cookies and HTTP auth through | `false` |
/// | `max_age` | seconds a browser may cache the preflight answer, `0..=86400` | `1800` |
/// | `private_network` | answer Private Network Access preflights | `false` |
/// | `refuse_cross_origin_writes` | `true` refuses cross-origin writes (a method other than GET, HEAD and OPTIONS, sent by a page of an origin the policy does not allow) without credentials too | on with `credentials = true` |
/// | `dangerously_allow_insecure_origins` | accept plain-http origins other than loopback with credentials | `false` |
/// | `dangerously_allow_null_origin` | accept `"null"` in `origins` | `false` |
/// | `dangerously_allow_cross_origin_writes` | `true` lets cross-origin writes through with credentials: any site's form can then post with the user's cookies | `false` |
/// | `policy` | a policy declared by name with `cors_policies!`, whose keys the other keys here replace one by one | none |
/// | `disabled` | on a handler in a `#[cors]` module: no CORS for it | — |
/// | `crate` | the path of route-cors in a string, for a crate that reaches it through a re-export: `crate = "my_crate::route_cors"` (on a module, a `self::` or `super::` path resolves where the module is written); a renamed dependency needs none | the name `Cargo.toml` gives the `route-cors` package |
///
/// At least one of `origins`, `origins_from`, `origin_regex`, `origin_fn`
/// and `origin_fn_async` is required. The origins of `origins_from` are
/// read and checked in `main` by [`OriginSets`], before the server starts,
/// and given as `app_data` (as is or in a `web::Data`) on the App or on the
/// `web::scope` that holds the route; a route whose set is not found
/// refuses with a 403 naming the set and the fix; a configured set or an origin function only decides among origins that
/// pass the rules (serialized as browsers send them, never `null`, and with
/// credentials never plain http on a host that is not potentially
/// trustworthy, unless the `dangerously_*` key says so). See the README's
/// "Dynamic origins" for why and what it costs.
/// In a module, a handler's own `#[cors(...)]` replaces the module's value
/// key by key and inherits the others; inherited `methods` are narrowed to
/// the methods each handler serves. An `origin_fn` path written on the
/// module resolves where the module is written, like any path there.
///
/// What the compiler refuses, each with the error under the bad token and
/// a hint: unknown keys (with "did you mean", which knows actix-cors's and
/// the builder's names for the keys), repeated keys and wrong
/// value types; origins that are not serialized origins (a path or trailing
/// slash, a query, user info, upper case, the default port, a bad port,
/// `file:`, a trailing dot, a `*` other than a whole leftmost label or the
/// whole port); `"*"` mixed with other origins or with `credentials =
/// true`; `"null"` without its flag; wildcards over public suffixes
/// (`*.com`, `*.co.uk`, `*.github.io`); plain-http, non-loopback origins
/// with credentials; no origin source; regexes that do not compile or
/// leave a `.` unescaped; lowercase or invalid methods, CONNECT, TRACE,
/// TRACK, and methods the route does not serve; invalid header names,
/// headers scripts cannot set (`cookie`, `host`, `origin`, `sec-*`,
/// `proxy-*`, ...) and `access-control-*` in `headers`; `set-cookie` in
/// `expose_headers`; `"*"` in `methods` or `expose_headers` with
/// credentials; `max_age` outside `0..=86400`; `#[cors]` below the route
/// attribute, on a function without one, twice on one item, on anything
/// but a handler or a module, and `disabled` with other keys; several
/// values in one string; configuration that changes nothing (a host with
/// an empty label, an exact origin a pattern of the list allows already, a
/// `dangerously_*` key with nothing to allow, `access-control-*` in
/// `expose_headers`, `max_age = 1800u8`).
///
/// # Examples
///
/// ```
/// use actix_web::{delete, get, put, scope, App};
/// use route_cors::cors;
///
/// // Any subdomain of example.com may read and write with cookies.
/// #[cors(origins = ["https://*.example.com"], credentials = true,
///        headers = ["content-type", "x-csrf-token"], expose_headers = ["x-request-id"])]
/// #[put("/profile")]
/// async fn update_profile() -> &'static str { "saved" }
///
/// fn is_tenant(origin: &str) -> bool {
///     origin.ends_with(".tenants.example.net")
/// }
///
/// // A module: every handler inside gets the policy.
/// #[cors(origins = "https://admin.example.com", origin_fn = is_tenant, max_age = 600)]
/// #[scope("/admin")]
/// mod admin {
///     use actix_web::{delete, get};
///
///     #[get("/users")]
///     pub async fn users() -> &'static str { "[]" }
///
///     // Replaces `origins`, inherits the rest.
///     #[cors(origins = "https://root.example.com")]
///     #[delete("/users/{id}")]
///     pub async fn remove_user() -> &'static str { "" }
///
///     // Same-origin only.
///     #[cors(disabled)]
///     #[get("/health")]
///     pub async fn health() -> &'static str { "ok" }
/// }
///
/// fn main() {
///     let app = App::new()
///         .service(update_profile)
///         .service(admin::users)
///         .service(admin::remove_user)
///         .service(admin::health);
/// }
/// ```
///
/// A policy the compiler refuses:
///
/// ```compile_fail
/// use actix_web::get;
/// use route_cors::cors;
///
/// #[cors(origins = "*", credentials = true)] // error: "*" with `credentials = true` ...
/// #[get("/me")]
/// async fn me() -> &'static str { "{}" }
/// ```
///
/// # Inside a real application
///
/// The most specific policy wins, whole: a handler's `#[cors(...)]` (or
/// `#[cors(disabled)]`) decides for its path under any `policy!` or
/// [`Cors`] on the enclosing scope or App, which step aside there; nothing
/// is merged across levels, so the attribute on the route is the whole
/// truth about it. Behind an authentication middleware, wrap
/// [`RouteCors`] after it, so that it is outside it: it answers the
/// route's preflights before the authentication layer sees them and puts
/// the route's CORS headers on that layer's early 401s. The layers that
/// change the path or only observe (`NormalizePath`, `Logger`,
/// `TracingLogger`, `Compress`, `DefaultHeaders`) go outside
/// [`RouteCors`], wrapped after it: it then finds the route of the
/// normalized path, and preflights are logged.
///
/// ```
/// use actix_web::body::MessageBody;
/// use actix_web::dev::{ServiceRequest, ServiceResponse};
/// use actix_web::middleware::{from_fn, Logger, Next, NormalizePath};
/// use actix_web::{put, test, App, Error, HttpResponse};
/// use route_cors::{cors, policy, RouteCors};
///
/// #[cors(origins = "https://spa.example.com", headers = ["authorization"], credentials = true)]
/// #[put("/me")]
/// async fn update_me() -> &'static str { "ok" }
///
/// async fn auth(req: ServiceRequest, next: Next<impl MessageBody + 'static>)
///     -> Result<ServiceResponse<impl MessageBody>, Error> {
///     if req.headers().contains_key("authorization") {
///         return Ok(next.call(req).await?.map_into_left_body());
///     }
///     Ok(req.into_response(HttpResponse::Unauthorized().finish()).map_into_right_body())
/// }
///
/// # #[actix_web::main]
/// # async fn main() {
/// let app = test::init_service(
///     App::new()
///         .service(update_me)
///         .wrap(from_fn(auth)) // inside RouteCors: layers that may refuse
///         .wrap(policy!(origins = ["https://legacy.example.com"])) // routes without their own
///         .wrap(RouteCors::new())
///         .wrap(Logger::default()) // outside RouteCors: layers that observe...
///         .wrap(NormalizePath::trim()), // ...or change the path
/// )
/// .await;
///
/// let preflight = test::TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .uri("/me/")
///     .insert_header(("Origin", "https://spa.example.com"))
///     .insert_header(("Access-Control-Request-Method", "PUT"))
///     .insert_header(("Access-Control-Request-Headers", "authorization"))
///     .to_request();
/// assert_eq!(test::call_service(&app, preflight).await.status(), 204);
///
/// let no_token = test::TestRequest::put()
///     .uri("/me")
///     .insert_header(("Origin", "https://spa.example.com"))
///     .to_request();
/// let response = test::call_service(&app, no_token).await;
/// assert_eq!(response.status(), 401);
/// assert_eq!(
///     response.headers().get("access-control-allow-origin").unwrap(),
///     "https://spa.example.com",
/// );
/// # }
/// ```
///
/// # Origins from configuration
///
/// ```
/// use actix_web::{put, test, App, HttpRequest};
/// use route_cors::{cors, OriginSets, RouteCors};
///
/// #[cors(origins_from = "frontend", credentials = true)]
/// #[put("/settings")]
/// async fn save_settings() -> &'static str { "saved" }
///
/// # #[actix_web::main]
/// # async fn main() -> std::io::Result<()> {
/// // In main, before HttpServer::new: `set_from_env("frontend", "ALLOWED_ORIGINS")?`.
/// let origins = OriginSets::new().set("frontend", ["https://staging.example.com"])?;
/// let app = test::init_service(
///     App::new().app_data(origins).service(save_settings).wrap(RouteCors::new()),
/// )
/// .await;
/// let preflight = test::TestRequest::default()
///     .method(actix_web::http::Method::OPTIONS)
///     .uri("/settings")
///     .insert_header(("Origin", "https://staging.example.com"))
///     .insert_header(("Access-Control-Request-Method", "PUT"))
///     .to_request();
/// assert_eq!(test::call_service(&app, preflight).await.status(), 204);
/// # Ok(())
/// # }
/// ```
pub use route_cors_macros::cors;

/// A checked CORS policy as middleware for `web::scope(...)`,
/// `web::resource(...)` or `App`, built into a `static` while compiling.
///
/// # Syntax
///
/// ```text
/// policy!(key = value, ...)
/// ```
///
/// # Attributes
///
/// The keys of [`cors`], with the same defaults and the same refusals,
/// except that `methods` defaults to GET, HEAD, POST (a middleware does not
/// know which methods its routes serve) and `disabled` is refused.
/// `crate = "my_crate::route_cors"` names route-cors for a crate that
/// reaches it through a re-export, as on [`cors`]; without it the
/// generated code uses the name `Cargo.toml` gives the `route-cors`
/// package.
///
/// The middleware answers every preflight under it and decorates every
/// other response, error responses included. When middleware layers nest,
/// the outermost one decides. On a path with `#[cors]` routes it steps
/// aside: the most specific policy wins, whole (see [`cors`]).
///
/// `policy!` inside a route attribute's `wrap = "..."` is a compile error:
/// the route's method guard keeps every `OPTIONS` away from the route's
/// middleware, so no preflight would ever be answered; write `#[cors(...)]`
/// above the route attribute instead.
///
/// # Examples
///
/// ```
/// use actix_web::{web, App, HttpResponse};
/// use route_cors::policy;
///
/// let app = App::new().service(
///     web::scope("/api")
///         .wrap(policy!(origins = ["https://app.example.com"], methods = ["GET", "PUT"]))
///         .route("/items", web::get().to(HttpResponse::Ok)),
/// );
/// ```
pub use route_cors_macros::policy;

/// Declares policies once, by name, for `#[cors(policy = name)]`, a
/// `#[cors]` module and `policy!(policy = name)`, as ASP.NET's
/// `[EnableCors("name")]` and Spring's named `CorsConfiguration` do.
///
/// ```text
/// cors_policies! {
///     /// docs
///     pub(crate) name(key = value, ...);
///     other(key = value, ...);
/// }
/// ```
///
/// Each declaration takes the keys of `#[cors]` (not `disabled`) and is
/// checked where it is written, with the same rules and messages; the
/// methods a route serves are checked where the policy is used. Where it
/// is used, keys written next to `policy = name` replace the policy's key
/// by key, as a handler's keys replace its module's, and `methods` is
/// narrowed to what each route serves. A name is a macro under the hood,
/// with its scoping: declare the policies before the modules that use
/// them (or at the top of the crate root), and import a name with `use`
/// or write its path (`policy = crate::cors::spa`). A misspelt name is
/// rustc's "cannot find macro", which lists the similar names in scope.
/// A policy is shared within its crate (`pub(crate)` at most), and a
/// function it names is written from the crate root (`origin_fn =
/// crate::auth::known_origin`), since it is used from other modules.
///
/// ```
/// use actix_web::{get, post, web, App, HttpResponse};
/// use route_cors::{cors, cors_policies, policy};
///
/// cors_policies! {
///     /// The single-page app: its origin, with the session cookie.
///     pub(crate) spa(
///         origins = "https://app.example.com",
///         credentials = true,
///         headers = ["content-type", "x-csrf-token"],
///         expose_headers = ["x-request-id"],
///     );
/// }
///
/// #[cors(policy = spa)]
/// #[post("/api/notes")]
/// async fn create_note() -> &'static str { "saved" }
///
/// // The policy, with one key replaced.
/// #[cors(policy = spa, max_age = 60)]
/// #[get("/api/notes")]
/// async fn list_notes() -> &'static str { "[]" }
///
/// let app = App::new()
///     .service(create_note)
///     .service(list_notes)
///     .service(
///         web::scope("/legacy")
///             .wrap(policy!(policy = spa, methods = ["GET"]))
///             .route("/notes", web::get().to(HttpResponse::Ok)),
///     );
/// ```
pub use route_cors_macros::cors_policies;

pub use route_cors_runtime::{
    answer_preflight, decide, explain, preflight_resource, set_origin_in_events, AsyncOriginFn,
    Cors, Decision, Difference, Explanation, Inventory, InventoryMiddleware, InventoryRoute,
    NearMiss, OriginCheck, OriginSetError, OriginSets, Policy, PolicyBuilder, PolicyError,
    PolicyRef, PolicySource, PolicySummary, Preflight, PreflightGuard, Refusal, RouteCors,
    RouteWithoutPolicy, WriteRefusal,
};

/// Tools for your application's tests (the `test-util` feature, for
/// `[dev-dependencies]`): [`test::inventory`] of a built app,
/// [`test::check`] (the reachability check), and the assertions
/// [`test::TestPreflight`] and [`test::TestActual`].
///
/// ```toml
/// [dev-dependencies]
/// route-cors = { version = "0.1", features = ["test-util"] }
/// ```
#[cfg(feature = "test-util")]
pub use route_cors_runtime::test;

/// # Examples
///
/// ```
/// use route_cors::{Policy, Problem, ProblemKind};
///
/// let error = Policy::builder().allow_origin("https://App.example.com").build().unwrap_err();
/// let problem: &Problem<String> = &error.problems()[0];
/// assert_eq!(problem.kind, ProblemKind::OriginNotSerialized);
/// assert_eq!(problem.at, "origin \"https://App.example.com\"");
/// println!("{problem}"); // the message, with what to write instead
/// ```
pub use route_cors_runtime::Problem;

/// # Examples
///
/// ```
/// use route_cors::{Policy, ProblemKind};
///
/// let error = Policy::builder()
///     .allow_origin("*")
///     .allow_credentials(true)
///     .build()
///     .unwrap_err();
/// assert!(error
///     .problems()
///     .iter()
///     .any(|problem| problem.kind == ProblemKind::AnyOriginWithCredentials));
/// ```
pub use route_cors_runtime::ProblemKind;

#[doc(hidden)]
pub use route_cors_runtime::__private;

// Named by the code `#[cors]` generates for a handler with `#[utoipa::path]`.
#[doc(hidden)]
pub use route_cors_macros::__discard_item;
