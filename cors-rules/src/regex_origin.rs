//! `origin_regex`: full-match regular expressions over the serialized origin.

/// Wraps a pattern so that it must match the whole origin.
pub fn anchor_regex(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// Checks one `origin_regex` entry: it must compile, and every `.` outside a
/// character class must be escaped (an unescaped `.` in
/// `https://www.example.com` also matches `https://wwwxexample.com`).
///
/// ```
/// use route_cors_rules::check_origin_regex;
///
/// assert!(check_origin_regex(r"https://[a-z0-9-]+\.example\.com").is_ok());
/// assert!(check_origin_regex(r"https://www.example\.com").unwrap_err().contains("unescaped `.`"));
/// assert!(check_origin_regex(r"https://(a").unwrap_err().ends_with("error: unclosed group"));
/// ```
pub fn check_origin_regex(pattern: &str) -> Result<(), String> {
    // The pattern alone first, so that regex's caret points into the text
    // as written; then anchored, as it is used.
    let compiled =
        regex::Regex::new(pattern).and_then(|_| regex::Regex::new(&anchor_regex(pattern)));
    if let Err(error) = compiled {
        return Err(format!(
            "origin regex does not compile; fix it where the caret points:\n{error}"
        ));
    }
    if let Some(at) = unescaped_dot(pattern) {
        let mut fixed = pattern.to_owned();
        fixed.replace_range(at..=at, r"\.");
        return Err(format!(
            "unescaped `.` matches any character, so this also allows look-alike hosts; write `{fixed}` (or `[a-z0-9-]+` for one label)"
        ));
    }
    Ok(())
}

/// The byte offset of the first `.` that is neither escaped nor inside a
/// character class.
fn unescaped_dot(pattern: &str) -> Option<usize> {
    let mut escaped = false;
    let mut class_depth = 0usize;
    for (at, c) in pattern.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => class_depth += 1,
            ']' if class_depth > 0 => class_depth -= 1,
            '.' if class_depth == 0 => return Some(at),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots() {
        assert_eq!(unescaped_dot(r"https://a\.b"), None);
        assert_eq!(unescaped_dot(r"https://[.a-z]+\.b"), None);
        assert_eq!(unescaped_dot(r"https://a.b"), Some(9));
        assert_eq!(
            check_origin_regex(r"https://a.example\.com"),
            Err(r"unescaped `.` matches any character, so this also allows look-alike hosts; write `https://a\.example\.com` (or `[a-z0-9-]+` for one label)".to_owned())
        );
    }

    #[test]
    fn syntax_errors_carry_regex_message() {
        let error = check_origin_regex("https://(").unwrap_err();
        assert_eq!(
            error,
            "origin regex does not compile; fix it where the caret points:\n\
             regex parse error:\n    https://(\n            ^\nerror: unclosed group"
        );
        assert!(check_origin_regex("a)").is_err());
    }
}
