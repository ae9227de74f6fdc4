use actix_web::get;
use route_cors::cors;

#[cors(origins = "*", origins_from = "frontend")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
