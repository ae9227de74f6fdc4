use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://App.Example.com")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
