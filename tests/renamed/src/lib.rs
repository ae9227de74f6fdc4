//! A crate that depends on route-cors under another name
//! (`cors = { package = "route-cors", ... }`) and re-exports it, the way a
//! framework crate hands route-cors to its users. Its tests check that the
//! generated code finds route-cors under both.

/// route-cors, re-exported: crates that reach it only through here write
/// `crate = "route_cors_renamed::reexport::route_cors"`.
pub mod reexport {
    pub use cors as route_cors;
}
