use actix_web::{get, web, App, HttpResponse};
use route_cors::{cors, cors_policies, policy};

cors_policies! {
    spa(origins = "https://app.example.com", credentials = true);
}

// The override is checked with the policy it replaces a key of.
#[cors(policy = spa, origins = "*")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

// Methods a route does not serve, written where it is used.
#[cors(policy = spa, methods = ["DELETE"])]
#[get("/notes")]
async fn notes() -> &'static str {
    "[]"
}

fn main() {
    let _ = App::new().service(items).service(notes).service(
        web::scope("/legacy")
            .wrap(policy!(policy = spa, max_age = -1))
            .route("/", web::get().to(HttpResponse::Ok)),
    );
}
