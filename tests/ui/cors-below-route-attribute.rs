use actix_web::get;
use route_cors::cors;

#[get("/items")]
#[cors(origins = "https://app.example.com")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
