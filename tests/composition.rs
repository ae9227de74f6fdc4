//! Route policies inside the shape real applications have: an
//! authentication middleware on the App or a scope, a leftover global
//! policy, a user's own OPTIONS handlers, `#[routes]`, both registration
//! orders, and `#[scope]` in either order.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{from_fn, Next};
use actix_web::{
    get, options, post, put, route, routes, scope, test, web, App, Error, HttpResponse,
};
use common::{
    actual, allow_origin, capture_logs, check, preflight, request, same_host, step, Row, LOGS,
};
use route_cors::{cors, policy, RouteCors};

const SPA: &str = "https://spa.example.com";

#[cors(origins = "https://spa.example.com", headers = ["authorization"], credentials = true)]
#[put("/me")]
async fn update_me() -> &'static str {
    "me"
}

#[cors(origins = "*")]
#[get("/public")]
async fn public() -> &'static str {
    "public"
}

fn has_bearer(req: &ServiceRequest) -> bool {
    req.headers()
        .get("authorization")
        .is_some_and(|value| value.as_bytes().starts_with(b"Bearer "))
}

/// An authentication middleware that answers 401 itself.
async fn auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    if has_bearer(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let response = HttpResponse::Unauthorized().body("session expired");
    Ok(req.into_response(response))
}

/// An authentication middleware that refuses through an `Err`.
async fn auth_by_error(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    if has_bearer(&req) {
        Ok(next.call(req).await?.map_into_boxed_body())
    } else {
        Err(actix_web::error::ErrorUnauthorized("session expired"))
    }
}

const SPA_ACTUAL: [&str; 3] = [
    "access-control-allow-credentials: true",
    "access-control-allow-origin: https://spa.example.com",
    "vary: Origin",
];

#[actix_web::test]
async fn an_app_level_auth_middleware_never_sees_a_preflight() {
    let with_response = test::init_service(
        App::new()
            .service(update_me)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new()),
    )
    .await;
    check(&with_response, spa_behind_auth()).await;
    let with_error = test::init_service(
        App::new()
            .service(update_me)
            .wrap(from_fn(auth_by_error))
            .wrap(RouteCors::new()),
    )
    .await;
    check(&with_error, spa_behind_auth()).await;
}

/// `PUT /me` behind an authentication layer, from the route's own origin
/// and from another.
fn spa_behind_auth() -> [Row<'static>; 7] {
    let evil = "https://evil.example";
    [
        preflight("/me", SPA, "PUT")
            .asking("authorization")
            .gets(204)
            .has(allow_origin(SPA))
            .has("access-control-allow-headers: authorization"),
        // The early 401 carries the route's CORS headers: the script reads it.
        actual(Method::PUT, "/me", SPA)
            .gets(401)
            .body_is("session expired")
            .cors(SPA_ACTUAL),
        actual(Method::PUT, "/me", SPA)
            .header("authorization", "Bearer t")
            .gets(200)
            .body_is("me")
            .cors(SPA_ACTUAL),
        // Another origin: refused preflight, and a 401 it cannot read.
        preflight("/me", evil, "PUT")
            .asking("authorization")
            .gets(403)
            .lacks("access-control-"),
        same_host(Method::PUT, "/me", evil)
            .gets(401)
            .cors(["vary: Origin"]),
        // A write a page of that origin sends to this host is refused
        // before the auth layer (cross-origin write protection).
        actual(Method::PUT, "/me", evil)
            .gets(403)
            .body_starts_with("Cross-origin write refused")
            .cors(["vary: Origin, Sec-Fetch-Site"]),
        // Without an Origin, the auth layer's 401 says that it depends on
        // the origin: a shared cache must not hand it to the SPA, whose own
        // request gets a 401 it can read.
        request(Method::PUT, "/me").gets(401).cors(["vary: Origin"]),
    ]
}

/// An early answer to a request without `Origin` carries what the route's
/// responses carry without one: `Vary: Origin` under a list of origins,
/// `Access-Control-Allow-Origin: *` under `origins = "*"`, so that a shared
/// cache can hand it to any script.
#[actix_web::test]
async fn an_early_answer_without_origin_carries_the_routes_cache_headers() {
    let app = test::init_service(
        App::new()
            .service(update_me)
            .service(public)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new()),
    )
    .await;
    check(
        &app,
        [
            request(Method::GET, "/public")
                .gets(401)
                .cors(["access-control-allow-origin: *"]),
            request(Method::PUT, "/me").gets(401).cors(["vary: Origin"]),
            // A path without route policies is left alone.
            request(Method::GET, "/other").gets(401).no_cors(),
        ],
    )
    .await;
}

#[actix_web::test]
async fn a_scope_level_auth_middleware_never_sees_a_preflight() {
    let app = test::init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth)).service(update_me))
            .wrap(RouteCors::new()),
    )
    .await;
    check(
        &app,
        [
            preflight("/api/me", SPA, "PUT")
                .asking("authorization")
                .gets(204),
            actual(Method::PUT, "/api/me", SPA)
                .gets(401)
                .cors(SPA_ACTUAL),
        ],
    )
    .await;
}

/// A route without a policy of its own, covered by the global policy.
async fn legacy() -> &'static str {
    "legacy"
}

#[actix_web::test]
async fn the_route_policy_wins_over_an_enclosing_policy() {
    let global = || policy!(origins = ["https://other.example"], credentials = true);
    let on_app = test::init_service(
        App::new()
            .wrap(global())
            .service(update_me)
            .service(public)
            .route("/legacy", web::get().to(legacy)),
    )
    .await;
    check(&on_app, route_policy_wins()).await;
    let on_scope = test::init_service(
        App::new().service(
            web::scope("")
                .wrap(global())
                .service(update_me)
                .service(public)
                .route("/legacy", web::get().to(legacy)),
        ),
    )
    .await;
    check(&on_scope, route_policy_wins()).await;
}

/// A route's own policy, a route open to every origin and a route without
/// a policy, under a global policy.
fn route_policy_wins() -> [Row<'static>; 6] {
    let other = "https://other.example";
    let star = ["access-control-allow-origin: *"];
    [
        preflight("/me", SPA, "PUT")
            .asking("authorization")
            .gets(204)
            .named("the route's own origin")
            .has(allow_origin(SPA)),
        preflight("/me", other, "PUT")
            .gets(403)
            .named("not merged with the global origin"),
        actual(Method::GET, "/public", "https://anyone.example")
            .gets(200)
            .body_is("public")
            .cors(star),
        request(Method::GET, "/public").gets(200).cors(star),
        // The global policy still decides for routes without their own.
        actual(Method::GET, "/legacy", other)
            .gets(200)
            .body_is("legacy")
            .has(allow_origin(other)),
        actual(Method::GET, "/legacy", SPA)
            .gets(200)
            .cors(["vary: Origin"]),
    ]
}

#[actix_web::test]
async fn a_refused_preflight_is_403_with_a_reason_and_a_log_record() {
    capture_logs();
    let app = test::init_service(App::new().service(update_me)).await;
    let row = preflight("/me", SPA, "DELETE")
        .gets(403)
        .lacks("access-control-")
        .body_is("CORS preflight refused: method \"DELETE\" not allowed\n");
    step(&app, row).await;
    let logs = LOGS.lock().unwrap().clone();
    assert!(
        logs.iter()
            .any(|line| line.contains("method \"DELETE\" not allowed")
                && line.contains(" http.route=/me ")
                && line.contains(SPA)),
        "{logs:?}"
    );
}

#[actix_web::test]
async fn a_refused_actual_request_leaves_a_debug_record() {
    capture_logs();
    let app = test::init_service(App::new().service(public).service(update_me)).await;
    let row = same_host(Method::PUT, "/me", "https://refused.example")
        .header("x", "1")
        .gets(200)
        .body_is("me")
        .cors(["vary: Origin"]);
    step(&app, row).await;
    let logs = LOGS.lock().unwrap().clone();
    assert!(
        logs.iter().any(|line| line.starts_with("DEBUG")
            && line.contains("CORS origin not allowed; no CORS headers sent http.route=/me ")
            && line.contains(" method=PUT ")
            && line.contains(" origin=https://refused.example")),
        "{logs:?}"
    );
}

static OPTIONS_CALLS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = "https://spa.example.com", methods = "GET")]
#[route("/p", method = "GET", method = "OPTIONS")]
async fn serves_options() -> &'static str {
    OPTIONS_CALLS.fetch_add(1, Ordering::SeqCst);
    "handler"
}

#[actix_web::test]
async fn a_route_serving_options_never_runs_for_a_preflight() {
    let app = test::init_service(App::new().service(serves_options)).await;
    check(
        &app,
        [
            // No preflight reaches it.
            preflight("/p", SPA, "PUT")
                .gets(403)
                .lacks("access-control-allow")
                .calls(&OPTIONS_CALLS, 0),
            preflight("/p", SPA, "GET")
                .gets(204)
                .calls(&OPTIONS_CALLS, 0),
            // An OPTIONS that is not a preflight is an ordinary request.
            actual(Method::OPTIONS, "/p", SPA)
                .gets(200)
                .body_is("handler"),
        ],
    )
    .await;
}

static USER_OPTIONS_CALLS: AtomicUsize = AtomicUsize::new(0);

#[options("/items")]
async fn user_options() -> HttpResponse {
    USER_OPTIONS_CALLS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok()
        .insert_header(("allow", "POST, OPTIONS"))
        .finish()
}

#[cors(origins = "https://spa.example.com")]
#[post("/items")]
async fn create_item() -> &'static str {
    "created"
}

#[cors(origins = "*", methods = "GET")]
#[get("/items")]
async fn list_items() -> &'static str {
    "[]"
}

#[actix_web::test]
async fn registration_order_does_not_matter() {
    let user_first = test::init_service(
        App::new()
            .service(user_options)
            .service(list_items)
            .service(create_item)
            .wrap(RouteCors::new()),
    )
    .await;
    check(&user_first, items_preflights()).await;
    let user_last = test::init_service(
        App::new()
            .service(create_item)
            .service(list_items)
            .service(user_options),
    )
    .await;
    check(&user_last, items_preflights()).await;
    // The user's handler still answers an OPTIONS that is not a preflight.
    let row = actual(Method::OPTIONS, "/items", SPA)
        .gets(200)
        .has("allow: POST, OPTIONS");
    step(&user_first, row).await;
}

/// Two #[cors] handlers on one path, each deciding its own method; the
/// user's OPTIONS handler sees none of their preflights.
fn items_preflights() -> [Row<'static>; 3] {
    [
        preflight("/items", SPA, "POST")
            .gets(204)
            .has(allow_origin(SPA))
            .has("access-control-allow-methods: POST"),
        preflight("/items", "https://anyone.example", "GET")
            .gets(204)
            .has("access-control-allow-origin: *"),
        preflight("/items", SPA, "PUT").gets(403),
    ]
    .map(|row| row.calls(&USER_OPTIONS_CALLS, 0))
}

#[cors(origins = "https://spa.example.com")]
#[routes]
#[get("/a")]
#[put("/b")]
async fn two_paths() -> &'static str {
    "two"
}

#[cors(origins = "https://spa.example.com")]
#[get("/guarded", guard = "has_marker")]
async fn guarded() -> &'static str {
    "guarded"
}

fn has_marker(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-marker")
}

#[actix_web::test]
async fn routes_allow_each_path_its_own_methods_and_guards_are_kept() {
    let app = test::init_service(App::new().service(two_paths).service(guarded)).await;
    check(
        &app,
        [
            preflight("/a", SPA, "GET")
                .gets(204)
                .has("access-control-allow-methods: GET"),
            preflight("/a", SPA, "PUT").gets(403),
            preflight("/b", SPA, "PUT")
                .gets(204)
                .has("access-control-allow-methods: PUT"),
            preflight("/b", SPA, "GET").gets(403),
            // A preflight carries none of the headers a guard looks at, so
            // it is answered by path and method; the guard still decides
            // the request.
            preflight("/guarded", SPA, "GET").gets(204),
            actual(Method::GET, "/guarded", SPA).gets(404),
            actual(Method::GET, "/guarded", SPA)
                .header("x-marker", "1")
                .gets(200)
                .body_is("guarded")
                .has(allow_origin(SPA)),
        ],
    )
    .await;
}

#[scope("/v3")]
#[cors(origins = "*")]
mod scope_above {
    use actix_web::get;

    #[get("/bare3")]
    pub async fn bare() -> &'static str {
        "bare3"
    }

    #[actix_web::get("/qualified3")]
    pub async fn qualified() -> &'static str {
        "qualified3"
    }
}

#[cors(origins = "*")]
#[scope("/v4")]
mod cors_above {
    use actix_web::get;

    #[get("/bare4")]
    pub async fn bare() -> &'static str {
        "bare4"
    }

    #[actix_web::get("/qualified4")]
    pub async fn qualified() -> &'static str {
        "qualified4"
    }
}

#[scope("/v5")]
mod without_cors {
    use actix_web::get;

    #[get("/bare5")]
    pub async fn bare() -> &'static str {
        "bare5"
    }

    #[actix_web::get("/qualified5")]
    pub async fn qualified() -> &'static str {
        "qualified5"
    }
}

#[actix_web::test]
async fn scope_and_cors_give_the_same_paths_in_either_order() {
    let app = test::init_service(
        App::new()
            .service(scope_above::bare)
            .service(scope_above::qualified)
            .service(cors_above::bare)
            .service(cors_above::qualified)
            .service(without_cors::bare)
            .service(without_cors::qualified),
    )
    .await;
    let star = ["access-control-allow-origin: *"];
    let get = |path| actual(Method::GET, path, SPA);
    check(
        &app,
        [
            // actix-web's #[scope] prefixes bare route attributes only.
            get("/v5/bare5").gets(200).body_is("bare5"),
            get("/qualified5").gets(200).body_is("qualified5"),
            get("/v3/bare3").gets(200).body_is("bare3").cors(star),
            preflight("/v3/bare3", SPA, "GET").gets(204),
            get("/qualified3")
                .gets(200)
                .body_is("qualified3")
                .cors(star),
            preflight("/qualified3", SPA, "GET").gets(204),
            get("/v4/bare4").gets(200).body_is("bare4").cors(star),
            preflight("/v4/bare4", SPA, "GET").gets(204),
            get("/qualified4")
                .gets(200)
                .body_is("qualified4")
                .cors(star),
            preflight("/qualified4", SPA, "GET").gets(204),
        ],
    )
    .await;
}

const ADMIN: &str = "https://admin.example.com";

mod shop {
    use actix_web::{get, web};
    use route_cors::cors;

    #[cors(origins = "https://spa.example.com", credentials = true)]
    #[get("/shop/items/{id}")]
    pub async fn index(id: web::Path<u32>) -> String {
        format!("shop {id}")
    }
}

mod admin {
    use actix_web::{get, web};
    use route_cors::cors;

    #[cors(origins = "https://admin.example.com", credentials = true)]
    #[get("/admin/items/{id}")]
    pub async fn index(id: web::Path<u32>) -> String {
        format!("admin {id}")
    }
}

#[actix_web::test]
async fn handlers_of_the_same_name_keep_their_own_policies_behind_auth() {
    // actix-web names both resources `index`, and `url_for("index")` knows
    // only the last one: the route policies are found by resource, not name.
    let app = test::init_service(
        App::new()
            .service(shop::index)
            .service(admin::index)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new()),
    )
    .await;
    let rows = [
        ("/shop/items/1", SPA, ADMIN),
        ("/admin/items/1", ADMIN, SPA),
    ]
    .into_iter()
    .flat_map(|(path, own, other)| {
        [
            // Answered before the auth layer, under the route's own policy.
            preflight(path, own, "GET").gets(204).has(allow_origin(own)),
            preflight(path, other, "GET")
                .gets(403)
                .lacks("access-control-"),
            // The early 401 is readable by the route's own origin only.
            actual(Method::GET, path, own)
                .gets(401)
                .has(allow_origin(own)),
            actual(Method::GET, path, other)
                .gets(401)
                .cors(["vary: Origin"]),
        ]
    });
    check(&app, rows).await;
}
