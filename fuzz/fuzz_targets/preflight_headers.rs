//! `Access-Control-Request-Headers` parsing and the whole preflight
//! decision on arbitrary header bytes: the input, split on `\n`, gives the
//! request-headers lines (lines a `HeaderValue` cannot hold are dropped).
//! Never panics, and an allowed preflight under a header list asked only for
//! listed names.
#![no_main]

use std::sync::OnceLock;

use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use libfuzzer_sys::fuzz_target;
use route_cors::{decide, Decision, Policy};

const LISTED: [&str; 2] = ["content-type", "x-csrf-token"];

fn policies() -> &'static [Policy; 2] {
    static POLICIES: OnceLock<[Policy; 2]> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let listed = Policy::builder()
            .allow_origin("https://app.example.com")
            .allow_methods(["PUT"])
            .allow_headers(LISTED)
            .allow_credentials(true)
            .build()
            .expect("a valid policy");
        let echoed = Policy::builder()
            .allow_origin("https://app.example.com")
            .allow_methods(["PUT"])
            .build()
            .expect("a valid policy");
        [listed, echoed]
    })
}

fuzz_target!(|data: &[u8]| {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ORIGIN,
        HeaderValue::from_static("https://app.example.com"),
    );
    headers.insert(
        header::ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("PUT"),
    );
    for line in data.split(|b| *b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(line) {
            headers.append(header::ACCESS_CONTROL_REQUEST_HEADERS, value);
        }
    }
    let [listed, echoed] = policies();
    if let Decision::Preflight(_) = decide(listed, &Method::OPTIONS, &headers) {
        for line in headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS) {
            let line = line
                .to_str()
                .expect("an allowed preflight's lines are text");
            for name in line.split(',').map(|n| n.trim_matches([' ', '\t'])) {
                let name = name.to_ascii_lowercase();
                assert!(
                    name.is_empty() || LISTED.contains(&name.as_str()),
                    "{name:?}"
                );
            }
        }
    }
    let _ = decide(echoed, &Method::OPTIONS, &headers);
});
