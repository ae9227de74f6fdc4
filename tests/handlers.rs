//! `#[cors]` on handlers: the per-route preflight resource and the response
//! decorator, with every key.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::{delete, get, options, post, put, route, routes, test, web, App, HttpResponse};
use common::{actual, cors_headers, preflight, send};
use route_cors::cors;

const PREFLIGHT_VARY: &str =
    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

#[cors(origins = "*", methods = "GET")]
#[get("/api/v1/items")]
async fn list_items() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com", "https://*.example.com"], credentials = true,
       headers = ["content-type", "x-csrf-token"], expose_headers = ["x-request-id"], max_age = 600)]
#[post("/api/v1/items")]
async fn create_item() -> HttpResponse {
    HttpResponse::Created()
        .insert_header(("x-request-id", "42"))
        .body("ok")
}

#[actix_web::test]
async fn the_readme_snippet() {
    let app = test::init_service(App::new().service(list_items).service(create_item)).await;

    let (status, headers, _) = send(
        &app,
        preflight(
            "/api/v1/items",
            "https://app.example.com",
            "POST",
            Some("content-type,x-csrf-token"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-credentials: true",
            "access-control-allow-headers: content-type, x-csrf-token",
            "access-control-allow-methods: POST",
            "access-control-allow-origin: https://app.example.com",
            "access-control-max-age: 600",
            PREFLIGHT_VARY,
        ]
    );
    let (status, headers, _) = send(
        &app,
        preflight(
            "/api/v1/items",
            "https://app.example.com.evil.net",
            "POST",
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(cors_headers(&headers).iter().all(|h| h.starts_with("vary")));

    let (status, headers, body) = send(
        &app,
        actual(Method::POST, "/api/v1/items", "https://admin.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body, "ok");
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-credentials: true",
            "access-control-allow-origin: https://admin.example.com",
            "access-control-expose-headers: x-request-id",
            "vary: Origin",
        ]
    );

    // The GET route answers its own preflights, with its own policy.
    let (status, headers, _) = send(
        &app,
        preflight("/api/v1/items", "https://anyone.example", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-methods: GET",
            "access-control-allow-origin: *",
            "access-control-max-age: 1800",
            PREFLIGHT_VARY,
        ]
    );
    let (_, headers, body) = send(
        &app,
        actual(Method::GET, "/api/v1/items", "https://anyone.example"),
    )
    .await;
    assert_eq!(body, "[]");
    assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);

    // A method no handler on the path serves is refused, never 404.
    let (status, headers, body) = send(
        &app,
        preflight("/api/v1/items", "https://app.example.com", "DELETE", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(&headers), [PREFLIGHT_VARY]);
    assert_eq!(
        body,
        "CORS preflight refused: method \"DELETE\" not allowed\n"
    );
}

static OPTIONS_CALLS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = "https://app.example.com", methods = ["OPTIONS"])]
#[options("/capabilities")]
async fn capabilities() -> HttpResponse {
    OPTIONS_CALLS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok()
        .insert_header(("allow", "GET, OPTIONS"))
        .finish()
}

#[actix_web::test]
async fn options_handler_sees_plain_options_but_not_preflights() {
    let app = test::init_service(App::new().service(capabilities)).await;
    let (status, headers, _) = send(
        &app,
        actual(Method::OPTIONS, "/capabilities", "https://app.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.contains(&"allow: GET, OPTIONS".to_owned()));
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://app.example.com",
            "vary: Origin"
        ]
    );
    assert_eq!(OPTIONS_CALLS.load(Ordering::SeqCst), 1);

    let (status, _, _) = send(
        &app,
        preflight("/capabilities", "https://app.example.com", "OPTIONS", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        OPTIONS_CALLS.load(Ordering::SeqCst),
        1,
        "a preflight must not reach the handler"
    );
}

#[cors(origins = "https://reader.example.com")]
#[get("/docs/{id}")]
async fn read_doc(id: web::Path<u32>) -> String {
    format!("doc {id}")
}

#[cors(origins = "https://editor.example.com", headers = ["content-type"])]
#[put("/docs/{id}")]
async fn write_doc(id: web::Path<u32>, body: web::Json<String>) -> String {
    format!("wrote {id}: {}", body.0)
}

#[cors(origins = "https://editor.example.com", credentials = true)]
#[delete("/docs/{id}")]
async fn delete_doc() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

#[actix_web::test]
async fn handlers_on_one_path_answer_their_own_preflights() {
    let app = test::init_service(
        App::new()
            .service(read_doc)
            .service(write_doc)
            .service(delete_doc),
    )
    .await;

    let (status, headers, _) = send(
        &app,
        preflight(
            "/docs/7",
            "https://editor.example.com",
            "PUT",
            Some("content-type"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-headers: content-type",
            "access-control-allow-methods: PUT",
            "access-control-allow-origin: https://editor.example.com",
            "access-control-max-age: 1800",
            PREFLIGHT_VARY,
        ]
    );
    let (status, headers, _) = send(
        &app,
        preflight("/docs/7", "https://editor.example.com", "DELETE", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-credentials: true".to_owned()));
    assert!(headers.contains(&"access-control-allow-methods: DELETE".to_owned()));

    // The reader's origin is allowed on GET only.
    let (status, _, _) = send(
        &app,
        preflight("/docs/7", "https://reader.example.com", "PUT", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = send(
        &app,
        preflight("/docs/7", "https://editor.example.com", "GET", Some("x-a")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, headers, body) = send(
        &app,
        actual(Method::GET, "/docs/7", "https://reader.example.com"),
    )
    .await;
    assert_eq!(body, "doc 7");
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://reader.example.com",
            "vary: Origin"
        ]
    );
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/docs/7", "https://editor.example.com"),
    )
    .await;
    assert_eq!(cors_headers(&headers), ["vary: Origin"]);

    // Extractor failures (bad path segment, bad JSON) still carry the headers.
    let (status, headers, _) = send(
        &app,
        actual(Method::GET, "/docs/seven", "https://reader.example.com"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://reader.example.com",
            "vary: Origin"
        ]
    );
    let request = actual(Method::PUT, "/docs/7", "https://editor.example.com")
        .insert_header(("content-type", "application/json"))
        .set_payload("{broken");
    let (status, headers, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://editor.example.com",
            "vary: Origin"
        ]
    );
    let request = actual(Method::PUT, "/docs/7", "https://editor.example.com")
        .insert_header(("content-type", "application/json"))
        .set_payload("\"hello\"");
    let (status, _, body) = send(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "wrote 7: hello");
}

#[cors(origins = "https://app.example.com", methods = ["GET", "PATCH"])]
#[route(
    "/multi",
    method = "GET",
    method = "PATCH",
    method = "POST",
    name = "multi_route"
)]
async fn multi() -> &'static str {
    "multi"
}

#[cors(origins = "https://app.example.com")]
#[routes]
#[get("/a")]
#[put("/b")]
async fn two_paths() -> &'static str {
    "two"
}

#[cors(origins = "https://app.example.com")]
#[actix_web::get(
    "/qualified",
    guard = "has_marker",
    wrap = "actix_web::middleware::DefaultHeaders::new().add((\"x-wrapped\", \"yes\"))"
)]
async fn qualified() -> &'static str {
    "qualified"
}

fn has_marker(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-marker")
}

#[actix_web::test]
async fn route_routes_and_route_arguments_keep_working() {
    let app = test::init_service(
        App::new()
            .service(multi)
            .service(two_paths)
            .service(qualified),
    )
    .await;

    let (status, headers, _) = send(
        &app,
        preflight("/multi", "https://app.example.com", "PATCH", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-methods: GET, PATCH".to_owned()));
    // POST is served but not listed in `methods`.
    let (status, _, _) = send(
        &app,
        preflight("/multi", "https://app.example.com", "POST", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, headers, body) = send(
        &app,
        actual(Method::POST, "/multi", "https://app.example.com"),
    )
    .await;
    assert_eq!(body, "multi");
    assert!(headers.contains(&"access-control-allow-origin: https://app.example.com".to_owned()));

    for (path, method) in [("/a", "GET"), ("/b", "PUT")] {
        let (status, headers, _) = send(
            &app,
            preflight(path, "https://app.example.com", method, None),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        // Each path allows the methods served on it.
        assert!(headers.contains(&format!("access-control-allow-methods: {method}")));
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let (_, headers, body) = send(&app, actual(method, path, "https://app.example.com")).await;
        assert_eq!(body, "two");
        assert!(
            headers.contains(&"access-control-allow-origin: https://app.example.com".to_owned())
        );
    }

    let (status, _, _) = send(
        &app,
        actual(Method::GET, "/qualified", "https://app.example.com"),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the route's own guard still applies"
    );
    let request = actual(Method::GET, "/qualified", "https://app.example.com")
        .insert_header(("x-marker", "1"));
    let (_, headers, body) = send(&app, request).await;
    assert_eq!(body, "qualified");
    assert!(
        headers.contains(&"x-wrapped: yes".to_owned()),
        "the route's own wrap still applies"
    );
    assert!(headers.contains(&"access-control-allow-origin: https://app.example.com".to_owned()));
}

#[actix_web::test]
async fn url_for_keeps_the_resource_name() {
    let app = test::init_service(App::new().service(multi).service(list_items).route(
        "/names",
        web::get().to(|req: actix_web::HttpRequest| async move {
            let multi_url = req.url_for_static("multi_route").unwrap();
            let items = req.url_for_static("list_items").unwrap();
            format!("{} {}", multi_url.path(), items.path())
        }),
    ))
    .await;
    let (_, _, body) = send(&app, test::TestRequest::get().uri("/names")).await;
    assert_eq!(body, "/multi /api/v1/items");
}

fn allowed_by_config(origin: &str) -> bool {
    origin.ends_with(".tenant.example")
}

#[cors(origin_fn = allowed_by_config, origin_regex = [r"https://pr-[0-9]+\.preview\.example\.net"],
       origins = ["capacitor://localhost"], methods = "PUT", headers = "*")]
#[put("/sources")]
async fn sources() -> &'static str {
    "sources"
}

#[cors(origins = ["null"], dangerously_allow_null_origin = true)]
#[post("/null-ok")]
async fn null_ok() -> &'static str {
    "null"
}

#[cors(origins = ["http://intranet.example.com"], credentials = true, dangerously_allow_insecure_origins = true,
       private_network = true)]
#[get("/intranet")]
async fn intranet() -> &'static str {
    "intranet"
}

#[actix_web::test]
async fn every_origin_source_and_flag() {
    let app = test::init_service(
        App::new()
            .service(sources)
            .service(null_ok)
            .service(intranet),
    )
    .await;
    for origin in [
        "https://a.tenant.example",
        "https://pr-9.preview.example.net",
        "capacitor://localhost",
    ] {
        let (status, headers, _) = send(
            &app,
            preflight("/sources", origin, "PUT", Some("x-anything")),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{origin}");
        assert!(headers.contains(&format!("access-control-allow-origin: {origin}")));
        assert!(headers.contains(&"access-control-allow-headers: x-anything".to_owned()));
    }
    for origin in [
        "https://tenant.example.evil",
        "https://pr-9.preview.example.net.evil",
        "capacitor://evil",
    ] {
        let (status, _, _) = send(&app, preflight("/sources", origin, "PUT", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
    }

    let (_, headers, _) = send(&app, actual(Method::POST, "/null-ok", "null")).await;
    assert_eq!(
        cors_headers(&headers),
        ["access-control-allow-origin: null", "vary: Origin"]
    );

    let request = preflight("/intranet", "http://intranet.example.com", "GET", None)
        .insert_header(("access-control-request-private-network", "true"));
    let (status, headers, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-private-network: true".to_owned()));
    assert!(headers.contains(&"access-control-allow-credentials: true".to_owned()));
}
