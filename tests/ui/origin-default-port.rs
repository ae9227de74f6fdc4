use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com:443")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
