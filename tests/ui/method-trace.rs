use route_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["GET", "TRACE"])]
#[actix_web::route("/items", method = "GET", method = "TRACE")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
