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

// A module that uses it, with a handler of its own keys: the
// declaration's error is the only one.
#[cors(policy = spa)]
#[actix_web::scope("/api")]
mod api {
    use actix_web::get;
    use route_cors::cors;

    #[cors(max_age = 60)]
    #[get("/me")]
    pub async fn me() -> &'static str {
        "{}"
    }
}

fn main() {
    let _ = (items, notes, api::me);
}
