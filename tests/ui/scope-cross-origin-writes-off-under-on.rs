use actix_web::scope;
use route_cors::cors;

#[cors(origins = "https://app.example.com", credentials = true, refuse_cross_origin_writes = true)]
#[scope("/api")]
mod api {
    use actix_web::post;

    #[cors(credentials = false)]
    #[post("/public")]
    pub async fn public() -> &'static str {
        "ok"
    }

    #[cors(dangerously_allow_cross_origin_writes = true)]
    #[post("/callback")]
    pub async fn callback() -> &'static str {
        "ok"
    }
}

fn main() {}
