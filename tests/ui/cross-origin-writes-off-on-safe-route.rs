use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://app.example.com", credentials = true, dangerously_allow_cross_origin_writes = true)]
#[get("/me")]
async fn me() -> &'static str {
    "{}"
}

fn main() {}
