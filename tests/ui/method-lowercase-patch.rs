use route_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["patch"])]
#[actix_web::patch("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
