use actix_web::{get, put};
use route_cors::{cors, cors_policies};

cors_policies! {
    // Written for reading routes.
    readers(origins = "https://app.example.com", methods = ["GET"]);
}

// Every preflight to a PUT route would be refused.
#[cors(policy = readers)]
#[put("/settings")]
async fn save_settings() -> &'static str {
    ""
}

#[cors(policy = readers)]
#[get("/settings")]
async fn settings() -> &'static str {
    ""
}

#[cors(origins = "https://app.example.com", methods = ["GET"])]
#[actix_web::scope("/api")]
mod api {
    use actix_web::{get, put};

    #[get("/me")]
    pub async fn me() -> &'static str {
        "{}"
    }

    #[put("/me")]
    pub async fn update_me() -> &'static str {
        "{}"
    }
}

fn main() {
    let _ = (save_settings, settings, api::me, api::update_me);
}
