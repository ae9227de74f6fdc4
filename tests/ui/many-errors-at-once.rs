use actix_web::get;
use route_cors::cors;

#[cors(origins = ["https://a.example.com/", "null"], methods = ["get"], headers = ["cookie"], max_age = -5, credentals = true)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
