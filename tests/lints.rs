//! Expansions compile cleanly under strict lints (clippy checks this file
//! too, with `-D warnings`, in CI).

#![deny(
    warnings,
    unused_qualifications,
    missing_docs,
    unreachable_pub,
    unused_results
)]

use actix_web::{get, post, scope, App};
use route_cors::{cors, policy};

/// Lists items.
#[cors(origins = "*", methods = "GET")]
#[get("/items")]
pub(crate) async fn list_items() -> &'static str {
    "[]"
}

/// Creates an item.
#[cors(origins = ["https://example.com", "https://*.example.com"], credentials = true,
       headers = ["content-type"], expose_headers = ["x-request-id"], max_age = 600,
       origin_regex = r"https://pr-[0-9]+\.example\.net", origin_fn = allowed)]
#[post("/items")]
async fn create_item() -> &'static str {
    "ok"
}

/// Documented by utoipa, whose attribute `#[cors]` moves beside the
/// handler's struct.
#[cors(origins = "https://app.example.com")]
#[utoipa::path(responses((status = 200, description = "The item")))]
#[get("/items/{id}")]
pub(crate) async fn item(id: actix_web::web::Path<u32>) -> String {
    id.to_string()
}

fn allowed(origin: &str) -> bool {
    origin == "https://partner.example.org"
}

#[cors(origins = "https://app.example.com")]
#[scope("/admin")]
mod admin {
    use actix_web::get;
    use route_cors::cors;

    /// Admin stats.
    #[utoipa::path(responses((status = 200, description = "The stats")))]
    #[get("/stats")]
    pub(crate) async fn stats() -> &'static str {
        "{}"
    }

    #[cors(disabled)]
    #[get("/health")]
    pub(crate) async fn health() -> &'static str {
        "ok"
    }
}

#[test]
fn strict_lints_accept_the_expansions() {
    let _app = App::new()
        .wrap(policy!(
            origins = "https://app.example.com",
            methods = ["GET", "PUT"]
        ))
        .service(list_items)
        .service(create_item)
        .service(admin::stats)
        .service(admin::health)
        .service(item);
}
