use actix_web::get;
use route_cors::{cors, cors_policies};

cors_policies! {
    /// Every origin, with cookies: refused where it is written.
    spa(origins = "*", credentials = true);
}

#[cors(policy = spa)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

#[cors(policy = spa, max_age = 60)]
#[get("/notes")]
async fn notes() -> &'static str {
    "[]"
}

fn main() {
    let _ = (items, notes);
}
