use actix_web::{get, web, App, HttpResponse};
use route_cors::{cors, policy};

#[cors(crate = "route_cors::nope", origins = "https://app.example.com")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = App::new().service(items).service(
        web::scope("/api")
            .wrap(policy!(crate = "route_cors::gone", origins = "https://app.example.com"))
            .route("/", web::get().to(HttpResponse::Ok)),
    );
}
