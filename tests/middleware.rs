//! The `Cors` middleware on `App`, `web::scope` and `web::resource`, with
//! policies built by `policy!` (static) and by `Policy::builder` (run time).

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::{test, web, App, HttpResponse};
use common::{actual, cors_headers, preflight, send};
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

const MIXED_PREFLIGHT: [&str; 7] = [
    "access-control-allow-credentials: true",
    "access-control-allow-headers: content-type, x-csrf-token",
    "access-control-allow-methods: GET, POST, PUT",
    "access-control-allow-origin: ORIGIN",
    "access-control-max-age: 600",
    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    "",
];

fn expected_preflight(origin: &str) -> Vec<String> {
    MIXED_PREFLIGHT[..6]
        .iter()
        .map(|line| line.replace("ORIGIN", origin))
        .collect()
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

/// Preflights and actual requests from allowed and hostile origins.
async fn check_mixed_policy<S, B>(app: &S, path: &str)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody + 'static,
{
    for origin in [
        "https://app.example.com",
        "https://a.example.org",
        "https://pr-17.preview.example.net",
    ] {
        let before = CALLS.load(Ordering::SeqCst);
        let (status, headers, body) = send(
            app,
            preflight(path, origin, "PUT", Some("content-type,x-csrf-token")),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path} {origin}");
        assert_eq!(
            cors_headers(&headers),
            expected_preflight(origin),
            "{path} {origin}"
        );
        assert_eq!(body, "");
        assert_eq!(
            CALLS.load(Ordering::SeqCst),
            before,
            "the handler must not run"
        );

        let (status, headers, body) = send(app, actual(Method::PUT, path, origin)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "handler");
        assert_eq!(
            cors_headers(&headers),
            [
                "access-control-allow-credentials: true".to_owned(),
                format!("access-control-allow-origin: {origin}"),
                "access-control-expose-headers: x-request-id".to_owned(),
                "vary: Origin".to_owned(),
            ]
        );
    }
    for hostile in [
        "https://app.example.com.evil.net",
        "https://evilapp.example.com",
        "https://app.example.com_.evil.net",
        "https://APP.EXAMPLE.COM",
        "https://app.example.com.",
        "https://example.org",
        "https://pr-17.preview.example.net.evil.net",
        "https://pr-17xpreview.example.net",
        "null",
    ] {
        let (status, headers, body) = send(app, preflight(path, hostile, "PUT", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} {hostile}");
        assert!(
            !headers.iter().any(|h| h.starts_with("access-control-")),
            "{path} {hostile}: {headers:?}"
        );
        assert_eq!(body, "CORS preflight refused: origin not allowed\n");

        let (status, headers, body) = send(app, actual(Method::GET, path, hostile)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "handler");
        assert_eq!(cors_headers(&headers), ["vary: Origin"], "{path} {hostile}");
    }
}

#[actix_web::test]
async fn static_policy_on_app_scope_resource_and_route() {
    let app = test::init_service(
        App::new()
            .wrap(mixed_policy())
            .route("/app", web::route().to(counted)),
    )
    .await;
    check_mixed_policy(&app, "/app").await;

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
    check_mixed_policy(&app, "/scoped/items").await;
    check_mixed_policy(&app, "/resource").await;
    check_mixed_policy(&app, "/handler").await;
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
    let cases = [
        ("DELETE", None, "method \"DELETE\" not allowed"),
        // `put` is one of the six methods browsers upper-case: allowed as PUT.
        ("put", None, ""),
        (
            "PUT",
            Some("content-type, x-secret"),
            "request header \"x-secret\" not allowed",
        ),
        (
            "PUT",
            Some("Authorization"),
            "request header \"Authorization\" not allowed",
        ),
    ];
    for (method, request_headers, reason) in cases {
        let (status, headers, body) = send(
            &app,
            preflight(
                "/api/items",
                "https://app.example.com",
                method,
                request_headers,
            ),
        )
        .await;
        if reason.is_empty() {
            assert_eq!(status, StatusCode::NO_CONTENT, "{method}");
            continue;
        }
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{method} {request_headers:?}"
        );
        assert_eq!(body, format!("CORS preflight refused: {reason}\n"));
        assert!(!headers.iter().any(|h| h.starts_with("access-control-")));
        assert!(headers.contains(&"content-type: text/plain; charset=utf-8".to_owned()));
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
    let (status, headers, _) = send(
        &app,
        preflight(
            "/open",
            "https://anyone.example",
            "POST",
            Some("x-any,authorization"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-headers: x-any,authorization",
            "access-control-allow-methods: GET, HEAD, POST",
            "access-control-allow-origin: *",
            "access-control-max-age: 1800",
            "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ]
    );
    let (_, headers, _) = send(&app, actual(Method::GET, "/open", "https://anyone.example")).await;
    assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);
    // Without `Origin` too, so that a shared cache can serve the response
    // to any `fetch` (Fetch, "CORS protocol and HTTP caches").
    let (_, headers, _) = send(&app, test::TestRequest::get().uri("/open")).await;
    assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);
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
    let (status, headers, _) = send(
        &app,
        preflight(
            "/me",
            "https://app.example.com",
            "GET",
            Some("authorization,x-custom"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-credentials: true",
            "access-control-allow-headers: authorization,x-custom",
            "access-control-allow-methods: GET, HEAD, POST",
            "access-control-allow-origin: https://app.example.com",
            "access-control-max-age: 1800",
            "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ]
    );

    // Names split over two lines (as a proxy may send them) mean the same
    // as one line joined with `,` (RFC 9110 section 5.3): all are echoed.
    let split = preflight(
        "/me",
        "https://app.example.com",
        "GET",
        Some("authorization"),
    )
    .append_header(("access-control-request-headers", "x-custom"));
    let (status, headers, _) = send(&app, split).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-headers: authorization, x-custom".to_owned()));
}

#[actix_web::test]
async fn options_without_request_method_reaches_the_handler() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "https://app.example.com"))
            .route("/x", web::route().to(counted)),
    )
    .await;
    let before = CALLS.load(Ordering::SeqCst);
    let (status, headers, body) = send(
        &app,
        actual(Method::OPTIONS, "/x", "https://app.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "handler");
    assert!(CALLS.load(Ordering::SeqCst) > before);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://app.example.com",
            "vary: Origin"
        ]
    );
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
    let (status, headers, body) = send(
        &app,
        actual(Method::POST, "/conflict", "https://app.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body, "already exists");
    assert_eq!(cors_headers(&headers), expected);

    let request = actual(Method::POST, "/json", "https://app.example.com")
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json");
    let (status, headers, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(cors_headers(&headers), expected);

    let (status, headers, _) = send(
        &app,
        actual(Method::GET, "/server-error", "https://app.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(cors_headers(&headers), expected);

    let (status, headers, _) = send(
        &app,
        actual(Method::GET, "/missing", "https://app.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(cors_headers(&headers), expected);
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
    let (_, headers, body) = send(
        &app,
        actual(Method::GET, "/inner/v", "https://app.example.com"),
    )
    .await;
    assert_eq!(body, "body kept");
    assert!(headers.contains(&"x-handler: kept".to_owned()));
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://app.example.com",
            "vary: Accept-Encoding, Origin"
        ]
    );

    // The outer layer decides: the inner one allows this origin, the outer does not.
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/inner/v", "https://other.example.com"),
    )
    .await;
    assert_eq!(cors_headers(&headers), ["vary: Accept-Encoding, Origin"]);
    let (status, _, _) = send(
        &app,
        preflight("/inner/v", "https://other.example.com", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
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
    let (status, headers, _) = send(
        &app,
        preflight("/r", "http://localhost:5173", "DELETE", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-credentials: true",
            "access-control-allow-methods: GET, DELETE",
            "access-control-allow-origin: http://localhost:5173",
            "access-control-max-age: 1800",
            "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ]
    );

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
    let request = |path| {
        preflight(path, "https://app.example.com", "GET", None)
            .insert_header(("access-control-request-private-network", "true"))
    };
    let (status, headers, _) = send(&app, request("/on")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-private-network: true".to_owned()));
    let (status, _, body) = send(&app, request("/off")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        "CORS preflight refused: private network access not allowed\n"
    );
}

#[actix_web::test]
async fn malformed_headers_never_panic_or_drop_the_response() {
    let app = test::init_service(
        App::new()
            .wrap(policy!(origins = "https://app.example.com"))
            .route("/v", web::route().to(with_vary)),
    )
    .await;
    let requests = [
        (
            false,
            test::TestRequest::get().uri("/v").insert_header((
                "origin",
                actix_web::http::header::HeaderValue::from_bytes(b"https://\xffapp").unwrap(),
            )),
        ),
        (
            false,
            test::TestRequest::get()
                .uri("/v")
                .append_header(("origin", "https://app.example.com"))
                .append_header(("origin", "https://app.example.com")),
        ),
        (
            false,
            test::TestRequest::get()
                .uri("/v")
                .insert_header(("origin", "")),
        ),
        // A GET is never a preflight, whatever else it carries.
        (
            true,
            preflight("/v", "https://app.example.com", "PUT", None)
                .method(Method::GET)
                .insert_header((
                    "access-control-request-headers",
                    actix_web::http::header::HeaderValue::from_bytes(b"\xfe").unwrap(),
                )),
        ),
    ];
    for (allowed, request) in requests {
        let (status, headers, body) = send(&app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "body kept");
        assert!(headers.contains(&"x-handler: kept".to_owned()));
        let has_allow_origin = headers
            .iter()
            .any(|h| h.starts_with("access-control-allow-origin"));
        assert_eq!(has_allow_origin, allowed, "{headers:?}");
    }
    let (status, _, body) = send(
        &app,
        preflight("/v", "https://app.example.com", "GET", None).insert_header((
            "access-control-request-headers",
            actix_web::http::header::HeaderValue::from_bytes(b"x-a, \xfe").unwrap(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        "CORS preflight refused: request header \"(not text)\" not allowed\n"
    );
}
