use actix_web::get;
use route_cors::cors;

#[cors(origins = "http://localhost:6000")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
