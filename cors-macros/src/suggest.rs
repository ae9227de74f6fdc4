//! "Did you mean" for misspelt keys and for the names other CORS APIs
//! give them.

/// Keys as actix-cors and `Policy::builder` spell them, with the key they
/// mean and, for the builder methods that take no value, the value that
/// says the same (`allow_any_origin` is `origins = "*"`).
pub(crate) const ALIASES: &[(&str, &str, Option<&str>)] = &[
    ("allowed_origins", "origins", None),
    ("allowed_origin", "origins", None),
    ("allow_origin", "origins", None),
    ("allow_origins", "origins", None),
    ("allow_any_origin", "origins", Some("\"*\"")),
    ("allowed_origin_fn", "origin_fn", None),
    ("allow_origin_fn", "origin_fn", None),
    ("allowed_methods", "methods", None),
    ("allow_methods", "methods", None),
    ("allow_any_method", "methods", Some("\"*\"")),
    ("allowed_headers", "headers", None),
    ("allow_headers", "headers", None),
    ("allow_any_header", "headers", Some("\"*\"")),
    ("expose_any_header", "expose_headers", Some("\"*\"")),
    ("supports_credentials", "credentials", Some("true")),
    ("allow_credentials", "credentials", None),
    (
        "allow_private_network_access",
        "private_network",
        Some("true"),
    ),
    ("allow_private_network", "private_network", None),
    ("allow_origin_regex", "origin_regex", None),
    ("origin_regexes", "origin_regex", None),
];

/// The key another API's name `word` stands for, and the value that
/// replaces a missing one (for builder methods that take none).
pub(crate) fn alias(word: &str) -> Option<(&'static str, Option<&'static str>)> {
    ALIASES
        .iter()
        .find(|(name, _, _)| *name == word)
        .map(|&(_, key, value)| (key, value))
}

/// The candidate closest to `word` by edit distance, if it is close enough
/// to be a likely typo.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = [
            "origins",
            "origin_regex",
            "methods",
            "credentials",
            "max_age",
        ];
        assert_eq!(closest("origin", &keys), Some("origins"));
        assert_eq!(closest("credential", &keys), Some("credentials"));
        assert_eq!(closest("maxage", &keys), Some("max_age"));
        assert_eq!(closest("allow_credentials", &keys), None);
        assert_eq!(closest("zzz", &keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn aliases() {
        assert_eq!(alias("allow_any_origin"), Some(("origins", Some("\"*\""))));
        assert_eq!(alias("allow_credentials"), Some(("credentials", None)));
        assert_eq!(alias("origins"), None);
        // Typos are not another API's names: "did you mean" finds them.
        assert_eq!(alias("maxage"), None);
        assert_eq!(closest("maxage", &["max_age", "methods"]), Some("max_age"));
        assert_eq!(
            closest("exposed_headers", &["expose_headers", "headers"]),
            Some("expose_headers")
        );
    }
}
