//! The server `scripts/bench-wire.sh` loads: one wiring of the benchmarked
//! policy on `GET /api/items`, on one worker thread.
//!
//! `BENCH_VARIANT=route-cors-app BENCH_PORT=8181 cargo run --release --example bench_server`
//! (variants: bare, actix-cors, cors-attribute, policy-scope,
//! route-cors-app, bare-scope, bare-get, bare-headers).

#[path = "../benches/common/mod.rs"]
mod common;

use actix_web::HttpServer;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let name = std::env::var("BENCH_VARIANT").unwrap_or_else(|_| "bare".into());
    let variant = common::Variant::from_name(&name).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("unknown BENCH_VARIANT {name:?}"),
        )
    })?;
    let port: u16 = std::env::var("BENCH_PORT")
        .ok()
        .and_then(|port| port.parse().ok())
        .unwrap_or(8181);
    with_app!(variant, |app| {
        HttpServer::new(app)
            .workers(1)
            .bind(("127.0.0.1", port))?
            .run()
            .await
    })
}
