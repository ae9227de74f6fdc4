use actix_web::get;
use route_cors::cors;

fn allowed(origin: String) -> bool {
    origin.is_empty()
}

#[cors(origin_fn = allowed)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
