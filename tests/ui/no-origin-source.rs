use actix_web::get;
use route_cors::cors;

#[cors(methods = "GET")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
