use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", refuse_cross_origin_writes = true)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
