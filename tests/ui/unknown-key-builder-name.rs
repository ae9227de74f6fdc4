use actix_web::post;
use route_cors::cors;

#[cors(origins = "https://app.example.com", allow_credentials = true)]
#[post("/items")]
async fn create() -> &'static str {
    "ok"
}

fn main() {}
