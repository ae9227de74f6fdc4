use actix_web::{get, HttpRequest};
use route_cors::cors;

async fn known_tenant(origin: String, _req: HttpRequest) -> bool {
    origin.ends_with(".tenants.example.com")
}

#[cors(origin_fn = known_tenant)]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {}
