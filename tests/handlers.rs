//! `#[cors]` on handlers: the per-route preflight resource and the response
//! decorator, with every key.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::Method;
use actix_web::{delete, get, options, post, put, route, routes, test, web, App, HttpResponse};
use common::{actual, allow_origin, check, preflight, request};
use route_cors::cors;

const PREFLIGHT_VARY: &str =
    "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

#[cors(origins = "*", methods = "GET")]
#[get("/api/v1/items")]
async fn list_items() -> &'static str {
    "[]"
}

#[cors(origins = ["https://example.com", "https://*.example.com"], credentials = true,
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

    let items = "/api/v1/items";
    let anyone = "https://anyone.example";
    check(
        &app,
        [
            preflight(items, "https://app.example.com", "POST")
                .asking("content-type,x-csrf-token")
                .gets(204)
                .cors([
                    "access-control-allow-credentials: true",
                    "access-control-allow-headers: content-type, x-csrf-token",
                    "access-control-allow-methods: POST",
                    "access-control-allow-origin: https://app.example.com",
                    "access-control-max-age: 600",
                    PREFLIGHT_VARY,
                ]),
            preflight(items, "https://app.example.com.evil.net", "POST")
                .gets(403)
                .lacks("access-control-"),
            actual(Method::POST, items, "https://admin.example.com")
                .gets(201)
                .body_is("ok")
                .cors([
                    "access-control-allow-credentials: true",
                    "access-control-allow-origin: https://admin.example.com",
                    "access-control-expose-headers: x-request-id",
                    "vary: Origin",
                ]),
            // The GET route answers its own preflights, with its own policy.
            preflight(items, anyone, "GET").gets(204).cors([
                "access-control-allow-methods: GET",
                "access-control-allow-origin: *",
                "access-control-max-age: 1800",
                PREFLIGHT_VARY,
            ]),
            actual(Method::GET, items, anyone)
                .gets(200)
                .body_is("[]")
                .cors(["access-control-allow-origin: *"]),
            // A method no handler on the path serves is refused, never 404.
            preflight(items, "https://app.example.com", "DELETE")
                .gets(403)
                .cors([PREFLIGHT_VARY])
                .body_is("CORS preflight refused: method \"DELETE\" not allowed\n"),
        ],
    )
    .await;
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
    let app_origin = "https://app.example.com";
    check(
        &app,
        [
            actual(Method::OPTIONS, "/capabilities", app_origin)
                .gets(200)
                .has("allow: GET, OPTIONS")
                .cors([
                    "access-control-allow-origin: https://app.example.com",
                    "vary: Origin",
                ])
                .calls(&OPTIONS_CALLS, 1),
            // A preflight must not reach the handler.
            preflight("/capabilities", app_origin, "OPTIONS")
                .gets(204)
                .calls(&OPTIONS_CALLS, 0),
        ],
    )
    .await;
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

    let reader = "https://reader.example.com";
    let editor = "https://editor.example.com";
    check(
        &app,
        [
            preflight("/docs/7", editor, "PUT")
                .asking("content-type")
                .gets(204)
                .cors([
                    "access-control-allow-headers: content-type",
                    "access-control-allow-methods: PUT",
                    "access-control-allow-origin: https://editor.example.com",
                    "access-control-max-age: 1800",
                    PREFLIGHT_VARY,
                ]),
            preflight("/docs/7", editor, "DELETE")
                .gets(204)
                .has("access-control-allow-credentials: true")
                .has("access-control-allow-methods: DELETE"),
            // The reader's origin is allowed on GET only.
            preflight("/docs/7", reader, "PUT").gets(403),
            preflight("/docs/7", editor, "GET").asking("x-a").gets(403),
            actual(Method::GET, "/docs/7", reader)
                .gets(200)
                .body_is("doc 7")
                .cors([
                    "access-control-allow-origin: https://reader.example.com",
                    "vary: Origin",
                ]),
            actual(Method::GET, "/docs/7", editor)
                .gets(200)
                .cors(["vary: Origin"]),
            // Extractor failures (bad path segment, bad JSON) still carry
            // the headers.
            actual(Method::GET, "/docs/seven", reader).gets(404).cors([
                "access-control-allow-origin: https://reader.example.com",
                "vary: Origin",
            ]),
            actual(Method::PUT, "/docs/7", editor)
                .header("content-type", "application/json")
                .payload("{broken")
                .gets(400)
                .cors([
                    "access-control-allow-origin: https://editor.example.com",
                    "vary: Origin",
                ]),
            actual(Method::PUT, "/docs/7", editor)
                .header("content-type", "application/json")
                .payload("\"hello\"")
                .gets(200)
                .body_is("wrote 7: hello"),
        ],
    )
    .await;
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

    let app_origin = "https://app.example.com";
    check(
        &app,
        [
            preflight("/multi", app_origin, "PATCH")
                .gets(204)
                .has("access-control-allow-methods: GET, PATCH"),
            // POST is served but not listed in `methods`.
            preflight("/multi", app_origin, "POST").gets(403),
            actual(Method::POST, "/multi", app_origin)
                .gets(200)
                .body_is("multi")
                .has(allow_origin(app_origin)),
            // Each path allows the methods served on it.
            preflight("/a", app_origin, "GET")
                .gets(204)
                .has("access-control-allow-methods: GET"),
            actual(Method::GET, "/a", app_origin)
                .gets(200)
                .body_is("two")
                .has(allow_origin(app_origin)),
            preflight("/b", app_origin, "PUT")
                .gets(204)
                .has("access-control-allow-methods: PUT"),
            actual(Method::PUT, "/b", app_origin)
                .gets(200)
                .body_is("two")
                .has(allow_origin(app_origin)),
            actual(Method::GET, "/qualified", app_origin)
                .gets(404)
                .named("the route's own guard still applies"),
            actual(Method::GET, "/qualified", app_origin)
                .header("x-marker", "1")
                .gets(200)
                .named("the route's own wrap still applies")
                .body_is("qualified")
                .has("x-wrapped: yes")
                .has(allow_origin(app_origin)),
        ],
    )
    .await;
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
    let row = request(Method::GET, "/names")
        .gets(200)
        .body_is("/multi /api/v1/items");
    check(&app, [row]).await;
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
    let allowed = [
        "https://a.tenant.example",
        "https://pr-9.preview.example.net",
        "capacitor://localhost",
    ]
    .map(|origin| {
        preflight("/sources", origin, "PUT")
            .asking("x-anything")
            .gets(204)
            .has(allow_origin(origin))
            .has("access-control-allow-headers: x-anything")
    });
    let refused = [
        "https://tenant.example.evil",
        "https://pr-9.preview.example.net.evil",
        "capacitor://evil",
    ]
    .map(|origin| preflight("/sources", origin, "PUT").gets(403));
    let flags = [
        actual(Method::POST, "/null-ok", "null")
            .gets(200)
            .cors(["access-control-allow-origin: null", "vary: Origin"]),
        preflight("/intranet", "http://intranet.example.com", "GET")
            .header("access-control-request-private-network", "true")
            .gets(204)
            .has("access-control-allow-private-network: true")
            .has("access-control-allow-credentials: true"),
    ];
    check(&app, allowed.into_iter().chain(refused).chain(flags)).await;
}
