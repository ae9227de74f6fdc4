//! Public suffixes: domains under which anyone can register a name.
//!
//! A wildcard such as `https://*.github.io` trusts every user of the
//! suffix. Single-label suffixes (`com`, `dev`, `localhost` is the one
//! exception) are recognised by shape; multi-label ones come from this list
//! of well-known registries and hosting platforms.

/// Multi-label public suffixes that are refused after `*.`.
const MULTI_LABEL_SUFFIXES: &[&str] = &[
    "ac.uk",
    "amazonaws.com",
    "appspot.com",
    "azurewebsites.net",
    "blogspot.com",
    "cloudfront.net",
    "co.in",
    "co.jp",
    "co.kr",
    "co.nz",
    "co.uk",
    "co.za",
    "com.au",
    "com.br",
    "com.cn",
    "com.mx",
    "com.tr",
    "com.tw",
    "firebaseapp.com",
    "fly.dev",
    "github.io",
    "gitlab.io",
    "glitch.me",
    "gov.uk",
    "herokuapp.com",
    "ltd.uk",
    "me.uk",
    "ne.jp",
    "net.au",
    "netlify.app",
    "ngrok-free.app",
    "ngrok.io",
    "now.sh",
    "onrender.com",
    "or.jp",
    "org.au",
    "org.uk",
    "pages.dev",
    "plc.uk",
    "readthedocs.io",
    "s3.amazonaws.com",
    "surge.sh",
    "vercel.app",
    "web.app",
    "workers.dev",
];

/// Whether `host` (lower case, no trailing dot) is a public suffix: a
/// single label other than `localhost`, or a well-known multi-label suffix.
///
/// ```
/// assert!(route_cors_rules::is_public_suffix("com"));
/// assert!(route_cors_rules::is_public_suffix("co.uk"));
/// assert!(route_cors_rules::is_public_suffix("github.io"));
/// assert!(!route_cors_rules::is_public_suffix("example.com"));
/// ```
pub fn is_public_suffix(host: &str) -> bool {
    if !host.contains('.') {
        return host != "localhost";
    }
    MULTI_LABEL_SUFFIXES.binary_search(&host).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(MULTI_LABEL_SUFFIXES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn shapes() {
        assert!(is_public_suffix("io"));
        assert!(!is_public_suffix("localhost"));
        assert!(is_public_suffix("vercel.app"));
        assert!(!is_public_suffix("my.vercel.app"));
    }
}
