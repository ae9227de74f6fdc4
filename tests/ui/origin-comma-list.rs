use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://a.com, https://b.com")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
