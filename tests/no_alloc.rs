//! The decision and the header values allocate nothing per request: origin
//! lookup, method and header checks, and cloning the prebuilt values.
//!
//! One test in this binary, so that no other test allocates meanwhile.

use std::alloc::System;

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use route_cors::{decide, Decision, Policy};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
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
