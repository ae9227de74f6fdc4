use actix_web::get;
use route_cors::cors;

fn allowed(origin: String) -> bool {
    origin.ends_with(".example.com")
}

#[cors(origin_fn = allowed)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
