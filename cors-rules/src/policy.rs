//! The whole-policy check: every value, and the combinations that are
//! dangerous or meaningless, reported together.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::checked::{AllowedOrigins, CheckedPolicy, HeaderRule, MethodRule};

use crate::names::{expose_header_rule, method_rule, normalize_method, request_header_rule};
use crate::origin::{check_origin, OriginPattern, OriginSpec};
use crate::problem::{Problem, ProblemKind, Refusal};
use crate::regex_origin::{
    anchor_regex, https_only, origin_regex_set, regex_matches_insecure_origin, regex_rule,
    too_large,
};
use crate::text::owned;

/// `max_age` when none is given, in seconds.
pub const DEFAULT_MAX_AGE: u32 = 1800;
/// The largest `max_age` accepted, in seconds (Firefox's cap; Chromium caps at 7200).
pub const MAX_MAX_AGE: i64 = 86_400;

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T, L> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub at: L,
}

impl<T, L> Located<T, L> {
    /// Pairs a value with its location.
    pub fn new(value: T, at: L) -> Self {
        Located { value, at }
    }
}

/// Where a policy applies, which decides the `methods` default and check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// On one handler that serves these methods. `methods` defaults to them,
    /// and a method the route does not serve is refused, unless the methods
    /// were inherited from a scope, in which case such methods are dropped.
    Handler {
        /// The methods the route serves, as its route attribute names them.
        route_methods: Vec<String>,
        /// Whether `methods` came from an enclosing scope.
        methods_inherited: bool,
    },
    /// A middleware over a scope, a resource or the app: `methods` defaults
    /// to GET, HEAD, POST.
    Middleware,
}

/// A policy as written, before checking.
#[derive(Debug, Clone)]
pub struct PolicyInput<L> {
    /// Where the policy as a whole was written, for problems of no one value.
    pub whole: L,
    /// Where the policy applies.
    pub context: Context,
    /// `origins`.
    pub origins: Vec<Located<String, L>>,
    /// `origin_regex`.
    pub origin_regex: Vec<Located<String, L>>,
    /// `origins_from`: the name of an origin set configured at start-up.
    pub origins_from: Option<Located<String, L>>,
    /// `origin_fn`, when given.
    pub origin_fn: Option<L>,
    /// `origin_fn_async`, when given.
    pub origin_fn_async: Option<L>,
    /// `methods`; `None` for the default.
    pub methods: Option<Vec<Located<String, L>>>,
    /// `headers`; `None` for the default `"*"`.
    pub headers: Option<Vec<Located<String, L>>>,
    /// `expose_headers`.
    pub expose_headers: Vec<Located<String, L>>,
    /// `credentials`, when given.
    pub credentials: Option<Located<bool, L>>,
    /// `max_age`, when given.
    pub max_age: Option<Located<i64, L>>,
    /// `private_network`.
    pub private_network: bool,
    /// `dangerously_allow_insecure_origins`.
    pub allow_insecure_origins: bool,
    /// `dangerously_allow_null_origin`.
    pub allow_null_origin: bool,
}

impl<L> PolicyInput<L> {
    /// An empty policy (no origin source yet) with every default.
    pub fn new(context: Context, whole: L) -> Self {
        PolicyInput {
            whole,
            context,
            origins: Vec::new(),
            origin_regex: Vec::new(),
            origins_from: None,
            origin_fn: None,
            origin_fn_async: None,
            methods: None,
            headers: None,
            expose_headers: Vec::new(),
            credentials: None,
            max_age: None,
            private_network: false,
            allow_insecure_origins: false,
            allow_null_origin: false,
        }
    }
}

/// Collects problems so that all of them are reported at once.
struct Problems<L>(Vec<Problem<L>>);

impl<L: Clone> Problems<L> {
    fn push(&mut self, at: &L, kind: ProblemKind, message: impl Into<String>) {
        self.0.push(Problem {
            at: at.clone(),
            kind,
            message: message.into(),
        });
    }

    fn refuse(&mut self, at: &L, refusal: Refusal) {
        self.push(at, refusal.kind, refusal.message);
    }
}

/// Checks a whole policy. Every problem is returned, each at the value that
/// causes it, in the order the values were written.
pub fn validate<L: Clone>(input: &PolicyInput<L>) -> Result<CheckedPolicy, Vec<Problem<L>>> {
    let mut problems = Problems(Vec::new());
    let credentials = input.credentials.as_ref().is_some_and(|c| c.value);

    let origins = check_origins(input, credentials, &mut problems);
    let origin_regex = check_regexes(input, credentials, &mut problems);
    let any_origin = origins.any.is_some();
    if let Some(star) = &origins.any {
        if !origins.exact.is_empty()
            || !origins.patterns.is_empty()
            || !input.origin_regex.is_empty()
            || input.origin_fn.is_some()
            || input.origin_fn_async.is_some()
            || input.origins_from.is_some()
        {
            problems.push(
                star,
                ProblemKind::AnyOriginWithOthers,
                "\"*\" already allows every origin, so the other origin settings mean nothing; remove \"*\" or the others",
            );
        }
        if credentials {
            problems.push(
                star,
                ProblemKind::AnyOriginWithCredentials,
                "\"*\" with `credentials = true` would let every site read responses made with the user's cookies; list the origins instead (patterns such as \"https://*.example.com\" work with credentials)",
            );
        }
    }
    if input.origins.is_empty()
        && input.origin_regex.is_empty()
        && input.origin_fn.is_none()
        && input.origin_fn_async.is_none()
        && input.origins_from.is_none()
    {
        problems.push(
            &input.whole,
            ProblemKind::NoOriginSource,
            "no origin is allowed; add `origins = [\"https://app.example.com\"]` (or `origins_from`, `origin_regex`, `origin_fn`)",
        );
    }

    let (methods, any_method) = check_methods(input, credentials, &mut problems);
    let headers = check_headers(input, &mut problems);
    let expose_headers = check_expose(input, credentials, &mut problems);
    let max_age = match &input.max_age {
        None => DEFAULT_MAX_AGE,
        Some(Located { value, at }) => match u32::try_from(*value) {
            Ok(seconds) if i64::from(seconds) <= MAX_MAX_AGE => seconds,
            _ => {
                problems.push(
                    at,
                    ProblemKind::MaxAgeRange,
                    format!(
                        "max_age must be from 0 to {MAX_MAX_AGE} seconds (browsers cap it: Chromium at 7200, Firefox at 86400); write a value such as 600"
                    ),
                );
                0
            }
        },
    };

    if !problems.0.is_empty() {
        return Err(problems.0);
    }
    Ok(CheckedPolicy {
        origins: AllowedOrigins {
            any: any_origin,
            exact: owned(origins.exact),
            patterns: Cow::Owned(origins.patterns),
            regexes: owned(origin_regex),
            configured: input
                .origins_from
                .as_ref()
                .map(|name| Cow::Owned(name.value.clone())),
            null_allowed: input.allow_null_origin,
            insecure_allowed: input.allow_insecure_origins,
        },
        methods: if any_method {
            MethodRule::Any
        } else {
            MethodRule::List(owned(methods))
        },
        headers: match headers {
            None => HeaderRule::Echo,
            Some(names) => HeaderRule::List(owned(names)),
        },
        expose_headers: owned(expose_headers),
        credentials,
        max_age,
        private_network: input.private_network,
    })
}

struct Origins<L> {
    any: Option<L>,
    exact: BTreeSet<String>,
    patterns: Vec<OriginPattern>,
}

fn check_origins<L: Clone>(
    input: &PolicyInput<L>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Origins<L> {
    let mut origins = Origins {
        any: None,
        exact: BTreeSet::new(),
        patterns: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    for Located { value, at } in &input.origins {
        let spec = match check_origin(value) {
            Ok(spec) => spec,
            Err(refusal) => {
                problems.refuse(at, refusal);
                continue;
            }
        };
        if !seen.insert(value.as_str()) {
            problems.push(
                at,
                ProblemKind::Duplicate,
                format!("origin \"{value}\" is listed twice; remove one"),
            );
            continue;
        }
        if credentials && !input.allow_insecure_origins && spec.is_insecure() {
            let secure = value.replacen("http://", "https://", 1);
            let instead = if check_origin(&secure).is_ok() {
                format!("use \"{secure}\"")
            } else {
                "use its https origin".to_owned()
            };
            problems.push(
                at,
                ProblemKind::InsecureOrigin,
                format!(
                    "plain-http origin \"{value}\" with `credentials = true` lets anyone on the network path act as it; {instead}, or set `dangerously_allow_insecure_origins = true`"
                ),
            );
        }
        match spec {
            OriginSpec::Any => origins.any = Some(at.clone()),
            OriginSpec::Null if !input.allow_null_origin => problems.push(
                at,
                ProblemKind::NullOrigin,
                "\"null\" is the origin of sandboxed frames, data: URLs and redirects, which any site can create; remove it, or set `dangerously_allow_null_origin = true`",
            ),
            OriginSpec::Null => {
                origins.exact.insert("null".to_owned());
            }
            OriginSpec::Exact(origin) => {
                origins.exact.insert(origin);
            }
            OriginSpec::Pattern(pattern) => origins.patterns.push(pattern),
        }
    }
    origins
}

fn check_regexes<L: Clone>(
    input: &PolicyInput<L>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut anchored = Vec::new();
    let mut written_at = Vec::new();
    for Located { value, at } in &input.origin_regex {
        if let Err(refusal) = regex_rule(value) {
            problems.refuse(at, refusal);
            continue;
        }
        if !seen.insert(value.as_str()) {
            problems.push(
                at,
                ProblemKind::Duplicate,
                "this regex is listed twice; remove one",
            );
            continue;
        }
        if credentials && !input.allow_insecure_origins {
            if let Some(example) = regex_matches_insecure_origin(value) {
                let instead = match https_only(value) {
                    Some(fixed) => format!("write `{fixed}`"),
                    None => "match `https://` origins only".to_owned(),
                };
                problems.push(
                    at,
                    ProblemKind::InsecureOrigin,
                    format!(
                        "this regex matches plain-http origins such as \"{example}\", and with `credentials = true` anyone on the network path can act as them; {instead}, or set `dangerously_allow_insecure_origins = true`"
                    ),
                );
                continue;
            }
        }
        anchored.push(anchor_regex(value));
        written_at.push(at);
    }
    // The runtime builds this very set; refuse it here if it is too large,
    // at the first regex that makes it so. (Without regexes there is no
    // set: building an empty one costs as much as a small one, and every
    // `#[cors]` expansion would pay it.)
    if anchored.is_empty() {
        return anchored;
    }
    if let Err(regex::Error::CompiledTooBig(limit)) = origin_regex_set(&anchored) {
        let first_too_many = (1..=anchored.len())
            .find(|&count| origin_regex_set(&anchored[..count]).is_err())
            .unwrap_or(anchored.len());
        let at = written_at[first_too_many.saturating_sub(1)];
        problems.refuse(at, too_large(limit, "`origin_regex`, up to this regex,"));
    }
    anchored
}

/// Checks a list that may be `"*"` alone: returns the entries other than
/// `"*"` that `check` accepts, and whether `"*"` was given.
fn check_list<L: Clone>(
    key: &str,
    entries: &[Located<String, L>],
    problems: &mut Problems<L>,
    mut check: impl FnMut(&str, &L, &mut Problems<L>) -> Option<String>,
) -> (Vec<String>, Option<L>) {
    let mut star = None;
    let mut values: Vec<String> = Vec::new();
    for Located { value, at } in entries {
        if value == "*" {
            star = Some(at.clone());
            if entries.len() > 1 {
                problems.push(
                    at,
                    ProblemKind::WildcardWithOthers,
                    format!("\"*\" in `{key}` already means every value; write \"*\" alone or remove it"),
                );
            }
            continue;
        }
        if let Some(checked) = check(value, at, problems) {
            if values.contains(&checked) {
                problems.push(
                    at,
                    ProblemKind::Duplicate,
                    format!("\"{value}\" is listed twice in `{key}`; remove one"),
                );
            } else {
                values.push(checked);
            }
        }
    }
    (values, star)
}

fn check_methods<L: Clone>(
    input: &PolicyInput<L>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> (Vec<String>, bool) {
    let (route_methods, inherited) = match &input.context {
        Context::Handler {
            route_methods,
            methods_inherited,
        } => (Some(route_methods), *methods_inherited),
        Context::Middleware => (None, false),
    };
    let Some(entries) = &input.methods else {
        return match route_methods {
            Some(served) => (served.clone(), false),
            None => (vec!["GET".into(), "HEAD".into(), "POST".into()], false),
        };
    };
    let (methods, star) = check_list("methods", entries, problems, |value, at, problems| {
        let method = match method_rule(value) {
            Ok(method) => method,
            Err(refusal) => {
                problems.refuse(at, refusal);
                return None;
            }
        };
        match route_methods {
            Some(served) if !served.iter().any(|s| s == normalize_method(&method)) => {
                if !inherited {
                    problems.push(
                        at,
                        ProblemKind::MethodNotServed,
                        format!(
                            "this route does not serve {method} (it serves {}); remove it, or add it to the route attribute",
                            served.join(", ")
                        ),
                    );
                }
                None
            }
            _ => Some(method),
        }
    });
    match (star, route_methods) {
        (Some(at), _) if credentials => {
            problems.push(
                &at,
                ProblemKind::WildcardWithCredentials,
                "with `credentials = true` browsers read \"*\" in Access-Control-Allow-Methods as a method named `*`; list the methods",
            );
            (methods, false)
        }
        // On a handler, every method means every method the route serves.
        (Some(_), Some(served)) => (served.clone(), false),
        (Some(_), None) => (Vec::new(), true),
        (None, _) => (methods, false),
    }
}

fn check_headers<L: Clone>(
    input: &PolicyInput<L>,
    problems: &mut Problems<L>,
) -> Option<Vec<String>> {
    let entries = input.headers.as_ref()?;
    let (mut headers, star) = check_list("headers", entries, problems, |value, at, problems| {
        request_header_rule(value)
            .map_err(|refusal| problems.refuse(at, refusal))
            .ok()
    });
    if star.is_some() {
        return None;
    }
    headers.sort();
    Some(headers)
}

fn check_expose<L: Clone>(
    input: &PolicyInput<L>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Vec<String> {
    let (headers, star) = check_list(
        "expose_headers",
        &input.expose_headers,
        problems,
        |value, at, problems| {
            expose_header_rule(value)
                .map_err(|refusal| problems.refuse(at, refusal))
                .ok()
        },
    );
    match star {
        Some(at) if credentials => {
            problems.push(
                &at,
                ProblemKind::WildcardWithCredentials,
                "with `credentials = true` browsers read \"*\" in Access-Control-Expose-Headers as a header named `*`; list the headers",
            );
            headers
        }
        Some(_) => vec!["*".to_owned()],
        None => headers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Texts;

    /// A policy whose values are located by their own text.
    fn input(context: Context) -> PolicyInput<&'static str> {
        PolicyInput::new(context, "whole")
    }

    fn at(values: &[&'static str]) -> Vec<Located<String, &'static str>> {
        values
            .iter()
            .map(|v| Located::new((*v).to_owned(), *v))
            .collect()
    }

    fn problems(input: &PolicyInput<&'static str>) -> Vec<(&'static str, String)> {
        validate(input)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.at, p.message))
            .collect()
    }

    fn texts(values: &[&'static str]) -> Texts {
        values.iter().map(|value| Cow::Borrowed(*value)).collect()
    }

    #[test]
    fn defaults() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["https://b.com", "https://a.com"]);
        let checked = validate(&policy).unwrap();
        assert_eq!(
            checked.origins.exact,
            texts(&["https://a.com", "https://b.com"])
        );
        assert_eq!(
            checked.methods,
            MethodRule::List(texts(&["GET", "HEAD", "POST"]))
        );
        assert_eq!(checked.headers, HeaderRule::Echo);
        assert_eq!(checked.max_age, DEFAULT_MAX_AGE);
        assert!(!checked.credentials);

        let mut handler = input(Context::Handler {
            route_methods: vec!["PUT".into()],
            methods_inherited: false,
        });
        handler.origins = at(&["https://a.com"]);
        assert_eq!(
            validate(&handler).unwrap().methods,
            MethodRule::List(texts(&["PUT"]))
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["https://a.com/", "*", "null", "http://intranet.example.com"]);
        policy.credentials = Some(Located::new(true, "credentials"));
        policy.methods = Some(at(&["get", "TRACE", "*"]));
        policy.headers = Some(at(&["cookie", "x-a", "X-A"]));
        policy.expose_headers = at(&["set-cookie", "*"]);
        policy.max_age = Some(Located::new(-1, "max_age"));
        let found: Vec<&str> = problems(&policy).into_iter().map(|(at, _)| at).collect();
        assert_eq!(
            found,
            [
                "https://a.com/",
                "null",
                "http://intranet.example.com",
                "*",
                "*",
                "get",
                "TRACE",
                "*",
                "*",
                "cookie",
                "X-A",
                "set-cookie",
                "*",
                "*",
                "max_age",
            ]
        );
    }

    #[test]
    fn credentials_rules() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["*"]);
        policy.credentials = Some(Located::new(true, "credentials"));
        let found = problems(&policy);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.starts_with("\"*\" with `credentials = true`"));

        policy.origins = at(&[
            "https://*.example.com",
            "http://localhost:3000",
            "http://[::1]:*",
        ]);
        assert!(validate(&policy).is_ok());

        policy.origins = at(&["http://app.example.com"]);
        assert!(problems(&policy)[0]
            .1
            .contains("dangerously_allow_insecure_origins"));
        policy.allow_insecure_origins = true;
        assert!(validate(&policy).is_ok());
    }

    #[test]
    fn no_origin_source_is_refused_at_the_whole() {
        let policy = input(Context::Middleware);
        assert_eq!(problems(&policy)[0].0, "whole");
        let mut with_fn = input(Context::Middleware);
        with_fn.origin_fn = Some("origin_fn");
        assert!(validate(&with_fn).is_ok());
    }

    #[test]
    fn null_needs_its_flag() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["null"]);
        assert!(problems(&policy)[0]
            .1
            .contains("dangerously_allow_null_origin"));
        policy.allow_null_origin = true;
        assert_eq!(validate(&policy).unwrap().origins.exact, texts(&["null"]));
    }

    #[test]
    fn handler_methods() {
        let mut policy = input(Context::Handler {
            route_methods: vec!["GET".into(), "POST".into()],
            methods_inherited: false,
        });
        policy.origins = at(&["https://a.com"]);
        policy.methods = Some(at(&["PUT"]));
        assert_eq!(
            problems(&policy),
            [(
                "PUT",
                "this route does not serve PUT (it serves GET, POST); remove it, or add it to the route attribute".to_owned()
            )]
        );
        policy.context = Context::Handler {
            route_methods: vec!["GET".into(), "POST".into()],
            methods_inherited: true,
        };
        policy.methods = Some(at(&["PUT", "POST"]));
        assert_eq!(
            validate(&policy).unwrap().methods,
            MethodRule::List(texts(&["POST"]))
        );
        policy.methods = Some(at(&["*"]));
        assert_eq!(
            validate(&policy).unwrap().methods,
            MethodRule::List(texts(&["GET", "POST"]))
        );
    }

    #[test]
    fn header_values() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["*"]);
        policy.methods = Some(at(&["*"]));
        policy.headers = Some(at(&["X-B", "x-a"]));
        policy.expose_headers = at(&["X-Request-Id", "etag"]);
        policy.max_age = Some(Located::new(600, "max_age"));
        let checked = validate(&policy).unwrap();
        assert_eq!(checked.methods, MethodRule::Any);
        assert_eq!(checked.headers, HeaderRule::List(texts(&["x-a", "x-b"])));
        assert_eq!(checked.expose_headers, texts(&["x-request-id", "etag"]));
        assert_eq!(checked.max_age, 600);

        policy.max_age = Some(Located::new(86_401, "max_age"));
        assert_eq!(problems(&policy)[0].0, "max_age");
    }

    fn kinds(input: &PolicyInput<&'static str>) -> Vec<(&'static str, ProblemKind)> {
        validate(input)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.at, p.kind))
            .collect()
    }

    #[test]
    fn potentially_trustworthy_origins_are_fine_with_credentials() {
        let mut policy = input(Context::Middleware);
        policy.credentials = Some(Located::new(true, "credentials"));
        policy.origins = at(&[
            "http://foo.localhost",
            "http://127.127.127.127",
            "http://localhost:3000",
            "http://[::1]:8080",
            "http://*.localhost:*",
        ]);
        assert_eq!(problems(&policy), []);
        policy.origins = at(&["http://[::ffff:7f7f:7f7f]:90", "http://10.0.0.1"]);
        assert_eq!(
            kinds(&policy),
            [
                ("http://[::ffff:7f7f:7f7f]:90", ProblemKind::InsecureOrigin),
                ("http://10.0.0.1", ProblemKind::InsecureOrigin),
            ]
        );
    }

    #[test]
    fn a_regex_matching_plain_http_needs_the_flag_with_credentials() {
        let mut policy = input(Context::Middleware);
        policy.origin_regex = at(&[r"https?://[a-z]+\.example\.com", r"http://localhost:[0-9]+"]);
        assert!(validate(&policy).is_ok(), "fine without credentials");
        policy.credentials = Some(Located::new(true, "credentials"));
        assert_eq!(
            problems(&policy),
            [(
                r"https?://[a-z]+\.example\.com",
                r#"this regex matches plain-http origins such as "http://a.example.com", and with `credentials = true` anyone on the network path can act as them; write `https://[a-z]+\.example\.com`, or set `dangerously_allow_insecure_origins = true`"#.to_owned()
            )]
        );
        assert_eq!(kinds(&policy)[0].1, ProblemKind::InsecureOrigin);
        policy.allow_insecure_origins = true;
        assert!(validate(&policy).is_ok());
    }

    #[test]
    fn an_origin_regex_set_beyond_the_size_limit_is_refused_at_its_regex() {
        // Issue 8, item 1: each compiles alone, the set does not.
        let mut policy = input(Context::Middleware);
        policy.origin_regex = at(&[
            r"https://[\w-]{1,63}\.team0\.example\.com",
            r"https://[\w-]{1,63}\.team1\.example\.com",
            r"https://[\w-]{1,63}\.team2\.example\.com",
            r"https://[\w-]{1,63}\.team3\.example\.com",
        ]);
        let found = problems(&policy);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(kinds(&policy)[0].1, ProblemKind::RegexTooLarge);
        assert!(found[0].1.starts_with(
            "`origin_regex`, up to this regex, compiles to more than the regex size limit (10 MiB)"
        ));
        assert!(found[0].1.contains("subdomain patterns"));
        // What the check accepts, the runtime's builder builds.
        policy.origin_regex.truncate(1);
        let checked = validate(&policy).unwrap();
        assert!(origin_regex_set(checked.origins.regexes.iter()).is_ok());
    }

    #[test]
    fn mixed_case_normalized_method_is_refused() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&["https://a.com"]);
        policy.methods = Some(at(&["Delete"]));
        assert_eq!(
            problems(&policy),
            [(
                "Delete",
                "methods are written in upper case; write \"DELETE\"".to_owned()
            )]
        );
    }

    #[test]
    fn every_problem_has_its_kind() {
        let mut policy = input(Context::Middleware);
        policy.origins = at(&[
            "*",
            "https://a.com, https://b.com",
            "ws://a.com",
            "https://*.deno.dev",
        ]);
        policy.credentials = Some(Located::new(true, "credentials"));
        assert_eq!(
            kinds(&policy),
            [
                ("https://a.com, https://b.com", ProblemKind::OriginList),
                ("ws://a.com", ProblemKind::OriginScheme),
                ("https://*.deno.dev", ProblemKind::OriginPublicSuffix),
                ("*", ProblemKind::AnyOriginWithCredentials),
            ]
        );
        let empty = input(Context::Middleware);
        assert_eq!(kinds(&empty), [("whole", ProblemKind::NoOriginSource)]);
    }
}
