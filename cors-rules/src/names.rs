//! Method tokens and header names.

use crate::problem::{ProblemKind, Refusal};

/// Whether `token` is an HTTP token (RFC 9110 `token`, the syntax of methods
/// and header names).
///
/// ```
/// assert!(route_cors_rules::is_token("x-request-id"));
/// assert!(!route_cors_rules::is_token("x token"));
/// assert!(!route_cors_rules::is_token(""));
/// ```
pub fn is_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| TOKEN_BYTES[usize::from(b)])
}

/// Which bytes a token may hold (RFC 9110 `tchar`), as a table, so that
/// checking a header name per request costs one load per byte.
const TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// The six methods a browser upper-cases before sending them (Fetch standard,
/// "normalize a method"). Every other method is compared case-sensitively.
const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Normalizes a method as a browser does: one of the six methods in any case
/// becomes its upper-case form; any other method is returned unchanged.
///
/// ```
/// assert_eq!(route_cors_rules::normalize_method("delete"), "DELETE");
/// assert_eq!(route_cors_rules::normalize_method("patch"), "patch");
/// ```
pub fn normalize_method(method: &str) -> &str {
    NORMALIZED_METHODS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(method))
        .copied()
        .unwrap_or(method)
}

/// Methods a browser sends cross-origin without a preflight.
pub fn is_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// Methods no browser lets a script send (Fetch standard, "forbidden method").
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|forbidden| forbidden.eq_ignore_ascii_case(method))
}

/// Checks one entry of `methods` (other than `"*"`) and returns it as it
/// must be compared.
///
/// ```
/// assert_eq!(route_cors_rules::check_method("PATCH"), Ok("PATCH".to_owned()));
/// assert!(route_cors_rules::check_method("patch").unwrap_err().contains("write \"PATCH\""));
/// assert!(route_cors_rules::check_method("Delete").unwrap_err().contains("write \"DELETE\""));
/// ```
pub fn check_method(method: &str) -> Result<String, String> {
    method_rule(method).map_err(|refusal| refusal.message)
}

/// Like [`check_method`], with the rule the method breaks.
pub(crate) fn method_rule(method: &str) -> Result<String, Refusal> {
    if !is_token(method) || method == "*" {
        return Err(Refusal::new(
            ProblemKind::MethodInvalid,
            format!("`{method}` is not an HTTP method; write a method name such as \"PUT\""),
        ));
    }
    if is_forbidden_method(method) {
        return Err(Refusal::new(
            ProblemKind::MethodForbidden,
            format!(
                "browsers never let a script send {}; remove it",
                method.to_ascii_uppercase()
            ),
        ));
    }
    let upper = method.to_ascii_uppercase();
    let has_lower = method.bytes().any(|b| b.is_ascii_lowercase());
    // Fetch, "normalize a method": a browser sends these six in upper case
    // whatever the script wrote, so any other spelling never matches.
    if has_lower && NORMALIZED_METHODS.contains(&upper.as_str()) {
        return Err(Refusal::new(
            ProblemKind::MethodCase,
            format!("methods are written in upper case; write \"{upper}\""),
        ));
    }
    let has_upper = method.bytes().any(|b| b.is_ascii_uppercase());
    if has_lower && !has_upper {
        return Err(Refusal::new(
            ProblemKind::MethodCase,
            format!(
                "methods other than DELETE GET HEAD OPTIONS POST PUT are case-sensitive and servers spell them in upper case; write \"{upper}\""
            ),
        ));
    }
    Ok(method.to_owned())
}

/// Request headers a script can never set (Fetch standard, "forbidden
/// request-header"); allowing them configures nothing.
const FORBIDDEN_REQUEST_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

fn check_header_name(name: &str) -> Result<String, Refusal> {
    if !is_token(name) || name == "*" {
        return Err(Refusal::new(
            ProblemKind::HeaderInvalid,
            format!("`{name}` is not a header name; write letters, digits and `-`, as in \"x-request-id\""),
        ));
    }
    Ok(name.to_ascii_lowercase())
}

/// Checks one entry of `headers` (other than `"*"`), returning it in lower case.
///
/// ```
/// assert_eq!(route_cors_rules::check_request_header("X-Token"), Ok("x-token".to_owned()));
/// assert!(route_cors_rules::check_request_header("cookie").is_err());
/// ```
pub fn check_request_header(name: &str) -> Result<String, String> {
    request_header_rule(name).map_err(|refusal| refusal.message)
}

/// Like [`check_request_header`], with the rule the name breaks.
pub(crate) fn request_header_rule(name: &str) -> Result<String, Refusal> {
    let lower = check_header_name(name)?;
    if lower.starts_with("access-control-") {
        return Err(Refusal::new(
            ProblemKind::HeaderForbidden,
            format!("`{lower}` is a CORS header the browser manages itself; remove it"),
        ));
    }
    if FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
        || lower.starts_with("sec-")
        || lower.starts_with("proxy-")
    {
        return Err(Refusal::new(
            ProblemKind::HeaderForbidden,
            format!("browsers never let a script set `{lower}`, so allowing it configures nothing; remove it"),
        ));
    }
    Ok(lower)
}

/// Checks one entry of `expose_headers` (other than `"*"`), returning it in
/// lower case.
pub fn check_expose_header(name: &str) -> Result<String, String> {
    expose_header_rule(name).map_err(|refusal| refusal.message)
}

/// Like [`check_expose_header`], with the rule the name breaks.
pub(crate) fn expose_header_rule(name: &str) -> Result<String, Refusal> {
    let lower = check_header_name(name)?;
    if lower == "set-cookie" || lower == "set-cookie2" {
        return Err(Refusal::new(
            ProblemKind::ExposeForbidden,
            format!("browsers never expose `{lower}` to scripts; remove it"),
        ));
    }
    if lower.starts_with("access-control-") {
        return Err(Refusal::new(
            ProblemKind::ExposeCorsHeader,
            format!("`{lower}` is a header of the CORS protocol, which the browser reads itself and route-cors writes; exposing it tells a script nothing it needs; remove it"),
        ));
    }
    Ok(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert_eq!(check_method("GET"), Ok("GET".into()));
        assert_eq!(check_method("PROPFIND"), Ok("PROPFIND".into()));
        assert_eq!(
            check_method("get"),
            Err("methods are written in upper case; write \"GET\"".into())
        );
        assert!(check_method("patch")
            .unwrap_err()
            .contains("case-sensitive"));
        assert_eq!(
            check_method("TRACE"),
            Err("browsers never let a script send TRACE; remove it".into())
        );
        assert_eq!(
            check_method("connect"),
            Err("browsers never let a script send CONNECT; remove it".into())
        );
        assert!(check_method("GE T").is_err());
        assert!(check_method("").is_err());
    }

    #[test]
    fn the_six_normalized_methods_are_refused_in_any_other_case() {
        // A browser sends these upper-cased; `Delete` would never match.
        for (written, upper) in [
            ("Delete", "DELETE"),
            ("delete", "DELETE"),
            ("gEt", "GET"),
            ("Head", "HEAD"),
            ("Options", "OPTIONS"),
            ("Post", "POST"),
            ("pUT", "PUT"),
        ] {
            let refusal = method_rule(written).unwrap_err();
            assert_eq!(refusal.kind, ProblemKind::MethodCase, "{written}");
            assert_eq!(
                refusal.message,
                format!("methods are written in upper case; write \"{upper}\""),
            );
            assert_eq!(check_method(upper), Ok(upper.to_owned()));
        }
        // Other methods are sent as written: a mixed-case one can match.
        assert_eq!(check_method("PropFind"), Ok("PropFind".into()));
        assert_eq!(
            method_rule("patch").unwrap_err().kind,
            ProblemKind::MethodCase
        );
        assert_eq!(
            method_rule("TRACK").unwrap_err().kind,
            ProblemKind::MethodForbidden
        );
        assert_eq!(
            method_rule("GE T").unwrap_err().kind,
            ProblemKind::MethodInvalid
        );
    }

    #[test]
    fn normalization_covers_exactly_six_methods() {
        for method in NORMALIZED_METHODS {
            assert_eq!(normalize_method(&method.to_ascii_lowercase()), method);
        }
        assert_eq!(normalize_method("Patch"), "Patch");
        assert!(is_safelisted_method("POST"));
        assert!(!is_safelisted_method("PUT"));
    }

    #[test]
    fn headers() {
        assert_eq!(
            check_request_header("Content-Type"),
            Ok("content-type".into())
        );
        assert!(check_request_header("Sec-Fetch-Mode").is_err());
        assert!(check_request_header("proxy-authorization").is_err());
        assert!(check_request_header("host").is_err());
        assert!(check_request_header("access-control-allow-origin")
            .unwrap_err()
            .contains("CORS header"));
        assert!(check_request_header("x token").is_err());
        assert_eq!(
            check_expose_header("X-Request-Id"),
            Ok("x-request-id".into())
        );
        assert!(check_expose_header("Set-Cookie").is_err());
    }
}
