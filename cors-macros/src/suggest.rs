//! "Did you mean" for misspelt keys.

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
}
