//! `origin_fn_async` takes the origin and the request, or the origin alone.

mod common;

use actix_web::http::{Method, StatusCode};
use actix_web::{get, test, App, HttpRequest};
use common::{actual, cors_headers, send};
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
    for path in ["/origin-only", "/with-request"] {
        for (origin, allowed) in [
            ("https://a.tenants.example.com", true),
            ("https://evil.example", false),
        ] {
            let (status, headers, body) = send(&app, actual(Method::GET, path, origin)).await;
            assert_eq!(
                (status, body.as_str()),
                (StatusCode::OK, "[]"),
                "{path} {origin}"
            );
            let expected = if allowed {
                vec![
                    format!("access-control-allow-origin: {origin}"),
                    "vary: Origin".to_owned(),
                ]
            } else {
                vec!["vary: Origin".to_owned()]
            };
            assert_eq!(cors_headers(&headers), expected, "{path} {origin}");
        }
    }
}
