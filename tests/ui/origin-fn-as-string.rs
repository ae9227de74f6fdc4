use actix_web::get;
use route_cors::cors;

#[cors(origin_fn = "allowed")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}

#[allow(dead_code)]
fn allowed(origin: &str) -> bool {
    origin.ends_with(".example.com")
}
