//! `Vary`: tell caches which request headers the response depends on,
//! merged into whatever `Vary` the handler (or another layer) already set.

use actix_web::http::header::{HeaderMap, HeaderValue, VARY};

/// Adds each of `tokens` to the response's `Vary` unless it is already
/// listed (in any case) or `Vary: *` is present. Without an existing `Vary`
/// the static value is inserted as is; otherwise the lines are merged into
/// one, keeping the existing tokens first.
pub(crate) fn add_vary(headers: &mut HeaderMap, tokens: &'static str) {
    let missing = |token: &&str| {
        !headers.get_all(VARY).any(|line| {
            line.to_str().is_ok_and(|line| {
                line.split(',')
                    .map(str::trim)
                    .any(|listed| listed == "*" || listed.eq_ignore_ascii_case(token))
            })
        })
    };
    if !headers.contains_key(VARY) {
        headers.insert(VARY, HeaderValue::from_static(tokens));
        return;
    }
    if !tokens.split(", ").any(|token| missing(&token)) {
        return;
    }
    let mut merged: Vec<u8> = Vec::new();
    for line in headers.get_all(VARY) {
        for listed in line.as_bytes().split(|&b| b == b',') {
            let listed = listed.trim_ascii();
            if !listed.is_empty() {
                if !merged.is_empty() {
                    merged.extend_from_slice(b", ");
                }
                merged.extend_from_slice(listed);
            }
        }
    }
    for token in tokens.split(", ").filter(|token| missing(token)) {
        if !merged.is_empty() {
            merged.extend_from_slice(b", ");
        }
        merged.extend_from_slice(token.as_bytes());
    }
    if let Ok(value) = HeaderValue::from_bytes(&merged) {
        headers.insert(VARY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary_after(existing: &[&'static str], tokens: &'static str) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for line in existing {
            headers.append(VARY, HeaderValue::from_static(line));
        }
        add_vary(&mut headers, tokens);
        headers
            .get_all(VARY)
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn inserts_when_absent() {
        assert_eq!(vary_after(&[], "Origin"), ["Origin"]);
    }

    #[test]
    fn merges_without_duplicates() {
        assert_eq!(
            vary_after(&["Accept-Encoding"], "Origin"),
            ["Accept-Encoding, Origin"]
        );
        assert_eq!(
            vary_after(&["accept-encoding, origin"], "Origin"),
            ["accept-encoding, origin"]
        );
        assert_eq!(
            vary_after(&["Accept", "Cookie"], "Origin"),
            ["Accept, Cookie, Origin"]
        );
        assert_eq!(
            vary_after(
                &["Origin"],
                "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"
            ),
            ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
        );
    }

    #[test]
    fn star_covers_everything() {
        assert_eq!(vary_after(&["*"], "Origin"), ["*"]);
    }

    #[test]
    fn twice_is_once() {
        let mut headers = HeaderMap::new();
        headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
        add_vary(&mut headers, "Origin");
        add_vary(&mut headers, "Origin");
        assert_eq!(headers.get_all(VARY).count(), 1);
        assert_eq!(headers.get(VARY).unwrap(), "Accept-Encoding, Origin");
    }
}
