//! `PolicyRef`: a policy shared by the services that apply it.

use std::sync::Arc;

use crate::policy::Policy;

/// A policy shared by a middleware and its services: `&'static` when the
/// macros built it, reference-counted when built at run time.
///
/// What [`preflight_resource`](crate::preflight_resource) and
/// [`Cors::decorate_only`](crate::Cors::decorate_only) accept: a [`Policy`], an `Arc<Policy>` or a
/// `&'static Policy` converts into it, so it rarely needs naming.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// use std::sync::Arc;
/// use route_cors::{Policy, PolicyRef};
///
/// let policy = Arc::new(Policy::builder().allow_origin("https://app.example.com").build()?);
/// let shared = PolicyRef::from(Arc::clone(&policy));
/// assert!(shared.get().allows_origin("https://app.example.com"));
/// # Ok::<(), route_cors::PolicyError>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum PolicyRef {
    /// A `static` policy, as the macros emit.
    Static(&'static Policy),
    /// A policy built at run time with [`Policy::builder`].
    Shared(Arc<Policy>),
}

impl PolicyRef {
    /// The policy.
    pub fn get(&self) -> &Policy {
        match self {
            PolicyRef::Static(policy) => policy,
            PolicyRef::Shared(policy) => policy,
        }
    }
}

impl From<&'static Policy> for PolicyRef {
    fn from(policy: &'static Policy) -> Self {
        PolicyRef::Static(policy)
    }
}

impl From<Arc<Policy>> for PolicyRef {
    fn from(policy: Arc<Policy>) -> Self {
        PolicyRef::Shared(policy)
    }
}

impl From<Policy> for PolicyRef {
    fn from(policy: Policy) -> Self {
        PolicyRef::Shared(Arc::new(policy))
    }
}
