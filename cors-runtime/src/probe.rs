//! In-process probes: what the route-cors layers a request passed say
//! about themselves, for the reachability check.
//!
//! The check puts a [`Probe`] into the extensions of each request it sends
//! through the app's service; every route-cors layer the request reaches
//! notes itself in it. A request from the network never carries one (its
//! extensions start empty), and without the `test-util` feature the layers
//! do not even look.

use actix_web::HttpRequest;

/// The notes of the route-cors layers one probe request reached.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProbeLog {
    /// `RouteCors` looked the route up.
    pub(crate) route_cors: bool,
    /// A route's own preflight resource answered.
    pub(crate) route_resource: bool,
    /// A route's decorator, on the handler's resource, ran.
    pub(crate) decorator: bool,
    /// The `Cors` middleware (by source) that decided or stepped aside.
    pub(crate) middleware: Vec<String>,
}

/// A request extension that makes the route-cors layers note themselves.
#[cfg(feature = "test-util")]
#[derive(Debug, Default, Clone)]
pub(crate) struct Probe(pub(crate) std::rc::Rc<std::cell::RefCell<ProbeLog>>);

/// Lets `note` write into the probe of `req`, if it carries one.
#[cfg(feature = "test-util")]
pub(crate) fn record(req: &HttpRequest, note: impl FnOnce(&mut ProbeLog)) {
    use actix_web::HttpMessage;
    if let Some(probe) = req.extensions().get::<Probe>() {
        note(&mut probe.0.borrow_mut());
    }
}

/// Without the `test-util` feature, no request is probed.
#[cfg(not(feature = "test-util"))]
#[inline(always)]
pub(crate) fn record(_req: &HttpRequest, _note: impl FnOnce(&mut ProbeLog)) {}
