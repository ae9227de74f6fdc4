use actix_web::post;
use route_cors::cors;

#[cors(origins = "https://app.example.com", dangerously_allow_cross_origin_writes = true)]
#[post("/notes")]
async fn save_note() -> &'static str {
    "saved"
}

fn main() {}
