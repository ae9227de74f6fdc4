//! The path through which generated code reaches route-cors.
//!
//! The user's `Cargo.toml` may depend on the package `route-cors` under
//! another name (`cors = { package = "route-cors", ... }`), so the name is
//! read from it with `proc-macro-crate`; a `crate = "..."` key overrides
//! the lookup for crates that reach route-cors through a re-export.

use proc_macro2::Span;
use proc_macro_crate::{crate_name, FoundCrate};
use syn::{Ident, Path};

/// The package the generated code names.
const PACKAGE: &str = "route-cors";

/// The name of route-cors's library when no other is found.
const LIBRARY: &str = "route_cors";

/// The name under which the crate being compiled depends on route-cors.
/// route-cors's own tests, examples and doc tests are crates of their own
/// that see its library as `route_cors`, so `Itself` gives that name too.
/// Without such a dependency this falls back to `route_cors`, and rustc
/// reports the missing crate at the generated path.
pub(crate) fn dependency_name() -> String {
    match crate_name(PACKAGE) {
        Ok(FoundCrate::Name(name)) => name,
        Ok(FoundCrate::Itself) | Err(_) => LIBRARY.to_owned(),
    }
}

/// The absolute path of route-cors: `::route_cors`, or `::cors` for a
/// renamed dependency.
pub(crate) fn found() -> Path {
    let name = Ident::new(&dependency_name(), Span::call_site());
    syn::parse_quote!(::#name)
}

/// The path the generated code uses: the `crate = "..."` key when given,
/// else the found one.
pub(crate) fn path(given: Option<&Path>) -> Path {
    given.cloned().unwrap_or_else(found)
}
