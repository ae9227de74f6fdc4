use actix_web::get;
use route_cors::cors;

#[cors(origin_regex = r"https://.*example\.com")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
