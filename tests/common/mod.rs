//! Helpers shared by the integration tests: requests as a browser sends
//! them, and assertions on the exact CORS headers of a response.

#![allow(dead_code)]

use std::sync::{Mutex, Once};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};

/// A CORS preflight as Chromium sends it.
pub fn preflight(path: &str, origin: &str, method: &str, headers: Option<&str>) -> TestRequest {
    let mut request = TestRequest::default()
        .method(Method::OPTIONS)
        .uri(path)
        .insert_header(("origin", origin))
        .insert_header(("access-control-request-method", method));
    if let Some(headers) = headers {
        request = request.insert_header(("access-control-request-headers", headers));
    }
    request
}

/// An actual cross-origin request.
pub fn actual(method: Method, path: &str, origin: &str) -> TestRequest {
    TestRequest::default()
        .method(method)
        .uri(path)
        .insert_header(("origin", origin))
}

/// An actual request whose `Host` is its `Origin`'s host: what an older
/// browser sends for a same-origin request (no `Sec-Fetch-Site`), which a
/// credentialed route's cross-origin write protection lets through
/// whether or not the origin is one the policy allows.
pub fn same_host(method: Method, path: &str, origin: &str) -> TestRequest {
    let host = origin.split_once("://").map_or(origin, |(_, host)| host);
    actual(method, path, origin).insert_header(("host", host))
}

/// Sends a request, returning the status, every header as `name: value`
/// lines (sorted, lower-case names) and the body.
pub async fn send<S, B>(app: &S, request: TestRequest) -> (StatusCode, Vec<String>, String)
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
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// The `access-control-*` and `vary` lines of a header list.
pub fn cors_headers(headers: &[String]) -> Vec<&str> {
    headers
        .iter()
        .map(String::as_str)
        .filter(|line| line.starts_with("access-control-") || line.starts_with("vary:"))
        .collect()
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
