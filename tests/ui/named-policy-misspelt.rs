use actix_web::get;
use route_cors::{cors, cors_policies};

cors_policies! {
    spa(origins = "https://app.example.com", credentials = true);
}

#[cors(policy = sap)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
