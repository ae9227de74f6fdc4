//! Where a policy applies.

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
    /// An origin set read at start-up (`OriginSets`), which any route may
    /// use, with or without credentials: checked as strictly as with
    /// credentials, and no key can relax it, so its messages name what
    /// the value can be instead.
    OriginSet {
        /// Whether the values were split from one text (an environment
        /// variable), where origins are separated by commas.
        from_text: bool,
    },
}
