//! Helpers shared by the integration tests: requests as a browser sends
//! them, and rows that send one request through an app and check the
//! response against what the row expects.
//!
//! A row reads as one case of a table:
//!
//! ```ignore
//! check(&app, [
//!     preflight("/me", SPA, "PUT").gets(204).has("access-control-allow-origin: https://spa.example.com"),
//!     actual(Method::PUT, "/me", EVIL).gets(403).lacks("access-control-"),
//! ])
//! .await;
//! ```
//!
//! A row that fails reports where it is written, the request sent, what
//! came back and each expectation it missed.

#![allow(dead_code)]

use std::fmt::{self, Display, Write as _};
use std::panic::Location;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderValue;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};

/// A request to send: method, path, header lines in order, and a body.
#[derive(Clone)]
pub struct Req {
    method: Method,
    path: String,
    headers: Vec<(String, Vec<u8>)>,
    payload: Option<&'static str>,
}

/// A request without `Origin`.
pub fn request(method: Method, path: &str) -> Req {
    Req {
        method,
        path: path.to_owned(),
        headers: Vec::new(),
        payload: None,
    }
}

/// An actual cross-origin request.
pub fn actual(method: Method, path: &str, origin: &str) -> Req {
    request(method, path).header("origin", origin)
}

/// A CORS preflight as Chromium sends it, asking for `method`.
pub fn preflight(path: &str, origin: &str, method: &str) -> Req {
    actual(Method::OPTIONS, path, origin).header("access-control-request-method", method)
}

/// An actual request whose `Host` is its `Origin`'s host: what an older
/// browser sends for a same-origin request (no `Sec-Fetch-Site`), which a
/// credentialed route's cross-origin write protection lets through
/// whether or not the origin is one the policy allows.
pub fn same_host(method: Method, path: &str, origin: &str) -> Req {
    let host = origin.split_once("://").map_or(origin, |(_, host)| host);
    actual(method, path, origin).header("host", host)
}

/// The `Access-Control-Allow-Origin` line that allows `origin`.
pub fn allow_origin(origin: &str) -> String {
    format!("access-control-allow-origin: {origin}")
}

impl Req {
    /// Sets header `name` to `value`, replacing the lines it had.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.header_bytes(name, value.as_bytes())
    }

    /// Sets header `name` to `value`, bytes that need not be text.
    pub fn header_bytes(mut self, name: &str, value: &[u8]) -> Self {
        self.headers
            .retain(|(have, _)| !have.eq_ignore_ascii_case(name));
        self.append_bytes(name, value)
    }

    /// Adds one more line of header `name`.
    pub fn append(self, name: &str, value: &str) -> Self {
        self.append_bytes(name, value.as_bytes())
    }

    fn append_bytes(mut self, name: &str, value: &[u8]) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_vec()));
        self
    }

    /// A preflight's `Access-Control-Request-Headers`.
    pub fn asking(self, headers: &str) -> Self {
        self.header("access-control-request-headers", headers)
    }

    /// The request body.
    pub fn payload(mut self, payload: &'static str) -> Self {
        self.payload = Some(payload);
        self
    }

    /// A row: this request, answered with `status`.
    #[track_caller]
    pub fn gets<'a>(self, status: u16) -> Row<'a> {
        Row {
            at: Location::caller(),
            name: None,
            request: self,
            status: StatusCode::from_u16(status).expect("an HTTP status code"),
            cors: None,
            has: Vec::new(),
            has_prefix: Vec::new(),
            lacks: Vec::new(),
            body: Vec::new(),
            calls: Vec::new(),
        }
    }

    /// The request, to call a service with directly.
    pub fn to_request(&self) -> actix_http::Request {
        self.to_test_request().to_request()
    }

    fn to_test_request(&self) -> TestRequest {
        let mut request = TestRequest::default()
            .method(self.method.clone())
            .uri(&self.path);
        for (name, value) in &self.headers {
            let value = HeaderValue::from_bytes(value).expect("a header value");
            request = request.append_header((name.as_str(), value));
        }
        if let Some(payload) = self.payload {
            request = request.set_payload(payload);
        }
        request
    }
}

impl Display for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        for (name, value) in &self.headers {
            write!(f, "\n    {name}: {}", value.escape_ascii())?;
        }
        if let Some(payload) = self.payload {
            write!(f, "\n    body {payload:?}")?;
        }
        Ok(())
    }
}

/// What a check of the body expects.
enum Body {
    Is(String),
    IsNot(String),
    StartsWith(String),
    EndsWith(String),
}

/// One case: a request and what its response must be.
pub struct Row<'a> {
    at: &'static Location<'static>,
    name: Option<String>,
    request: Req,
    status: StatusCode,
    /// The exact `access-control-*` and `vary` lines, sorted.
    cors: Option<Vec<String>>,
    has: Vec<String>,
    has_prefix: Vec<String>,
    lacks: Vec<String>,
    body: Vec<Body>,
    /// Counters the request must move, from at least `.1` to at most `.2`.
    calls: Vec<(&'a AtomicUsize, usize, Option<usize>)>,
}

impl<'a> Row<'a> {
    /// A name shown when the row fails.
    pub fn named(mut self, name: impl Display) -> Self {
        self.name = Some(name.to_string());
        self
    }

    /// The `access-control-*` and `vary` lines of the response are exactly
    /// `lines` (as `name: value`, in name order).
    pub fn cors<I>(mut self, lines: I) -> Self
    where
        I: IntoIterator,
        I::Item: Display,
    {
        self.cors = Some(lines.into_iter().map(|line| line.to_string()).collect());
        self
    }

    /// The response has no `access-control-*` or `vary` line.
    pub fn no_cors(mut self) -> Self {
        self.cors = Some(Vec::new());
        self
    }

    /// The response has the header line `line` (`name: value`).
    pub fn has(mut self, line: impl Display) -> Self {
        self.has.push(line.to_string());
        self
    }

    /// The response has a header line starting with `prefix`.
    pub fn has_prefix(mut self, prefix: &str) -> Self {
        self.has_prefix.push(prefix.to_owned());
        self
    }

    /// The response has no header line starting with `prefix`.
    pub fn lacks(mut self, prefix: &str) -> Self {
        self.lacks.push(prefix.to_owned());
        self
    }

    /// The body is exactly `body`.
    pub fn body_is(mut self, body: impl Display) -> Self {
        self.body.push(Body::Is(body.to_string()));
        self
    }

    /// The body is anything but `body`.
    pub fn body_is_not(mut self, body: &str) -> Self {
        self.body.push(Body::IsNot(body.to_owned()));
        self
    }

    /// The body starts with `start`.
    pub fn body_starts_with(mut self, start: &str) -> Self {
        self.body.push(Body::StartsWith(start.to_owned()));
        self
    }

    /// The body ends with `end`.
    pub fn body_ends_with(mut self, end: &str) -> Self {
        self.body.push(Body::EndsWith(end.to_owned()));
        self
    }

    /// Sending the request adds exactly `times` to `counter`.
    pub fn calls(mut self, counter: &'a AtomicUsize, times: usize) -> Self {
        self.calls.push((counter, times, Some(times)));
        self
    }

    /// Sending the request adds at least `times` to `counter`.
    pub fn calls_at_least(mut self, counter: &'a AtomicUsize, times: usize) -> Self {
        self.calls.push((counter, times, None));
        self
    }

    /// What the response misses of this row, one line each.
    fn misses(&self, response: &Response, moved: &[usize]) -> Vec<String> {
        let mut misses = Vec::new();
        if response.status != self.status {
            misses.push(format!(
                "status {}, expected {}",
                response.status, self.status
            ));
        }
        if let Some(cors) = &self.cors {
            if response.cors() != *cors {
                misses.push(format!("CORS lines, expected {cors:?}"));
            }
        }
        for line in &self.has {
            if !response.headers.contains(line) {
                misses.push(format!("no line {line:?}"));
            }
        }
        for prefix in &self.has_prefix {
            if !response.headers.iter().any(|h| h.starts_with(prefix)) {
                misses.push(format!("no line starting with {prefix:?}"));
            }
        }
        for prefix in &self.lacks {
            if let Some(line) = response.headers.iter().find(|h| h.starts_with(prefix)) {
                misses.push(format!("unexpected line {line:?}"));
            }
        }
        for body in &self.body {
            let (holds, expected) = match body {
                Body::Is(text) => (response.body == *text, format!("body {text:?}")),
                Body::IsNot(text) => (
                    response.body != *text,
                    format!("a body other than {text:?}"),
                ),
                Body::StartsWith(text) => (
                    response.body.starts_with(text.as_str()),
                    format!("a body starting with {text:?}"),
                ),
                Body::EndsWith(text) => (
                    response.body.ends_with(text.as_str()),
                    format!("a body ending with {text:?}"),
                ),
            };
            if !holds {
                misses.push(format!("expected {expected}"));
            }
        }
        for ((_, least, most), moved) in self.calls.iter().zip(moved) {
            if moved < least || most.is_some_and(|most| *moved > most) {
                let expected = match most {
                    Some(most) if most == least => format!("{least}"),
                    _ => format!("at least {least}"),
                };
                misses.push(format!("counter moved by {moved}, expected {expected}"));
            }
        }
        misses
    }
}

/// A response: its status, every header as a `name: value` line (sorted,
/// lower-case names) and its body.
pub struct Response {
    pub status: StatusCode,
    pub headers: Vec<String>,
    pub body: String,
}

impl Response {
    /// The `access-control-*` and `vary` lines.
    pub fn cors(&self) -> Vec<&str> {
        self.headers
            .iter()
            .map(String::as_str)
            .filter(|line| line.starts_with("access-control-") || line.starts_with("vary:"))
            .collect()
    }
}

/// Sends `request` through `app`.
pub async fn send<S, B>(app: &S, request: &Req) -> Response
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    // An error from a middleware is rendered as actix-web's server does.
    let response = match test::try_call_service(app, request.to_request()).await {
        Ok(response) => response.map_into_boxed_body(),
        Err(error) => ServiceResponse::new(
            TestRequest::default().to_http_request(),
            error.error_response(),
        ),
    };
    let status = response.status();
    let mut headers: Vec<String> = response
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect();
    headers.sort();
    let body = test::read_body(response).await;
    Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Sends the row's request through `app` and checks the response, which
/// it returns for checks of another kind (log records, events).
pub async fn step<S, B>(app: &S, row: Row<'_>) -> Response
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let before: Vec<usize> = row
        .calls
        .iter()
        .map(|(counter, ..)| counter.load(Ordering::SeqCst))
        .collect();
    let response = send(app, &row.request).await;
    let moved: Vec<usize> = row
        .calls
        .iter()
        .zip(before)
        .map(|((counter, ..), before)| counter.load(Ordering::SeqCst).wrapping_sub(before))
        .collect();
    let misses = row.misses(&response, &moved);
    if !misses.is_empty() {
        let mut report = format!("row at {}", row.at);
        if let Some(name) = &row.name {
            write!(report, " ({name})").unwrap();
        }
        write!(report, "\n  sent {}", row.request).unwrap();
        write!(report, "\n  got {}", response.status).unwrap();
        for line in &response.headers {
            write!(report, "\n    {line}").unwrap();
        }
        write!(report, "\n    body {:?}", response.body).unwrap();
        for miss in misses {
            write!(report, "\n  - {miss}").unwrap();
        }
        panic!("{report}");
    }
    response
}

/// Sends every row's request through `app`, in order, and checks each
/// response.
pub async fn check<'a, S, B>(app: &S, rows: impl IntoIterator<Item = Row<'a>>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    for row in rows {
        step(app, row).await;
    }
}

/// Log records with target `route_cors`, captured for assertions.
pub static LOGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == "route_cors"
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            LOGS.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(format!("{} {}", record.level(), record.args()));
        }
    }

    fn flush(&self) {}
}

/// Installs the capturing logger once per test binary.
pub fn capture_logs() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&Capture).expect("no other logger");
        log::set_max_level(log::LevelFilter::Trace);
    });
}
