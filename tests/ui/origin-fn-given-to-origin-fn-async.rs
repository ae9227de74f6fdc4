use actix_web::get;
use route_cors::cors;

fn allowed(origin: &str) -> bool {
    origin.ends_with(".example.com")
}

#[cors(origin_fn_async = allowed)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
