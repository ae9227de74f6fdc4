//! The runtime of [route-cors](https://docs.rs/route-cors): the CORS
//! decision and the actix-web services that apply it.
//!
//! An internal crate: depend on `route-cors` and use what it re-exports,
//! which is this crate's public surface; the items hidden from these docs
//! exist for the macros' expansions and may change in any release (each
//! route-cors release pins this crate with `=`). This crate holds:
//!
//! - [`Policy`]: a checked policy table, built as a `static` by the macros
//!   or at run time by [`Policy::builder`];
//! - [`decide`]: the pure decision from a request head and a policy to a
//!   [`Decision`];
//! - [`Cors`]: the middleware for `App`, `web::scope` and `web::resource`;
//! - [`RouteCors`]: the layer that applies each route's own policy outside
//!   the app's other middleware;
//! - [`preflight_resource`] and [`PreflightGuard`]: the per-route preflight
//!   resource the `#[cors]` attribute registers next to a handler.
//!
//! Header references on MDN:
//! [`Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Origin),
//! [`Access-Control-Allow-Origin`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Origin),
//! [`Access-Control-Allow-Credentials`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Credentials),
//! [`Access-Control-Allow-Methods`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Methods),
//! [`Access-Control-Allow-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Allow-Headers),
//! [`Access-Control-Expose-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Expose-Headers),
//! [`Access-Control-Max-Age`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Max-Age),
//! [`Access-Control-Request-Method`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Request-Method),
//! [`Access-Control-Request-Headers`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Access-Control-Request-Headers),
//! [`Vary`](https://developer.mozilla.org/docs/Web/HTTP/Headers/Vary).

// One concern per module, layered without import cycles:
// docs/ARCHITECTURE.md lists them from the lowest layer up.
mod apply;
mod builder;
mod configured;
mod cors;
mod decision;
mod events;
mod explain;
mod fields;
mod future;
mod inventory;
mod layers;
mod left_to_route;
mod origin;
mod origin_fn;
mod pattern;
mod policy;
mod policy_ref;
mod preflight;
mod probe;
mod request;
mod response;
mod route_cors;
mod routes;
mod set_events;
mod shadowed;
#[cfg(feature = "test-util")]
pub mod test;
mod trailing_slash;
mod vary;
mod verdict;
mod writes;

pub use builder::{PolicyBuilder, PolicyError};
pub use configured::{OriginSetError, OriginSets};
pub use cors::Cors;
pub use decision::{decide, Decision, Preflight, Refusal};
pub use explain::{explain, Difference, Explanation, NearMiss};
pub use fields::set_origin_in_events;
pub use inventory::{
    Inventory, InventoryMiddleware, InventoryRoute, PolicySource, PolicySummary, RouteWithoutPolicy,
};
pub use origin_fn::{AsyncOriginFn, OriginCheck};
pub use policy::Policy;
pub use policy_ref::PolicyRef;
pub use preflight::{answer_preflight, preflight_resource, PreflightGuard};
pub use route_cors::RouteCors;
pub use route_cors_rules::{Problem, ProblemKind};
pub use writes::WriteRefusal;

// The services and the future the middleware build: actix-web names them as
// associated types, users never do.
#[doc(hidden)]
pub use cors::CorsService;
#[doc(hidden)]
pub use future::CorsFuture;
#[doc(hidden)]
pub use route_cors::RouteCorsService;

/// Items the `#[cors]` and `policy!` expansions name. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::origin_fn::{call_origin_fn, call_origin_fn_async, OriginCheck, OriginFn};
    pub use crate::policy::Written;
    pub use crate::preflight::{register_disabled, register_route};
    pub use actix_web;
    pub use route_cors_rules as rules;
    pub use std::borrow::Cow;

    /// What `policy!` expands to after a compile error, so that the error
    /// is the only one reported.
    pub fn placeholder() -> crate::Cors {
        static NOTHING: crate::Policy =
            crate::Policy::__from_checked(rules::CheckedPolicy::NOTHING, None, None, "policy!");
        crate::Cors::new(&NOTHING)
    }
}
