use actix_web::get;
use route_cors::cors;

#[cors(disabled)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
