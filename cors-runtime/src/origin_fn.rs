//! Origins decided at run time by the application's own functions: sync
//! ones that may read the request (its head, the app's state through
//! `app_data`), and async ones (a database lookup).
//!
//! A function only decides among origins that pass the rules: an origin
//! that is not serialized as browsers send it never reaches it, nor do
//! `null` and, with credentials, plain-http origins that are not
//! potentially trustworthy, unless the policy's `dangerously_*` flag says
//! so.

use std::future::Future;
use std::pin::Pin;

use actix_web::HttpRequest;

/// The future an async origin check returns.
pub type OriginCheck = Pin<Box<dyn Future<Output = bool>>>;

/// A function that decides whether an origin is allowed.
#[derive(Clone, Copy)]
pub enum OriginFn {
    /// `fn(&str) -> bool`: the origin alone.
    Origin(fn(&str) -> bool),
    /// `fn(&str, &HttpRequest) -> bool`: the origin and the request, whose
    /// `app_data` holds the app's state (a tenant table, configuration).
    Request(fn(&str, &HttpRequest) -> bool),
    /// What the `#[cors]` and `policy!` expansions generate around the
    /// user's function, whichever of the two forms it has.
    #[doc(hidden)]
    Generated(fn(&str, Option<&HttpRequest>) -> bool),
}

impl std::fmt::Debug for OriginFn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OriginFn::Origin(_) => "OriginFn::Origin",
            OriginFn::Request(_) => "OriginFn::Request",
            OriginFn::Generated(_) => "OriginFn::Generated",
        })
    }
}

impl OriginFn {
    /// Asks the function; a function that needs the request says no when
    /// there is none (the pure [`decide`](crate::decide)).
    pub(crate) fn allows(&self, origin: &str, req: Option<&HttpRequest>) -> bool {
        match self {
            OriginFn::Origin(allows) => allows(origin),
            OriginFn::Request(allows) => req.is_some_and(|req| allows(origin, req)),
            OriginFn::Generated(allows) => allows(origin, req),
        }
    }
}

/// An async function that decides whether an origin is allowed, from the
/// origin and the request: `async fn(String, HttpRequest) -> bool`, boxed.
pub type AsyncOriginFn = fn(String, HttpRequest) -> OriginCheck;

/// The two forms of a sync origin function, told apart by their arguments
/// (as actix-web tells handlers apart), so that one key takes either.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`origin_fn` takes a `fn(&str) -> bool` or a `fn(&str, &HttpRequest) -> bool`, and `{Self}` is neither",
    label = "declare it as `fn name(origin: &str) -> bool` or `fn name(origin: &str, req: &HttpRequest) -> bool`",
    note = "an `async fn(origin: String, req: HttpRequest) -> bool` goes in `origin_fn_async = name`"
)]
pub trait OriginFnArgs<Args> {
    /// Calls the function; the request form says no without a request.
    fn call_with(&self, origin: &str, req: Option<&HttpRequest>) -> bool;
}

impl<F: Fn(&str) -> bool> OriginFnArgs<(&str,)> for F {
    fn call_with(&self, origin: &str, _req: Option<&HttpRequest>) -> bool {
        self(origin)
    }
}

impl<F: Fn(&str, &HttpRequest) -> bool> OriginFnArgs<(&str, &HttpRequest)> for F {
    fn call_with(&self, origin: &str, req: Option<&HttpRequest>) -> bool {
        req.is_some_and(|req| self(origin, req))
    }
}

/// Calls `origin_fn = path` from the function the expansion generates.
#[doc(hidden)]
pub fn call_origin_fn<F, Args>(function: F, origin: &str, req: Option<&HttpRequest>) -> bool
where
    F: OriginFnArgs<Args>,
{
    function.call_with(origin, req)
}

/// What `origin_fn_async` takes: a function of the origin and the
/// request, or of the origin alone, that returns a future of `bool`, such
/// as an `async fn`; told apart by their arguments.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`origin_fn_async` takes an `async fn(String, HttpRequest) -> bool` or an `async fn(String) -> bool`, and `{Self}` is neither",
    label = "declare it as `async fn name(origin: String, req: HttpRequest) -> bool` or `async fn name(origin: String) -> bool`",
    note = "an async function takes the origin as a `String`; a function that returns `bool` itself goes in `origin_fn = name`"
)]
pub trait AsyncOriginFnArgs<Args> {
    /// Calls the function and boxes its future.
    fn check(&self, origin: String, req: HttpRequest) -> OriginCheck;
}

impl<F, Check> AsyncOriginFnArgs<(String, HttpRequest)> for F
where
    F: Fn(String, HttpRequest) -> Check,
    Check: Future<Output = bool> + 'static,
{
    fn check(&self, origin: String, req: HttpRequest) -> OriginCheck {
        Box::pin(self(origin, req))
    }
}

impl<F, Check> AsyncOriginFnArgs<(String,)> for F
where
    F: Fn(String) -> Check,
    Check: Future<Output = bool> + 'static,
{
    fn check(&self, origin: String, _req: HttpRequest) -> OriginCheck {
        Box::pin(self(origin))
    }
}

/// Calls `origin_fn_async = path` from the function the expansion
/// generates.
#[doc(hidden)]
pub fn call_origin_fn_async<F, Args>(function: F, origin: String, req: HttpRequest) -> OriginCheck
where
    F: AsyncOriginFnArgs<Args>,
{
    function.check(origin, req)
}
