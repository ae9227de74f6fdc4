use actix_web::get;
use route_cors::cors;

// A host with an empty label: no DNS name has one.
#[cors(origins = ["http://example..com:3999", "http://example.com..:3999"])]
#[get("/a")]
async fn a() -> &'static str {
    ""
}

// An exact origin a pattern of the same list allows already.
#[cors(origins = ["https://*.example.com", "https://app.example.com"])]
#[get("/b")]
async fn b() -> &'static str {
    ""
}

// Plain-http origins are allowed anyway without credentials.
#[cors(origins = "https://app.example.com", dangerously_allow_insecure_origins = true)]
#[get("/c")]
async fn c() -> &'static str {
    ""
}

// With credentials, but no plain-http origin.
#[cors(origins = "https://app.example.com", credentials = true, dangerously_allow_insecure_origins = true)]
#[get("/d")]
async fn d() -> &'static str {
    ""
}

// No "null" to allow.
#[cors(origins = "https://app.example.com", dangerously_allow_null_origin = true)]
#[get("/e")]
async fn e() -> &'static str {
    ""
}

// A header of the CORS protocol.
#[cors(origins = "https://app.example.com", expose_headers = ["access-control-allow-origin"])]
#[get("/f")]
async fn f() -> &'static str {
    ""
}

// A value that does not fit its own suffix.
#[cors(origins = "https://app.example.com", max_age = 1800u8)]
#[get("/g")]
async fn g() -> &'static str {
    ""
}

fn main() {}
