use actix_web::{get, App};
use route_cors::cors;
use utoipa_actix_web::AppExt;

/// `#[utoipa::path]` may go above or below `#[cors]`; `#[cors]` still goes
/// above `#[get]`.
#[utoipa::path(responses((status = 200, description = "The items")))]
#[get("/items")]
#[cors(origins = "https://app.example.com")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = App::new().into_utoipa_app().service(items);
}
