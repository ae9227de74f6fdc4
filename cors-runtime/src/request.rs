//! The CORS head of a request, read once (Fetch standard, "CORS protocol"):
//! the `Origin`, and for a preflight the method, request headers and
//! private-network flag it asks for. The decision, the guard rails, the
//! route lookup and the response writer all read this one value.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::Method;

/// `Sec-Fetch-Site` (Fetch Metadata).
pub(crate) const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// `Access-Control-Request-Private-Network` (Private Network Access).
pub(crate) const ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// The CORS head of one request, borrowed from its headers.
#[derive(Debug, Clone)]
pub(crate) struct Head<'a> {
    /// The `Origin` header, when there is exactly one line (two lines are
    /// no origin at all: no browser sends them).
    pub(crate) origin: Option<&'a HeaderValue>,
    /// What a preflight asks for; `None` for every other request.
    pub(crate) preflight: Option<Asked<'a>>,
    /// For a request with an unsafe method (not GET, HEAD or OPTIONS):
    /// what tells a cross-origin write from a same-origin one.
    pub(crate) write: Option<Write<'a>>,
}

/// The headers that tell where a write request comes from.
#[derive(Debug, Clone)]
pub(crate) struct Write<'a> {
    /// `Sec-Fetch-Site`: `Some(value)` for one line, `Some(b"")` for
    /// several (no browser sends that), `None` without it.
    pub(crate) fetch_site: Option<&'a [u8]>,
    /// Whether the request has any `Origin` line.
    pub(crate) any_origin: bool,
    /// `Host`, when there is exactly one line.
    pub(crate) host: Option<&'a HeaderValue>,
}

/// What a preflight asks for.
#[derive(Debug, Clone)]
pub(crate) struct Asked<'a> {
    /// `Access-Control-Request-Method`, when there is exactly one line of
    /// visible ASCII; otherwise `""`, which no policy allows (two lines are
    /// one value `A, B` by RFC 9110 section 5.3, which is no method).
    pub(crate) method: &'a str,
    /// Every `Access-Control-Request-Headers` line.
    pub(crate) headers: &'a [HeaderValue],
    /// `Access-Control-Request-Private-Network: true`.
    pub(crate) private_network: bool,
}

impl<'a> Head<'a> {
    /// Reads the CORS head of a request. A preflight is `OPTIONS` with
    /// `Origin` and `Access-Control-Request-Method`; any other `OPTIONS` is
    /// an ordinary request for the handler. The request headers of a
    /// preflight are looked up only for a preflight.
    pub(crate) fn read(method: &Method, headers: &'a HeaderMap) -> Head<'a> {
        let origins = headers.get_all(header::ORIGIN).as_slice();
        let origin = match origins {
            [only] => Some(only),
            _ => None,
        };
        let preflight = if origin.is_some() && *method == Method::OPTIONS {
            requested_method(headers).map(|requested| Asked {
                method: requested,
                headers: headers
                    .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
                    .as_slice(),
                private_network: headers
                    .get(ACCESS_CONTROL_REQUEST_PRIVATE_NETWORK)
                    .is_some_and(|value| value.as_bytes() == b"true"),
            })
        } else {
            None
        };
        let write = (!is_safe(method)).then(|| Write {
            fetch_site: match headers.get_all(SEC_FETCH_SITE).as_slice() {
                [] => None,
                [only] => Some(only.as_bytes()),
                _ => Some(b""),
            },
            any_origin: !origins.is_empty(),
            host: only_line(headers, header::HOST),
        });
        Head {
            origin,
            preflight,
            write,
        }
    }

    /// The method the request is routed for: the one a preflight asks for
    /// (as the browser normalizes it), else the request's own.
    pub(crate) fn routed_method<'m>(&self, method: &'m Method) -> &'m str
    where
        'a: 'm,
    {
        match &self.preflight {
            Some(asked) => route_cors_rules::normalize_method(asked.method),
            None => method.as_str(),
        }
    }
}

/// Whether a method is safe: [`route_cors_rules::is_safe_method`], compared
/// as a `Method` (a tag, where the rules compare text).
fn is_safe(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD || *method == Method::OPTIONS
}

/// Whether a request is a preflight, for a guard that needs only that.
pub(crate) fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    *method == Method::OPTIONS
        && only_line(headers, header::ORIGIN).is_some()
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The value of header `name`, when it has exactly one line.
fn only_line(headers: &HeaderMap, name: HeaderName) -> Option<&HeaderValue> {
    match headers.get_all(name).as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// The `Access-Control-Request-Method` of [`Asked::method`], or `None`
/// when the request has none at all.
fn requested_method(headers: &HeaderMap) -> Option<&str> {
    match headers
        .get_all(header::ACCESS_CONTROL_REQUEST_METHOD)
        .as_slice()
    {
        [] => None,
        // `to_str`, not `text`: for a value this short, its byte loop is
        // cheaper than `text`'s call to `from_utf8`.
        [only] => Some(only.to_str().unwrap_or("")),
        _ => Some(""),
    }
}

/// A header value as text, when every byte is visible ASCII or a tab: what
/// `HeaderValue::to_str` accepts, checked without a branch per byte.
pub(crate) fn text(bytes: &[u8]) -> Option<&str> {
    let visible = bytes.iter().fold(true, |visible, &b| {
        visible & ((b' '..=b'~').contains(&b) | (b == b'\t'))
    });
    visible.then(|| std::str::from_utf8(bytes).ok()).flatten()
}

/// One item of `Access-Control-Request-Headers`: a name, or a line that is
/// not visible ASCII, which no policy allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requested<'a> {
    Name(&'a str),
    NotText,
}

/// The names in every `Access-Control-Request-Headers` line, parsed as a
/// `#field-name` list leniently: split on `,`, optional white space
/// trimmed, empty items skipped; a line that is not visible ASCII is one
/// [`Requested::NotText`].
pub(crate) fn requested_headers(lines: &[HeaderValue]) -> RequestedHeaders<'_> {
    RequestedHeaders {
        lines: lines.iter(),
        names: None,
    }
}

/// The iterator of [`requested_headers`]: a loop over the bytes of each
/// line, without an adapter per step.
pub(crate) struct RequestedHeaders<'a> {
    lines: std::slice::Iter<'a, HeaderValue>,
    /// What is left of the current line.
    names: Option<&'a str>,
}

impl<'a> Iterator for RequestedHeaders<'a> {
    type Item = Requested<'a>;

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
                    return Some(Requested::Name(name));
                }
                continue;
            }
            match text(self.lines.next()?.as_bytes()) {
                Some(line) => self.names = Some(line),
                None => return Some(Requested::NotText),
            }
        }
    }
}

/// The value an echoing policy (`headers = "*"`) sends back in
/// `Access-Control-Allow-Headers`: the request's
/// `Access-Control-Request-Headers`, every line of it joined into one
/// value (several lines mean the same as one joined with `,`, RFC 9110
/// section 5.3). Only a request with several lines costs an allocation.
pub(crate) fn echoed_request_headers(lines: &[HeaderValue]) -> Option<HeaderValue> {
    match lines {
        [] => None,
        [only] => Some(only.clone()),
        [first, rest @ ..] => {
            let mut joined = first.as_bytes().to_vec();
            for line in rest {
                joined.extend_from_slice(b", ");
                joined.extend_from_slice(line.as_bytes());
            }
            HeaderValue::from_bytes(&joined).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(values: &[&'static str]) -> Vec<HeaderValue> {
        values.iter().map(|v| HeaderValue::from_static(v)).collect()
    }

    #[test]
    fn request_headers_are_parsed_leniently() {
        let lines = lines(&["content-type,x-b", " X-A ,, x-a ,\t", "x-c"]);
        let names: Vec<_> = requested_headers(&lines).collect();
        assert_eq!(
            names,
            ["content-type", "x-b", "X-A", "x-a", "x-c"].map(Requested::Name)
        );
        assert_eq!(requested_headers(&[]).count(), 0);
        assert_eq!(requested_headers(&self::lines(&[" , "])).count(), 0);
    }

    #[test]
    fn opaque_bytes_are_one_invalid_item() {
        let lines = [HeaderValue::from_bytes(b"x-a, \xff").unwrap()];
        assert_eq!(
            requested_headers(&lines).collect::<Vec<_>>(),
            [Requested::NotText]
        );
    }

    #[test]
    fn every_request_headers_line_is_echoed() {
        assert_eq!(echoed_request_headers(&[]), None);
        assert_eq!(
            echoed_request_headers(&lines(&["x-a,x-b"])).unwrap(),
            "x-a,x-b"
        );
        assert_eq!(
            echoed_request_headers(&lines(&["x-a", "x-b, x-c"])).unwrap(),
            "x-a, x-b, x-c"
        );
    }

    fn preflight_map(methods: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(header::ORIGIN, HeaderValue::from_static("https://a.com"));
        for method in methods {
            map.append(
                header::ACCESS_CONTROL_REQUEST_METHOD,
                HeaderValue::from_static(method),
            );
        }
        map
    }

    #[test]
    fn two_request_method_lines_are_no_method() {
        let map = preflight_map(&["PUT"]);
        let head = Head::read(&Method::OPTIONS, &map);
        assert_eq!(head.preflight.unwrap().method, "PUT");
        let map = preflight_map(&["PUT", "GET"]);
        let head = Head::read(&Method::OPTIONS, &map);
        assert_eq!(head.preflight.unwrap().method, "");
    }

    #[test]
    fn a_preflight_is_options_with_origin_and_a_requested_method() {
        let map = preflight_map(&["patch"]);
        assert!(Head::read(&Method::GET, &map).preflight.is_none());
        let head = Head::read(&Method::OPTIONS, &map);
        assert_eq!(head.routed_method(&Method::OPTIONS), "patch");
        assert!(is_preflight(&Method::OPTIONS, &map));
        assert!(Head::read(&Method::OPTIONS, &preflight_map(&[]))
            .preflight
            .is_none());
        let mut no_origin = preflight_map(&["PUT"]);
        no_origin.remove(header::ORIGIN);
        assert!(Head::read(&Method::OPTIONS, &no_origin).preflight.is_none());
        assert!(!is_preflight(&Method::OPTIONS, &no_origin));
        let map = preflight_map(&["delete"]);
        assert_eq!(
            Head::read(&Method::OPTIONS, &map).routed_method(&Method::OPTIONS),
            "DELETE"
        );
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
                assert_eq!(text(value.as_bytes()), value.to_str().ok(), "{bytes:?}");
            }
        }
    }

    #[test]
    fn two_origins_are_no_origin() {
        let mut map = HeaderMap::new();
        map.append(header::ORIGIN, HeaderValue::from_static("https://a.com"));
        assert!(Head::read(&Method::GET, &map).origin.is_some());
        map.append(header::ORIGIN, HeaderValue::from_static("https://b.com"));
        assert!(Head::read(&Method::GET, &map).origin.is_none());
    }
}
