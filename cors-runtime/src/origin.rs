//! An `Origin` value split once into scheme, host and port (HTML,
//! "serialization of an origin"), with a length bound, so that the
//! patterns and the guard rails compare parts and never split it again.

use route_cors_rules::split_authority;

/// The longest `Origin` that is split. No browser sends a longer one: a
/// DNS name has at most 253 bytes, and a scheme and a port add a few
/// more. A longer value is refused without being read, unless it is
/// listed byte for byte.
pub(crate) const MAX_ORIGIN_LEN: usize = 1024;

/// An origin's parts, as the request spells them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OriginParts<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) host: &'a str,
    pub(crate) port: Option<&'a str>,
}

impl<'a> OriginParts<'a> {
    /// Splits `origin` at `://` and at the port's `:`; `None` for an
    /// origin whose first `:` opens no `://` (such as `null`), which no
    /// pattern and no guard rail accepts, or one longer than
    /// [`MAX_ORIGIN_LEN`].
    pub(crate) fn split(origin: &'a str) -> Option<OriginParts<'a>> {
        if origin.len() > MAX_ORIGIN_LEN {
            return None;
        }
        // At the first `:`, which must open `://`: a byte search, where a
        // substring search would first build its searcher.
        let colon = origin.bytes().position(|b| b == b':')?;
        let scheme = &origin[..colon];
        let authority = origin[colon + 1..].strip_prefix("//")?;
        let (host, port) = split_authority(authority);
        Some(OriginParts { scheme, host, port })
    }

    /// Whether the origin is serialized as browsers send it: a lower-case
    /// scheme, a host in the form hosts serialize to (lower case, no
    /// forbidden code point; an IPv6 address in brackets), and a port only
    /// when it is not the scheme's default, without a leading zero.
    pub(crate) fn is_serialized(&self) -> bool {
        let scheme_ok = self.scheme.starts_with(|c: char| c.is_ascii_lowercase())
            && self.scheme.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')
            });
        let host_ok = if let Some(inner) = self.host.strip_prefix('[') {
            inner.strip_suffix(']').is_some_and(|address| {
                !address.is_empty()
                    && address.bytes().all(|b| {
                        b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b':' || b == b'.'
                    })
            })
        } else {
            is_serialized_subdomain(self.host)
        };
        let default_port = match self.scheme {
            "http" => Some(80),
            "https" => Some(443),
            _ => None,
        };
        let port_ok = match self.port {
            None => true,
            Some(port) => parse_port(port).is_some_and(|port| Some(port) != default_port),
        };
        scheme_ok && host_ok && port_ok
    }
}

/// A port as a browser serializes it: 1 to 65535, no sign, no leading zero.
pub(crate) fn parse_port(port: &str) -> Option<u16> {
    if port.starts_with('0') || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    port.parse().ok().filter(|&port| port != 0)
}

/// Whether `subdomain` can stand in front of a parent domain in a host as
/// browsers serialize it (WHATWG URL, "host serializing" after "domain to
/// ASCII"): not empty, lower-case ASCII, and none of the forbidden domain
/// code points, so that `_`, edge hyphens and other characters browsers
/// keep in hosts match, while a `/`, `:`, `@` or upper case (which no
/// browser sends in a host) never does.
pub(crate) fn is_serialized_subdomain(subdomain: &str) -> bool {
    !subdomain.is_empty() && subdomain.bytes().all(is_serialized_subdomain_byte)
}

/// Whether `b` may appear in a host as browsers serialize it, outside
/// brackets: visible ASCII, not upper case, no forbidden domain code point.
pub(crate) fn is_serialized_subdomain_byte(b: u8) -> bool {
    b.is_ascii_graphic()
        && !b.is_ascii_uppercase()
        && !matches!(
            b,
            b'#' | b'%'
                | b'/'
                | b':'
                | b'<'
                | b'>'
                | b'?'
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'^'
                | b'|'
        )
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_split_into_its_parts() {
        let parts = OriginParts::split("https://a.example.com:8443").unwrap();
        assert_eq!(
            (parts.scheme, parts.host, parts.port),
            ("https", "a.example.com", Some("8443"))
        );
        let parts = OriginParts::split("http://[::1]").unwrap();
        assert_eq!((parts.host, parts.port), ("[::1]", None));
        assert!(OriginParts::split("null").is_none());
    }

    #[test]
    fn a_value_longer_than_the_bound_is_not_split() {
        let host = "a.".repeat(MAX_ORIGIN_LEN / 2);
        assert!(OriginParts::split(&format!("https://{host}com")).is_none());
        let host = "a.".repeat(100);
        assert!(OriginParts::split(&format!("https://{host}com")).is_some());
    }

    #[test]
    fn only_what_a_browser_serializes_is_serialized() {
        for serialized in [
            "https://a.example.com",
            "http://localhost:3000",
            "http://[::1]:8080",
            "capacitor://localhost",
            "https://a_b.example.com",
        ] {
            let parts = OriginParts::split(serialized).unwrap();
            assert!(parts.is_serialized(), "{serialized}");
        }
        for not in [
            "HTTPS://a.example.com",
            "https://A.example.com",
            "https://a.example.com:443",
            "http://a.example.com:80",
            "https://a.example.com:080",
            "https://a.example.com:0",
            "https://a.example.com/",
            "https://user@a.example.com",
            "https://[::G]",
            "https://",
        ] {
            let parts = OriginParts::split(not).unwrap();
            assert!(!parts.is_serialized(), "{not}");
        }
    }
}
