use actix_web::get;
use route_cors::cors;

#[cors(origins = "file:///home/me/index.html")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
