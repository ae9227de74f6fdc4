//! Sends `BENCH_REQUESTS` requests of one shape through one wiring of the
//! benchmarked policy, in process (`init_service` + `call_service`), after
//! a warm-up; `scripts/bench-instructions.sh` runs it under callgrind to
//! count the instructions one request costs.
//!
//! `BENCH_VARIANT=cors-attribute BENCH_CASE=actual-allowed BENCH_REQUESTS=1000 cargo run --release --example request_loop`

#[path = "../benches/common/mod.rs"]
mod common;

use actix_web::test::{call_service, init_service};

use common::{Case, Variant};

fn main() {
    let variable =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    let variant = Variant::from_name(&variable("BENCH_VARIANT", "bare")).expect("BENCH_VARIANT");
    let case_name = variable("BENCH_CASE", "actual-allowed");
    let case = Case::ALL
        .into_iter()
        .find(|case| case.name() == case_name)
        .expect("BENCH_CASE");
    let requests: usize = variable("BENCH_REQUESTS", "1000")
        .parse()
        .expect("BENCH_REQUESTS");
    actix_web::rt::System::new().block_on(async {
        with_app!(variant, |app| {
            let service = init_service(app()).await;
            for _ in 0..100 {
                drop(call_service(&service, case.request().to_request()).await);
            }
            let mut statuses = 0u64;
            for _ in 0..requests {
                let response = call_service(&service, case.request().to_request()).await;
                statuses += u64::from(response.status().as_u16());
            }
            std::hint::black_box(statuses);
        })
    });
}
