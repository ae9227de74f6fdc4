//! Origins known only at run time, per route:
//!
//! - `/api/settings` takes its origins from the environment
//!   (`ALLOWED_ORIGINS`: the staging front-end in staging, the production
//!   one in production), read once in `main`, checked with the rules of
//!   literal origins: the program refuses to start on a bad or missing
//!   value, naming the variable, the value and the fix.
//! - `/tenant/feed` decides per request from the app's state: the origins
//!   of the tenants the app knows, read through `app_data`.
//!
//! ```text
//! ALLOWED_ORIGINS="https://staging.example.com, http://localhost:*" \
//!     cargo run --example dynamic_origins
//! ```

use actix_web::{get, put, web, App, HttpRequest, HttpResponse, HttpServer};
use route_cors::{cors, OriginSets, RouteCors};

/// The front-end's settings: origins from `ALLOWED_ORIGINS`, with cookies.
#[cors(origins_from = "frontend", credentials = true, headers = ["content-type"])]
#[get("/api/settings")]
async fn settings() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "theme": "dark" }))
}

/// Saves the front-end's settings: same origins, a preflighted `PUT`.
#[cors(origins_from = "frontend", credentials = true, headers = ["content-type"])]
#[put("/api/settings")]
async fn save_settings(body: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(body.into_inner())
}

/// The tenants this app serves, as its state (loaded from a database at
/// start-up in a real app).
struct Tenants {
    origins: Vec<String>,
}

/// A tenant's own front-end may read its feed: decided per request from
/// the app's state. It only sees origins that pass the rules.
fn tenant_origin(origin: &str, req: &HttpRequest) -> bool {
    req.app_data::<web::Data<Tenants>>()
        .is_some_and(|tenants| tenants.origins.iter().any(|known| known == origin))
}

#[cors(origin_fn = tenant_origin, methods = "GET")]
#[get("/tenant/feed")]
async fn tenant_feed() -> HttpResponse {
    HttpResponse::Ok().json(["news"])
}

fn main() -> std::io::Result<()> {
    // Read and checked before the server starts: a bad or missing value
    // stops the program here, and `main` prints the variable, the value
    // and the fix.
    let origins = OriginSets::new().set_from_env("frontend", "ALLOWED_ORIGINS")?;
    let tenants = web::Data::new(Tenants {
        origins: vec![
            "https://acme.tenants.example.net".to_owned(),
            "http://localhost:4000".to_owned(),
        ],
    });

    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    println!("dynamic_origins listening on http://{bind}");
    println!("  GET|PUT /api/settings  origins from ALLOWED_ORIGINS");
    println!("  GET     /tenant/feed   the tenants' origins, from the app's state");
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(origins.clone())
                .app_data(tenants.clone())
                .service(settings)
                .service(save_settings)
                .service(tenant_feed)
                .wrap(RouteCors::new())
        })
        .workers(1)
        .bind(&bind)?
        .run()
        .await
    })
}
