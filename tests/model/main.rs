//! `route_cors::decide` against a reference model of the Fetch standard's
//! CORS protocol (`fetch.rs`), on random policies and request heads
//! (`strategies.rs`), and the shrunk counterexamples as unit cases.

mod fetch;
mod strategies;

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use proptest::prelude::*;
use route_cors::{answer_preflight, decide, Decision, Policy, PolicyError};

use fetch::{PolicySpec, RequestHead, Verdict};

/// Builds the policy a spec describes, through the public builder.
fn build(spec: &PolicySpec) -> Result<Policy, PolicyError> {
    let mut builder = Policy::builder()
        .allow_origins(spec.origins.iter().cloned())
        .allow_credentials(spec.credentials)
        .allow_private_network(spec.private_network)
        .dangerously_allow_null_origin(spec.allow_null_origin)
        .dangerously_allow_insecure_origins(spec.allow_insecure_origins);
    if spec.refuse_writes {
        builder = builder.refuse_cross_origin_writes(true);
    }
    if spec.allow_writes {
        builder = builder.dangerously_allow_cross_origin_writes(true);
    }
    if let Some(methods) = &spec.methods {
        builder = builder.allow_methods(methods.iter().cloned());
    }
    if let Some(headers) = &spec.headers {
        builder = builder.allow_headers(headers.iter().cloned());
    }
    builder.build()
}

fn header_map(head: &RequestHead) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in &head.headers {
        map.append(
            HeaderName::from_static(name),
            HeaderValue::from_bytes(value).expect("strategies make valid header values"),
        );
    }
    map
}

/// The kind of a decision or verdict, without the values it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotCors,
    PreflightAllowed,
    PreflightRefused,
    ActualAllowed,
    ActualRefused,
    WriteRefused,
}

fn kind_of_decision(decision: &Decision<'_>) -> Kind {
    match decision {
        Decision::NotCors => Kind::NotCors,
        Decision::Preflight(_) => Kind::PreflightAllowed,
        Decision::PreflightRefused(_) => Kind::PreflightRefused,
        Decision::Actual(_) => Kind::ActualAllowed,
        Decision::ActualRefused => Kind::ActualRefused,
        Decision::WriteRefused(_) => Kind::WriteRefused,
        other => panic!("a decision the model does not know: {other:?}"),
    }
}

fn kind_of_verdict(verdict: &Verdict) -> Kind {
    match verdict {
        Verdict::NotCors => Kind::NotCors,
        Verdict::PreflightAllowed { .. } => Kind::PreflightAllowed,
        Verdict::PreflightRefused => Kind::PreflightRefused,
        Verdict::ActualAllowed => Kind::ActualAllowed,
        Verdict::ActualRefused => Kind::ActualRefused,
        Verdict::WriteRefused => Kind::WriteRefused,
    }
}

/// Our decision for `head` under `spec` equals the model's (either of the
/// model's answers where it says both are safe), and an allowed preflight's
/// answer is one a browser accepts, with `headers = "*"` echoing every
/// requested name.
fn agrees(spec: &PolicySpec, policy: &Policy, head: &RequestHead) -> Result<(), String> {
    let map = header_map(head);
    let method = Method::from_bytes(head.method.as_bytes()).expect("strategies make methods");
    let ours = decide(policy, &method, &map);
    let expected = [
        fetch::decide(spec, head, false),
        fetch::decide(spec, head, true),
    ];
    let Some(verdict) = expected
        .iter()
        .find(|verdict| kind_of_verdict(verdict) == kind_of_decision(&ours))
    else {
        return Err(format!("ours: {ours:?}; model: {:?}", expected[0]));
    };
    match (&ours, verdict) {
        (Decision::Actual(origin), _) => {
            let sent = head.lines("origin");
            if sent != [origin.as_bytes()] {
                return Err(format!("echoes origin {origin:?}, request sent {sent:?}"));
            }
        }
        (
            Decision::Preflight(_),
            Verdict::PreflightAllowed {
                method,
                requested_headers,
            },
        ) => {
            let answer = answer_headers(policy, head)?;
            let origin = fetch::as_text(head.lines("origin")[0]).unwrap_or_default();
            fetch::browser_accepts_preflight(
                spec.credentials,
                origin,
                method,
                requested_headers,
                &answer,
            )
            .map_err(|why| format!("a browser refuses the answer {answer:?}: {why}"))?;
            if echoes_headers(spec) {
                check_echo(requested_headers, &answer)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The headers of our answer to an allowed preflight.
fn answer_headers(policy: &Policy, head: &RequestHead) -> Result<Vec<(String, String)>, String> {
    let mut request = TestRequest::default().method(Method::OPTIONS).uri("/p");
    for (name, value) in &head.headers {
        let value = HeaderValue::from_bytes(value).expect("strategies make valid header values");
        request = request.append_header((HeaderName::from_static(name), value));
    }
    let response = answer_preflight(policy, &request.to_http_request());
    if !response.status().is_success() {
        return Err(format!("allowed preflight answered {}", response.status()));
    }
    Ok(response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("(not text)");
            (name.as_str().to_owned(), value.to_owned())
        })
        .collect())
}

/// Whether the policy allows every request header (`headers = "*"`, the
/// default), which it answers by echoing the requested names.
fn echoes_headers(spec: &PolicySpec) -> bool {
    spec.headers
        .as_ref()
        .is_none_or(|headers| headers.iter().any(|name| name == "*"))
}

/// `headers = "*"` echoes the requested names: the answer's
/// `Access-Control-Allow-Headers` lists exactly those names (DESIGN,
/// `headers`).
fn check_echo(requested: &[String], answer: &[(String, String)]) -> Result<(), String> {
    let lower_set = |names: Vec<&str>| {
        let mut names: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
        names.sort();
        names.dedup();
        names
    };
    let echoed: Vec<&str> = answer
        .iter()
        .filter(|(name, _)| name == "access-control-allow-headers")
        .flat_map(|(_, value)| value.split(','))
        .map(|item| item.trim_matches([' ', '\t']))
        .filter(|item| !item.is_empty())
        .collect();
    let requested = lower_set(requested.iter().map(String::as_str).collect());
    let echoed = lower_set(echoed);
    if requested == echoed {
        Ok(())
    } else {
        Err(format!("echoes {echoed:?}, requested {requested:?}"))
    }
}

proptest! {
    // Counterexamples are kept as unit cases below, not in a regressions file.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(256)
    })]

    #[test]
    fn decide_equals_the_model((spec, heads) in strategies::policy_and_heads()) {
        // Policies the builder refuses have no decision to compare.
        if let Ok(policy) = build(&spec) {
            for head in &heads {
                if let Err(why) = agrees(&spec, &policy, head) {
                    return Err(TestCaseError::fail(format!("{why}\n{spec:?}\n{head:?}")));
                }
            }
        }
    }
}

/// A policy of plain origins with the builder's other defaults.
fn spec(origins: &[&str]) -> PolicySpec {
    PolicySpec {
        origins: origins.iter().map(|o| (*o).to_owned()).collect(),
        credentials: false,
        methods: None,
        headers: None,
        private_network: false,
        allow_null_origin: false,
        allow_insecure_origins: false,
        refuse_writes: false,
        allow_writes: false,
    }
}

fn head(method: &str, headers: &[(&'static str, &[u8])]) -> RequestHead {
    RequestHead {
        method: method.to_owned(),
        headers: headers
            .iter()
            .map(|(name, value)| (*name, value.to_vec()))
            .collect(),
    }
}

fn assert_agrees(spec: &PolicySpec, head: &RequestHead) {
    let policy = build(spec).expect("a valid policy");
    if let Err(why) = agrees(spec, &policy, head) {
        panic!("{why}\n{spec:?}\n{head:?}");
    }
}

#[test]
fn the_model_reads_the_contract() {
    let policy = spec(&["https://app.example.com", "https://*.example.org"]);
    let cases: &[(RequestHead, Kind)] = &[
        (head("GET", &[]), Kind::NotCors),
        (
            head("GET", &[("origin", b"https://app.example.com")]),
            Kind::ActualAllowed,
        ),
        (
            head("GET", &[("origin", b"https://a.b.example.org")]),
            Kind::ActualAllowed,
        ),
        (
            head("GET", &[("origin", b"https://example.org")]),
            Kind::ActualRefused,
        ),
        (
            head("GET", &[("origin", b"https://app.example.com.evil.net")]),
            Kind::ActualRefused,
        ),
        (
            head(
                "OPTIONS",
                &[
                    ("origin", b"https://app.example.com"),
                    ("access-control-request-method", b"post"),
                    ("access-control-request-headers", b" X-A ,, x-b"),
                    ("access-control-request-headers", b"x-c"),
                ],
            ),
            Kind::PreflightAllowed,
        ),
        (
            head("OPTIONS", &[("origin", b"https://app.example.com")]),
            Kind::ActualAllowed,
        ),
        (
            head(
                "OPTIONS",
                &[
                    ("origin", b"https://app.example.com"),
                    ("access-control-request-method", b"PUT"),
                ],
            ),
            Kind::PreflightRefused,
        ),
        (
            head(
                "GET",
                &[
                    ("origin", b"https://app.example.com"),
                    ("origin", b"https://app.example.com"),
                ],
            ),
            Kind::NotCors,
        ),
    ];
    for (request, expected) in cases {
        let verdict = fetch::decide(&policy, request, false);
        assert_eq!(kind_of_verdict(&verdict), *expected, "{request:?}");
    }
}

#[test]
fn an_allowed_preflight_answers_what_a_browser_accepts() {
    let mut policy = spec(&["https://app.example.com"]);
    policy.credentials = true;
    policy.methods = Some(vec!["PUT".into(), "PATCH".into()]);
    policy.headers = Some(vec!["content-type".into(), "X-CSRF-Token".into()]);
    assert_agrees(
        &policy,
        &head(
            "OPTIONS",
            &[
                ("origin", b"https://app.example.com"),
                ("access-control-request-method", b"put"),
                (
                    "access-control-request-headers",
                    b"x-csrf-token , Content-Type",
                ),
            ],
        ),
    );
}

#[test]
fn two_origins_on_a_preflight_are_no_origin() {
    assert_agrees(
        &spec(&["https://*.example.com"]),
        &head(
            "OPTIONS",
            &[
                ("origin", b"https://a.example.com"),
                ("origin", b"https://a.example.com"),
                ("access-control-request-method", b"GET"),
            ],
        ),
    );
}

#[test]
fn two_request_method_lines_are_no_method() {
    let mut policy = spec(&["https://api.example.org"]);
    policy.methods = Some(vec!["PURGE".into(), "GET".into()]);
    assert_agrees(
        &policy,
        &head(
            "OPTIONS",
            &[
                ("origin", b"https://api.example.org"),
                ("access-control-request-method", b"PURGE"),
                ("access-control-request-method", b"patch"),
            ],
        ),
    );
}

#[test]
fn star_headers_echo_every_request_headers_line() {
    assert_agrees(
        &spec(&["https://app.example.com"]),
        &head(
            "OPTIONS",
            &[
                ("origin", b"https://app.example.com"),
                ("access-control-request-method", b"GET"),
                ("access-control-request-headers", b"x-a"),
                ("access-control-request-headers", b"x-b"),
            ],
        ),
    );
}

/// `methods = ["Delete"]` would never match what a browser sends
/// (`DELETE`): the builder refuses it with the upper-case spelling.
#[test]
fn mixed_case_normalized_methods_are_refused() {
    let mut policy = spec(&["https://app.example.com"]);
    for written in ["Delete", "Put", "get"] {
        policy.methods = Some(vec![written.into()]);
        let error = build(&policy).expect_err(written).to_string();
        assert!(
            error.contains(&format!("write \"{}\"", written.to_ascii_uppercase())),
            "{error}"
        );
    }
}

#[test]
fn subdomain_patterns_match_hosts_browsers_send() {
    let policy = spec(&["https://*.example.org", "http://*.localhost"]);
    for origin in [
        &b"https://my_app.example.org"[..],
        b"https://-a.example.org",
        b"https://a-.example.org",
        b"https://a!.example.org",
        b"https://a..b.example.org",
        b"http://my_app.localhost",
    ] {
        assert!(fetch::is_browser_origin(
            std::str::from_utf8(origin).unwrap()
        ));
        assert_agrees(&policy, &head("GET", &[("origin", origin)]));
    }
}

/// A method that is no token was allowed under `methods = "*"` (the check
/// was only for an empty value); fixed in `Policy::allows_method`.
#[test]
fn a_request_method_that_is_no_token_is_refused_under_any_method() {
    let mut policy = spec(&["*"]);
    policy.methods = Some(vec!["*".into()]);
    for requested in [&b"G ET"[..], b"GET,PUT", b"", b"PUT\xff"] {
        assert_agrees(
            &policy,
            &head(
                "OPTIONS",
                &[
                    ("origin", b"https://a.example.net"),
                    ("access-control-request-method", requested),
                ],
            ),
        );
    }
}

/// Spellings no browser sends for an allowed origin are refused, whatever
/// the kind of entry; `null` only when listed.
#[test]
fn near_misses_of_allowed_origins_are_refused() {
    let mut policy = spec(&[
        "https://app.example.com",
        "https://*.example.org",
        "http://localhost:*",
    ]);
    policy.allow_null_origin = false;
    let built = build(&policy).expect("a valid policy");
    for origin in [
        &b"https://APP.example.com"[..],
        b"https://app.example.com.",
        b"https://app.example.com/",
        b"https://app.example.com:443",
        b"https://user:pw@app.example.com",
        b"https://app.example.com.evil.net",
        b"https://evilapp.example.com",
        b"https://a.example.org.",
        b"https://a.example.org_.evil.net",
        b"https://A.example.org",
        b"http://localhost:08080",
        b"http://localhost:65536",
        b"http://localhost:",
        b"null",
        b"",
        b"https://app.example.com\xff",
    ] {
        let request = head("GET", &[("origin", origin)]);
        let map = header_map(&request);
        let ours = decide(&built, &Method::GET, &map);
        assert_eq!(ours, Decision::ActualRefused, "{request:?}");
        assert_agrees(&policy, &request);
    }
}

/// Method, headers, the kind of decision expected.
type WriteCase = (&'static str, &'static [(&'static str, &'static [u8])], Kind);

#[test]
fn cross_origin_writes_follow_go_s_algorithm() {
    let mut credentialed = spec(&["https://app.example.com"]);
    credentialed.credentials = true;
    let cases: &[WriteCase] = &[
        (
            "POST",
            &[
                ("origin", b"https://evil.example"),
                ("sec-fetch-site", b"cross-site"),
            ],
            Kind::WriteRefused,
        ),
        (
            "POST",
            &[
                ("origin", b"https://evil.example"),
                ("host", b"api.example.com"),
            ],
            Kind::WriteRefused,
        ),
        (
            "POST",
            &[
                ("origin", b"https://app.example.com"),
                ("sec-fetch-site", b"cross-site"),
            ],
            Kind::ActualAllowed,
        ),
        (
            "POST",
            &[
                ("origin", b"https://api.example.com"),
                ("host", b"api.example.com"),
            ],
            Kind::ActualRefused,
        ),
        (
            "DELETE",
            &[("sec-fetch-site", b"same-origin")],
            Kind::NotCors,
        ),
        ("PUT", &[], Kind::NotCors),
        (
            "GET",
            &[
                ("origin", b"https://evil.example"),
                ("sec-fetch-site", b"cross-site"),
            ],
            Kind::ActualRefused,
        ),
    ];
    for (method, headers, expected) in cases {
        let head = head(method, headers);
        assert_eq!(
            kind_of_verdict(&fetch::decide(&credentialed, &head, false)),
            *expected,
            "{head:?}"
        );
        assert_agrees(&credentialed, &head);
    }
    let mut opted_out = credentialed.clone();
    opted_out.allow_writes = true;
    let cross_site = head(
        "POST",
        &[
            ("origin", b"https://evil.example"),
            ("sec-fetch-site", b"cross-site"),
        ],
    );
    assert_eq!(
        kind_of_verdict(&fetch::decide(&opted_out, &cross_site, false)),
        Kind::ActualRefused
    );
    assert_agrees(&opted_out, &cross_site);
    let mut opted_in = spec(&["https://app.example.com"]);
    opted_in.refuse_writes = true;
    assert_eq!(
        kind_of_verdict(&fetch::decide(&opted_in, &cross_site, false)),
        Kind::WriteRefused
    );
    assert_agrees(&opted_in, &cross_site);
}
