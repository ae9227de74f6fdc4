//! Route policies inside the shape real applications have: an
//! authentication middleware on the App or a scope, a leftover global
//! policy, a user's own OPTIONS handlers, `#[routes]`, both registration
//! orders, and `#[scope]` in either order.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{from_fn, Next};
use actix_web::{
    get, options, post, put, route, routes, scope, test, web, App, Error, HttpResponse,
};
use common::{actual, capture_logs, cors_headers, preflight, same_host, send, LOGS};
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
    spa_behind_auth(&with_response).await;
    let with_error = test::init_service(
        App::new()
            .service(update_me)
            .wrap(from_fn(auth_by_error))
            .wrap(RouteCors::new()),
    )
    .await;
    spa_behind_auth(&with_error).await;
}

async fn spa_behind_auth<S, B>(app: &S)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    {
        let (status, headers, _) =
            send(app, preflight("/me", SPA, "PUT", Some("authorization"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
        assert!(headers.contains(&"access-control-allow-headers: authorization".to_owned()));

        // The early 401 carries the route's CORS headers: the script reads it.
        let (status, headers, body) = send(app, actual(Method::PUT, "/me", SPA)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body, "session expired");
        assert_eq!(cors_headers(&headers), SPA_ACTUAL);

        let request = actual(Method::PUT, "/me", SPA).insert_header(("authorization", "Bearer t"));
        let (status, headers, body) = send(app, request).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "me"));
        assert_eq!(cors_headers(&headers), SPA_ACTUAL);

        // Another origin: refused preflight, and a 401 it cannot read.
        let (status, headers, _) = send(
            app,
            preflight("/me", "https://evil.example", "PUT", Some("authorization")),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(!headers.iter().any(|h| h.starts_with("access-control-")));
        let (status, headers, _) =
            send(app, same_host(Method::PUT, "/me", "https://evil.example")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(cors_headers(&headers), ["vary: Origin"]);
        // A write a page of that origin sends to this host is refused
        // before the auth layer (cross-origin write protection).
        let (status, headers, body) =
            send(app, actual(Method::PUT, "/me", "https://evil.example")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.starts_with("Cross-origin write refused"), "{body}");
        assert_eq!(cors_headers(&headers), ["vary: Origin, Sec-Fetch-Site"]);

        // Without an Origin, the auth layer's 401 says that it depends on
        // the origin: a shared cache must not hand it to the SPA, whose own
        // request gets a 401 it can read.
        let (status, headers, _) = send(
            app,
            test::TestRequest::default().method(Method::PUT).uri("/me"),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(cors_headers(&headers), ["vary: Origin"]);
    }
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
    let (status, headers, _) = send(&app, test::TestRequest::get().uri("/public")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);
    let (status, headers, _) = send(&app, test::TestRequest::put().uri("/me")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(&headers), ["vary: Origin"]);
    // A path without route policies is left alone.
    let (status, headers, _) = send(&app, test::TestRequest::get().uri("/other")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(&headers), Vec::<&str>::new());
}

#[actix_web::test]
async fn a_scope_level_auth_middleware_never_sees_a_preflight() {
    let app = test::init_service(
        App::new()
            .service(web::scope("/api").wrap(from_fn(auth)).service(update_me))
            .wrap(RouteCors::new()),
    )
    .await;
    let (status, _, _) = send(
        &app,
        preflight("/api/me", SPA, "PUT", Some("authorization")),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, headers, _) = send(&app, actual(Method::PUT, "/api/me", SPA)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(cors_headers(&headers), SPA_ACTUAL);
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
    route_policy_wins(&on_app).await;
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
    route_policy_wins(&on_scope).await;
}

async fn route_policy_wins<S, B>(app: &S)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    {
        let (status, headers, _) =
            send(app, preflight("/me", SPA, "PUT", Some("authorization"))).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "the route's own origin");
        assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
        let (status, _, _) =
            send(app, preflight("/me", "https://other.example", "PUT", None)).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "not merged with the global origin"
        );

        let (_, headers, body) = send(
            app,
            actual(Method::GET, "/public", "https://anyone.example"),
        )
        .await;
        assert_eq!(body, "public");
        assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);
        let (_, headers, _) = send(app, test::TestRequest::get().uri("/public")).await;
        assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);

        // The global policy still decides for routes without their own.
        let (_, headers, body) =
            send(app, actual(Method::GET, "/legacy", "https://other.example")).await;
        assert_eq!(body, "legacy");
        assert!(headers.contains(&"access-control-allow-origin: https://other.example".to_owned()));
        let (_, headers, _) = send(app, actual(Method::GET, "/legacy", SPA)).await;
        assert_eq!(cors_headers(&headers), ["vary: Origin"]);
    }
}

#[actix_web::test]
async fn a_refused_preflight_is_403_with_a_reason_and_a_log_record() {
    capture_logs();
    let app = test::init_service(App::new().service(update_me)).await;
    let (status, headers, body) = send(&app, preflight("/me", SPA, "DELETE", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!headers.iter().any(|h| h.starts_with("access-control-")));
    assert_eq!(
        body,
        "CORS preflight refused: method \"DELETE\" not allowed\n"
    );
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
    let (_, headers, body) = send(
        &app,
        same_host(Method::PUT, "/me", "https://refused.example").insert_header(("x", "1")),
    )
    .await;
    assert_eq!(body, "me");
    assert_eq!(cors_headers(&headers), ["vary: Origin"]);
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
    let before = OPTIONS_CALLS.load(Ordering::SeqCst);
    let (status, headers, _) = send(&app, preflight("/p", SPA, "PUT", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!headers
        .iter()
        .any(|h| h.starts_with("access-control-allow")));
    let (status, _, _) = send(&app, preflight("/p", SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        OPTIONS_CALLS.load(Ordering::SeqCst),
        before,
        "no preflight reached it"
    );

    // An OPTIONS that is not a preflight is an ordinary request.
    let (_, _, body) = send(&app, actual(Method::OPTIONS, "/p", SPA)).await;
    assert_eq!(body, "handler");
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
    let before = USER_OPTIONS_CALLS.load(Ordering::SeqCst);
    let user_first = test::init_service(
        App::new()
            .service(user_options)
            .service(list_items)
            .service(create_item)
            .wrap(RouteCors::new()),
    )
    .await;
    items_preflights(&user_first).await;
    let user_last = test::init_service(
        App::new()
            .service(create_item)
            .service(list_items)
            .service(user_options),
    )
    .await;
    items_preflights(&user_last).await;
    assert_eq!(USER_OPTIONS_CALLS.load(Ordering::SeqCst), before);
    // The user's handler still answers an OPTIONS that is not a preflight.
    let (_, headers, _) = send(&user_first, actual(Method::OPTIONS, "/items", SPA)).await;
    assert!(headers.contains(&"allow: POST, OPTIONS".to_owned()));
}

async fn items_preflights<S, B>(app: &S)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    {
        // Two #[cors] handlers on one path, each deciding its own method.
        let (status, headers, _) = send(app, preflight("/items", SPA, "POST", None)).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
        assert!(headers.contains(&"access-control-allow-methods: POST".to_owned()));
        let (status, headers, _) = send(
            app,
            preflight("/items", "https://anyone.example", "GET", None),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert!(headers.contains(&"access-control-allow-origin: *".to_owned()));
        let (status, _, _) = send(app, preflight("/items", SPA, "PUT", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
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
    for (path, allowed, refused) in [("/a", "GET", "PUT"), ("/b", "PUT", "GET")] {
        let (status, headers, _) = send(&app, preflight(path, SPA, allowed, None)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path} {allowed}");
        assert!(headers.contains(&format!("access-control-allow-methods: {allowed}")));
        let (status, _, _) = send(&app, preflight(path, SPA, refused, None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} {refused}");
    }
    // A preflight carries none of the headers a guard looks at, so it is
    // answered by path and method; the guard still decides the request.
    let (status, _, _) = send(&app, preflight("/guarded", SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = send(&app, actual(Method::GET, "/guarded", SPA)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let request = actual(Method::GET, "/guarded", SPA).insert_header(("x-marker", "1"));
    let (_, headers, body) = send(&app, request).await;
    assert_eq!(body, "guarded");
    assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
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
    // actix-web's #[scope] prefixes bare route attributes only.
    for (path, body) in [
        ("/v5/bare5", "bare5"),
        ("/qualified5", "qualified5"),
        ("/v3/bare3", "bare3"),
        ("/qualified3", "qualified3"),
        ("/v4/bare4", "bare4"),
        ("/qualified4", "qualified4"),
    ] {
        let (status, headers, got) = send(&app, actual(Method::GET, path, SPA)).await;
        assert_eq!((status, got.as_str()), (StatusCode::OK, body), "{path}");
        if !path.contains('5') {
            assert_eq!(
                cors_headers(&headers),
                ["access-control-allow-origin: *"],
                "{path}"
            );
            let (status, _, _) = send(&app, preflight(path, SPA, "GET", None)).await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        }
    }
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
    for (path, own, other) in [
        ("/shop/items/1", SPA, ADMIN),
        ("/admin/items/1", ADMIN, SPA),
    ] {
        // Answered before the auth layer, under the route's own policy.
        let (status, headers, _) = send(&app, preflight(path, own, "GET", None)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path} from {own}");
        assert!(headers.contains(&format!("access-control-allow-origin: {own}")));
        let (status, headers, _) = send(&app, preflight(path, other, "GET", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} from {other}");
        assert!(!headers.iter().any(|h| h.starts_with("access-control-")));

        // The early 401 is readable by the route's own origin only.
        let (status, headers, _) = send(&app, actual(Method::GET, path, own)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(headers.contains(&format!("access-control-allow-origin: {own}")));
        let (status, headers, _) = send(&app, actual(Method::GET, path, other)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(cors_headers(&headers), ["vary: Origin"]);
    }
}
