use actix_web::get;
use route_cors::cors;

#[cors(crate = 5, origins = "https://app.example.com")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
