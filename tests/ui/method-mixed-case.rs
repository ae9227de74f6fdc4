use actix_web::delete;
use route_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["Delete"])]
#[delete("/items/{id}")]
async fn remove() -> &'static str {
    "gone"
}

fn main() {
    let _ = remove;
}
