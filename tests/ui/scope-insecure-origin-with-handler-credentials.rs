use actix_web::scope;
use route_cors::cors;

// A plain-http origin on the module, credentials on two handlers: one
// error, naming the first handler that combines them.
#[cors(origins = "http://app.example.com", headers = ["x-token"])]
#[scope("/api")]
mod api {
    use actix_web::{get, post};

    #[get("/open")]
    pub async fn open() -> &'static str {
        "{}"
    }

    #[cors(credentials = true)]
    #[get("/me")]
    pub async fn me() -> &'static str {
        "{}"
    }

    #[cors(credentials = true)]
    #[post("/me")]
    pub async fn update_me() -> &'static str {
        "{}"
    }
}

// A mistake in the module's keys is one error, however many handlers.
#[cors(origins = "https://app.example.com/")]
#[scope("/v2")]
mod v2 {
    use actix_web::{get, post};

    #[get("/a")]
    pub async fn a() -> &'static str {
        "{}"
    }

    #[post("/b")]
    pub async fn b() -> &'static str {
        "{}"
    }
}

fn main() {}
