//! `Vary`: tell caches which request headers the response depends on,
//! merged into whatever `Vary` the handler (or another layer) already set.

use actix_web::http::header::{HeaderMap, HeaderValue, VARY};

/// Adds each of `tokens` to the response's `Vary` unless it is already
/// listed (in any case) or `Vary: *` is present. Without an existing `Vary`
/// the static value is inserted as is (one map operation, the common case);
/// otherwise the lines are merged into one, keeping the existing tokens
/// first.
#[inline]
pub(crate) fn add_vary(headers: &mut HeaderMap, tokens: &'static str) {
    let mut removed = headers.insert(VARY, HeaderValue::from_static(tokens));
    if let Some(first) = removed.next() {
        // Allocates only for a `Vary` sent as two lines or more.
        let rest: Vec<HeaderValue> = removed.collect();
        merge_vary(headers, tokens, first, rest);
    }
}

/// [`add_vary`] where the response had a `Vary` already (`first` and
/// `rest`, removed from `headers`).
#[cold]
fn merge_vary(
    headers: &mut HeaderMap,
    tokens: &'static str,
    first: HeaderValue,
    rest: Vec<HeaderValue>,
) {
    // Every name the existing lines list, trimmed, empty items skipped.
    let existing = || {
        std::iter::once(&first)
            .chain(&rest)
            .flat_map(|line| line.as_bytes().split(|&b| b == b','))
            .map(<[u8]>::trim_ascii)
            .filter(|name| !name.is_empty())
    };
    let listed = |token: &&str| {
        existing().any(|name| name == b"*" || name.eq_ignore_ascii_case(token.as_bytes()))
    };
    let mut missing = tokens.split(", ").filter(|token| !listed(token)).peekable();
    if missing.peek().is_some() {
        let mut merged: Vec<u8> = Vec::new();
        for name in existing().chain(missing.map(str::as_bytes)) {
            if !merged.is_empty() {
                merged.extend_from_slice(b", ");
            }
            merged.extend_from_slice(name);
        }
        // Every byte comes from a header value or from `tokens`, so this
        // holds; were it not to, the existing lines go back below.
        if let Ok(merged) = HeaderValue::from_bytes(&merged) {
            headers.insert(VARY, merged);
            return;
        }
    }
    // Already listed: the existing lines go back as they were.
    headers.insert(VARY, first);
    for line in rest {
        headers.append(VARY, line);
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
    fn lines_that_list_every_token_stay_as_they_were() {
        assert_eq!(
            vary_after(&["Accept", "origin"], "Origin"),
            ["Accept", "origin"]
        );
        assert_eq!(vary_after(&["Origin"], "Origin"), ["Origin"]);
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
