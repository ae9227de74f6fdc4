use route_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
