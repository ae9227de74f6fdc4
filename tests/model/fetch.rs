//! A reference model of the server side of the Fetch standard's "CORS
//! protocol", written from the standard (sections "CORS protocol",
//! "HTTP requests", "HTTP responses", "CORS check", "CORS-preflight fetch")
//! and from the documented contract in `DESIGN.md` ("Behaviour", "What an
//! origin is") and the crate docs, not from the runtime's code.
//!
//! It is deliberately plain: strings in, a verdict out, string comparisons
//! only. Origins a browser can send are recognised with the WHATWG URL
//! parser itself (the `url` crate), which is the algorithm the standard
//! names for serializing an origin.

/// A policy as a user writes it: each value exactly as passed to
/// `Policy::builder()`. The model only sees policies `build()` accepted.
#[derive(Debug, Clone)]
pub struct PolicySpec {
    /// Entries given to `allow_origin`: `*`, `null`, an exact serialized
    /// origin, `scheme://*.parent[:port]` or `scheme://host:*`.
    pub origins: Vec<String>,
    pub credentials: bool,
    /// `None`: the builder's default, GET, HEAD, POST.
    pub methods: Option<Vec<String>>,
    /// `None`: the default `*`, which echoes the requested names.
    pub headers: Option<Vec<String>>,
    pub private_network: bool,
    pub allow_null_origin: bool,
    pub allow_insecure_origins: bool,
    /// `refuse_cross_origin_writes(true)`.
    pub refuse_writes: bool,
    /// `dangerously_allow_cross_origin_writes(true)`.
    pub allow_writes: bool,
}

/// A request head: the method and every header line, in order, as bytes.
#[derive(Clone)]
pub struct RequestHead {
    pub method: String,
    pub headers: Vec<(&'static str, Vec<u8>)>,
}

impl std::fmt::Debug for RequestHead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.method)?;
        for (name, value) in &self.headers {
            write!(f, " | {name}: {}", value.escape_ascii())?;
        }
        Ok(())
    }
}

impl RequestHead {
    /// Every line of header `name`, in order.
    pub fn lines(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|(line_name, _)| line_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_slice())
            .collect()
    }
}

/// What the server side of the CORS protocol does with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not a CORS request: no CORS headers.
    NotCors,
    /// An allowed preflight (a 2xx answer). `requested_headers` holds the
    /// names of `Access-Control-Request-Headers` as sent, which the answer's
    /// `Access-Control-Allow-Headers` must cover (and, for `headers = "*"`,
    /// echo); `method` is the requested method as a browser compares it.
    PreflightAllowed {
        method: String,
        requested_headers: Vec<String>,
    },
    /// A refused preflight (403, no CORS headers).
    PreflightRefused,
    /// An actual request from an allowed origin: the response gets
    /// `Access-Control-Allow-Origin`.
    ActualAllowed,
    /// An actual request from another origin: no CORS headers.
    ActualRefused,
    /// A cross-origin write from an origin the policy does not trust,
    /// under a policy that refuses them: 403 before the handler.
    WriteRefused,
}

/// Whether a policy entry matches a request's origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginMatch {
    Yes,
    No,
    /// The origin is one no browser can send (its URL parse does not
    /// serialize back to it) and a pattern would decide it. Only clients
    /// that ignore CORS send such origins, so either answer is safe.
    EitherAnswerIsSafe,
}

/// The six methods a browser upper-cases before sending (Fetch, "normalize a
/// method"); every other method is sent, and compared, as written.
const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// RFC 9110 `token`: the syntax of methods and field names.
pub fn is_token(text: &str) -> bool {
    let tchar = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    !text.is_empty() && text.chars().all(tchar)
}

/// `HeaderValue::to_str` succeeds only on visible ASCII, space and tab; the
/// contract treats any other line as not text (the crate docs: "A line that
/// is not visible ASCII ... never matches an allowed name").
pub fn as_text(bytes: &[u8]) -> Option<&str> {
    let visible = |b: &u8| *b == b'\t' || (0x20..0x7f).contains(b);
    if bytes.iter().all(visible) {
        std::str::from_utf8(bytes).ok()
    } else {
        None
    }
}

/// Whether `origin` is exactly what a browser sends for some page: the
/// ASCII serialization of the origin of its own URL parse.
pub fn is_browser_origin(origin: &str) -> bool {
    match url::Url::parse(origin) {
        Ok(parsed) => {
            let serialized = parsed.origin().ascii_serialization();
            serialized != "null" && serialized == origin
        }
        Err(_) => false,
    }
}

/// Matches one policy entry against the request's `Origin` value.
pub fn entry_matches(entry: &str, origin: &str) -> OriginMatch {
    let yes_or_no = |matched: bool| {
        if matched {
            OriginMatch::Yes
        } else {
            OriginMatch::No
        }
    };
    // `*`: every origin, `null` included (Fetch, "CORS check": `*` matches
    // any origin for requests without credentials; the builder refuses `*`
    // with credentials).
    if entry == "*" {
        return OriginMatch::Yes;
    }
    let Some((scheme, authority)) = entry.split_once("://") else {
        // `null`, the only entry without `://`: the literal string.
        return yes_or_no(origin == entry);
    };
    let is_subdomain_pattern = authority.starts_with("*.");
    let is_any_port_pattern = authority.ends_with(":*");
    if !is_subdomain_pattern && !is_any_port_pattern {
        // An exact entry: "Access-Control-Allow-Origin must be byte-equal to
        // the request's serialized origin" (CORS-NOTES, Fetch "CORS check").
        return yes_or_no(origin == entry);
    }
    // A pattern: split the request's origin the same way.
    let Some(rest) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix("://"))
    else {
        return OriginMatch::No;
    };
    let (entry_host, entry_port) = split_host_port(authority);
    let (request_host, request_port) = split_host_port(rest);
    let port_matches = match entry_port {
        Some("*") => match request_port {
            None => true,
            Some(port) => port.parse::<u16>().is_ok_and(|port| port != 0),
        },
        entry_port => request_port == entry_port,
    };
    let host_matches = match entry_host.strip_prefix("*.") {
        // A subdomain pattern: at least one label before the parent, never
        // the parent itself (the `#[cors]` docs: "any depth, not the parent
        // itself").
        Some(parent) => request_host
            .strip_suffix(parent)
            .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
        None => request_host == entry_host,
    };
    if !(port_matches && host_matches) {
        return OriginMatch::No;
    }
    if is_browser_origin(origin) {
        OriginMatch::Yes
    } else {
        OriginMatch::EitherAnswerIsSafe
    }
}

/// `host[:port]`, with `[v6]` hosts kept whole.
fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    let after_host = match authority.find(']') {
        Some(end) => end + 1,
        None => 0,
    };
    match authority[after_host..].rfind(':') {
        Some(colon) => {
            let colon = after_host + colon;
            (&authority[..colon], Some(&authority[colon + 1..]))
        }
        None => (authority, None),
    }
}

/// Whether the policy allows the request's origin. `unsafe_answer` is the
/// answer used where either answer is safe.
pub fn origin_allowed(policy: &PolicySpec, origin: &[u8], unsafe_answer: bool) -> bool {
    // A value that is not text is refused whatever the policy (the crate
    // docs of `Refusal::Origin`: "not allowed (or is not valid text)").
    let Some(origin) = as_text(origin) else {
        return false;
    };
    let mut either = false;
    for entry in &policy.origins {
        match entry_matches(entry, origin) {
            OriginMatch::Yes => return true,
            OriginMatch::EitherAnswerIsSafe => either = true,
            OriginMatch::No => {}
        }
    }
    either && unsafe_answer
}

/// Whether the policy allows the method a preflight asks for.
pub fn method_allowed(policy: &PolicySpec, requested: &str) -> bool {
    let default = ["GET", "HEAD", "POST"].map(String::from).to_vec();
    let allowed = policy.methods.as_ref().unwrap_or(&default);
    allowed.iter().any(|method| {
        if method == "*" {
            return true;
        }
        // The six normalized methods compare in any case (README: "the six
        // browser-normalized methods match in any case"); others exactly.
        let normalized = NORMALIZED_METHODS
            .iter()
            .any(|known| known.eq_ignore_ascii_case(method));
        if normalized {
            method.eq_ignore_ascii_case(requested)
        } else {
            method == requested
        }
    })
}

/// The method as a browser would have sent and compares it.
pub fn normalize_method(method: &str) -> String {
    match NORMALIZED_METHODS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(method))
    {
        Some(known) => (*known).to_owned(),
        None => method.to_owned(),
    }
}

/// The names of `Access-Control-Request-Headers`, or `None` when a line is
/// not text. Parsed leniently as the contract says (CORS-NOTES, "Requests";
/// RFC 9110 section 5.3: several lines are one comma-separated list): every
/// line taken together, split on `,`, spaces and tabs trimmed, empty items
/// ignored.
pub fn requested_header_names(head: &RequestHead) -> Option<Vec<String>> {
    let mut names = Vec::new();
    for line in head.lines("access-control-request-headers") {
        let line = as_text(line)?;
        for item in line.split(',') {
            let name = item.trim_matches([' ', '\t']);
            if !name.is_empty() {
                names.push(name.to_owned());
            }
        }
    }
    Some(names)
}

/// Whether the policy allows a preflight to ask for header `name`.
pub fn header_allowed(policy: &PolicySpec, name: &str) -> bool {
    if !is_token(name) {
        return false;
    }
    match &policy.headers {
        // `*` echoes the requested names (DESIGN, `headers`).
        None => true,
        Some(allowed) => allowed
            .iter()
            .any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(name)),
    }
}

/// The model: what the server side of the CORS protocol does with `head`
/// under `policy`.
pub fn decide(policy: &PolicySpec, head: &RequestHead, unsafe_answer: bool) -> Verdict {
    if write_refused(policy, head, unsafe_answer) {
        return Verdict::WriteRefused;
    }
    // A CORS request is a request with `Origin` (Fetch, "HTTP requests");
    // several `Origin` lines mean no origin (the docs of `Decision::NotCors`:
    // "No `Origin` header (or more than one): not a CORS request").
    let origins = head.lines("origin");
    let [origin] = origins.as_slice() else {
        return Verdict::NotCors;
    };
    let allowed = origin_allowed(policy, origin, unsafe_answer);

    // A preflight is OPTIONS with `Access-Control-Request-Method` (Fetch,
    // "CORS-preflight request"); OPTIONS without it is an ordinary request.
    let request_methods = head.lines("access-control-request-method");
    if head.method != "OPTIONS" || request_methods.is_empty() {
        return if allowed {
            Verdict::ActualAllowed
        } else {
            Verdict::ActualRefused
        };
    }
    if !allowed {
        return Verdict::PreflightRefused;
    }
    // `Access-Control-Request-Method` holds one method; two lines combine to
    // `A, B` (RFC 9110 section 5.3), which is no method.
    let [requested_method] = request_methods.as_slice() else {
        return Verdict::PreflightRefused;
    };
    let Some(requested_method) = as_text(requested_method) else {
        return Verdict::PreflightRefused;
    };
    if !is_token(requested_method) || !method_allowed(policy, requested_method) {
        return Verdict::PreflightRefused;
    }
    let Some(names) = requested_header_names(head) else {
        return Verdict::PreflightRefused;
    };
    if !names.iter().all(|name| header_allowed(policy, name)) {
        return Verdict::PreflightRefused;
    }
    // Private Network Access: only `true` asks, only an opted-in policy
    // answers.
    let asks_private_network = head
        .lines("access-control-request-private-network")
        .first()
        .is_some_and(|value| *value == b"true");
    if asks_private_network && !policy.private_network {
        return Verdict::PreflightRefused;
    }
    Verdict::PreflightAllowed {
        method: normalize_method(requested_method),
        requested_headers: names,
    }
}

/// Cross-origin write protection, written from Go 1.25's
/// `http.CrossOriginProtection` (net/http `csrf.go`) and the README's
/// "Cookie sessions and cross-origin writes": under a policy with
/// credentials (unless `dangerously_allow_cross_origin_writes`) or with
/// `refuse_cross_origin_writes`, a request whose method is not GET, HEAD or
/// OPTIONS is refused when `Sec-Fetch-Site` is anything but one
/// `same-origin` or `none` line, or, without `Sec-Fetch-Site`, when it has
/// an `Origin` that is not one line whose text after `://` is the one
/// `Host` line; unless the policy allows its origin.
pub fn write_refused(policy: &PolicySpec, head: &RequestHead, unsafe_answer: bool) -> bool {
    let protected = (policy.credentials && !policy.allow_writes) || policy.refuse_writes;
    if !protected || ["GET", "HEAD", "OPTIONS"].contains(&head.method.as_str()) {
        return false;
    }
    let origins = head.lines("origin");
    let trusted = match origins.as_slice() {
        [origin] => origin_allowed(policy, origin, unsafe_answer),
        _ => false,
    };
    match head.lines("sec-fetch-site").as_slice() {
        [] => {}
        [site] if *site == b"same-origin" || *site == b"none" => return false,
        _ => return !trusted,
    }
    if origins.is_empty() {
        return false;
    }
    let same_host = match (origins.as_slice(), head.lines("host").as_slice()) {
        ([origin], [host]) => origin
            .windows(3)
            .position(|window| window == b"://")
            .is_some_and(|at| origin[at + 3..] == **host),
        _ => false,
    };
    !same_host && !trusted
}

/// The browser's side of an allowed preflight (Fetch, "CORS-preflight
/// fetch" steps 7.x and "CORS check"): would a browser accept these answer
/// headers for this request? `Err` names the first failing check.
pub fn browser_accepts_preflight(
    credentials: bool,
    origin: &str,
    method: &str,
    requested_headers: &[String],
    answer: &[(String, String)],
) -> Result<(), String> {
    let get_all = |name: &str| -> Vec<&str> {
        answer
            .iter()
            .filter(|(answer_name, _)| answer_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    };
    let list = |name: &str| -> Vec<String> {
        get_all(name)
            .join(",")
            .split(',')
            .map(|item| item.trim_matches([' ', '\t']).to_owned())
            .filter(|item| !item.is_empty())
            .collect()
    };
    // CORS check: exactly one Allow-Origin, `*` (without credentials) or the
    // request's origin; with credentials, Allow-Credentials `true`.
    match get_all("access-control-allow-origin").as_slice() {
        ["*"] if !credentials => {}
        [value] if *value == origin => {}
        other => return Err(format!("Access-Control-Allow-Origin {other:?}")),
    }
    if credentials && get_all("access-control-allow-credentials") != ["true"] {
        return Err("Access-Control-Allow-Credentials is not `true`".to_owned());
    }
    // Methods: the requested method must be listed, unless it is safelisted
    // or the list holds `*` and the request has no credentials.
    let methods = list("access-control-allow-methods");
    let method_ok = ["GET", "HEAD", "POST"].contains(&method)
        || methods.iter().any(|allowed| allowed == method)
        || (!credentials && methods.iter().any(|allowed| allowed == "*"));
    if !method_ok {
        return Err(format!("method {method:?} not in {methods:?}"));
    }
    // Headers: every requested name must be listed (byte-case-insensitive),
    // unless the list holds `*` and the request has no credentials.
    let headers = list("access-control-allow-headers");
    for name in requested_headers {
        let listed = headers
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(name));
        let wildcard = !credentials && headers.iter().any(|allowed| allowed == "*");
        if !listed && !wildcard {
            return Err(format!("header {name:?} not in {headers:?}"));
        }
    }
    Ok(())
}
