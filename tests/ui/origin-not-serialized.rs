// Origins a browser sends, written another way than the browser writes them.

use actix_web::get;
use route_cors::cors;

#[cors(origins = "HTTPS://app.example.com")]
#[get("/items")]
async fn uppercase_scheme() -> &'static str {
    "[]"
}

#[cors(origins = "https://App.Example.com")]
#[get("/items")]
async fn uppercase_host() -> &'static str {
    "[]"
}

#[cors(origins = "https://app.example.com:443")]
#[get("/items")]
async fn default_port() -> &'static str {
    "[]"
}

#[cors(origins = "http://localhost:03000")]
#[get("/items")]
async fn port_leading_zero() -> &'static str {
    "[]"
}

#[cors(origins = "http://127.1:8080")]
#[get("/items")]
async fn ipv4_short() -> &'static str {
    "[]"
}

#[cors(origins = "http://[0:0:0:0:0:0:0:1]:8080")]
#[get("/items")]
async fn ipv6_not_canonical() -> &'static str {
    "[]"
}

#[cors(origins = "http://[::ffff:127.127.127.127]:90")]
#[get("/items")]
async fn ipv4_mapped() -> &'static str {
    "[]"
}

fn main() {}
