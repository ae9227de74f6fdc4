//! Origins only known at run time: read from the environment at start-up,
//! checked with the same rules as `#[cors]` (the program refuses to start
//! on a bad origin), and an `origin_fn` deciding per request.
//!
//! ```text
//! ALLOWED_ORIGINS="https://app.example.com, http://localhost:*" \
//! PARTNER_SUFFIX=".partners.example.net" \
//!     cargo run --example dynamic_origins
//! ```

use std::process::ExitCode;
use std::sync::OnceLock;

use actix_web::{get, web, App, HttpResponse, HttpServer};
use route_cors::{cors, Cors, Policy};

/// The partner domain suffix, read once at start-up.
static PARTNER_SUFFIX: OnceLock<String> = OnceLock::new();

/// Partners are any `https` subdomain of the configured suffix.
fn is_partner(origin: &str) -> bool {
    let Some(suffix) = PARTNER_SUFFIX.get() else {
        return false;
    };
    origin
        .strip_prefix("https://")
        .and_then(|host| host.strip_suffix(suffix.as_str()))
        .is_some_and(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Partners read the feed; which origins are partners is decided per request.
#[cors(origin_fn = is_partner, methods = "GET")]
#[get("/partner/feed")]
async fn partner_feed() -> HttpResponse {
    HttpResponse::Ok().json(["news"])
}

async fn settings() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "theme": "dark" }))
}

fn main() -> ExitCode {
    let configured =
        std::env::var("ALLOWED_ORIGINS").unwrap_or_else(|_| "http://localhost:*".to_owned());
    let policy = Policy::builder()
        .allow_origins(
            configured
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty()),
        )
        .allow_methods(["GET", "PUT"])
        .allow_headers(["content-type"])
        .allow_credentials(true)
        .build();
    let policy = match policy {
        Ok(policy) => std::sync::Arc::new(policy),
        Err(error) => {
            eprintln!("ALLOWED_ORIGINS={configured:?} is not usable: {error}");
            return ExitCode::from(2);
        }
    };
    let suffix =
        std::env::var("PARTNER_SUFFIX").unwrap_or_else(|_| ".partners.example.net".to_owned());
    let _ = PARTNER_SUFFIX.set(suffix.clone());

    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    println!("dynamic_origins listening on http://{bind}");
    println!("  GET|PUT /api/settings   origins from ALLOWED_ORIGINS={configured:?}");
    println!("  GET     /partner/feed   https://*{suffix}, decided by origin_fn");
    let served = actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .service(
                    web::scope("/api")
                        .wrap(Cors::from(policy.clone()))
                        .route("/settings", web::get().to(settings))
                        .route("/settings", web::put().to(settings)),
                )
                .service(partner_feed)
        })
        .workers(1)
        .bind(&bind)?
        .run()
        .await
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dynamic_origins: {error}");
            ExitCode::FAILURE
        }
    }
}
