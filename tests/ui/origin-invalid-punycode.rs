use actix_web::get;
use route_cors::cors;

#[cors(origins = "http://xn--f")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
