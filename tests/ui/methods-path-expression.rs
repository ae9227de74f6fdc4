use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", methods = Method::GET)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
