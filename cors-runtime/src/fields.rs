//! The fields events carry, bounded: the route template (rendered only
//! when an event is written), values escaped and cut, and the request's
//! origin, which can be left out.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::http::header::HeaderValue;
use actix_web::HttpRequest;

/// The longest origin an event shows, in bytes before escaping.
const ORIGIN_CAP: usize = 256;

/// The longest refused header name an event shows, in bytes.
pub(crate) const HEADER_CAP: usize = 64;

static ORIGIN_IN_EVENTS: AtomicBool = AtomicBool::new(true);

/// Whether events carry the request's `Origin` (on by default). The value
/// is attacker-controlled: it is always escaped and cut to 256 bytes;
/// switch it off where origins must not reach the logs at all, and the
/// field shows `-`.
///
/// ```
/// # use route_cors_runtime as route_cors;
/// route_cors::set_origin_in_events(false);
/// # route_cors::set_origin_in_events(true);
/// ```
pub fn set_origin_in_events(include: bool) {
    ORIGIN_IN_EVENTS.store(include, Ordering::Relaxed);
}

/// The route template the request matches, rendered only when an event
/// is written.
pub(crate) struct Route<'a>(pub(crate) &'a HttpRequest);

impl fmt::Display for Route<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.match_pattern() {
            Some(pattern) => f.write_str(&pattern),
            None => f.write_str("-"),
        }
    }
}

/// A value escaped and cut to a number of bytes.
pub(crate) struct Capped<'a>(pub(crate) &'a [u8], pub(crate) usize);

impl fmt::Display for Capped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Capped(bytes, cap) = *self;
        write!(f, "{}", bytes[..bytes.len().min(cap)].escape_ascii())?;
        if bytes.len() > cap {
            write!(f, "...({} bytes)", bytes.len())?;
        }
        Ok(())
    }
}

/// The request's origin as an event shows it.
pub(crate) struct Origin<'a>(pub(crate) Option<&'a HeaderValue>);

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(origin) if origin_in_events() => Capped(origin.as_bytes(), ORIGIN_CAP).fmt(f),
            _ => f.write_str("-"),
        }
    }
}

/// Whether events show the origin.
pub(crate) fn origin_in_events() -> bool {
    ORIGIN_IN_EVENTS.load(Ordering::Relaxed)
}
