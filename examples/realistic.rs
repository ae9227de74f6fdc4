//! A realistic API: bearer-token authentication on the whole App, a
//! leftover global policy for the routes not yet annotated, per-route
//! `#[cors]` policies that win over it, request logging and path
//! normalizing. `RouteCors` is the one line of wiring: it answers the
//! preflights of `#[cors]` routes before the authentication layer (a
//! browser sends no token with a preflight) and puts the route's CORS
//! headers on the early 401s, so the single-page app can read "session
//! expired".
//!
//! The layers, from the outermost (wrapped last) in: `NormalizePath` and
//! `Logger` outside `RouteCors`, so that it sees `/api/me` for `/api/me/`
//! and preflights are logged; then `RouteCors`; the global `policy!`;
//! authentication.
//!
//! ```text
//! cargo run --example realistic           # serves on BIND (127.0.0.1:8082)
//! curl -i http://127.0.0.1:8082/api/me -X OPTIONS -H 'Origin: http://localhost:3000' \
//!      -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization'
//! curl -i http://127.0.0.1:8082/api/me -H 'Origin: http://localhost:3000'
//! ```

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Logger, Next, NormalizePath};
use actix_web::{get, put, web, App, Error, HttpResponse, HttpServer};
use route_cors::{cors, policy, RouteCors};

/// The signed-in user: the single-page app on any local port, with its
/// bearer token.
#[cors(origins = ["http://127.0.0.1:*", "http://localhost:*"], credentials = true,
       headers = ["authorization"], expose_headers = ["x-request-id"])]
#[get("/api/me")]
async fn me() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "req-7"))
        .json(serde_json::json!({ "user": "alice" }))
}

/// Saves the user's settings: a preflighted `PUT` with a JSON body.
#[cors(origins = ["http://127.0.0.1:*", "http://localhost:*"], credentials = true,
       headers = ["authorization", "content-type"])]
#[put("/api/me/settings")]
async fn save_settings(settings: web::Json<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().json(settings.into_inner())
}

/// Public status, readable from any origin, no token needed.
#[cors(origins = "*", methods = "GET")]
#[get("/api/status")]
async fn status() -> &'static str {
    "up"
}

/// A route not yet annotated: the global policy still covers it.
async fn legacy_report() -> &'static str {
    "legacy report"
}

/// Lets requests with a bearer token through, and `/api/status`; answers
/// 401 to the rest.
async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let public = req.path() == "/api/status";
    let token = req
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if public || token == Some("demo-token") {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let response =
        HttpResponse::Unauthorized().json(serde_json::json!({ "error": "session expired" }));
    Ok(req.into_response(response).map_into_right_body())
}

/// The application: `main` serves it, and `tests/realistic.rs` checks it
/// and compares its inventory with a snapshot.
pub fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .service(me)
        .service(save_settings)
        .service(status)
        .route("/api/reports/legacy", web::get().to(legacy_report))
        // Inside RouteCors: the layers that may refuse a request.
        .wrap(from_fn(authenticate))
        // The policy every route had before `#[cors]`; it now decides
        // only for paths without a policy of their own. Outside the
        // authentication layer, so that it answers their preflights.
        .wrap(policy!(
            origins = ["https://reports.example.com"],
            credentials = true
        ))
        .wrap(RouteCors::new())
        // Outside RouteCors: the layers that change the path or only
        // observe.
        .wrap(Logger::default())
        .wrap(NormalizePath::trim())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8082".to_owned());
    let server = HttpServer::new(app).workers(1).bind(&bind)?;
    println!("realistic API on http://{bind}: GET /api/me, PUT /api/me/settings (bearer demo-token), GET /api/status, GET /api/reports/legacy");
    server.run().await
}
