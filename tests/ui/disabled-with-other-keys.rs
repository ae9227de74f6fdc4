use actix_web::scope;
use route_cors::cors;

#[cors(origins = "https://app.example.com")]
#[scope("/api")]
mod api {
    use actix_web::get;

    #[cors(disabled, credentials = true)]
    #[get("/health")]
    pub async fn health() -> &'static str {
        "ok"
    }
}

fn main() {}
