use actix_web::{get, post, route};
use route_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["FETCH"])]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

#[cors(origins = "https://app.example.com", methods = ["GET", "SEND"])]
#[route("/notes", method = "GET", method = "POST")]
async fn notes() -> &'static str {
    "[]"
}

#[cors(origins = "https://app.example.com", methods = ["G@T"])]
#[post("/forms")]
async fn forms() -> &'static str {
    "[]"
}

fn main() {}
