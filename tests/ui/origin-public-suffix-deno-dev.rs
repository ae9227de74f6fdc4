use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://*.deno.dev", credentials = true)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
