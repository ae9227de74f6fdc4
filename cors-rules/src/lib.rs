//! The policy rules of [route-cors](https://docs.rs/route-cors), in one place.
//!
//! Both the `#[cors]` proc macro (at compile time) and the run-time policy
//! builder (for origins read from configuration) check a policy with this
//! crate, so a policy is refused for the same reasons with the same words
//! wherever it is written. The crate knows nothing of actix-web or of proc
//! macros: every checked value carries a location `L` chosen by the caller
//! (a `proc_macro2::Span` in the macro, `()` at run time), and every problem
//! is reported at the location of the value that caused it.
//!
//! An internal crate: users reach only [`Problem`] and [`ProblemKind`],
//! through `route-cors`. The other items exist for the macros and the
//! runtime, and carry no stability promise beyond the `=` pin each
//! route-cors release puts on this crate.
//!
//! ```
//! use route_cors_rules::{validate, Context, PolicyInput, Located};
//!
//! let mut input: PolicyInput<()> = PolicyInput::new(Context::Middleware, ());
//! input.origins = Some(vec![Located::new("https://app.example.com/".to_owned(), ())]);
//! let problems = validate(&input).unwrap_err();
//! assert_eq!(
//!     problems[0].message,
//!     "origin must not end with `/`; write \"https://app.example.com\"",
//! );
//! ```

mod checked;
mod context;
mod keys;
mod located;
mod names;
mod origin;
mod policy;
mod problem;
mod regex_origin;
mod suffix;
mod text;
mod writes;

pub use checked::{AllowedOrigins, CheckedPolicy, HeaderRule, MethodRule};
pub use context::Context;
pub use keys::{key, Key, PolicyInput, Value, ValueKind, KEYS};
pub use located::Located;
pub use names::{
    check_expose_header, check_method, check_request_header, is_forbidden_method,
    is_safelisted_method, is_token, normalize_method,
};
pub use origin::{
    is_bad_port, is_trustworthy_serialized_host, parse_origin, split_authority, HostRule,
    OriginPattern, OriginSpec, PortRule,
};
pub use policy::{validate, ModuleSwitches, DEFAULT_MAX_AGE, MAX_MAX_AGE};
pub use problem::{Problem, ProblemKind};
pub use regex_origin::{
    anchor_regex, check_origin_regex, origin_regex_set, regex_matches_insecure_origin,
    REGEX_DFA_SIZE_LIMIT, REGEX_SIZE_LIMIT,
};
pub use suffix::is_public_suffix;
pub use text::{Text, Texts};
pub use writes::{is_safe_method, KeySource, SwitchSources};
