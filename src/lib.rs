//! route-cors
pub use route_cors_macros::{cors, policy};
pub use route_cors_runtime::*;
