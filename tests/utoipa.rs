//! `#[cors]` handlers documented by utoipa and registered through
//! utoipa-actix-web: `#[utoipa::path]` above `#[cors]`, below it or below
//! the route attribute, in `#[cors]` modules (`#[scope]` on either side),
//! and in a utoipa-actix-web scope. Each route is in the OpenAPI document
//! and answers its preflights.

mod common;

use actix_web::{get, post, scope, App, HttpResponse};
use common::{preflight, step};
use route_cors::{cors, cors_policies};
use serde_json::Value;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

const APP: &str = "https://app.example.com";

/// Above `#[cors]`.
#[utoipa::path(responses((status = 200, description = "Listed")))]
#[cors(origins = "https://app.example.com")]
#[get("/above")]
async fn above() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// Below `#[cors]`.
#[cors(origins = "https://app.example.com")]
#[utoipa::path(responses((status = 201, description = "Created")))]
#[post("/below")]
async fn below() -> HttpResponse {
    HttpResponse::Created().finish()
}

/// Below the route attribute.
#[cors(origins = "https://app.example.com")]
#[get("/under/{id}")]
#[utoipa::path(
    params(("id" = u32, Path, description = "The item")),
    responses((status = 200, description = "Found"))
)]
async fn under_route(id: actix_web::web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(id.to_string())
}

/// `#[scope]` below `#[cors]`: `#[cors]` applies its prefix.
#[cors(origins = "https://app.example.com", methods = ["GET", "POST"])]
#[scope("/api")]
mod api {
    use actix_web::{get, post, HttpResponse};

    /// Inherits the module's policy.
    #[utoipa::path(responses((status = 200, description = "The items")))]
    #[get("/items")]
    pub async fn items() -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    /// Its own key, `#[utoipa::path]` above its `#[cors]`.
    #[utoipa::path(responses((status = 201, description = "Created")))]
    #[cors(expose_headers = ["x-id"])]
    #[post("/items")]
    pub async fn create() -> HttpResponse {
        HttpResponse::Created().finish()
    }

    /// Its own key, `#[utoipa::path]` below its `#[cors]`.
    #[cors(credentials = true)]
    #[utoipa::path(responses((status = 200, description = "The user")))]
    #[get("/me")]
    pub async fn me() -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    /// No CORS, still documented.
    #[cors(disabled)]
    #[utoipa::path(responses((status = 200, description = "Up")))]
    #[get("/health")]
    pub async fn health() -> HttpResponse {
        HttpResponse::Ok().finish()
    }
}

/// `#[scope]` above `#[cors]`: the prefix is applied before.
#[scope("/v2")]
#[cors(origins = "https://app.example.com")]
mod v2 {
    use actix_web::get;

    /// In the second module.
    #[utoipa::path(responses((status = 200, description = "Open")))]
    #[get("/open")]
    pub async fn open() -> &'static str {
        "open"
    }
}

/// Registered in a utoipa-actix-web scope built at run time.
#[utoipa::path(responses((status = 200, description = "Nested")))]
#[cors(origins = "https://app.example.com")]
#[get("/nested")]
async fn nested() -> HttpResponse {
    HttpResponse::Ok().finish()
}

cors_policies! {
    pub(crate) documented(origins = "https://app.example.com", max_age = 60);
}

/// A named policy, `#[utoipa::path]` below `#[cors]`.
#[cors(policy = documented)]
#[utoipa::path(responses((status = 200, description = "Named")))]
#[get("/named")]
async fn named() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// `#[openapi(paths(...))]` finds each handler's `__path_` item where the
/// handler is, whatever the order of the attributes.
#[derive(OpenApi)]
#[openapi(paths(
    above,
    below,
    under_route,
    api::items,
    api::create,
    api::me,
    api::health,
    v2::open,
    named
))]
struct Listed;

/// Every route: method, path as the document has it, path to send the
/// preflight to, `operationId`, and whether it has a CORS policy.
const ROUTES: &[(&str, &str, &str, &str, bool)] = &[
    ("get", "/above", "/above", "above", true),
    ("post", "/below", "/below", "below", true),
    ("get", "/under/{id}", "/under/7", "under_route", true),
    ("get", "/api/items", "/api/items", "items", true),
    ("post", "/api/items", "/api/items", "create", true),
    ("get", "/api/me", "/api/me", "me", true),
    ("get", "/api/health", "/api/health", "health", false),
    ("get", "/v2/open", "/v2/open", "open", true),
    ("get", "/v3/nested", "/v3/nested", "nested", true),
    ("get", "/named", "/named", "named", true),
];

#[actix_web::test]
async fn every_order_is_documented_and_answers_preflights() {
    let (app, api) = App::new()
        .into_utoipa_app()
        .service(above)
        .service(below)
        .service(under_route)
        .service(api::items)
        .service(api::create)
        .service(api::me)
        .service(api::health)
        .service(v2::open)
        .service(utoipa_actix_web::scope("/v3").service(nested))
        .service(named)
        .split_for_parts();
    let document: Value = serde_json::to_value(&api).unwrap();
    let operations: usize = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(operations, ROUTES.len(), "{document:#}");
    let parameter = &document["paths"]["/under/{id}"]["get"]["parameters"][0];
    assert_eq!(parameter["name"], "id", "{parameter:#}");

    let app = actix_web::test::init_service(app).await;
    for &(method, path, uri, operation_id, with_cors) in ROUTES {
        let operation = &document["paths"][path][method];
        assert_eq!(
            operation["operationId"], operation_id,
            "{path}: {document:#}"
        );
        assert!(operation["summary"].is_string(), "{path}: {operation:#}");
        if !with_cors {
            continue;
        }
        let method = method.to_uppercase();
        step(
            &app,
            preflight(uri, APP, &method)
                .gets(204)
                .has("access-control-allow-origin: https://app.example.com")
                .has(format!("access-control-allow-methods: {method}")),
        )
        .await;
    }
}

#[test]
fn openapi_derive_finds_every_handler() {
    let document = serde_json::to_value(Listed::openapi()).unwrap();
    for &(method, path, _, operation_id, _) in ROUTES {
        if path.starts_with("/v3/") {
            // Its prefix comes from the run-time scope only.
            continue;
        }
        assert_eq!(
            document["paths"][path][method]["operationId"], operation_id,
            "{document:#}"
        );
    }
}

/// The same handler, written once with `#[utoipa::path]` above `#[cors]`
/// and once below it, gives the same document. (actix-web warns of the
/// call to a deprecated handler it generates.)
#[allow(deprecated)]
mod above_cors {
    use actix_web::{get, web, HttpResponse};
    use route_cors::cors;

    /// Read one item.
    ///
    /// The item with this id, if it exists.
    #[utoipa::path(
        tag = "items",
        params(("id" = u32, Path, description = "The item")),
        responses((status = 200, description = "Found"), (status = 404, description = "Missing"))
    )]
    #[cors(origins = "https://app.example.com")]
    #[get("/items/{id}")]
    #[deprecated]
    pub async fn item(id: web::Path<u32>) -> HttpResponse {
        HttpResponse::Ok().body(id.to_string())
    }
}

#[allow(deprecated)]
mod below_cors {
    use actix_web::{get, web, HttpResponse};
    use route_cors::cors;

    /// Read one item.
    ///
    /// The item with this id, if it exists.
    #[cors(origins = "https://app.example.com")]
    #[utoipa::path(
        tag = "items",
        params(("id" = u32, Path, description = "The item")),
        responses((status = 200, description = "Found"), (status = 404, description = "Missing"))
    )]
    #[get("/items/{id}")]
    #[deprecated]
    pub async fn item(id: web::Path<u32>) -> HttpResponse {
        HttpResponse::Ok().body(id.to_string())
    }
}

#[test]
fn both_orders_give_the_same_document() {
    #[derive(OpenApi)]
    #[openapi(paths(above_cors::item))]
    struct Above;
    #[derive(OpenApi)]
    #[openapi(paths(below_cors::item))]
    struct Below;
    let written_above = serde_json::to_value(Above::openapi()).unwrap();
    let written_below = serde_json::to_value(Below::openapi()).unwrap();
    assert_eq!(written_above, written_below);
    let operation = &written_above["paths"]["/items/{id}"]["get"];
    assert_eq!(operation["deprecated"], true, "{operation:#}");
    assert_eq!(operation["summary"], "Read one item.", "{operation:#}");
}
