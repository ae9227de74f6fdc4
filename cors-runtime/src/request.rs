//! Reading the CORS request headers (Fetch standard, "CORS protocol").

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::Method;

/// `Access-Control-Request-Private-Network` (Private Network Access).
pub(crate) const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// The `Origin` header, when there is exactly one.
pub(crate) fn origin(headers: &HeaderMap) -> Option<&HeaderValue> {
    let mut origins = headers.get_all(header::ORIGIN);
    let first = origins.next()?;
    origins.next().is_none().then_some(first)
}

/// A header value as text, when every byte is visible ASCII or a tab: what
/// `HeaderValue::to_str` accepts, checked without a branch per byte.
pub(crate) fn text(value: &HeaderValue) -> Option<&str> {
    let bytes = value.as_bytes();
    let visible = bytes.iter().fold(true, |visible, &b| {
        visible & ((b' '..=b'~').contains(&b) | (b == b'\t'))
    });
    visible.then(|| std::str::from_utf8(bytes).ok()).flatten()
}

/// Whether this is a CORS preflight: `OPTIONS` with
/// `Access-Control-Request-Method` and `Origin`. Any other `OPTIONS` is an
/// ordinary request for the handler.
pub(crate) fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS && preflight_method(method, headers, origin(headers)).is_some()
}

/// The method a preflight asks for ([`requested_method`]), or `None` when
/// the request is no preflight; `origin` is the request's `Origin` as
/// [`origin`] reads it, for a caller that has read it already.
pub(crate) fn preflight_method<'a>(
    method: &Method,
    headers: &'a HeaderMap,
    origin: Option<&HeaderValue>,
) -> Option<&'a str> {
    if method != Method::OPTIONS || origin.is_none() {
        return None;
    }
    requested_method_line(headers)
}

/// The `Access-Control-Request-Method` value, when there is exactly one line
/// of visible ASCII; otherwise `""`, which no policy allows (two lines are
/// one value `A, B` by RFC 9110 section 5.3, which is no method).
pub(crate) fn requested_method(headers: &HeaderMap) -> &str {
    requested_method_line(headers).unwrap_or("")
}

/// [`requested_method`], or `None` when the request has no
/// `Access-Control-Request-Method` at all: one lookup tells both whether a
/// request is a preflight and what it asks for.
fn requested_method_line(headers: &HeaderMap) -> Option<&str> {
    let mut lines = headers.get_all(header::ACCESS_CONTROL_REQUEST_METHOD);
    let first = lines.next()?;
    Some(match lines.next() {
        // `to_str`, not `text`: for a value this short, its byte loop is
        // cheaper than `text`'s call to `from_utf8`.
        None => first.to_str().unwrap_or(""),
        Some(_) => "",
    })
}

/// The value an echoing policy (`headers = "*"`) sends back in
/// `Access-Control-Allow-Headers`: the request's
/// `Access-Control-Request-Headers`, every line of it joined into one
/// value (several lines mean the same as one joined with `,`, RFC 9110
/// section 5.3). Only a request with several lines costs an allocation.
pub(crate) fn echoed_request_headers(headers: &HeaderMap) -> Option<HeaderValue> {
    let mut lines = headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS);
    let first = lines.next()?;
    let Some(second) = lines.next() else {
        return Some(first.clone());
    };
    let mut joined = first.as_bytes().to_vec();
    for line in std::iter::once(second).chain(lines) {
        joined.extend_from_slice(b", ");
        joined.extend_from_slice(line.as_bytes());
    }
    HeaderValue::from_bytes(&joined).ok()
}

/// The method a request is routed for: the requested method of a preflight
/// (as the browser normalizes it), else the request's own method.
pub(crate) fn routed_method<'a>(method: &'a Method, headers: &'a HeaderMap) -> &'a str {
    if is_preflight(method, headers) {
        route_cors_rules::normalize_method(requested_method(headers))
    } else {
        method.as_str()
    }
}

/// Leaves a `debug` record of an actual request whose origin the policy
/// does not allow, so that a response without `Access-Control-Allow-Origin`
/// has a server-side answer.
pub(crate) fn log_refused_origin(req: &actix_web::dev::ServiceRequest) {
    if log::log_enabled!(target: "route_cors", log::Level::Debug) {
        let origin = origin(req.headers()).map_or("", |o| o.to_str().unwrap_or("(not text)"));
        log::debug!(
            target: "route_cors",
            "CORS origin not allowed: {} {:?}; origin {origin:?}; no CORS headers sent",
            req.method(),
            req.path(),
        );
    }
}

/// The names in every `Access-Control-Request-Headers` line, parsed as a
/// `#field-name` list leniently: split on `,`, optional white space trimmed,
/// empty items skipped. A line that is not visible ASCII yields `None`,
/// which never matches an allowed name.
pub(crate) fn requested_headers(
    headers: &HeaderMap,
) -> RequestedHeaders<'_, impl Iterator<Item = &HeaderValue>> {
    RequestedHeaders {
        lines: headers.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS),
        names: None,
    }
}

/// The iterator of [`requested_headers`]: a loop over the bytes of each
/// line, without an adapter per step.
pub(crate) struct RequestedHeaders<'a, I> {
    lines: I,
    /// What is left of the current line.
    names: Option<&'a str>,
}

impl<'a, I: Iterator<Item = &'a HeaderValue>> Iterator for RequestedHeaders<'a, I> {
    type Item = Option<&'a str>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(names) = self.names {
                let (name, rest) = match names.split_once(',') {
                    Some((name, rest)) => (name, Some(rest)),
                    None => (names, None),
                };
                self.names = rest;
                let name = name.trim_matches([' ', '\t']);
                if !name.is_empty() {
                    return Some(Some(name));
                }
                continue;
            }
            match text(self.lines.next()?) {
                Some(line) => self.names = Some(line),
                None => return Some(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_map(lines: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                HeaderValue::from_static(line),
            );
        }
        map
    }

    #[test]
    fn request_headers_are_parsed_leniently() {
        let map = header_map(&["content-type,x-b", " X-A ,, x-a ,\t", "x-c"]);
        let names: Vec<_> = requested_headers(&map).collect();
        assert_eq!(
            names,
            [
                Some("content-type"),
                Some("x-b"),
                Some("X-A"),
                Some("x-a"),
                Some("x-c")
            ]
        );
        assert_eq!(requested_headers(&header_map(&[])).count(), 0);
        assert_eq!(requested_headers(&header_map(&[" , "])).count(), 0);
    }

    #[test]
    fn opaque_bytes_are_one_invalid_item() {
        let mut map = HeaderMap::new();
        map.insert(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_bytes(b"x-a, \xff").unwrap(),
        );
        assert_eq!(requested_headers(&map).collect::<Vec<_>>(), [None]);
    }

    #[test]
    fn every_request_headers_line_is_echoed() {
        assert_eq!(echoed_request_headers(&header_map(&[])), None);
        assert_eq!(
            echoed_request_headers(&header_map(&["x-a,x-b"])).unwrap(),
            "x-a,x-b"
        );
        assert_eq!(
            echoed_request_headers(&header_map(&["x-a", "x-b, x-c"])).unwrap(),
            "x-a, x-b, x-c"
        );
    }

    #[test]
    fn two_request_method_lines_are_no_method() {
        let mut map = HeaderMap::new();
        map.append(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PUT"),
        );
        assert_eq!(requested_method(&map), "PUT");
        map.append(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("GET"),
        );
        assert_eq!(requested_method(&map), "");
    }

    #[test]
    fn text_accepts_what_to_str_accepts() {
        for bytes in [
            &b"https://a.example.com"[..],
            b"a\tb",
            b"",
            b"\x7f",
            b"\x1f",
            b"caf\xc3\xa9",
            b"\xff",
            b" ~",
        ] {
            // Some of these are no header value at all.
            if let Ok(value) = HeaderValue::from_bytes(bytes) {
                assert_eq!(text(&value), value.to_str().ok(), "{bytes:?}");
            }
        }
    }

    #[test]
    fn two_origins_are_no_origin() {
        let mut map = HeaderMap::new();
        map.append(header::ORIGIN, HeaderValue::from_static("https://a.com"));
        assert!(origin(&map).is_some());
        map.append(header::ORIGIN, HeaderValue::from_static("https://b.com"));
        assert!(origin(&map).is_none());
    }
}
