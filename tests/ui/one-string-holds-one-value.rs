use actix_web::get;
use route_cors::cors;

#[cors(
    origins = "https://a.example.com https://b.example.com",
    methods = "GET, POST",
    headers = "content-type, x-token",
    expose_headers = "x-request-id;x-total"
)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
