use actix_web::scope;
use route_cors::cors;

#[cors(origins = "*")]
#[scope("/api")]
mod api {
    use actix_web::get;

    #[cors(credentials = true)]
    #[get("/me")]
    pub async fn me() -> &'static str {
        "{}"
    }
}

fn main() {}
