//! `origin_regex`: full-match regular expressions over the serialized origin.

use std::collections::{HashMap, VecDeque};

use regex::{RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::{start, syntax};
use regex_automata::Anchored;

use crate::problem::{ProblemKind, Refusal};

/// The most memory one compiled regex or regex set may take: the `regex`
/// crate's own default, named so that the check and the runtime agree.
pub const REGEX_SIZE_LIMIT: usize = 10 * (1 << 20);
/// The cache each lazy DFA of a regex set may use: the `regex` default.
pub const REGEX_DFA_SIZE_LIMIT: usize = 2 * (1 << 20);

/// Wraps a pattern so that it must match the whole origin.
pub fn anchor_regex(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

/// Builds the set of anchored origin regexes with the limits the rules
/// check them against. The rules have built this very set before a policy
/// is accepted, so for a checked policy it never fails.
pub fn origin_regex_set<I, S>(anchored: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    RegexSetBuilder::new(anchored)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
}

/// Checks one `origin_regex` entry: it must compile within the size limit,
/// and every `.` outside a character class must be escaped (an unescaped
/// `.` in `https://www.example.com` also matches `https://wwwxexample.com`).
///
/// ```
/// use route_cors_rules::check_origin_regex;
///
/// assert!(check_origin_regex(r"https://[a-z0-9-]+\.example\.com").is_ok());
/// assert!(check_origin_regex(r"https://www.example\.com").unwrap_err().contains("unescaped `.`"));
/// assert!(check_origin_regex(r"https://(a").unwrap_err().ends_with("error: unclosed group"));
/// ```
pub fn check_origin_regex(pattern: &str) -> Result<(), String> {
    regex_rule(pattern).map_err(|refusal| refusal.message)
}

fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_SIZE_LIMIT)
        .build()
}

/// Like [`check_origin_regex`], with the rule the regex breaks.
pub(crate) fn regex_rule(pattern: &str) -> Result<(), Refusal> {
    // The pattern alone first, so that regex's caret points into the text
    // as written; then anchored, as it is used.
    match compile(pattern).and_then(|_| compile(&anchor_regex(pattern))) {
        Ok(_) => {}
        Err(regex::Error::CompiledTooBig(limit)) => {
            return Err(too_large(limit, "this regex alone"));
        }
        Err(error) => {
            return Err(Refusal::new(
                ProblemKind::RegexSyntax,
                format!("origin regex does not compile; fix it where the caret points:\n{error}"),
            ))
        }
    }
    // Before the dots: their hint keeps the regex's meaning, and that
    // meaning may be every site under a public suffix.
    let escaped = escape_dots(pattern).0;
    if let Some((suffix, probe)) = over_public_suffix(&escaped) {
        let example = format!("https://my-app\\.{}", suffix.replace('.', "\\."));
        return Err(Refusal::new(
            ProblemKind::OriginPublicSuffix,
            format!("this regex allows every site registered under the public suffix `{suffix}`, such as \"{probe}\"; match your own names under it, as in `{example}`"),
        ));
    }
    if unescaped_dot(pattern).is_some() {
        let (fixed, wildcard) = escape_dots(pattern);
        let why = if wildcard {
            "unescaped `.` with `*` or `+` matches any text, so this also allows hosts that only end like yours (`evilexample.com`)"
        } else {
            "unescaped `.` matches any character, so this also allows look-alike hosts"
        };
        let alternative = if wildcard {
            ""
        } else {
            " (or `[a-z0-9-]+` for one label)"
        };
        return Err(Refusal::new(
            ProblemKind::RegexUnescapedDot,
            format!("{why}; write `{fixed}`{alternative}"),
        ));
    }
    Ok(())
}

/// The public suffix under which `pattern` allows sites anyone can
/// register, with such a site: from the shortest origin the regex
/// matches, the name registered directly under its public suffix is
/// changed by one character; a regex for one's own domains does not match
/// that other registration.
fn over_public_suffix(pattern: &str) -> Option<(String, String)> {
    let matched = shortest_match(pattern)?;
    let (scheme, authority) = matched.split_once("://")?;
    let (host, port) = crate::origin::split_authority(authority);
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok() {
        return None;
    }
    let suffix = std::str::from_utf8(psl::suffix(host.as_bytes())?.as_bytes()).ok()?;
    if suffix == "localhost" || suffix.ends_with(".localhost") || suffix.len() >= host.len() {
        return None;
    }
    // The labels before the suffix, the last of which is the registration.
    let before = &host[..host.len() - suffix.len() - 1];
    let (subdomains, registered) = before
        .rsplit_once('.')
        .map_or(("", before), |(s, r)| (s, r));
    let mut others = Vec::new();
    match registered.chars().next() {
        None => others.push("a".to_owned()),
        Some(first) => {
            let changed = match first {
                'a' => 'b',
                '0' => '1',
                c if c.is_ascii_digit() => '0',
                _ => 'a',
            };
            others.push(format!("{changed}{}", &registered[first.len_utf8()..]));
            others.push(format!("{registered}x"));
        }
    }
    let allowed = compile(&anchor_regex(pattern)).ok()?;
    let port = port.map(|port| format!(":{port}")).unwrap_or_default();
    let dot = if subdomains.is_empty() { "" } else { "." };
    others.into_iter().find_map(|other| {
        let probe = format!("{scheme}://{subdomains}{dot}{other}.{suffix}{port}");
        allowed.is_match(&probe).then(|| (suffix.to_owned(), probe))
    })
}

/// The shortest text of origin characters `pattern` matches in full, if it
/// is found within the search budget.
fn shortest_match(pattern: &str) -> Option<String> {
    let allowed = Dfa::build(&anchor_regex(pattern))?;
    shortest_text(
        allowed.start,
        |state| allowed.accepts_here(state),
        |state, byte| {
            let next = allowed.dfa.next_state(state, byte);
            (!allowed.is_dead(next)).then_some(next)
        },
    )
    .ok()
    .flatten()
}

/// The refusal of regexes that compile beyond [`REGEX_SIZE_LIMIT`].
pub(crate) fn too_large(limit: usize, what: &str) -> Refusal {
    Refusal::new(
        ProblemKind::RegexTooLarge,
        format!(
            "{what} compiles to more than the regex size limit ({} MiB), so it could never be matched; write fewer or simpler regexes (`[a-z0-9-]+` instead of `\\w` or `{{1,63}}`), or subdomain patterns in `origins` such as \"https://*.team.example.com\"",
            limit >> 20
        ),
    )
}

/// The byte offset of the first `.` that is neither escaped nor inside a
/// character class.
fn unescaped_dot(pattern: &str) -> Option<usize> {
    bare_dots(pattern).into_iter().next()
}

fn bare_dots(pattern: &str) -> Vec<usize> {
    let mut dots = Vec::new();
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
            '.' if class_depth == 0 => dots.push(at),
            _ => {}
        }
    }
    dots
}

/// Rewrites every bare `.` for what it stands for: a dot between host
/// labels becomes `\.`; `.*`/`.+` standing for labels becomes
/// `([a-z0-9-]+\.)*`/`([a-z0-9-]+\.)+` (so that `evilexample.com` no longer
/// matches `.*example\.com`); after `:` it becomes digits. Returns the
/// rewrite and whether a `.*`/`.+` was rewritten.
fn escape_dots(pattern: &str) -> (String, bool) {
    let dots = bare_dots(pattern);
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut wildcard = false;
    let mut at = 0;
    for dot in dots {
        if dot < at {
            continue;
        }
        out.push_str(&pattern[at..dot]);
        let after = &pattern[dot + 1..];
        let quantifier = after.chars().next().filter(|c| matches!(c, '*' | '+'));
        let after_port_colon = pattern[..dot].ends_with(':');
        match quantifier {
            Some(q) => {
                wildcard = true;
                let mut next = dot + 2;
                if pattern[next..].starts_with('?') {
                    next += 1;
                }
                if after_port_colon {
                    out.push_str(if q == '*' { "[0-9]*" } else { "[0-9]+" });
                } else if pattern[next..].starts_with(r"\.") {
                    // `.*\.example` needs one label at least, like the original.
                    out.push_str(r"([a-z0-9-]+\.)+");
                    next += 2;
                } else {
                    out.push_str(if q == '*' {
                        r"([a-z0-9-]+\.)*"
                    } else {
                        r"([a-z0-9-]+\.)+"
                    });
                }
                at = next;
            }
            None if after.starts_with('{') => {
                out.push_str("[a-z0-9-]");
                at = dot + 1;
            }
            None => {
                out.push_str(r"\.");
                at = dot + 1;
            }
        }
    }
    out.push_str(&pattern[at..]);
    (out, wildcard)
}

/// Origins a browser could send over plain http: lower-case host names or
/// IP addresses, an optional port.
const PLAIN_HTTP_ORIGIN: &str =
    r"http://([a-z0-9_-]+(\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(:[0-9]{1,5})?";
/// The potentially trustworthy ones among them (Secure Contexts):
/// `localhost`, `*.localhost`, 127.0.0.0/8 and `[::1]`.
const LOOPBACK_ORIGIN: &str =
    r"http://(([a-z0-9_-]+\.)*localhost\.?|127(\.[0-9]+){3}|\[::1\])(:[0-9]{1,5})?";

/// The states one search may visit before giving up (and assuming the
/// regex can match a plain-http origin).
const MAX_SEARCH_STATES: usize = 200_000;

/// Whether the origin regex `pattern` (unanchored, as written) matches some
/// plain-http origin that is not potentially trustworthy, and one such
/// origin. Decided on the regex's own automaton: the product of its DFA
/// with those of `PLAIN_HTTP_ORIGIN` and (negated) `LOOPBACK_ORIGIN` is
/// searched for a common match. A regex too large to decide counts as
/// matching one.
///
/// ```
/// use route_cors_rules::regex_matches_insecure_origin;
///
/// assert!(regex_matches_insecure_origin(r"https?://[a-z]+\.example\.com").is_some());
/// assert!(regex_matches_insecure_origin(r"https://[a-z]+\.example\.com").is_none());
/// assert!(regex_matches_insecure_origin(r"http://localhost:[0-9]+").is_none());
/// ```
pub fn regex_matches_insecure_origin(pattern: &str) -> Option<String> {
    let anchored = anchor_regex(pattern);
    let (Some(allowed), Some(plain), Some(loopback)) = (
        Dfa::build(&anchored),
        Dfa::build(&anchor_regex(PLAIN_HTTP_ORIGIN)),
        Dfa::build(&anchor_regex(LOOPBACK_ORIGIN)),
    ) else {
        return Some("http://".to_owned());
    };
    let start = (allowed.start, plain.start, loopback.start);
    let found = shortest_text(
        start,
        |(a, p, l)| allowed.accepts_here(a) && plain.accepts_here(p) && !loopback.accepts_here(l),
        |(a, p, l), byte| {
            let next = (
                allowed.dfa.next_state(a, byte),
                plain.dfa.next_state(p, byte),
                loopback.dfa.next_state(l, byte),
            );
            (!allowed.is_dead(next.0) && !plain.is_dead(next.1)).then_some(next)
        },
    );
    // Past the search budget, assume the worst.
    found.unwrap_or_else(|_| Some("http://".to_owned()))
}

/// The search went past [`MAX_SEARCH_STATES`].
struct OverBudget;

/// The shortest text of origin characters, letters first so that it reads
/// like a host, that leads from `start` to a state `accepts` takes, each
/// step given by `next` (`None` where no text can end in a match): a
/// breadth-first search over automaton states.
fn shortest_text<S: Copy + Eq + std::hash::Hash>(
    start: S,
    accepts: impl Fn(S) -> bool,
    next: impl Fn(S, u8) -> Option<S>,
) -> Result<Option<String>, OverBudget> {
    let alphabet: Vec<u8> = (b'a'..=b'z')
        .chain(b'0'..=b'9')
        .chain(*b"-._:[]/")
        .collect();
    let mut came_from: HashMap<S, Option<(S, u8)>> = HashMap::new();
    came_from.insert(start, None);
    let mut queue = VecDeque::from([start]);
    while let Some(state) = queue.pop_front() {
        if accepts(state) {
            let mut bytes = Vec::new();
            let mut at = state;
            while let Some(Some((previous, byte))) = came_from.get(&at) {
                bytes.push(*byte);
                at = *previous;
            }
            bytes.reverse();
            return Ok(Some(String::from_utf8_lossy(&bytes).into_owned()));
        }
        for &byte in &alphabet {
            let Some(following) = next(state, byte) else {
                continue;
            };
            if came_from.contains_key(&following) {
                continue;
            }
            if came_from.len() >= MAX_SEARCH_STATES {
                return Err(OverBudget);
            }
            came_from.insert(following, Some((state, byte)));
            queue.push_back(following);
        }
    }
    Ok(None)
}

struct Dfa {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl Dfa {
    /// An anchored DFA of `pattern`. Origins are ASCII, so the regex is
    /// first compiled without Unicode classes (equal to the Unicode ones on
    /// ASCII, and much smaller); if that is refused (`\p{..}`), with them.
    fn build(pattern: &str) -> Option<Dfa> {
        [false, true]
            .into_iter()
            .find_map(|unicode| Dfa::build_with(pattern, unicode))
    }

    fn build_with(pattern: &str, unicode: bool) -> Option<Dfa> {
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .unicode_word_boundary(true)
                    .dfa_size_limit(Some(REGEX_SIZE_LIMIT))
                    .determinize_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .syntax(syntax::Config::new().unicode(unicode).utf8(unicode))
            .build(pattern)
            .ok()?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .ok()?;
        Some(Dfa { dfa, start })
    }

    fn is_dead(&self, state: StateID) -> bool {
        self.dfa.is_dead_state(state) || self.dfa.is_quit_state(state)
    }

    /// Whether the input read so far, ending here, is a match.
    fn accepts_here(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }
}

/// The regex with its plain-http alternatives made https-only, when that is
/// a regex that passes every check.
pub(crate) fn https_only(pattern: &str) -> Option<String> {
    let fixed = [
        ("(?:http|https)://", "https://"),
        ("(?:https|http)://", "https://"),
        ("(http|https)://", "https://"),
        ("(https|http)://", "https://"),
        ("https?://", "https://"),
        ("http://", "https://"),
        ("ws://", "wss://"),
    ]
    .iter()
    .fold(pattern.to_owned(), |text, (from, to)| {
        text.replace(from, to)
    });
    let accepted = fixed != pattern
        && regex_rule(&fixed).is_ok()
        && regex_matches_insecure_origin(&fixed).is_none();
    accepted.then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regex_over_a_public_suffix_is_refused_with_a_hint_that_passes() {
        for pattern in [
            r"https://.+\.vercel\.app",
            r"https://[a-z0-9-]+\.vercel\.app",
            r"https://([a-z0-9-]+\.)+vercel\.app",
            r"https://[a-z]+\.github\.io",
            r"https://.*\.com",
            r"https://[a-z]+\.co\.uk",
        ] {
            let refusal = regex_rule(pattern).expect_err(pattern);
            assert_eq!(refusal.kind, ProblemKind::OriginPublicSuffix, "{pattern}");
            let hint = refusal.message.rsplit('`').nth(1).unwrap();
            assert!(regex_rule(hint).is_ok(), "{pattern}: {hint}");
        }
        for pattern in [
            r"https://[a-z]+\.example\.com",
            r"https://pr-\d+\.preview\.example\.net",
            r"http://[a-z]+\.localhost:3000",
            r"http://127\.0\.0\.1:[0-9]+",
            r"https://my-app\.vercel\.app",
            r"https://api\.my-app\.vercel\.app",
            r"https://(app|admin)\.example\.co\.uk",
        ] {
            assert!(regex_rule(pattern).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn dots() {
        assert_eq!(unescaped_dot(r"https://a\.b"), None);
        assert_eq!(unescaped_dot(r"https://[.a-z]+\.b"), None);
        assert_eq!(unescaped_dot(r"https://a.b"), Some(9));
    }

    /// Regex, then the regex the hint says to write.
    const DOT_HINTS: &[(&str, &str)] = &[
        (r"https://a.example\.com", r"https://a\.example\.com"),
        (r"https://www.example.com", r"https://www\.example\.com"),
        (
            r"https://.*example\.com",
            r"https://([a-z0-9-]+\.)*example\.com",
        ),
        (
            r"https://.+example\.com",
            r"https://([a-z0-9-]+\.)+example\.com",
        ),
        (
            r"https://.*\.example\.com",
            r"https://([a-z0-9-]+\.)+example\.com",
        ),
        (
            r"https://.*?\.example\.com",
            r"https://([a-z0-9-]+\.)+example\.com",
        ),
        (r"http://localhost:.*", r"http://localhost:[0-9]*"),
        (
            r"https://.{3}\.example\.com",
            r"https://[a-z0-9-]{3}\.example\.com",
        ),
    ];

    #[test]
    fn dot_hints_are_the_regex_meant_and_pass() {
        for &(pattern, fixed) in DOT_HINTS {
            let refusal = regex_rule(pattern).unwrap_err();
            assert_eq!(refusal.kind, ProblemKind::RegexUnescapedDot, "{pattern}");
            assert!(
                refusal.message.contains(&format!("write `{fixed}`")),
                "{pattern}: {}",
                refusal.message
            );
            assert_eq!(regex_rule(fixed), Ok(()), "{fixed}");
        }
        assert_eq!(
            check_origin_regex(r"https://a.example\.com"),
            Err(r"unescaped `.` matches any character, so this also allows look-alike hosts; write `https://a\.example\.com` (or `[a-z0-9-]+` for one label)".to_owned())
        );
        assert_eq!(
            check_origin_regex(r"https://.*example\.com"),
            Err(r"unescaped `.` with `*` or `+` matches any text, so this also allows hosts that only end like yours (`evilexample.com`); write `https://([a-z0-9-]+\.)*example\.com`".to_owned())
        );
        // The fixed regex no longer matches the look-alike host.
        let fixed =
            regex::Regex::new(&anchor_regex(r"https://([a-z0-9-]+\.)*example\.com")).unwrap();
        assert!(fixed.is_match("https://a.example.com") && fixed.is_match("https://example.com"));
        assert!(!fixed.is_match("https://evilexample.com"));
    }

    #[test]
    fn syntax_errors_carry_regex_message() {
        let error = check_origin_regex("https://(").unwrap_err();
        assert_eq!(
            error,
            "origin regex does not compile; fix it where the caret points:\n\
             regex parse error:\n    https://(\n            ^\nerror: unclosed group"
        );
        assert_eq!(regex_rule("a)").unwrap_err().kind, ProblemKind::RegexSyntax);
    }

    #[test]
    fn one_regex_beyond_the_size_limit_is_refused() {
        let refusal = regex_rule(r"https://\w{1,63}\w{1,63}\w{1,63}\w{1,63}\w{1,63}\.example\.com")
            .unwrap_err();
        assert_eq!(refusal.kind, ProblemKind::RegexTooLarge);
        assert!(refusal
            .message
            .starts_with("this regex alone compiles to more than the regex size limit (10 MiB)"));
    }

    #[test]
    fn plain_http_origins_are_found_in_the_regex_itself() {
        for (pattern, example) in [
            (r"https?://[a-z]+\.example\.com", "http://a.example.com"),
            (r"http://[a-z]+\.example\.com", "http://a.example.com"),
            (
                r"(http|https)://app\.example\.com",
                "http://app.example.com",
            ),
            (r"[a-z]+://app\.example\.com", "http://app.example.com"),
            (r"(?i)HTTP://app\.example\.com", "http://app.example.com"),
            (r"http://[a-z0-9.]+(:[0-9]+)?", "http://a"),
            (r"http://127\.0\.0\.1\.nip\.io", "http://127.0.0.1.nip.io"),
            (r"http://[\w-]{1,63}\.example\.com", "http://a.example.com"),
        ] {
            assert_eq!(
                regex_matches_insecure_origin(pattern).as_deref(),
                Some(example),
                "{pattern}"
            );
        }
        for pattern in [
            r"https://[a-z]+\.example\.com",
            r"http://localhost:[0-9]+",
            r"http://([a-z0-9-]+\.)*localhost(:[0-9]+)?",
            r"http://127\.[0-9]+\.[0-9]+\.[0-9]+(:[0-9]+)?",
            r"http://\[::1\]:[0-9]+",
            r"(https://app\.example\.com|http://localhost:3000)",
            r"capacitor://localhost",
        ] {
            assert_eq!(regex_matches_insecure_origin(pattern), None, "{pattern}");
        }
    }

    #[test]
    fn https_only_hint() {
        assert_eq!(
            https_only(r"https?://[a-z]+\.example\.com").as_deref(),
            Some(r"https://[a-z]+\.example\.com")
        );
        assert_eq!(
            https_only(r"(http|https)://app\.example\.com").as_deref(),
            Some(r"https://app\.example\.com")
        );
        assert_eq!(https_only(r"[a-z]+://app\.example\.com"), None);
    }

    #[test]
    fn the_runtime_set_is_built_with_the_checked_limits() {
        let set = origin_regex_set([anchor_regex(r"https://a\.com")]).unwrap();
        assert!(set.is_match("https://a.com") && !set.is_match("https://a.com.evil"));
    }
}
