use actix_web::get;
use route_cors::cors;

#[cors(origins_from = ["frontend", "partners"])]
#[get("/settings")]
async fn settings() -> &'static str {
    "settings"
}

fn main() {}
