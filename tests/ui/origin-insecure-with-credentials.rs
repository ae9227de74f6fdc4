use actix_web::get;
use route_cors::cors;

#[cors(origins = ["http://localhost:3000", "http://app.example.com"], credentials = true)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
