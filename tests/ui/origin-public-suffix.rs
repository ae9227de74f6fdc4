// Subdomain patterns on a public suffix, from both sections of the list, with
// and without credentials.

use actix_web::get;
use route_cors::cors;

#[cors(origins = "https://*.com")]
#[get("/items")]
async fn public_suffix_com() -> &'static str {
    "[]"
}

#[cors(origins = "https://*.co.uk")]
#[get("/items")]
async fn public_suffix_co_uk() -> &'static str {
    "[]"
}

#[cors(origins = "https://*.github.io")]
#[get("/items")]
async fn public_suffix_github_io() -> &'static str {
    "[]"
}

#[cors(origins = "https://*.deno.dev", credentials = true)]
#[get("/items")]
async fn public_suffix_deno_dev() -> &'static str {
    "[]"
}

fn main() {}
