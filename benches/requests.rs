//! A request through a real actix-web service, for each wiring of the same
//! policy (bare route, actix-cors, `#[cors]`, `policy!` on a scope,
//! `#[cors]` with `RouteCors`) and each request shape (allowed and refused
//! actual requests and preflights, no `Origin`).
//!
//! `cargo bench --bench requests`

mod common;

use std::time::{Duration, Instant};

use actix_web::dev::Service;
use actix_web::test::{call_service, init_service};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use common::{Case, Variant};

/// Requests built before timing, per timed batch.
const BATCH: u64 = 512;

fn requests(c: &mut Criterion) {
    let system = actix_web::rt::System::new();
    for case in Case::ALL {
        let mut group = c.benchmark_group(case.name());
        group.throughput(Throughput::Elements(1));
        for variant in Variant::ALL {
            with_app!(variant, |app| {
                let service = system.block_on(init_service(app()));
                group.bench_function(BenchmarkId::from_parameter(variant.name()), |b| {
                    b.iter_custom(|iters| time_requests(&system, &service, case, iters))
                });
            });
        }
        group.finish();
    }
}

/// The time `iters` requests of `case` take through `service`, the
/// requests built outside the timed part.
fn time_requests<S, B>(
    system: &actix_web::rt::SystemRunner,
    service: &S,
    case: Case,
    iters: u64,
) -> Duration
where
    S: Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    system.block_on(async {
        let mut elapsed = Duration::ZERO;
        let mut left = iters;
        while left > 0 {
            let batch: Vec<_> = (0..left.min(BATCH))
                .map(|_| case.request().to_request())
                .collect();
            left -= batch.len() as u64;
            let start = Instant::now();
            for request in batch {
                let response = call_service(service, request).await;
                std::hint::black_box(response);
            }
            elapsed += start.elapsed();
        }
        elapsed
    })
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = requests
}
criterion_main!(benches);
