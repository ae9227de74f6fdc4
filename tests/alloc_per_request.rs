//! Heap allocations per request for each wiring of the benchmarked policy
//! (bare route, actix-cors, `#[cors]`, `policy!` on a scope, `#[cors]` with
//! `RouteCors`) and each request shape, counted with a global allocator.
//! Our layers add none on allowed paths, on refused actual requests and
//! without `Origin` (compared with the same routing without CORS: `policy!`
//! with the same scope, `#[cors]` with the same `#[get]`); an allowed preflight costs no more than a GET of
//! that route without CORS. `cargo test --test alloc_per_request -- --nocapture`
//! prints the table.
//!
//! One test in this binary, so that no other test allocates meanwhile.

#[path = "../benches/common/mod.rs"]
mod common;

use std::alloc::System;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{call_service, init_service};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

use common::{Case, Variant};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const REQUESTS: usize = 100;

/// Allocations per request of `case` through `service`, after a first
/// round that warms actix-web's pools up; the requests are built before
/// counting.
async fn allocations_per_request<S, B>(service: &S, case: Case) -> f64
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let mut counted = 0;
    for _ in 0..2 {
        let requests: Vec<_> = (0..REQUESTS).map(|_| case.request().to_request()).collect();
        let region = Region::new(GLOBAL);
        for request in requests {
            drop(call_service(service, request).await);
        }
        counted = region.change().allocations;
    }
    counted as f64 / REQUESTS as f64
}

#[test]
fn allocations_per_request_by_wiring() {
    actix_web::rt::System::new().block_on(async {
        let mut table = Vec::new();
        for variant in Variant::ALL {
            let mut row = Vec::new();
            with_app!(variant, |app| {
                let service = init_service(app()).await;
                for case in Case::ALL {
                    row.push(allocations_per_request(&service, case).await);
                }
            });
            table.push((variant, row));
        }
        print!("{:<16}", "allocations");
        for case in Case::ALL {
            print!("{:>19}", case.name());
        }
        println!();
        for (variant, row) in &table {
            print!("{:<16}", variant.name());
            for count in row {
                print!("{count:>19.2}");
            }
            println!();
        }
        let row_of = |wanted: Variant| &table.iter().find(|(v, _)| *v == wanted).unwrap().1;
        for (variant, row) in &table {
            if matches!(
                variant,
                Variant::Bare
                    | Variant::BareScope
                    | Variant::BareGet
                    | Variant::BareHeaders
                    | Variant::ActixCors
                    | Variant::PlainApp
            ) {
                continue;
            }
            let bare = row_of(variant.baseline());
            let bare_get = bare[0];
            for (case, (&ours, &plain)) in Case::ALL.iter().zip(row.iter().zip(bare)) {
                match case {
                    Case::Preflight => assert!(
                        ours <= bare_get,
                        "{} {}: {ours} allocations, the bare GET {bare_get}",
                        variant.name(),
                        case.name()
                    ),
                    // A refused preflight's 403 names the reason in its body.
                    Case::PreflightRefused => {}
                    _ => assert_eq!(
                        ours,
                        plain,
                        "{} {}: {ours} allocations, the same route without CORS {plain}",
                        variant.name(),
                        case.name()
                    ),
                }
            }
        }
    });
}
