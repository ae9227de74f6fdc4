use actix_web::get;
use route_cors::cors;

#[cors(origins = "*", credentials = true)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
