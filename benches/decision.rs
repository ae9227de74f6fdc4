//! The pure decision, and origin lookup as the origin lists grow: exact
//! origins (1, 100, 10,000), subdomain patterns (1, 1,000) and regexes
//! (1, 50).
//!
//! `cargo bench --bench decision`

mod common;

use std::hint::black_box;

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use route_cors::{decide, Policy};

fn headers(lines: &[(header::HeaderName, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in lines {
        map.append(name.clone(), HeaderValue::from_static(value));
    }
    map
}

fn decision(c: &mut Criterion) {
    let layer = common::policy_layer();
    let policy = layer.policy();
    let preflight = |origin| {
        headers(&[
            (header::ORIGIN, origin),
            (header::ACCESS_CONTROL_REQUEST_METHOD, "GET"),
            (
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type, x-csrf-token",
            ),
        ])
    };
    let cases = [
        (
            "actual-allowed",
            Method::GET,
            headers(&[(header::ORIGIN, "https://app.example.com")]),
        ),
        (
            "actual-refused",
            Method::GET,
            headers(&[(header::ORIGIN, "https://evil.example.net")]),
        ),
        (
            "preflight-allowed",
            Method::OPTIONS,
            preflight("https://app.example.com"),
        ),
        (
            "preflight-refused",
            Method::OPTIONS,
            preflight("https://evil.example.net"),
        ),
        ("no-origin", Method::GET, HeaderMap::new()),
    ];
    let mut group = c.benchmark_group("decide");
    for (name, method, headers) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| black_box(decide(policy, black_box(method), black_box(headers))))
        });
    }
    group.finish();
}

/// Policies whose origin lists have `n` entries, each asked about its last
/// entry (the allowed case) and about an origin it does not list. Every
/// list's origins have the same length, so that sizes compare like with
/// like (hashing a longer origin costs more, whatever the list).
fn origin_lookup(c: &mut Criterion) {
    let mut group = c.benchmark_group("origin-lookup");
    let mut bench = |kind: &str, n: usize, policy: Policy, allowed: String| {
        assert!(policy.allows_origin(&allowed), "{allowed}");
        let refused = "https://nowhere.example.net";
        assert!(!policy.allows_origin(refused));
        group.bench_with_input(
            BenchmarkId::new(format!("{kind}/allowed"), n),
            &n,
            |b, _| b.iter(|| policy.allows_origin(black_box(&allowed))),
        );
        group.bench_with_input(
            BenchmarkId::new(format!("{kind}/refused"), n),
            &n,
            |b, _| b.iter(|| policy.allows_origin(black_box(refused))),
        );
    };
    for n in [1, 100, 10_000] {
        let origins = (0..n).map(|i| format!("https://app{}.example.com", 10_000 + i));
        let policy = Policy::builder().allow_origins(origins).build().unwrap();
        bench(
            "exact",
            n,
            policy,
            format!("https://app{}.example.com", 10_000 + n - 1),
        );
    }
    for n in [1, 1_000] {
        let patterns = (0..n).map(|i| format!("https://*.tenant{}.example.com", 1_000 + i));
        let policy = Policy::builder().allow_origins(patterns).build().unwrap();
        let allowed = format!("https://app.tenant{}.example.com", 1_000 + n - 1);
        bench("subdomain-pattern", n, policy, allowed);
    }
    for n in [1, 50] {
        let policy = (0..n)
            .fold(Policy::builder(), |builder, i| {
                builder.allow_origin_regex(format!(
                    r"https://pr-[0-9]+\.preview{}\.example\.org",
                    10 + i
                ))
            })
            .build()
            .unwrap();
        let allowed = format!("https://pr-42.preview{}.example.org", 10 + n - 1);
        bench("regex", n, policy, allowed);
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = decision, origin_lookup
}
criterion_main!(benches);
