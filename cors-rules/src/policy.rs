//! The whole-policy check: every value, and the combinations that are
//! dangerous or meaningless, reported together.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::checked::{AllowedOrigins, CheckedPolicy, HeaderRule, MethodRule};
use crate::context::Context;
use crate::keys::PolicyInput;
use crate::located::Located;
use crate::names::{expose_header_rule, method_rule, normalize_method, request_header_rule};
use crate::origin::{check_origin, split_authority, HostRule, OriginPattern, OriginSpec, PortRule};
use crate::problem::{Problem, ProblemKind, Refusal};
use crate::regex_origin::{
    anchor_regex, https_only, origin_regex_set, regex_matches_insecure_origin, regex_rule,
    too_large,
};
use crate::text::{owned, separated};
use crate::writes::{is_safe_method, ModuleSwitch, SafeOnly, Switches};

/// `max_age` when none is given, in seconds.
pub const DEFAULT_MAX_AGE: u32 = 1800;
/// The largest `max_age` accepted, in seconds (Firefox's cap; Chromium caps at 7200).
pub const MAX_MAX_AGE: i64 = 86_400;

impl<L, F> PolicyInput<L, F> {
    /// The switch keys with what decides whether they change anything: a
    /// handler's route methods (a method it serves can be sent by a form
    /// without a preflight, whatever `methods` says).
    fn switches(&self, credentials: bool) -> Switches<'_, L> {
        // A middleware's `methods` are what a preflight may ask for, not
        // what its routes serve: a form posts without a preflight, so only
        // a route's own methods can make a switch do nothing.
        let methods = match &self.context {
            Context::Handler { route_methods, .. } => route_methods.as_slice(),
            Context::Middleware | Context::OriginSet { .. } => &[][..],
        };
        let safe_only = (!methods.is_empty() && methods.iter().all(|m| is_safe_method(m)))
            .then_some(SafeOnly { methods });
        Switches {
            refuse: self.refuse_cross_origin_writes.as_ref(),
            allow: self.dangerously_allow_cross_origin_writes.as_ref(),
            sources: self.switch_sources,
            credentials,
            safe_only,
        }
    }
}

/// The switch keys a `#[cors]` module writes, checked over the handlers
/// that inherit them. A handler's own check skips the keys it inherits,
/// which the module wrote for its other handlers too; a module key that
/// changes nothing on every handler that inherits it is refused here,
/// once, at the module.
///
/// ```
/// use route_cors_rules::{Context, KeySource, Located, ModuleSwitches, PolicyInput, SwitchSources};
///
/// let refuse = Located::new(true, "module");
/// let mut module = ModuleSwitches::new(Some(&refuse), None);
/// let mut handler: PolicyInput<&str> = PolicyInput::new(
///     Context::Handler { route_methods: vec!["GET".into()], methods_inherited: false },
///     "handler",
/// );
/// handler.refuse_cross_origin_writes = Some(refuse.clone());
/// handler.switch_sources = SwitchSources { refuse: KeySource::Module, ..SwitchSources::default() };
/// module.handler(&handler);
/// let problems = module.problems();
/// assert_eq!(problems[0].at, "module");
/// assert_eq!(
///     problems[0].message,
///     "cross-origin writes are refused only for methods other than GET, HEAD and OPTIONS, and the handlers that inherit it serve only GET; remove `refuse_cross_origin_writes`",
/// );
/// ```
#[derive(Debug, Clone)]
pub struct ModuleSwitches<L> {
    refuse: Option<ModuleSwitch<L>>,
    allow: Option<ModuleSwitch<L>>,
}

impl<L: Clone> ModuleSwitches<L> {
    /// The module's own `refuse_cross_origin_writes` and
    /// `dangerously_allow_cross_origin_writes`. Only `true` is followed: a
    /// `false`, and both `true`, are refused on every handler.
    pub fn new(refuse: Option<&Located<bool, L>>, allow: Option<&Located<bool, L>>) -> Self {
        let on =
            |key: Option<&Located<bool, L>>| key.filter(|key| key.value).map(|key| key.at.clone());
        let (refuse, allow) = match (on(refuse), on(allow)) {
            (Some(_), Some(_)) => (None, None),
            both => both,
        };
        ModuleSwitches {
            refuse: refuse.map(ModuleSwitch::refuse),
            allow: allow.map(ModuleSwitch::allow),
        }
    }

    /// Records what the module's keys do on one of its handlers, given the
    /// handler's policy with the module's keys merged in.
    pub fn handler<F>(&mut self, input: &PolicyInput<L, F>) {
        let credentials = input.credentials.as_ref().is_some_and(|c| c.value);
        let switches = input.switches(credentials);
        let served = switches.safe_only.map_or(&[][..], |safe| safe.methods);
        let (refuse, allow) = switches.inherited();
        if let (Some(module), Some(what)) = (&mut self.refuse, refuse) {
            module.record(what, served);
        }
        if let (Some(module), Some(what)) = (&mut self.allow, allow) {
            module.record(what, served);
        }
    }

    /// Each module key that changes nothing on any handler that inherits
    /// it, with what to write instead.
    pub fn problems(self) -> Vec<Problem<L>> {
        [self.refuse, self.allow]
            .into_iter()
            .flatten()
            .filter_map(ModuleSwitch::problem)
            .collect()
    }
}

/// Whether a switch key is given as `true`.
fn on<L>(key: &Option<Located<bool, L>>) -> bool {
    key.as_ref().is_some_and(|key| key.value)
}

/// The values of a list key, none when it is not given.
fn listed<L>(key: &Option<Vec<Located<String, L>>>) -> &[Located<String, L>] {
    key.as_deref().unwrap_or_default()
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
pub fn validate<L: Clone, F>(input: &PolicyInput<L, F>) -> Result<CheckedPolicy, Vec<Problem<L>>> {
    let mut problems = Problems(Vec::new());
    let credentials = input.credentials.as_ref().is_some_and(|c| c.value);

    let origins = check_origins(input, credentials, &mut problems);
    let origin_regex = check_regexes(input, credentials, &mut problems);
    let any_origin = origins.any.is_some();
    if let Some(star) = &origins.any {
        if !origins.exact.is_empty()
            || !origins.patterns.is_empty()
            || input.origin_regex.is_some()
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
    if input.origins.is_none()
        && input.origin_regex.is_none()
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
    check_dangerous_keys(input, credentials, &mut problems);
    let switches = input.switches(credentials);
    problems.0.extend(switches.check());
    let refuse_cross_origin_writes = switches.refuses();

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
            null_allowed: on(&input.dangerously_allow_null_origin),
            insecure_allowed: on(&input.dangerously_allow_insecure_origins),
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
        private_network: on(&input.private_network),
        refuse_cross_origin_writes,
    })
}

/// `dangerously_allow_insecure_origins` and `dangerously_allow_null_origin`
/// set where they change nothing: such a key is what gets copied into a
/// policy where it does.
fn check_dangerous_keys<L: Clone, F>(
    input: &PolicyInput<L, F>,
    credentials: bool,
    problems: &mut Problems<L>,
) {
    let function = input.origin_fn.is_some() || input.origin_fn_async.is_some();
    if let Some(key) = input
        .dangerously_allow_insecure_origins
        .as_ref()
        .filter(|key| key.value)
    {
        let insecure_listed = listed(&input.origins)
            .iter()
            .any(|origin| check_origin(&origin.value).is_ok_and(|spec| spec.is_insecure()))
            || listed(&input.origin_regex)
                .iter()
                .any(|regex| regex_matches_insecure_origin(&regex.value).is_some());
        let why = if !credentials {
            Some("without `credentials = true` plain-http origins are allowed anyway")
        } else if !insecure_listed && !function {
            Some("no origin here is plain http on a host other than loopback, and no origin function could allow one")
        } else {
            None
        };
        if let Some(why) = why {
            problems.push(
                &key.at,
                ProblemKind::DangerousKeyIdle,
                format!(
                    "{why}, so `dangerously_allow_insecure_origins` changes nothing; remove it"
                ),
            );
        }
    }
    if let Some(key) = input
        .dangerously_allow_null_origin
        .as_ref()
        .filter(|key| key.value)
    {
        let null_listed = listed(&input.origins)
            .iter()
            .any(|origin| origin.value == "null");
        if !null_listed && !function {
            problems.push(
                &key.at,
                ProblemKind::DangerousKeyIdle,
                "`origins` does not list \"null\" and no origin function could allow it, so `dangerously_allow_null_origin` changes nothing; remove it",
            );
        }
    }
}

struct Origins<L> {
    any: Option<L>,
    exact: BTreeSet<String>,
    patterns: Vec<OriginPattern>,
}

fn check_origins<L: Clone, F>(
    input: &PolicyInput<L, F>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Origins<L> {
    let mut origins = Origins {
        any: None,
        exact: BTreeSet::new(),
        patterns: Vec::new(),
    };
    let mut seen = BTreeSet::new();
    let mut exact_at = Vec::new();
    let mut pattern_text = Vec::new();
    let in_set = matches!(input.context, Context::OriginSet { .. });
    let from_text = input.context == Context::OriginSet { from_text: true };
    for Located { value, at } in listed(&input.origins) {
        let spec = match check_origin(value) {
            Ok(spec) => spec,
            // A set's values are separated by commas, not written as a list.
            Err(refusal) if from_text && refusal.kind == ProblemKind::OriginList => {
                let parts = separated(value);
                problems.push(
                    at,
                    refusal.kind,
                    format!(
                        "origins in a set are separated by commas; write {}",
                        parts.join(", ")
                    ),
                );
                continue;
            }
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
        if credentials && !on(&input.dangerously_allow_insecure_origins) && spec.is_insecure() {
            let secure = value.replacen("http://", "https://", 1);
            let instead = if check_origin(&secure).is_ok() {
                format!("use \"{secure}\"")
            } else {
                "use its https origin".to_owned()
            };
            let message = if in_set {
                format!(
                    "plain-http origin \"{value}\" cannot be in an origin set: any route may use the set, and with `credentials = true` anyone on the network path could act as it (a set takes https origins and loopback http); {instead}"
                )
            } else {
                format!(
                    "plain-http origin \"{value}\" with `credentials = true` lets anyone on the network path act as it; {instead}, or set `dangerously_allow_insecure_origins = true`"
                )
            };
            problems.push(at, ProblemKind::InsecureOrigin, message);
        }
        match spec {
            OriginSpec::Any => origins.any = Some(at.clone()),
            OriginSpec::Null if in_set => problems.push(
                at,
                ProblemKind::NullOrigin,
                "\"null\" is the origin of sandboxed frames, data: URLs and redirects, which any site can create, and an origin set never holds it; remove it",
            ),
            OriginSpec::Null if !on(&input.dangerously_allow_null_origin) => problems.push(
                at,
                ProblemKind::NullOrigin,
                "\"null\" is the origin of sandboxed frames, data: URLs and redirects, which any site can create; remove it, or set `dangerously_allow_null_origin = true`",
            ),
            OriginSpec::Null => {
                origins.exact.insert("null".to_owned());
            }
            OriginSpec::Exact(origin) => {
                exact_at.push((origin.clone(), at));
                origins.exact.insert(origin);
            }
            OriginSpec::Pattern(pattern) => {
                pattern_text.push(value.as_str());
                origins.patterns.push(pattern);
            }
        }
    }
    for (origin, at) in exact_at {
        let covering = origins.patterns.iter().zip(&pattern_text);
        if let Some((_, pattern)) = covering.into_iter().find(|(p, _)| covers(p, &origin)) {
            problems.push(
                at,
                ProblemKind::OriginCovered,
                format!(
                    "\"{pattern}\" in this list allows \"{origin}\" already; remove \"{origin}\""
                ),
            );
        }
    }
    origins
}

/// Whether a subdomain or any-port pattern allows an exact origin.
fn covers(pattern: &OriginPattern, origin: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let (host, port) = split_authority(authority);
    let host_matches = match &pattern.host {
        HostRule::Exact(exact) => host == &**exact,
        HostRule::Subdomains(parent) => host
            .strip_suffix(&**parent)
            .is_some_and(|rest| rest.len() > 1 && rest.ends_with('.')),
    };
    let port_matches = match pattern.port {
        PortRule::Default => port.is_none(),
        PortRule::Exact(expected) => port.and_then(|p| p.parse().ok()) == Some(expected),
        PortRule::Any => true,
    };
    scheme == &*pattern.scheme && host_matches && port_matches
}

fn check_regexes<L: Clone, F>(
    input: &PolicyInput<L, F>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut anchored = Vec::new();
    let mut written_at = Vec::new();
    for Located { value, at } in listed(&input.origin_regex) {
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
        if credentials && !on(&input.dangerously_allow_insecure_origins) {
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

/// The values of a string that holds several, separated by commas or
/// semicolons (and white space): one string holds one value. White space
/// alone is a bad name, not a list.
fn several_values(value: &str) -> Option<Vec<&str>> {
    if !value.contains([',', ';']) {
        return None;
    }
    let parts = separated(value);
    (parts.len() > 1).then_some(parts)
}

/// Checks a list that may be `"*"` alone: returns the entries other than
/// `"*"` that `check` accepts, and whether `"*"` was given.
fn check_list<L: Clone>(
    key: &str,
    entries: &[Located<String, L>],
    spell: fn(&str) -> String,
    problems: &mut Problems<L>,
    mut check: impl FnMut(&str, &L, &mut Problems<L>) -> Option<String>,
) -> (Vec<String>, Option<L>) {
    let mut star = None;
    let mut values: Vec<String> = Vec::new();
    for Located { value, at } in entries {
        if let Some(parts) = several_values(value) {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| format!("\"{}\"", spell(part)))
                .collect();
            problems.push(
                at,
                ProblemKind::ValueList,
                format!(
                    "one string holds one value; write a list, `{key} = [{}]`",
                    parts.join(", ")
                ),
            );
            continue;
        }
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

fn check_methods<L: Clone, F>(
    input: &PolicyInput<L, F>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> (Vec<String>, bool) {
    let (route_methods, inherited) = match &input.context {
        Context::Handler {
            route_methods,
            methods_inherited,
        } => (Some(route_methods), *methods_inherited),
        Context::Middleware | Context::OriginSet { .. } => (None, false),
    };
    let Some(entries) = &input.methods else {
        return match route_methods {
            Some(served) => (served.clone(), false),
            None => (vec!["GET".into(), "HEAD".into(), "POST".into()], false),
        };
    };
    let (methods, star) = check_list(
        "methods",
        entries,
        str::to_ascii_uppercase,
        problems,
        |value, at, problems| {
            let method = match method_rule(value) {
                Ok(method) => method,
                // The example must be valid here: on a route, one it serves.
                Err(refusal) if refusal.kind == ProblemKind::MethodInvalid => {
                    let example = route_methods
                        .and_then(|served| served.first())
                        .map_or("PUT", String::as_str);
                    problems.push(
                    at,
                    refusal.kind,
                    format!("`{value}` is not an HTTP method; write a method name such as \"{example}\""),
                );
                    return None;
                }
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
        },
    );
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
        // Methods written for other routes, none of which this one serves:
        // every preflight to it would be refused.
        (None, Some(served)) if inherited && methods.is_empty() && !entries.is_empty() => {
            let written: Vec<&str> = entries.iter().map(|entry| entry.value.as_str()).collect();
            problems.push(
                &input.whole,
                ProblemKind::MethodNotServed,
                format!(
                    "this route serves {}, and none is in the `methods` it inherits ({}), so every preflight to it would be refused; write `methods = [\"{}\"]` on the handler",
                    served.join(", "),
                    written.join(", "),
                    served.join("\", \""),
                ),
            );
            (methods, false)
        }
        (None, _) => (methods, false),
    }
}

fn check_headers<L: Clone, F>(
    input: &PolicyInput<L, F>,
    problems: &mut Problems<L>,
) -> Option<Vec<String>> {
    let entries = input.headers.as_ref()?;
    let (mut headers, star) = check_list(
        "headers",
        entries,
        str::to_ascii_lowercase,
        problems,
        |value, at, problems| {
            request_header_rule(value)
                .map_err(|refusal| problems.refuse(at, refusal))
                .ok()
        },
    );
    if star.is_some() {
        return None;
    }
    headers.sort();
    Some(headers)
}

fn check_expose<L: Clone, F>(
    input: &PolicyInput<L, F>,
    credentials: bool,
    problems: &mut Problems<L>,
) -> Vec<String> {
    let (headers, star) = check_list(
        "expose_headers",
        listed(&input.expose_headers),
        str::to_ascii_lowercase,
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
    use crate::writes::{KeySource, SwitchSources};

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
        policy.origins = Some(at(&["https://b.com", "https://a.com"]));
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
        handler.origins = Some(at(&["https://a.com"]));
        assert_eq!(
            validate(&handler).unwrap().methods,
            MethodRule::List(texts(&["PUT"]))
        );
    }

    #[test]
    fn every_problem_is_reported_at_its_value() {
        let mut policy = input(Context::Middleware);
        policy.origins = Some(at(&[
            "https://a.com/",
            "*",
            "null",
            "http://intranet.example.com",
        ]));
        policy.credentials = Some(Located::new(true, "credentials"));
        policy.methods = Some(at(&["get", "TRACE", "*"]));
        policy.headers = Some(at(&["cookie", "x-a", "X-A"]));
        policy.expose_headers = Some(at(&["set-cookie", "*"]));
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
        policy.origins = Some(at(&["*"]));
        policy.credentials = Some(Located::new(true, "credentials"));
        let found = problems(&policy);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.starts_with("\"*\" with `credentials = true`"));

        policy.origins = Some(at(&[
            "https://*.example.com",
            "http://localhost:3000",
            "http://[::1]:*",
        ]));
        assert!(validate(&policy).is_ok());

        policy.origins = Some(at(&["http://app.example.com"]));
        assert!(problems(&policy)[0]
            .1
            .contains("dangerously_allow_insecure_origins"));
        policy.dangerously_allow_insecure_origins =
            Some(Located::new(true, "dangerously_allow_insecure_origins"));
        assert!(validate(&policy).is_ok());
    }

    #[test]
    fn no_origin_source_is_refused_at_the_whole() {
        let policy = input(Context::Middleware);
        assert_eq!(problems(&policy)[0].0, "whole");
        let mut with_fn = input(Context::Middleware);
        with_fn.origin_fn = Some(Located::new((), "origin_fn"));
        assert!(validate(&with_fn).is_ok());
    }

    #[test]
    fn null_needs_its_flag() {
        let mut policy = input(Context::Middleware);
        policy.origins = Some(at(&["null"]));
        assert!(problems(&policy)[0]
            .1
            .contains("dangerously_allow_null_origin"));
        policy.dangerously_allow_null_origin =
            Some(Located::new(true, "dangerously_allow_null_origin"));
        assert_eq!(validate(&policy).unwrap().origins.exact, texts(&["null"]));
    }

    #[test]
    fn handler_methods() {
        let mut policy = input(Context::Handler {
            route_methods: vec!["GET".into(), "POST".into()],
            methods_inherited: false,
        });
        policy.origins = Some(at(&["https://a.com"]));
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
        policy.origins = Some(at(&["*"]));
        policy.methods = Some(at(&["*"]));
        policy.headers = Some(at(&["X-B", "x-a"]));
        policy.expose_headers = Some(at(&["X-Request-Id", "etag"]));
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
        policy.origins = Some(at(&[
            "http://foo.localhost",
            "http://127.127.127.127",
            "http://localhost:3000",
            "http://[::1]:8080",
            "http://*.dev.localhost:*",
        ]));
        assert_eq!(problems(&policy), []);
        policy.origins = Some(at(&["http://[::ffff:7f7f:7f7f]:90", "http://10.0.0.1"]));
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
        policy.origin_regex = Some(at(&[
            r"https?://[a-z]+\.example\.com",
            r"http://localhost:[0-9]+",
        ]));
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
        policy.dangerously_allow_insecure_origins =
            Some(Located::new(true, "dangerously_allow_insecure_origins"));
        assert!(validate(&policy).is_ok());
    }

    #[test]
    fn an_origin_regex_set_beyond_the_size_limit_is_refused_at_its_regex() {
        // Issue 8, item 1: each compiles alone, the set does not.
        let mut policy = input(Context::Middleware);
        policy.origin_regex = Some(at(&[
            r"https://[\w-]{1,63}\.team0\.example\.com",
            r"https://[\w-]{1,63}\.team1\.example\.com",
            r"https://[\w-]{1,63}\.team2\.example\.com",
            r"https://[\w-]{1,63}\.team3\.example\.com",
        ]));
        let found = problems(&policy);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(kinds(&policy)[0].1, ProblemKind::RegexTooLarge);
        assert!(found[0].1.starts_with(
            "`origin_regex`, up to this regex, compiles to more than the regex size limit (10 MiB)"
        ));
        assert!(found[0].1.contains("subdomain patterns"));
        // What the check accepts, the runtime's builder builds.
        if let Some(regexes) = &mut policy.origin_regex {
            regexes.truncate(1);
        }
        let checked = validate(&policy).unwrap();
        assert!(origin_regex_set(checked.origins.regexes.iter()).is_ok());
    }

    #[test]
    fn mixed_case_normalized_method_is_refused() {
        let mut policy = input(Context::Middleware);
        policy.origins = Some(at(&["https://a.com"]));
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
        policy.origins = Some(at(&[
            "*",
            "https://a.com, https://b.com",
            "ws://a.com",
            "https://*.deno.dev",
        ]));
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

    /// A value of `credentials`, `refuse_cross_origin_writes` or
    /// `dangerously_allow_cross_origin_writes`: absent, `false`, `true`.
    #[derive(Debug, Clone, Copy)]
    enum Key {
        No,
        False,
        True,
    }

    /// The problems found: where, and which rule.
    type Found = &'static [(&'static str, ProblemKind)];

    /// `credentials`, `refuse_cross_origin_writes`,
    /// `dangerously_allow_cross_origin_writes`: whether writes are refused,
    /// and the problems.
    type Combination = (Key, Key, Key, bool, Found);

    /// The three keys, and each problem's place and message.
    type Messages = (Key, Key, Key, &'static [(&'static str, &'static str)]);

    /// A handler's route methods, `credentials`, each switch key with where
    /// it came from: whether writes are refused, and the problems.
    type Inherited = (
        &'static [&'static str],
        Key,
        (Key, KeySource),
        (Key, KeySource),
        bool,
        Found,
    );

    fn key(value: Key, at: &'static str) -> Option<Located<bool, &'static str>> {
        match value {
            Key::No => None,
            Key::False => Some(Located::new(false, at)),
            Key::True => Some(Located::new(true, at)),
        }
    }

    /// A policy with an origin, in `context`, with the three keys located
    /// at their names.
    fn writes(
        context: Context,
        credentials: Key,
        refuse: Key,
        allow: Key,
    ) -> PolicyInput<&'static str> {
        let mut policy = input(context);
        policy.origins = Some(at(&["https://a.com"]));
        policy.credentials = key(credentials, "credentials");
        policy.refuse_cross_origin_writes = key(refuse, "refuse");
        policy.dangerously_allow_cross_origin_writes = key(allow, "allow");
        policy
    }

    /// Whether the policy refuses cross-origin writes, whether or not its
    /// keys pass the rules.
    fn refuses(policy: &PolicyInput<&'static str>) -> bool {
        let credentials = policy.credentials.as_ref().is_some_and(|c| c.value);
        policy.switches(credentials).refuses()
    }

    #[test]
    fn cross_origin_writes_for_every_combination() {
        use Key::{False as F, No, True as T};
        use ProblemKind::{
            CrossOriginWritesConflict as Conflict, CrossOriginWritesRedundant as Redundant,
        };
        // credentials, refuse, allow: whether writes are refused, and the
        // problems (on a middleware whose methods include POST).
        #[rustfmt::skip]
        let cases: &[Combination] = &[
            (No, No, No, false, &[]),
            (No, No, F, false, &[("allow", Redundant)]),
            (No, No, T, false, &[("allow", Redundant)]),
            (No, F, No, false, &[("refuse", Redundant)]),
            (No, F, F, false, &[("refuse", Redundant), ("allow", Redundant)]),
            (No, F, T, false, &[("refuse", Redundant), ("allow", Redundant)]),
            (No, T, No, true, &[]),
            (No, T, F, true, &[("allow", Redundant)]),
            (No, T, T, true, &[("allow", Conflict)]),
            (F, No, No, false, &[]),
            (F, No, F, false, &[("allow", Redundant)]),
            (F, No, T, false, &[("allow", Redundant)]),
            (F, F, No, false, &[("refuse", Redundant)]),
            (F, F, F, false, &[("refuse", Redundant), ("allow", Redundant)]),
            (F, F, T, false, &[("refuse", Redundant), ("allow", Redundant)]),
            (F, T, No, true, &[]),
            (F, T, F, true, &[("allow", Redundant)]),
            (F, T, T, true, &[("allow", Conflict)]),
            (T, No, No, true, &[]),
            (T, No, F, true, &[("allow", Redundant)]),
            (T, No, T, false, &[]),
            (T, F, No, true, &[("refuse", Redundant)]),
            (T, F, F, true, &[("refuse", Redundant), ("allow", Redundant)]),
            (T, F, T, false, &[("refuse", Redundant)]),
            (T, T, No, true, &[("refuse", Redundant)]),
            (T, T, F, true, &[("refuse", Redundant), ("allow", Redundant)]),
            (T, T, T, true, &[("allow", Conflict)]),
        ];
        for &(credentials, refuse, allow, refused, expected) in cases {
            let policy = writes(Context::Middleware, credentials, refuse, allow);
            let case = format!("credentials {credentials:?}, refuse {refuse:?}, allow {allow:?}");
            assert_eq!(refuses(&policy), refused, "{case}");
            assert_eq!(kinds(&policy), expected, "{case}");
            if let Ok(checked) = validate(&policy) {
                assert_eq!(checked.refuse_cross_origin_writes, refused, "{case}");
            }
        }
        const { assert!(!CheckedPolicy::NOTHING.refuse_cross_origin_writes) };
    }

    #[test]
    fn cross_origin_write_messages() {
        use Key::{False as F, No, True as T};
        #[rustfmt::skip]
        let cases: &[Messages] = &[
            (T, T, No, &[("refuse", "`credentials = true` already refuses cross-origin writes from origins this policy does not allow; remove `refuse_cross_origin_writes`")]),
            (No, F, No, &[("refuse", "without `credentials = true` cross-origin writes are not refused, so `refuse_cross_origin_writes = false` changes nothing; remove it")]),
            (T, F, No, &[("refuse", "`refuse_cross_origin_writes = false` does not switch off the refusal that `credentials = true` switches on; to let cross-origin writes through from origins this policy does not allow, write `dangerously_allow_cross_origin_writes = true` instead")]),
            (T, F, T, &[("refuse", "`dangerously_allow_cross_origin_writes = true` already lets cross-origin writes through, so `refuse_cross_origin_writes = false` changes nothing; remove it")]),
            (No, No, T, &[("allow", "without `credentials = true` cross-origin writes are not refused, so there is nothing to allow; remove `dangerously_allow_cross_origin_writes`")]),
            (T, No, F, &[("allow", "`dangerously_allow_cross_origin_writes = false` is the default; remove it")]),
            (T, T, T, &[("allow", "`refuse_cross_origin_writes = true` and `dangerously_allow_cross_origin_writes = true` contradict each other; remove `refuse_cross_origin_writes` to let cross-origin writes through, or both to refuse them as `credentials = true` does")]),
            (No, T, T, &[("allow", "`refuse_cross_origin_writes = true` and `dangerously_allow_cross_origin_writes = true` contradict each other; remove `dangerously_allow_cross_origin_writes` to refuse cross-origin writes, or both to let them through as a policy without `credentials = true` does")]),
        ];
        for &(credentials, refuse, allow, expected) in cases {
            let policy = writes(Context::Middleware, credentials, refuse, allow);
            let expected: Vec<_> = expected.iter().map(|&(at, m)| (at, m.to_owned())).collect();
            assert_eq!(problems(&policy), expected);
        }
    }

    #[test]
    fn both_switches_are_refused_at_the_one_written_second() {
        let mut policy = writes(Context::Middleware, Key::True, Key::True, Key::True);
        assert_eq!(
            kinds(&policy),
            [("allow", ProblemKind::CrossOriginWritesConflict)]
        );
        policy.switch_sources.allow_first = true;
        assert_eq!(
            kinds(&policy),
            [("refuse", ProblemKind::CrossOriginWritesConflict)]
        );
    }

    fn handler(route_methods: &[&str]) -> Context {
        Context::Handler {
            route_methods: route_methods.iter().map(|m| (*m).to_owned()).collect(),
            methods_inherited: false,
        }
    }

    #[test]
    fn switches_on_safe_methods_change_nothing() {
        use Key::{False as F, No, True as T};
        let on_get = "cross-origin writes are refused only for methods other than GET, HEAD and OPTIONS, and this route serves only GET; remove `refuse_cross_origin_writes`";
        let allow_on_get_head = "cross-origin writes are refused only for methods other than GET, HEAD and OPTIONS, and this route serves only GET and HEAD; remove `dangerously_allow_cross_origin_writes`";
        let policy = writes(handler(&["GET"]), No, T, No);
        assert_eq!(problems(&policy), [("refuse", on_get.to_owned())]);
        assert_eq!(
            kinds(&policy)[0].1,
            ProblemKind::CrossOriginWritesOnSafeMethods
        );
        let policy = writes(handler(&["GET", "HEAD"]), T, No, T);
        assert_eq!(problems(&policy), [("allow", allow_on_get_head.to_owned())]);
        // Every key written on a route of safe methods, whatever its value,
        // and both `true` as well.
        for (credentials, refuse, allow) in [(T, F, No), (No, No, F), (T, T, T), (No, F, T)] {
            let policy = writes(
                handler(&["GET", "HEAD", "OPTIONS"]),
                credentials,
                refuse,
                allow,
            );
            let found = kinds(&policy);
            assert!(!found.is_empty());
            assert!(found
                .iter()
                .all(|(_, kind)| *kind == ProblemKind::CrossOriginWritesOnSafeMethods));
        }
        // The route's methods decide, not `methods`: a form can post to a
        // route that serves POST without a preflight.
        let mut policy = writes(handler(&["GET", "POST"]), No, T, No);
        policy.methods = Some(at(&["GET"]));
        assert_eq!(
            validate(&policy).map(|p| p.refuse_cross_origin_writes),
            Ok(true)
        );
        // `#[route]` without a method serves every method.
        let policy = writes(handler(&[]), No, T, No);
        assert!(validate(&policy).is_ok());
        // A middleware's `methods` say what a preflight may ask for: its
        // routes may still take a form's POST, which the switch refuses.
        let mut policy = writes(Context::Middleware, No, T, No);
        for methods in [&["GET"][..], &["*"], &["GET", "DELETE"]] {
            policy.methods = Some(at(methods));
            assert_eq!(
                validate(&policy).map(|p| p.refuse_cross_origin_writes),
                Ok(true),
                "{methods:?}"
            );
        }
    }

    /// A handler of `route_methods` in a `#[cors]` module.
    fn in_module(
        route_methods: &[&str],
        credentials: Key,
        (refuse, refuse_from): (Key, KeySource),
        (allow, allow_from): (Key, KeySource),
    ) -> PolicyInput<&'static str> {
        let mut policy = writes(handler(route_methods), credentials, refuse, allow);
        policy.switch_sources = SwitchSources {
            refuse: refuse_from,
            allow: allow_from,
            allow_first: false,
        };
        policy
    }

    #[test]
    fn inherited_switches_are_checked_at_the_module() {
        use Key::{False as F, No, True as T};
        use KeySource::{Module, OverModule, Own};
        use ProblemKind::{
            CrossOriginWritesConflict as Conflict, CrossOriginWritesRedundant as Redundant,
        };
        let post = &["POST"][..];
        let get = &["GET"][..];
        // Route methods, credentials, refuse, allow: whether writes are
        // refused, and the handler's problems.
        #[rustfmt::skip]
        let cases: &[Inherited] = &[
            // What the module wrote for its other handlers changes nothing
            // here, and is not refused here.
            (get, No, (T, Module), (No, Own), true, &[]),
            (post, T, (T, Module), (No, Own), true, &[]),
            (post, No, (No, Own), (T, Module), false, &[]),
            (get, T, (No, Own), (T, Module), false, &[]),
            // `false` changes nothing wherever it was written.
            (post, No, (F, Module), (No, Own), false, &[("refuse", Redundant)]),
            (post, T, (No, Own), (F, Module), true, &[("allow", Redundant)]),
            // Both `true` in the module contradict on every handler.
            (get, T, (T, Module), (T, Module), true, &[("allow", Conflict)]),
            // The handler's own key against the module's.
            (post, T, (T, Module), (T, Own), true, &[("allow", Conflict)]),
            (post, No, (T, Module), (T, Own), true, &[("allow", Conflict)]),
            (post, T, (T, Own), (T, Module), true, &[]),
            (post, No, (T, Own), (T, Module), true, &[]),
            // `false` on the handler over the module's `true`.
            (post, No, (F, OverModule), (No, Own), false, &[]),
            (post, T, (F, OverModule), (T, Own), false, &[]),
            (post, T, (F, OverModule), (No, Own), true, &[("refuse", Redundant)]),
            (post, T, (No, Own), (F, OverModule), true, &[]),
            (post, No, (No, Own), (F, OverModule), false, &[("allow", Redundant)]),
            (post, T, (T, Own), (F, OverModule), true, &[("refuse", Redundant)]),
        ];
        for &(methods, credentials, refuse, allow, refused, expected) in cases {
            let policy = in_module(methods, credentials, refuse, allow);
            let case = format!(
                "{methods:?}, credentials {credentials:?}, refuse {refuse:?}, allow {allow:?}"
            );
            assert_eq!(refuses(&policy), refused, "{case}");
            assert_eq!(kinds(&policy), expected, "{case}");
        }

        let policy = in_module(post, T, (T, Module), (T, Own));
        assert_eq!(
            problems(&policy)[0].1,
            "`dangerously_allow_cross_origin_writes = true` does not undo `refuse_cross_origin_writes = true` of the enclosing `#[cors]` module, which still refuses cross-origin writes here; to let them through, also write `refuse_cross_origin_writes = false`"
        );
        let policy = in_module(post, No, (T, Module), (T, Own));
        assert_eq!(
            problems(&policy)[0].1,
            "`dangerously_allow_cross_origin_writes = true` does not undo `refuse_cross_origin_writes = true` of the enclosing `#[cors]` module; to let cross-origin writes through here, write `refuse_cross_origin_writes = false` instead"
        );
        let policy = in_module(post, T, (F, OverModule), (No, Own));
        assert_eq!(
            problems(&policy)[0].1,
            "`refuse_cross_origin_writes = false` does not switch off the refusal that `credentials = true` switches on; to let cross-origin writes through from origins this policy does not allow, also write `dangerously_allow_cross_origin_writes = true`"
        );
        let policy = in_module(post, No, (No, Own), (F, OverModule));
        assert_eq!(
            problems(&policy)[0].1,
            "without `credentials = true` cross-origin writes are not refused here, so `dangerously_allow_cross_origin_writes = false` changes nothing; remove it"
        );
    }

    #[test]
    fn a_module_switch_that_changes_nothing_on_any_handler_is_refused_once() {
        use Key::{No, True as T};
        use KeySource::{Module, Own};
        let refuse = Located::new(true, "module refuse");
        let allow = Located::new(true, "module allow");
        let found = |refuse_key: Option<&Located<bool, &'static str>>,
                     allow_key: Option<&Located<bool, &'static str>>,
                     handlers: &[PolicyInput<&'static str>]| {
            let mut module = ModuleSwitches::new(refuse_key, allow_key);
            for handler in handlers {
                module.handler(handler);
            }
            module
                .problems()
                .into_iter()
                .map(|p| (p.at, p.kind, p.message))
                .collect::<Vec<_>>()
        };
        let get = &["GET"][..];
        let post = &["POST"][..];
        let inherits_refuse =
            |methods, credentials| in_module(methods, credentials, (T, Module), (No, Own));
        let inherits_allow =
            |methods, credentials| in_module(methods, credentials, (No, Own), (T, Module));

        assert_eq!(
            found(Some(&refuse), None, &[inherits_refuse(get, No), inherits_refuse(&["GET", "HEAD"], T)]),
            [(
                "module refuse",
                ProblemKind::CrossOriginWritesOnSafeMethods,
                "cross-origin writes are refused only for methods other than GET, HEAD and OPTIONS, and the handlers that inherit it serve only GET and HEAD; remove `refuse_cross_origin_writes`".to_owned()
            )]
        );
        assert_eq!(
            found(Some(&refuse), None, &[inherits_refuse(get, No), inherits_refuse(post, T)]),
            [(
                "module refuse",
                ProblemKind::CrossOriginWritesRedundant,
                "`refuse_cross_origin_writes = true` changes nothing on the handlers of this module that inherit it: each serves only GET, HEAD and OPTIONS, which are never refused, or has `credentials = true`, which refuses cross-origin writes already; remove it".to_owned()
            )]
        );
        assert_eq!(
            found(None, Some(&allow), &[inherits_allow(post, No), in_module(post, T, (T, Own), (T, Module))]),
            [(
                "module allow",
                ProblemKind::CrossOriginWritesRedundant,
                "`dangerously_allow_cross_origin_writes = true` changes nothing on the handlers of this module that inherit it: each has no `credentials = true`, without which cross-origin writes are not refused, or sets its own `refuse_cross_origin_writes = true`, which refuses them anyway; remove it".to_owned()
            )]
        );
        // One handler it changes something on is enough.
        assert_eq!(
            found(
                Some(&refuse),
                None,
                &[inherits_refuse(get, No), inherits_refuse(post, No)]
            ),
            []
        );
        assert_eq!(
            found(
                None,
                Some(&allow),
                &[inherits_allow(post, No), inherits_allow(post, T)]
            ),
            []
        );
        // A key no handler inherits is left alone, like the module's other
        // keys.
        assert_eq!(
            found(
                Some(&refuse),
                None,
                &[in_module(get, No, (No, Own), (No, Own))]
            ),
            []
        );
        // Both `true` are refused on every handler instead.
        let both = in_module(get, No, (T, Module), (T, Module));
        assert_eq!(found(Some(&refuse), Some(&allow), &[both]), []);
    }
}
