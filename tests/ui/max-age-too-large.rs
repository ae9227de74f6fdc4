use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", max_age = 604800)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
