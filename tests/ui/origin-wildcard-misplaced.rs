// A `*` that is not a whole leftmost label or a whole port.

use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://api.*.example.com")]
#[get("/items")]
async fn wildcard_middle_label() -> &'static str {
    "[]"
}

#[cors(origins = "https://app-*.example.com")]
#[get("/items")]
async fn wildcard_partial_label() -> &'static str {
    "[]"
}

#[cors(origins = "http://localhost:30*")]
#[get("/items")]
async fn wildcard_partial_port() -> &'static str {
    "[]"
}

fn main() {}
