//! `#[cors]` on a `#[scope]` module, a handler overriding keys, a handler
//! with `#[cors(disabled)]`, and `policy!` on a `web::scope` built at run
//! time.
//!
//! ```text
//! cargo run --example scopes              # BIND=127.0.0.1:9000 to move it
//! ```

use actix_web::{web, App, HttpResponse, HttpServer};
use route_cors::{cors, policy};

/// The catalogue: readable from any local port and from `*.localhost`.
#[cors(origins = ["http://127.0.0.1:*", "http://*.localhost:*"], methods = ["GET", "POST"])]
#[actix_web::scope("/catalog")]
mod catalog {
    use actix_web::{get, post, HttpResponse};

    /// Inherits the module's policy.
    #[get("/products")]
    pub async fn products() -> HttpResponse {
        HttpResponse::Ok().json(["teapot", "kettle"])
    }

    /// Overrides one key: also exposes `x-stock` to scripts.
    #[cors(expose_headers = ["x-stock"])]
    #[get("/stock")]
    pub async fn stock() -> HttpResponse {
        HttpResponse::Ok().insert_header(("x-stock", "12")).json(12)
    }

    /// Overrides the origins: orders come from the `localhost` front-end only.
    #[cors(origins = ["http://localhost:*"])]
    #[post("/orders")]
    pub async fn order() -> HttpResponse {
        HttpResponse::Created().body("ordered")
    }

    /// Same-origin only: no CORS for this handler.
    #[cors(disabled)]
    #[get("/internal")]
    pub async fn internal() -> HttpResponse {
        HttpResponse::Ok().body("internal")
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    // Report scopes are built at run time, one per team, so they take the
    // middleware form.
    let teams = ["sales", "support"];
    let server = HttpServer::new(move || {
        let mut app = App::new()
            .service(catalog::products)
            .service(catalog::stock)
            .service(catalog::order)
            .service(catalog::internal);
        for team in teams {
            app = app.service(
                web::scope(&format!("/reports/{team}"))
                    .wrap(policy!(
                        origin_regex = r"http://127\.0\.0\.1:[0-9]+",
                        methods = ["GET"]
                    ))
                    .route(
                        "/summary",
                        web::get().to(move || async move {
                            HttpResponse::Ok().json(format!("{team}: all good"))
                        }),
                    ),
            );
        }
        app
    })
    .workers(1)
    .bind(&bind)?;
    println!("scopes listening on http://{bind}");
    println!("  GET  /catalog/products          module policy");
    println!("  GET  /catalog/stock             module policy + exposes x-stock");
    println!("  POST /catalog/orders            origins overridden: http://localhost:*");
    println!("  GET  /catalog/internal          #[cors(disabled)]");
    for team in teams {
        println!("  GET  /reports/{team}/summary   policy! on a run-time scope (regex origin)");
    }
    server.run().await
}
