//! The classic layout: a website whose pages are not CORS-enabled, and an
//! API under `/api/v1/` that every origin may read, with one credentialed
//! write route for the front-end at `http://localhost:3000`.
//!
//! ```text
//! cargo run --example quickstart          # BIND=127.0.0.1:9000 to move it
//! curl -i http://127.0.0.1:8080/api/v1/items -H 'Origin: https://anyone.example'
//! ```

use actix_web::{get, post, web, App, HttpResponse, HttpServer};
use route_cors::cors;

/// The website: same-origin only, so no `#[cors]`.
#[get("/")]
async fn home() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<!doctype html><title>Shop</title><h1>Shop</h1><p>The API lives under /api/v1/.</p>")
}

/// Every origin may read the catalogue; no cookies are involved.
#[cors(origins = "*", methods = "GET")]
#[get("/api/v1/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(r#"[{"id":1,"name":"teapot"},{"id":2,"name":"kettle"}]"#)
}

/// One item, readable by every origin.
#[cors(origins = "*", methods = "GET")]
#[get("/api/v1/items/{id}")]
async fn get_item(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(format!(r#"{{"id":{id},"name":"teapot"}}"#))
}

/// Writing needs the user's session cookie, so only the front-end may call it.
#[cors(origins = ["http://localhost:3000", "http://127.0.0.1:3000"], credentials = true,
       headers = ["content-type"])]
#[post("/api/v1/items")]
async fn create_item(name: web::Json<String>) -> HttpResponse {
    HttpResponse::Created()
        .content_type("application/json")
        .body(format!(r#"{{"id":3,"name":{:?}}}"#, name.as_str()))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let server = HttpServer::new(|| {
        App::new()
            .service(home)
            .service(list_items)
            .service(get_item)
            .service(create_item)
    })
    .workers(1)
    .bind(&bind)?;
    println!("quickstart listening on http://{bind}");
    println!("  GET  /                  website, no CORS");
    println!("  GET  /api/v1/items      any origin");
    println!("  GET  /api/v1/items/{{id}} any origin");
    println!("  POST /api/v1/items      http://localhost:3000 with credentials");
    server.run().await
}
