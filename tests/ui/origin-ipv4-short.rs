use actix_web::get;
use route_cors::cors;

#[cors(origins = "http://127.1:8080")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
