//! Random policies and request heads. Request origins are mostly derived
//! from the policy's own entries and then bent (case, ports, trailing dots,
//! user info, IDN and Punycode, suffixes, `null`, long and non-text values),
//! so that matches and near misses are both common.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::fetch::{PolicySpec, RequestHead};

const HOSTS: &[&str] = &[
    "example.com",
    "api.example.org",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "xn--bcher-kva.example",
    "my_app.example.com",
];

const PARENTS: &[&str] = &[
    "example.com",
    "example.org",
    "xn--bcher-kva.example",
    "localhost",
];

/// Entries a user might write, some of which `build()` refuses.
const ODD_ORIGINS: &[&str] = &[
    "capacitor://localhost",
    "tauri://localhost",
    "https://Example.com",
    "https://example.com/",
    "https://example.com.",
    "https://u@example.com",
    "https://example.com:443",
    "http://xn--f",
    "ws://example.com",
    "http://foo.localhost",
    "http://127.127.127.127",
];

const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "Delete", "Put", "patch", "PURGE",
    "*",
];

const HEADERS: &[&str] = &[
    "content-type",
    "X-CSRF-Token",
    "x-requested-with",
    "authorization",
    "X-Custom",
    "*",
];

fn scheme() -> impl Strategy<Value = &'static str> {
    select(&["https", "http"][..])
}

fn port_suffix() -> impl Strategy<Value = &'static str> {
    select(&["", "", ":8080", ":3000"][..])
}

fn policy_origin() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("*".to_owned()),
        1 => Just("null".to_owned()),
        4 => (scheme(), select(HOSTS), port_suffix())
            .prop_map(|(s, h, p)| format!("{s}://{h}{p}")),
        3 => (scheme(), select(PARENTS), port_suffix())
            .prop_map(|(s, h, p)| format!("{s}://*.{h}{p}")),
        2 => (scheme(), select(HOSTS)).prop_map(|(s, h)| format!("{s}://{h}:*")),
        1 => select(ODD_ORIGINS).prop_map(str::to_owned),
    ]
}

fn policy_spec() -> impl Strategy<Value = PolicySpec> {
    (
        vec(policy_origin(), 1..4),
        any::<bool>(),
        proptest::option::of(vec(select(METHODS), 1..4)),
        proptest::option::weighted(0.6, vec(select(HEADERS), 1..4)),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..4,
    )
        .prop_map(
            |(origins, credentials, methods, headers, pna, null, insecure, writes)| PolicySpec {
                origins,
                credentials,
                methods: methods.map(|m| m.into_iter().map(str::to_owned).collect()),
                headers: headers.map(|h| h.into_iter().map(str::to_owned).collect()),
                private_network: pna,
                allow_null_origin: null,
                allow_insecure_origins: insecure,
                // The switches where they do something: on without
                // credentials, off with them.
                refuse_writes: writes == 0 && !credentials,
                allow_writes: writes == 0 && credentials,
            },
        )
}

/// A policy and several request heads to decide under it.
pub fn policy_and_heads() -> impl Strategy<Value = (PolicySpec, Vec<RequestHead>)> {
    policy_spec().prop_flat_map(|spec| {
        let default_methods = ["GET", "HEAD", "POST"].map(String::from).to_vec();
        let methods = spec.methods.clone().unwrap_or(default_methods);
        let heads = vec(request_head(spec.origins.clone(), methods), 1..12);
        (Just(spec), heads)
    })
}

/// Labels that stand in for the `*.` of a subdomain pattern.
const LABELS: &[&str] = &[
    "a",
    "app",
    "a.b",
    "my_app",
    "xn--bcher-kva",
    "bücher",
    "xn--f",
    "A",
    "-a",
    "a-",
    "",
    "a..b",
    "a!",
];

/// Ports that stand in for the `*` of an any-port pattern.
const PORTS: &[&str] = &[
    "", ":1", ":80", ":443", ":8080", ":08080", ":65535", ":65536", ":0", ":+80", ":",
];

/// One of the policy's entries made into an origin a browser might send.
fn concrete(entry: &str, label: &str, port: &str) -> String {
    if entry == "*" {
        return format!("https://{label}.example.net{port}");
    }
    let with_label = entry.replacen("*.", &format!("{label}."), 1);
    match with_label.strip_suffix(":*") {
        Some(base) => format!("{base}{port}"),
        None => with_label,
    }
}

/// How a derived origin is bent before it is sent.
fn bend(origin: String, how: u8) -> Vec<u8> {
    let upper_first_host_letter = |origin: &str| {
        let start = origin.find("://").map_or(0, |at| at + 3);
        let mut bytes = origin.as_bytes().to_vec();
        if let Some(b) = bytes[start..].iter_mut().find(|b| b.is_ascii_lowercase()) {
            *b = b.to_ascii_uppercase();
        }
        bytes
    };
    match how {
        0..=9 => origin.into_bytes(),
        10 => upper_first_host_letter(&origin),
        11 => origin.to_ascii_uppercase().into_bytes(),
        12 => format!("{origin}.").into_bytes(),
        13 => format!("{origin}/").into_bytes(),
        14 => origin.replacen("://", "://user:pw@", 1).into_bytes(),
        15 => format!("{origin}.evil.net").into_bytes(),
        16 => origin.replacen("://", "://evil", 1).into_bytes(),
        17 => origin.replacen("https://", "http://", 1).into_bytes(),
        18 => origin.replacen("http://", "https://", 1).into_bytes(),
        19 => format!("{origin}:443").into_bytes(),
        20 => format!("{origin}:80").into_bytes(),
        21 => b"null".to_vec(),
        22 => format!("{origin}{}", ".a".repeat(300)).into_bytes(),
        23 => [origin.as_bytes(), b"\xff"].concat(),
        24 => format!("{origin}é").into_bytes(),
        25 => Vec::new(),
        26 => format!(" {origin} ").into_bytes(),
        27 => format!("{origin}_.evil.net").into_bytes(),
        _ => origin.replacen("://", "://xn--bcher-kva.", 1).into_bytes(),
    }
}

fn request_origin(entries: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    (select(entries), select(LABELS), select(PORTS), 0u8..30)
        .prop_map(|(entry, label, port, how)| bend(concrete(&entry, label, port), how))
}

/// Methods of `Access-Control-Request-Method`, in any case, and a few that
/// are no method at all.
const REQUESTED_METHODS: &[&[u8]] = &[
    b"GET", b"get", b"Get", b"PUT", b"put", b"DELETE", b"delete", b"Delete", b"PATCH", b"patch",
    b"Patch", b"POST", b"HEAD", b"OPTIONS", b"options", b"PURGE", b"purge", b"", b"G ET",
    b"GET,PUT", b"*", b"PUT\xff",
];

/// Items of `Access-Control-Request-Headers`.
const REQUESTED_HEADERS: &[&[u8]] = &[
    b"content-type",
    b"Content-Type",
    b"CONTENT-TYPE",
    b"x-csrf-token",
    b"X-CSRF-Token",
    b"x-requested-with",
    b"authorization",
    b"x-custom",
    b"x-other",
    b"",
    b" ",
    b"\t",
    b"bad name",
    b"a@b",
    b"x-\xc3\xa9",
    b"*",
];

/// Values of `Access-Control-Request-Private-Network`.
const PRIVATE_NETWORK: &[&[u8]] = &[b"true", b"false"];

const SEPARATORS: &[&[u8]] = &[b",", b",", b", ", b" ,", b",,", b",\t", b" , "];

fn requested_headers_line() -> impl Strategy<Value = Vec<u8>> {
    vec((select(REQUESTED_HEADERS), select(SEPARATORS)), 0..5).prop_map(|items| {
        let mut line = Vec::new();
        for (index, (item, separator)) in items.iter().enumerate() {
            if index > 0 {
                line.extend_from_slice(separator);
            }
            line.extend_from_slice(item);
        }
        line
    })
}

/// A requested method: one of the policy's in some case, or any other.
fn requested_method(allowed: Vec<String>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        select(REQUESTED_METHODS).prop_map(<[u8]>::to_vec),
        (select(allowed), 0u8..3).prop_map(|(method, case)| match case {
            0 => method.into_bytes(),
            1 => method.to_ascii_lowercase().into_bytes(),
            _ => method.to_ascii_uppercase().into_bytes(),
        }),
    ]
}

/// `Sec-Fetch-Site` values: the four a browser sends, and others.
const FETCH_SITES: &[&[u8]] = &[
    b"same-origin",
    b"none",
    b"cross-site",
    b"same-site",
    b"Same-Origin",
    b"",
];

fn request_head(entries: Vec<String>, methods: Vec<String>) -> impl Strategy<Value = RequestHead> {
    let method = select(
        &[
            "OPTIONS", "OPTIONS", "OPTIONS", "OPTIONS", "GET", "POST", "PUT", "options", "PATCH",
        ][..],
    );
    let origins = prop_oneof![
        1 => Just(0usize),
        12 => Just(1usize),
        1 => Just(2usize),
    ]
    .prop_flat_map(move |count| vec(request_origin(entries.clone()), count));
    let request_methods = prop_oneof![
        1 => Just(Vec::new()),
        8 => vec(requested_method(methods.clone()), 1..2),
        1 => vec(requested_method(methods), 2..3),
    ];
    let request_headers = prop_oneof![
        3 => vec(requested_headers_line(), 0..2),
        1 => vec(requested_headers_line(), 2..4),
    ];
    let private_network = proptest::option::weighted(0.1, select(PRIVATE_NETWORK));
    let fetch_site = prop_oneof![
        3 => Just(Vec::new()),
        4 => vec(select(FETCH_SITES), 1..2),
        1 => vec(select(FETCH_SITES), 2..3),
    ];
    // No `Host`, the first origin's host (a same-origin request), or the
    // API's own.
    let host = 0u8..3;
    (
        method,
        origins,
        request_methods,
        request_headers,
        private_network,
        fetch_site,
        host,
    )
        .prop_map(|(method, origins, methods, headers, pna, sites, host)| {
            let mut lines: Vec<(&'static str, Vec<u8>)> = Vec::new();
            let origin_host = origins.first().and_then(|origin| {
                let at = origin.windows(3).position(|window| window == b"://")?;
                Some(origin[at + 3..].to_vec())
            });
            match host {
                1 => lines.extend(origin_host.map(|host| ("host", host))),
                2 => lines.push(("host", b"api.example.com".to_vec())),
                _ => {}
            }
            lines.extend(
                sites
                    .into_iter()
                    .map(|site| ("sec-fetch-site", site.to_vec())),
            );
            lines.extend(origins.into_iter().map(|o| ("origin", o)));
            lines.extend(
                methods
                    .into_iter()
                    .map(|m| ("access-control-request-method", m)),
            );
            lines.extend(
                headers
                    .into_iter()
                    .map(|h| ("access-control-request-headers", h)),
            );
            lines.extend(pna.map(|p| ("access-control-request-private-network", p.to_vec())));
            RequestHead {
                method: method.to_owned(),
                headers: lines,
            }
        })
}
