// These compile: each `dangerously_*` key changes what is allowed. The
// case fails to compile only on the line below, so the keys are checked
// not to be refused.
use actix_web::get;
use route_cors::cors;

fn partner(origin: &str) -> bool {
    origin == "null"
}

#[cors(origins = ["http://intranet.example.com"], credentials = true, dangerously_allow_insecure_origins = true)]
#[get("/a")]
async fn a() -> &'static str {
    ""
}

#[cors(origin_fn = partner, credentials = true, dangerously_allow_insecure_origins = true, dangerously_allow_null_origin = true)]
#[get("/b")]
async fn b() -> &'static str {
    ""
}

#[cors(origins = ["null", "https://*.example.com", "https://app.example.net"], dangerously_allow_null_origin = true)]
#[get("/c")]
async fn c() -> &'static str {
    ""
}

fn main() {
    let _: () = "the only error";
}
