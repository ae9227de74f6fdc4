use actix_web::get;
use route_cors::cors;

#[cors(origin_regex = [
    r"https://[\w-]{1,63}\.team0\.example\.com",
    r"https://[\w-]{1,63}\.team1\.example\.com",
    r"https://[\w-]{1,63}\.team2\.example\.com",
    r"https://[\w-]{1,63}\.team3\.example\.com",
])]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

fn main() {
    let _ = items;
}
