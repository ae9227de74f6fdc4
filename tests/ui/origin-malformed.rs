// Strings that are not an origin: a missing scheme, URL parts an origin does
// not have, several origins in one string, a host or a port that cannot be.

use actix_web::get;
use route_cors::cors;

#[cors(origins = "app.example.com")]
#[get("/items")]
async fn no_scheme() -> &'static str {
    "[]"
}

#[cors(origins = "https://app.example.com/api/v1")]
#[get("/items")]
async fn path() -> &'static str {
    "[]"
}

#[cors(origins = "https://app.example.com?next=1")]
#[get("/items")]
async fn query() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com", "https://admin.example.com/"])]
#[get("/items")]
async fn trailing_slash() -> &'static str {
    "[]"
}

#[cors(origins = "https://user:pw@app.example.com")]
#[get("/items")]
async fn userinfo() -> &'static str {
    "[]"
}

#[cors(origins = "https://a.com, https://b.com")]
#[get("/items")]
async fn comma_list() -> &'static str {
    "[]"
}

#[cors(origins = "https://app example.com")]
#[get("/items")]
async fn invalid_host_char() -> &'static str {
    "[]"
}

#[cors(origins = "http://xn--f")]
#[get("/items")]
async fn invalid_punycode() -> &'static str {
    "[]"
}

#[cors(origins = "http://localhost:70000")]
#[get("/items")]
async fn port_out_of_range() -> &'static str {
    "[]"
}

fn main() {}
