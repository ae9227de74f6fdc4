//! Public suffixes: domains under which anyone can register a name.
//!
//! A wildcard such as `https://*.github.io` trusts every user of the
//! suffix. The suffixes come from the Public Suffix List, ICANN and private
//! sections, through the `psl` crate; a name the list does not know is a
//! suffix when it is a single label (the list's implicit `*` rule), except
//! `localhost`, which only ever names this machine.

/// Whether `host` (lower case, as browsers serialize it; a trailing dot is
/// ignored) is a public suffix.
///
/// ```
/// assert!(route_cors_rules::is_public_suffix("com"));
/// assert!(route_cors_rules::is_public_suffix("co.uk"));
/// assert!(route_cors_rules::is_public_suffix("github.io"));
/// assert!(!route_cors_rules::is_public_suffix("example.com"));
/// ```
pub fn is_public_suffix(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host == "localhost" || host.is_empty() {
        return false;
    }
    psl::suffix(host.as_bytes()).is_some_and(|suffix| suffix.as_bytes() == host.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_from_both_sections_of_the_list() {
        for suffix in [
            "com",
            "io",
            "co.uk",
            "com.sg",
            "gov.au",
            "github.io",
            "deno.dev",
            "up.railway.app",
            "trycloudflare.com",
            "vercel.app",
            "com.",
            "internal",
        ] {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        for domain in [
            "localhost",
            "example.com",
            "my.vercel.app",
            "example.co.uk",
            "example.com.sg",
            "app.localhost",
        ] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
    }
}
