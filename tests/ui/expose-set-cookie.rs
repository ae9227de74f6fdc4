use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", expose_headers = ["x-request-id", "set-cookie"])]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
