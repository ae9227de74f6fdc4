//! The `Cors` middleware on `App`, `web::scope` and `web::resource`, with
//! policies built by `policy!` (static) and by `Policy::builder` (run time).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::{test, web, App, HttpResponse};
use common::{actual, allow_origin, check, preflight, request, step, Row};
use route_cors::{policy, Cors, Policy};

static CALLS: AtomicUsize = AtomicUsize::new(0);

async fn counted() -> HttpResponse {
    CALLS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("handler")
}

/// A `static` policy with exact origins, a subdomain pattern and a regex.
fn mixed_policy() -> Cors {
    policy!(
        origins = ["https://app.example.com", "https://*.example.org"],
        origin_regex = r"https://pr-[0-9]+\.preview\.example\.net",
        methods = ["GET", "POST", "PUT"],
        headers = ["content-type", "x-csrf-token"],
        expose_headers = ["x-request-id"],
        credentials = true,
        max_age = 600,
    )
}

/// The CORS lines of `mixed_policy`'s answer to a preflight from `origin`.
fn mixed_preflight(origin: &str) -> [String; 6] {
    [
        "access-control-allow-credentials: true".to_owned(),
        "access-control-allow-headers: content-type, x-csrf-token".to_owned(),
        "access-control-allow-methods: GET, POST, PUT".to_owned(),
        allow_origin(origin),
        "access-control-max-age: 600".to_owned(),
        "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers".to_owned(),
    ]
}

/// The CORS lines of `mixed_policy`'s actual responses to `origin`.
fn mixed_actual(origin: &str) -> [String; 4] {
    [
        "access-control-allow-credentials: true".to_owned(),
        allow_origin(origin),
        "access-control-expose-headers: x-request-id".to_owned(),
        "vary: Origin".to_owned(),
    ]
}

/// The same keys as `mixed_policy`, on a handler: answered by its
/// per-route preflight resource.
#[route_cors::cors(
    origins = ["https://app.example.com", "https://*.example.org"],
    origin_regex = r"https://pr-[0-9]+\.preview\.example\.net",
    methods = ["GET", "POST", "PUT"],
    headers = ["content-type", "x-csrf-token"],
    expose_headers = ["x-request-id"],
    credentials = true,
    max_age = 600,
)]
#[actix_web::route("/handler", method = "GET", method = "POST", method = "PUT")]
async fn mixed_handler() -> HttpResponse {
    counted().await
}

/// Preflights and actual requests to `path` from allowed and hostile
/// origins.
fn mixed_policy_rows(path: &str) -> Vec<Row<'static>> {
    let allowed = [
        "https://app.example.com",
        "https://a.example.org",
        "https://pr-17.preview.example.net",
    ]
    .into_iter()
    .flat_map(|origin| {
        [
            // The handler must not run.
            preflight(path, origin, "PUT")
                .asking("content-type,x-csrf-token")
                .gets(204)
                .cors(mixed_preflight(origin))
                .body_is("")
                .calls(&CALLS, 0),
            actual(Method::PUT, path, origin)
                .gets(200)
                .body_is("handler")
                .cors(mixed_actual(origin)),
        ]
    });
    let hostile = [
        "https://app.example.com.evil.net",
        "https://evilapp.example.com",
        "https://app.example.com_.evil.net",
        "https://APP.EXAMPLE.COM",
        "https://app.example.com.",
        "https://example.org",
        "https://pr-17.preview.example.net.evil.net",
        "https://pr-17xpreview.example.net",
        "null",
    ]
    .into_iter()
    .flat_map(|origin| {
        [
            preflight(path, origin, "PUT")
                .gets(403)
                .lacks("access-control-")
                .body_is("CORS preflight refused: origin not allowed\n"),
            actual(Method::GET, path, origin)
                .gets(200)
                .body_is("handler")
                .cors(["vary: Origin"]),
        ]
    });
    allowed.chain(hostile).collect()
}

#[actix_web::test]
async fn static_policy_on_app_scope_resource_and_route() {
    let app = test::init_service(
        App::new()
            .wrap(mixed_policy())
            .route("/app", web::route().to(counted)),
    )
    .await;
    check(&app, mixed_policy_rows("/app")).await;

    let app = test::init_service(
        App::new()
            .service(
                web::scope("/scoped")
                    .wrap(mixed_policy())
                    .route("/items", web::route().to(counted)),
            )
            .service(
                web::resource("/resource")
                    .wrap(mixed_policy())
                    .route(web::route().to(counted)),
            )
            .service(mixed_handler),
    )
    .await;
    check(&app, mixed_policy_rows("/scoped/items")).await;
    check(&app, mixed_policy_rows("/resource")).await;
    check(&app, mixed_policy_rows("/handler")).await;
}

#[actix_web::test]
async fn refused_preflights_say_why_and_log_it() {
    common::capture_logs();
    let app = test::init_service(
        App::new().service(
            web::scope("/api")
                .wrap(mixed_policy())
                .route("/items", web::route().to(counted)),
        ),
    )
    .await;
    let items = |method| preflight("/api/items", "https://app.example.com", method);
    // `put` is one of the six methods browsers upper-case: allowed as PUT.
    check(&app, [items("put").gets(204)]).await;
    let refusals = [
        (items("DELETE"), "method \"DELETE\" not allowed"),
        (
            items("PUT").asking("content-type, x-secret"),
            "request header \"x-secret\" not allowed",
        ),
        (
            items("PUT").asking("Authorization"),
            "request header \"Authorization\" not allowed",
        ),
    ];
    for (request, reason) in refusals {
        let row = request
            .gets(403)
            .body_is(format!("CORS preflight refused: {reason}\n"))
            .lacks("access-control-")
            .has("content-type: text/plain; charset=utf-8");
        step(&app, row).await;
        let logs = common::LOGS.lock().unwrap();
        // The `preflight_refused` event, as a `log` record.
        let expected = format!("INFO CORS preflight refused: {reason} http.route=/api/items ");
        assert!(
            logs.iter().any(|line| line.starts_with(&expected)
                && line.contains(" origin=https://app.example.com ")),
            "{logs:?}"
        );
    }
}

#[actix_web::test]
async fn any_origin_without_credentials_answers_star_and_no_vary() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "*"))
            .route("/open", web::get().to(counted)),
    )
    .await;
    let anyone = "https://anyone.example";
    check(
        &app,
        [
            preflight("/open", anyone, "POST")
                .asking("x-any,authorization")
                .gets(204)
                .cors([
                    "access-control-allow-headers: x-any,authorization",
                    "access-control-allow-methods: GET, HEAD, POST",
                    "access-control-allow-origin: *",
                    "access-control-max-age: 1800",
                    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
                ]),
            actual(Method::GET, "/open", anyone)
                .gets(200)
                .cors(["access-control-allow-origin: *"]),
            // Without `Origin` too, so that a shared cache can serve the
            // response to any `fetch` (Fetch, "CORS protocol and HTTP caches").
            request(Method::GET, "/open")
                .gets(200)
                .cors(["access-control-allow-origin: *"]),
        ],
    )
    .await;
}

#[actix_web::test]
async fn echoed_headers_work_with_credentials() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(
                origins = "https://app.example.com",
                credentials = true
            ))
            .route("/me", web::get().to(counted)),
    )
    .await;
    let me = |method| preflight("/me", "https://app.example.com", method);
    check(
        &app,
        [
            me("GET").asking("authorization,x-custom").gets(204).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-headers: authorization,x-custom",
                "access-control-allow-methods: GET, HEAD, POST",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 1800",
                "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ]),
            // Names split over two lines (as a proxy may send them) mean the
            // same as one line joined with `,` (RFC 9110 section 5.3): all
            // are echoed.
            me("GET")
                .asking("authorization")
                .append("access-control-request-headers", "x-custom")
                .gets(204)
                .has("access-control-allow-headers: authorization, x-custom"),
        ],
    )
    .await;
}

#[actix_web::test]
async fn options_without_request_method_reaches_the_handler() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "https://app.example.com"))
            .route("/x", web::route().to(counted)),
    )
    .await;
    let row = actual(Method::OPTIONS, "/x", "https://app.example.com")
        .gets(200)
        .body_is("handler")
        .calls_at_least(&CALLS, 1)
        .cors([
            "access-control-allow-origin: https://app.example.com",
            "vary: Origin",
        ]);
    step(&app, row).await;
}

async fn fails() -> Result<HttpResponse, actix_web::Error> {
    Err(actix_web::error::ErrorConflict("already exists"))
}

async fn needs_json(body: web::Json<Vec<u32>>) -> HttpResponse {
    HttpResponse::Ok().body(body.len().to_string())
}

async fn with_vary() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("vary", "Accept-Encoding"))
        .insert_header(("x-handler", "kept"))
        .body("body kept")
}

#[actix_web::test]
async fn error_responses_carry_cors_headers() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(
                origins = "https://app.example.com",
                expose_headers = ["x-request-id"]
            ))
            .route("/conflict", web::post().to(fails))
            .route("/json", web::post().to(needs_json))
            .route(
                "/server-error",
                web::get().to(HttpResponse::InternalServerError),
            ),
    )
    .await;
    let expected = [
        "access-control-allow-origin: https://app.example.com",
        "access-control-expose-headers: x-request-id",
        "vary: Origin",
    ];
    let app_origin = |method, path| actual(method, path, "https://app.example.com");
    check(
        &app,
        [
            app_origin(Method::POST, "/conflict")
                .gets(409)
                .body_is("already exists")
                .cors(expected),
            app_origin(Method::POST, "/json")
                .header("content-type", "application/json")
                .payload("{not json")
                .gets(400)
                .cors(expected),
            app_origin(Method::GET, "/server-error")
                .gets(500)
                .cors(expected),
            app_origin(Method::GET, "/missing").gets(404).cors(expected),
        ],
    )
    .await;
}

#[actix_web::test]
async fn errors_from_inner_middleware_render_with_cors_headers() {
    use actix_web::dev::Service as _;
    let app = test::init_service(
        App::new()
            .wrap_fn(|request, service| {
                let refuse = request.path() == "/refused";
                let call = service.call(request);
                async move {
                    if refuse {
                        Err(actix_web::error::ErrorUnauthorized("sign in first"))
                    } else {
                        call.await
                    }
                }
            })
            .wrap(policy!(
                origins = "https://app.example.com",
                credentials = true
            ))
            .route("/refused", web::get().to(counted)),
    )
    .await;
    let request = actual(Method::GET, "/refused", "https://app.example.com").to_request();
    let error = test::try_call_service(&app, request).await.unwrap_err();
    assert_eq!(error.to_string(), "sign in first");
    let response = error.error_response();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let headers = response.headers();
    assert_eq!(
        headers.get("access-control-allow-origin").unwrap(),
        "https://app.example.com"
    );
    assert_eq!(
        headers.get("access-control-allow-credentials").unwrap(),
        "true"
    );
    assert_eq!(headers.get("vary").unwrap(), "Origin");
}

#[actix_web::test]
async fn vary_is_merged_once_across_layers() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "https://app.example.com"))
            .service(
                web::scope("/inner")
                    .wrap(policy!(
                        origins = ["https://app.example.com", "https://other.example.com"]
                    ))
                    .route("/v", web::get().to(with_vary)),
            ),
    )
    .await;
    let other = "https://other.example.com";
    check(
        &app,
        [
            actual(Method::GET, "/inner/v", "https://app.example.com")
                .gets(200)
                .body_is("body kept")
                .has("x-handler: kept")
                .cors([
                    "access-control-allow-origin: https://app.example.com",
                    "vary: Accept-Encoding, Origin",
                ]),
            // The outer layer decides: the inner one allows this origin,
            // the outer does not.
            actual(Method::GET, "/inner/v", other)
                .gets(200)
                .cors(["vary: Accept-Encoding, Origin"]),
            preflight("/inner/v", other, "GET").gets(403),
        ],
    )
    .await;
}

#[actix_web::test]
async fn run_time_policy_from_configuration() {
    let configured = "https://app.example.com, http://localhost:*";
    let policy = Policy::builder()
        .allow_origins(configured.split(',').map(str::trim))
        .allow_methods(["GET", "DELETE"])
        .allow_credentials(true)
        .build()
        .expect("valid configuration");
    let app = test::init_service(
        App::new()
            .wrap(Cors::from(policy))
            .route("/r", web::route().to(counted)),
    )
    .await;
    let row = preflight("/r", "http://localhost:5173", "DELETE")
        .gets(204)
        .cors([
            "access-control-allow-credentials: true",
            "access-control-allow-methods: GET, DELETE",
            "access-control-allow-origin: http://localhost:5173",
            "access-control-max-age: 1800",
            "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ]);
    step(&app, row).await;

    let error = Policy::builder()
        .allow_origins(["https://app.example.com/", "*"])
        .allow_credentials(true)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid CORS policy\n  \
         origin \"https://app.example.com/\": origin must not end with `/`; write \"https://app.example.com\"\n  \
         origin \"*\": \"*\" with `credentials = true` would let every site read responses made with the user's cookies; list the origins instead (patterns such as \"https://*.example.com\" work with credentials)"
    );
}

#[actix_web::test]
async fn private_network_is_opt_in() {
    let app = test::init_service(
        App::new()
            .service(
                web::scope("/on")
                    .wrap(policy!(
                        origins = "https://app.example.com",
                        private_network = true
                    ))
                    .route("", web::get().to(counted)),
            )
            .service(
                web::scope("/off")
                    .wrap(policy!(origins = "https://app.example.com"))
                    .route("", web::get().to(counted)),
            ),
    )
    .await;
    let asking = |path| {
        preflight(path, "https://app.example.com", "GET")
            .header("access-control-request-private-network", "true")
    };
    check(
        &app,
        [
            asking("/on")
                .gets(204)
                .has("access-control-allow-private-network: true"),
            asking("/off")
                .gets(403)
                .body_is("CORS preflight refused: private network access not allowed\n"),
        ],
    )
    .await;
}

#[actix_web::test]
async fn malformed_headers_never_panic_or_drop_the_response() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "https://app.example.com"))
            .route("/v", web::route().to(with_vary)),
    )
    .await;
    // The handler's response, whole, with CORS headers only for an
    // origin that is one readable, allowed value.
    let kept = |request: common::Req| {
        request
            .gets(200)
            .body_is("body kept")
            .has("x-handler: kept")
    };
    let app_origin = "https://app.example.com";
    check(
        &app,
        [
            kept(request(Method::GET, "/v").header_bytes("origin", b"https://\xffapp"))
                .lacks("access-control-allow-origin"),
            kept(
                request(Method::GET, "/v")
                    .append("origin", app_origin)
                    .append("origin", app_origin),
            )
            .lacks("access-control-allow-origin"),
            kept(request(Method::GET, "/v").header("origin", ""))
                .lacks("access-control-allow-origin"),
            // A GET is never a preflight, whatever else it carries.
            kept(
                actual(Method::GET, "/v", app_origin)
                    .header("access-control-request-method", "PUT")
                    .header_bytes("access-control-request-headers", b"\xfe"),
            )
            .has_prefix("access-control-allow-origin"),
            preflight("/v", app_origin, "GET")
                .header_bytes("access-control-request-headers", b"x-a, \xfe")
                .gets(403)
                .body_is("CORS preflight refused: request header \"(not text)\" not allowed\n"),
        ],
    )
    .await;
}
