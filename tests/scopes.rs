//! `#[cors]` on `#[scope]` modules: inheritance, key-by-key override,
//! `disabled`, both attribute orders; and `policy!` on a run-time scope.

mod common;

use actix_web::http::{Method, StatusCode};
use actix_web::{scope, test, web, App, HttpResponse};
use common::{actual, cors_headers, preflight, send};
use route_cors::{cors, policy};

#[cors(origins = ["https://app.example.com"], methods = ["GET", "POST", "DELETE"], expose_headers = ["x-total"])]
#[scope("/api")]
mod api {
    use actix_web::{delete, get, post, HttpResponse};

    #[get("/items")]
    pub async fn list() -> HttpResponse {
        HttpResponse::Ok()
            .insert_header(("x-total", "0"))
            .body("[]")
    }

    #[post("/items")]
    pub async fn create() -> &'static str {
        "created"
    }

    #[cors(origins = ["https://admin.example.com"], credentials = true)]
    #[delete("/items/{id}")]
    pub async fn remove() -> HttpResponse {
        HttpResponse::NoContent().finish()
    }

    #[cors(disabled)]
    #[get("/health")]
    pub async fn health() -> &'static str {
        "ok"
    }

    /// Not a handler: left alone.
    pub fn helper() -> u8 {
        7
    }
}

#[scope("/v2")]
#[cors(origins = "*")]
mod v2 {
    use actix_web::get;

    #[get("/open")]
    pub async fn open() -> &'static str {
        "open"
    }
}

#[actix_web::test]
async fn scope_policy_inherited_overridden_and_disabled() {
    assert_eq!(api::helper(), 7);
    let app = test::init_service(
        App::new()
            .service(api::list)
            .service(api::create)
            .service(api::remove)
            .service(api::health)
            .service(v2::open),
    )
    .await;

    // Inherited: the scope's origins and expose_headers; methods narrowed
    // to the ones each route serves.
    let (status, headers, _) = send(
        &app,
        preflight("/api/items", "https://app.example.com", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(
        headers.contains(&"access-control-allow-methods: GET".to_owned()),
        "{headers:?}"
    );
    let (_, headers, body) = send(
        &app,
        actual(Method::GET, "/api/items", "https://app.example.com"),
    )
    .await;
    assert_eq!(body, "[]");
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://app.example.com",
            "access-control-expose-headers: x-total",
            "vary: Origin",
        ]
    );
    let (status, headers, _) = send(
        &app,
        preflight(
            "/api/items",
            "https://app.example.com",
            "POST",
            Some("content-type"),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-methods: POST".to_owned()));

    // Overridden: origins and credentials replaced, methods and
    // expose_headers inherited.
    let (status, headers, _) = send(
        &app,
        preflight("/api/items/3", "https://admin.example.com", "DELETE", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-credentials: true",
            "access-control-allow-methods: DELETE",
            "access-control-allow-origin: https://admin.example.com",
            "access-control-max-age: 1800",
            "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        ]
    );
    let (status, _, _) = send(
        &app,
        preflight("/api/items/3", "https://app.example.com", "DELETE", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, headers, _) = send(
        &app,
        actual(Method::DELETE, "/api/items/3", "https://admin.example.com"),
    )
    .await;
    assert!(headers.contains(&"access-control-expose-headers: x-total".to_owned()));

    // Disabled: no CORS at all; a preflight is refused, never 404.
    let (_, headers, body) = send(
        &app,
        actual(Method::GET, "/api/health", "https://app.example.com"),
    )
    .await;
    assert_eq!(body, "ok");
    assert_eq!(cors_headers(&headers), Vec::<&str>::new());
    let (status, _, body) = send(
        &app,
        preflight("/api/health", "https://app.example.com", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        "CORS preflight refused: CORS is disabled for this route\n"
    );

    // `#[scope]` written above `#[cors]` prefixes the paths first.
    let (_, headers, body) = send(&app, actual(Method::GET, "/v2/open", "https://x.example")).await;
    assert_eq!(body, "open");
    assert_eq!(cors_headers(&headers), ["access-control-allow-origin: *"]);
    let (status, _, _) = send(
        &app,
        preflight("/v2/open", "https://x.example", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[actix_web::test]
async fn policy_on_a_run_time_scope_and_on_app() {
    let tenants = ["acme", "globex"];
    let mut app = App::new().wrap(policy!(
        origins = "https://portal.example.com",
        methods = ["GET"]
    ));
    for tenant in tenants {
        app = app.service(
            web::scope(&format!("/t/{tenant}"))
                .wrap(policy!(
                    origins = "https://*.example.com",
                    methods = ["GET", "PUT"],
                    credentials = true
                ))
                .route("/data", web::route().to(HttpResponse::Ok)),
        );
    }
    let app = test::init_service(app.route("/portal", web::get().to(HttpResponse::Ok))).await;

    // The app-level layer is outermost, so it answers every preflight.
    let (status, headers, _) = send(
        &app,
        preflight("/t/acme/data", "https://portal.example.com", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-methods: GET".to_owned()));
    let (status, _, _) = send(
        &app,
        preflight("/t/globex/data", "https://portal.example.com", "PUT", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/portal", "https://portal.example.com"),
    )
    .await;
    assert_eq!(
        cors_headers(&headers),
        [
            "access-control-allow-origin: https://portal.example.com",
            "vary: Origin"
        ]
    );
}

#[scope("/plain")]
mod plain {
    use actix_web::get;
    use route_cors::cors;

    #[cors(origins = "https://app.example.com")]
    #[get("/one")]
    pub async fn one() -> &'static str {
        "one"
    }
}

#[actix_web::test]
async fn handler_attribute_inside_a_plain_scope() {
    let app = test::init_service(App::new().service(plain::one)).await;
    let (status, _, _) = send(
        &app,
        preflight("/plain/one", "https://app.example.com", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/plain/one", "https://app.example.com"),
    )
    .await;
    assert!(headers.contains(&"access-control-allow-origin: https://app.example.com".to_owned()));
}

fn is_tenant(origin: &str) -> bool {
    origin.ends_with(".tenants.example.net")
}

#[cors(origin_fn = is_tenant)]
#[scope("/tenant")]
mod tenant {
    use actix_web::get;

    #[get("/home")]
    pub async fn home() -> &'static str {
        "home"
    }
}

#[actix_web::test]
async fn a_module_origin_fn_resolves_where_the_module_is_written() {
    let app = test::init_service(App::new().service(tenant::home)).await;
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/tenant/home", "https://a.tenants.example.net"),
    )
    .await;
    assert!(
        headers.contains(&"access-control-allow-origin: https://a.tenants.example.net".to_owned())
    );
    let (_, headers, _) = send(
        &app,
        actual(
            Method::GET,
            "/tenant/home",
            "https://tenants.example.net.evil",
        ),
    )
    .await;
    assert_eq!(cors_headers(&headers), ["vary: Origin"]);
}
