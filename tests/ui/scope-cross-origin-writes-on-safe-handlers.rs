use actix_web::scope;
use route_cors::cors;

#[cors(origins = "https://app.example.com", refuse_cross_origin_writes = true)]
#[scope("/api")]
mod api {
    use actix_web::{get, head};

    #[get("/items")]
    pub async fn items() -> &'static str {
        "[]"
    }

    #[head("/items/{id}")]
    pub async fn item_exists() -> &'static str {
        ""
    }
}

fn main() {}
