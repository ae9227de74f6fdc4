use actix_web::scope;
use route_cors::cors;

#[cors(origins = "https://app.example.com")]
#[scope("/api")]
mod api {
    use actix_web::get;

    #[get("/items")]
    pub async fn items() -> &'static str {
        "[]"
    }

    #[cors(origins = "https://admin.example.com/")]
    #[get("/admin")]
    pub async fn admin() -> &'static str {
        "{}"
    }
}

fn main() {}
