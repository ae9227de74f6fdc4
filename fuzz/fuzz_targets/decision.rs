//! The whole decision: an arbitrary policy (skipped when `build()` refuses
//! it) and an arbitrary request head. Never panics, also when an allowed
//! preflight is answered and an actual response is decorated.
#![no_main]

use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use route_cors::{answer_preflight, decide, Decision, Policy};

/// The request headers the decision reads, and one it does not.
const NAMES: [&str; 6] = [
    "origin",
    "access-control-request-method",
    "access-control-request-headers",
    "access-control-request-private-network",
    "vary",
    "x-other",
];

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    origins: Vec<&'a str>,
    origin_regex: Option<&'a str>,
    methods: Option<Vec<&'a str>>,
    headers: Option<Vec<&'a str>>,
    expose_headers: Vec<&'a str>,
    max_age: Option<i64>,
    flags: u8,
    method: &'a [u8],
    lines: Vec<(u8, &'a [u8])>,
}

fuzz_target!(|input: Input<'_>| {
    let mut builder = Policy::builder()
        .allow_origins(input.origins.iter().copied())
        .expose_headers(input.expose_headers.iter().copied())
        .allow_credentials(input.flags & 1 != 0)
        .allow_private_network(input.flags & 2 != 0)
        .dangerously_allow_null_origin(input.flags & 4 != 0)
        .dangerously_allow_insecure_origins(input.flags & 8 != 0);
    if let Some(regex) = input.origin_regex.filter(|regex| regex.len() <= 64) {
        builder = builder.allow_origin_regex(regex);
    }
    if let Some(methods) = &input.methods {
        builder = builder.allow_methods(methods.iter().copied());
    }
    if let Some(headers) = &input.headers {
        builder = builder.allow_headers(headers.iter().copied());
    }
    if let Some(max_age) = input.max_age {
        builder = builder.max_age(max_age);
    }
    let Ok(policy) = builder.build() else {
        return;
    };
    let Ok(method) = Method::from_bytes(input.method) else {
        return;
    };
    let mut request = TestRequest::default().method(method.clone()).uri("/p");
    for (name, value) in &input.lines {
        let name = HeaderName::from_static(NAMES[usize::from(*name) % NAMES.len()]);
        if let Ok(value) = HeaderValue::from_bytes(value) {
            request = request.append_header((name, value));
        }
    }
    let request = request.to_http_request();
    match decide(&policy, &method, request.headers()) {
        Decision::Preflight(_) | Decision::PreflightRefused(_) => {
            let answer = answer_preflight(&policy, &request);
            assert!(answer.status().as_u16() == 204 || answer.status().as_u16() == 403);
        }
        Decision::Actual(origin) => {
            assert_eq!(Some(origin), request.headers().get("origin"));
        }
        Decision::NotCors | Decision::ActualRefused => {}
        other => panic!("a decision this target does not know: {other:?}"),
    }
});
