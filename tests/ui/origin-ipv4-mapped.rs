use actix_web::get;
use route_cors::cors;

#[cors(origins = "http://[::ffff:127.127.127.127]:90")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
