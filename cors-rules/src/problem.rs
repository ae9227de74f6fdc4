//! Typed problems: which rule a policy breaks, and the sentence saying so.

use std::fmt;

/// The rule a refused value breaks. One variant per rule, so that callers
/// (tests, tools, the run-time builder's users) can tell refusals apart
/// without reading the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// An origin that cannot be parsed as a URL with a host: empty, no
    /// scheme, an invalid host (bad Punycode, forbidden characters, bad IP
    /// address), a port out of range.
    OriginInvalid,
    /// An origin written other than as browsers serialize it: case,
    /// default port, IPv4/IPv6 forms, white space, `NULL`.
    OriginNotSerialized,
    /// An origin with a path, a trailing `/`, a query or a fragment.
    OriginHasPath,
    /// An origin with a user name or password.
    OriginHasUserinfo,
    /// Several origins written in one string, separated by commas, white
    /// space or semicolons.
    OriginList,
    /// Several methods or header names written in one string.
    ValueList,
    /// A scheme that is never a page's origin (`ws`, `wss`, `ftp`, `file`, ...).
    OriginScheme,
    /// A port on the Fetch standard's "bad port" list.
    OriginBadPort,
    /// A `*` anywhere but a whole leftmost label or the whole port.
    OriginWildcard,
    /// A subdomain wildcard over a public suffix (`*.com`, `*.github.io`).
    OriginPublicSuffix,
    /// `"*"` together with other origin settings.
    AnyOriginWithOthers,
    /// `"*"` together with `credentials = true`.
    AnyOriginWithCredentials,
    /// `"null"` without `dangerously_allow_null_origin`.
    NullOrigin,
    /// A plain-http origin (or a regex that can match one) that is not
    /// potentially trustworthy, with `credentials = true`.
    InsecureOrigin,
    /// No `origins`, `origins_from`, `origin_regex`, `origin_fn` or
    /// `origin_fn_async`.
    NoOriginSource,
    /// The same value listed twice.
    Duplicate,
    /// An `origin_regex` that does not compile.
    RegexSyntax,
    /// An `origin_regex` with an unescaped `.`.
    RegexUnescapedDot,
    /// `origin_regex` entries that together exceed the regex size limit.
    RegexTooLarge,
    /// A method that is not an HTTP token.
    MethodInvalid,
    /// CONNECT, TRACE or TRACK.
    MethodForbidden,
    /// A method spelled in a case that never matches what browsers send.
    MethodCase,
    /// A method the route does not serve.
    MethodNotServed,
    /// `"*"` together with other values in `methods`, `headers` or
    /// `expose_headers`.
    WildcardWithOthers,
    /// `"*"` in `methods` or `expose_headers` with `credentials = true`.
    WildcardWithCredentials,
    /// A header name that is not an HTTP token.
    HeaderInvalid,
    /// A forbidden request header, or an `access-control-*` name, in `headers`.
    HeaderForbidden,
    /// A header that can never be exposed (`set-cookie`) in `expose_headers`.
    ExposeForbidden,
    /// A header of the CORS protocol (`access-control-*`) in
    /// `expose_headers`.
    ExposeCorsHeader,
    /// An exact origin that a subdomain or any-port pattern of the same
    /// list allows already.
    OriginCovered,
    /// `dangerously_allow_insecure_origins` or
    /// `dangerously_allow_null_origin` where it changes nothing.
    DangerousKeyIdle,
    /// `max_age` out of range.
    MaxAgeRange,
    /// `refuse_cross_origin_writes` or `dangerously_allow_cross_origin_writes`
    /// on a policy whose methods are all GET, HEAD or OPTIONS, which
    /// cross-origin write protection never refuses.
    CrossOriginWritesOnSafeMethods,
    /// `refuse_cross_origin_writes` or `dangerously_allow_cross_origin_writes`
    /// that leaves the protection as it is: on with `credentials = true`,
    /// off without, or `false` where nothing switched it on.
    CrossOriginWritesRedundant,
    /// `refuse_cross_origin_writes = true` together with
    /// `dangerously_allow_cross_origin_writes = true`.
    CrossOriginWritesConflict,
}

/// One reason a policy is refused, at the value that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem<L> {
    /// Where the offending value was written.
    pub at: L,
    /// Which rule the value breaks.
    pub kind: ProblemKind,
    /// What is wrong, then `; ` and what to write instead.
    pub message: String,
}

impl<L> fmt::Display for Problem<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A refusal of one value before it is located: its rule and its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) kind: ProblemKind,
    pub(crate) message: String,
}

impl Refusal {
    pub(crate) fn new(kind: ProblemKind, message: impl Into<String>) -> Self {
        Refusal {
            kind,
            message: message.into(),
        }
    }
}
