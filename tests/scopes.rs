//! `#[cors]` on `#[scope]` modules: inheritance, key-by-key override,
//! `disabled`, both attribute orders; and `policy!` on a run-time scope.

mod common;

use actix_web::http::Method;
use actix_web::{scope, test, web, App, HttpResponse};
use common::{actual, allow_origin, check, preflight};
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

    let app_origin = "https://app.example.com";
    let admin = "https://admin.example.com";
    check(
        &app,
        [
            // Inherited: the scope's origins and expose_headers; methods
            // narrowed to the ones each route serves.
            preflight("/api/items", app_origin, "GET")
                .gets(204)
                .has("access-control-allow-methods: GET"),
            actual(Method::GET, "/api/items", app_origin)
                .gets(200)
                .body_is("[]")
                .cors([
                    "access-control-allow-origin: https://app.example.com",
                    "access-control-expose-headers: x-total",
                    "vary: Origin",
                ]),
            preflight("/api/items", app_origin, "POST")
                .asking("content-type")
                .gets(204)
                .has("access-control-allow-methods: POST"),
            // Overridden: origins and credentials replaced, methods and
            // expose_headers inherited.
            preflight("/api/items/3", admin, "DELETE").gets(204).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-methods: DELETE",
                "access-control-allow-origin: https://admin.example.com",
                "access-control-max-age: 1800",
                "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ]),
            preflight("/api/items/3", app_origin, "DELETE").gets(403),
            actual(Method::DELETE, "/api/items/3", admin)
                .gets(204)
                .has("access-control-expose-headers: x-total"),
            // Disabled: no CORS at all; a preflight is refused, never 404.
            actual(Method::GET, "/api/health", app_origin)
                .gets(200)
                .body_is("ok")
                .no_cors(),
            preflight("/api/health", app_origin, "GET")
                .gets(403)
                .body_is("CORS preflight refused: CORS is disabled for this route\n"),
            // `#[scope]` written above `#[cors]` prefixes the paths first.
            actual(Method::GET, "/v2/open", "https://x.example")
                .gets(200)
                .body_is("open")
                .cors(["access-control-allow-origin: *"]),
            preflight("/v2/open", "https://x.example", "GET").gets(204),
        ],
    )
    .await;
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

    let portal = "https://portal.example.com";
    check(
        &app,
        [
            // The app-level layer is outermost, so it answers every
            // preflight.
            preflight("/t/acme/data", portal, "GET")
                .gets(204)
                .has("access-control-allow-methods: GET"),
            preflight("/t/globex/data", portal, "PUT").gets(403),
            actual(Method::GET, "/portal", portal).gets(200).cors([
                "access-control-allow-origin: https://portal.example.com",
                "vary: Origin",
            ]),
        ],
    )
    .await;
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
    let app_origin = "https://app.example.com";
    check(
        &app,
        [
            preflight("/plain/one", app_origin, "GET").gets(204),
            actual(Method::GET, "/plain/one", app_origin)
                .gets(200)
                .has(allow_origin(app_origin)),
        ],
    )
    .await;
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
    check(
        &app,
        [
            actual(Method::GET, "/tenant/home", "https://a.tenants.example.net")
                .gets(200)
                .has("access-control-allow-origin: https://a.tenants.example.net"),
            actual(
                Method::GET,
                "/tenant/home",
                "https://tenants.example.net.evil",
            )
            .gets(200)
            .cors(["vary: Origin"]),
        ],
    )
    .await;
}
