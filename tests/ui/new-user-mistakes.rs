use actix_web::get;
use route_cors::{cors, cors_policies};

cors_policies! {
    spa(origins = "https://app.example.com");
}

// A scheme without its `://`, and a value copied with its quotes.
#[cors(origins = ["https//b.example.com", "https:/c.example.com", "\"https://d.example.com\""])]
#[get("/a")]
async fn a() -> &'static str {
    ""
}

// A development server on this machine, without its scheme.
#[cors(origins = ["localhost:3000"])]
#[get("/b")]
async fn b() -> &'static str {
    ""
}

// A policy name in a string: one error, no "no origin" after it.
#[cors(policy = "spa")]
#[get("/c")]
async fn c() -> &'static str {
    ""
}

// Seconds as a float keep their number in the hint.
#[cors(origins = "https://app.example.com", max_age = 3600.0)]
#[get("/d")]
async fn d() -> &'static str {
    ""
}

// A colon for `=`.
#[cors(origins: "https://app.example.com")]
#[get("/e")]
async fn e() -> &'static str {
    ""
}

// A bare origin without its key.
#[cors("https://app.example.com")]
#[get("/f")]
async fn f() -> &'static str {
    ""
}

// Origins known only at run time.
#[cors(origins = std::env::var("ORIGIN").unwrap())]
#[get("/g")]
async fn g() -> &'static str {
    ""
}

fn main() {}
