// Origins no page can have: a port browsers refuse, schemes that are never a
// page's origin.

use actix_web::get;
use route_cors::cors;

#[cors(origins = "http://localhost:6000")]
#[get("/items")]
async fn bad_port() -> &'static str {
    "[]"
}

#[cors(origins = "file:///home/me/index.html")]
#[get("/items")]
async fn file_scheme() -> &'static str {
    "[]"
}

#[cors(origins = "ws://app.example.com")]
#[get("/items")]
async fn ws_scheme() -> &'static str {
    "[]"
}

fn main() {}
