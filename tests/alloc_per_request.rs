//! Heap allocations per request, counted with a global allocator.
//!
//! - The pure decision (origin lookup, method and header checks, echoing
//!   values) allocates nothing.
//! - A request through `Cors` allocates exactly as many times as the same
//!   request through the same app without it (a handler that sets its own
//!   `Vary` costs one new merged `Vary` value), and so does a `#[cors]`
//!   route on a path with a dynamic segment, whose preflight resource the
//!   router must not match first.
//! - For each wiring of the benchmarked policy (bare route, actix-cors,
//!   `#[cors]`, `policy!` on a scope, `#[cors]` with `RouteCors`) and each
//!   request shape: our layers add none on allowed paths, on refused actual
//!   requests and without `Origin` (compared with the same routing without
//!   CORS: `policy!` with the same scope, `#[cors]` with the same `#[get]`);
//!   an allowed preflight costs no more than a GET of that route without
//!   CORS. `cargo test --test alloc_per_request -- --nocapture` prints the
//!   table.
//!
//! One test in this binary, so that no other test allocates meanwhile.

#[path = "../benches/common/mod.rs"]
mod common;

use std::alloc::System;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{get, web, App, HttpResponse};
use route_cors::{cors, decide, policy, Decision, Policy};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

use common::{Case, Variant};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn heap_allocations_per_request() {
    deciding_allocates_nothing();
    actix_web::rt::System::new().block_on(async {
        cors_adds_no_allocation_to_a_request().await;
        a_cors_route_adds_no_allocation_on_a_dynamic_path().await;
        each_wiring_adds_no_allocation_over_its_routing().await;
    });
}

fn deciding_allocates_nothing() {
    let origins: Vec<String> = (0..1000)
        .map(|i| format!("https://app{i}.example.com"))
        .collect();
    let policy = Policy::builder()
        .allow_origins(origins)
        .allow_origin("https://*.example.org")
        .allow_origin_regex(r"https://pr-[0-9]+\.preview\.example\.net")
        .allow_methods(["GET", "PUT"])
        .allow_headers(["content-type", "x-csrf-token"])
        .allow_credentials(true)
        .build()
        .unwrap();
    let mut requests = Vec::new();
    for origin in [
        "https://app999.example.com",
        "https://a.example.org",
        "https://pr-3.preview.example.net",
        "https://evil.example.com",
    ] {
        let mut actual = HeaderMap::new();
        actual.insert(header::ORIGIN, HeaderValue::from_static(origin));
        let mut preflight = actual.clone();
        preflight.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        preflight.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_static("Content-Type, x-csrf-token"),
        );
        requests.push((Method::GET, actual));
        requests.push((Method::OPTIONS, preflight));
    }
    // Compile the regex set before measuring: it is built once per policy.
    assert!(policy.allows_origin("https://pr-1.preview.example.net"));

    let region = Region::new(GLOBAL);
    let mut allowed = 0;
    for _ in 0..100 {
        for (method, headers) in &requests {
            match decide(&policy, method, headers) {
                Decision::Actual(origin) => {
                    let echoed = origin.clone();
                    allowed += usize::from(!echoed.is_empty());
                }
                Decision::Preflight(preflight) => {
                    let echoed = preflight.origin.clone();
                    allowed += usize::from(!echoed.is_empty());
                }
                _ => {}
            }
        }
    }
    let stats = region.change();
    assert_eq!(allowed, 600);
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
}

/// Allocations made by 100 allowed cross-origin GETs through `app`, after
/// a first round that warms actix-web's pools up.
async fn allocations_per_100_requests<S, B>(app: &S, uri: &str) -> usize
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let mut counted = 0;
    for _ in 0..2 {
        // Built before measuring; the origin is shared, as in a request
        // parsed by actix-web's HTTP/1 decoder, so echoing it is a
        // reference-count increment.
        let requests: Vec<_> = (0..100)
            .map(|_| {
                TestRequest::get()
                    .uri(uri)
                    .insert_header((
                        header::ORIGIN,
                        HeaderValue::from_static("https://a.example.com"),
                    ))
                    .to_request()
            })
            .collect();
        let region = Region::new(GLOBAL);
        for request in requests {
            let response = call_service(app, request).await;
            assert_eq!(response.status(), 200);
        }
        counted = region.change().allocations;
    }
    counted
}

async fn cors_adds_no_allocation_to_a_request() {
    let handler = || async { HttpResponse::Ok().body("x") };
    let plain = init_service(App::new().route("/x", web::get().to(handler))).await;
    let with_cors = init_service(
        App::new()
            .wrap(policy!(
                origins = ["https://a.example.com", "https://*.example.org"],
                credentials = true,
                expose_headers = ["x-request-id"]
            ))
            .route("/x", web::get().to(handler)),
    )
    .await;
    let plain = allocations_per_100_requests(&plain, "/x").await;
    let with_cors = allocations_per_100_requests(&with_cors, "/x").await;
    assert!(
        plain > 0,
        "the measurement counts actix-web's own allocations"
    );
    assert_eq!(
        with_cors, plain,
        "allocations per 100 requests: {with_cors} with Cors, {plain} without"
    );
}

#[get("/items/{id}")]
async fn item_plain(id: web::Path<u32>) -> String {
    id.to_string()
}

#[cors(origins = ["https://a.example.com"], credentials = true, expose_headers = ["x-request-id"])]
#[get("/items/{id}")]
async fn item_with_cors(id: web::Path<u32>) -> String {
    id.to_string()
}

async fn a_cors_route_adds_no_allocation_on_a_dynamic_path() {
    let plain = init_service(App::new().service(item_plain)).await;
    let with_cors = init_service(App::new().service(item_with_cors)).await;
    let plain = allocations_per_100_requests(&plain, "/items/7").await;
    let with_cors = allocations_per_100_requests(&with_cors, "/items/7").await;
    assert!(
        plain > 0,
        "the measurement counts actix-web's own allocations"
    );
    assert_eq!(
        with_cors, plain,
        "allocations per 100 requests to a dynamic path: {with_cors} with #[cors], {plain} without"
    );
}

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

/// The table of allocations per request by wiring and request shape.
async fn each_wiring_adds_no_allocation_over_its_routing() {
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
}
