use actix_web::get;

#[get("/items", wrap = "route_cors::policy!(origins = \"https://app.example.com\")")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
