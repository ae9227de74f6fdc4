use actix_web::get;
use route_cors::cors;

#[cors(origins = vec!["https://a.com"])]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
