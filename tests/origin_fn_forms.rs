//! `origin_fn_async` takes the origin and the request, or the origin alone.

mod common;

use actix_web::http::Method;
use actix_web::{get, test, App, HttpRequest};
use common::{actual, check};
use route_cors::cors;

async fn known_tenant(origin: String) -> bool {
    origin.ends_with(".tenants.example.com")
}

async fn known_tenant_of_host(origin: String, req: HttpRequest) -> bool {
    req.uri().path().starts_with("/with-request") && origin.ends_with(".tenants.example.com")
}

#[cors(origin_fn_async = known_tenant)]
#[get("/origin-only")]
async fn origin_only() -> &'static str {
    "[]"
}

#[cors(origin_fn_async = known_tenant_of_host)]
#[get("/with-request")]
async fn with_request() -> &'static str {
    "[]"
}

#[actix_web::test]
async fn both_forms_of_an_async_origin_function_decide() {
    let app = test::init_service(App::new().service(origin_only).service(with_request)).await;
    let tenant = "https://a.tenants.example.com";
    let mut rows = Vec::new();
    for path in ["/origin-only", "/with-request"] {
        rows.push(
            actual(Method::GET, path, tenant)
                .gets(200)
                .body_is("[]")
                .cors([
                    "access-control-allow-origin: https://a.tenants.example.com",
                    "vary: Origin",
                ]),
        );
        rows.push(
            actual(Method::GET, path, "https://evil.example")
                .gets(200)
                .body_is("[]")
                .cors(["vary: Origin"]),
        );
    }
    check(&app, rows).await;
}
