use actix_web::get;
use route_cors::cors;

#[cors(allowed_origins = ["https://app.example.com"])]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
