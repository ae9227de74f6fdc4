use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", credentials, max_age, methods)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
