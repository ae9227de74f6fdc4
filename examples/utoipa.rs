//! `#[cors]` handlers in utoipa's OpenAPI document, registered through
//! utoipa-actix-web: `#[utoipa::path]` above `#[cors]` or below it, and a
//! `#[cors]` module whose handlers carry `#[utoipa::path]`.
//!
//! ```text
//! cargo run --example utoipa              # BIND=127.0.0.1:9000 to move it
//! curl http://127.0.0.1:8080/openapi.json
//! ```

use actix_web::{get, post, web, App, HttpResponse, HttpServer};
use route_cors::cors;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// List the items.
#[utoipa::path(responses((status = 200, description = "The items")))]
#[cors(origins = "https://app.example.com")]
#[get("/items")]
async fn list_items() -> HttpResponse {
    HttpResponse::Ok().json(["teapot", "kettle"])
}

/// Create an item.
#[cors(origins = "https://app.example.com", credentials = true)]
#[utoipa::path(responses((status = 201, description = "Created")))]
#[post("/items")]
async fn create_item() -> HttpResponse {
    HttpResponse::Created().finish()
}

/// The signed-in user's account: one policy for every handler.
#[cors(origins = "https://app.example.com", credentials = true)]
#[actix_web::scope("/account")]
mod account {
    use actix_web::{get, put, web, HttpResponse};

    /// The signed-in user.
    #[utoipa::path(responses((status = 200, description = "The user")))]
    #[get("/me")]
    pub async fn me() -> HttpResponse {
        HttpResponse::Ok().json("ada")
    }

    /// Change one setting.
    #[utoipa::path(
        params(("name" = String, Path, description = "The setting")),
        responses((status = 204, description = "Saved"))
    )]
    #[put("/settings/{name}")]
    pub async fn save_setting(name: web::Path<String>) -> HttpResponse {
        let _ = name.into_inner();
        HttpResponse::NoContent().finish()
    }
}

/// The document's own fields; utoipa-actix-web adds the paths of the
/// services registered through it.
#[derive(OpenApi)]
#[openapi(info(title = "items", version = "1"))]
struct ApiDoc;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let server = HttpServer::new(|| {
        App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .service(list_items)
            .service(create_item)
            .service(account::me)
            .service(account::save_setting)
            .openapi_service(|api| {
                web::resource("/openapi.json").get(move || {
                    let api = api.clone();
                    async move { HttpResponse::Ok().json(api) }
                })
            })
            .into_app()
    })
    .workers(1)
    .bind(&bind)?;
    println!("utoipa listening on http://{bind}");
    println!("  GET  /openapi.json              the OpenAPI document");
    println!("  GET  /items                     #[utoipa::path] above #[cors]");
    println!("  POST /items                     #[utoipa::path] below #[cors]");
    println!("  GET  /account/me                #[cors] module");
    println!("  PUT  /account/settings/{{name}}   #[cors] module");
    server.run().await
}
