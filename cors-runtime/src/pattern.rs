//! Subdomain and any-port origin patterns, indexed by host, so that a
//! thousand patterns cost what one does. Scheme, host and port are
//! compared as separate parts, so prefix and suffix tricks
//! (`https://example.com.evil.net`, `https://evilexample.com`,
//! `https://example.com_.evil.net`) and spellings a browser never sends
//! (upper case, trailing dot, default port) do not match.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use route_cors_rules::{HostRule, OriginPattern, PortRule};

use crate::origin::{is_serialized_subdomain_byte, parse_port, OriginParts};

/// The subdomain and any-port patterns of a policy, indexed by host.
///
/// Matching an origin allocates nothing and costs a hash lookup of its
/// host, plus one per dot of the host for subdomain patterns, whatever the
/// number of patterns.
#[derive(Debug, Default)]
pub(crate) struct PatternIndex {
    /// Patterns of one exact host, by host.
    exact_hosts: HashMap<Box<str>, Vec<SchemePorts>, FixedState>,
    /// Subdomain patterns, by parent domain.
    parents: HashMap<Box<str>, Vec<SchemePorts>, FixedState>,
}

/// The ports one scheme allows on a host (or under a parent domain).
#[derive(Debug)]
struct SchemePorts {
    scheme: Box<str>,
    /// No port in the origin (the scheme's default).
    default: bool,
    /// Any port, or none.
    any: bool,
    /// These ports, sorted.
    exact: Vec<u16>,
}

impl SchemePorts {
    fn allows(&self, port: Option<&str>) -> bool {
        match port {
            None => self.default || self.any,
            Some(port) => parse_port(port)
                .is_some_and(|port| self.any || self.exact.binary_search(&port).is_ok()),
        }
    }
}

impl PatternIndex {
    pub(crate) fn new(patterns: &[OriginPattern]) -> PatternIndex {
        let mut index = PatternIndex::default();
        for pattern in patterns {
            let (map, host) = match &pattern.host {
                HostRule::Exact(host) => (&mut index.exact_hosts, host),
                HostRule::Subdomains(parent) => (&mut index.parents, parent),
            };
            let schemes = map.entry(host.as_ref().into()).or_default();
            let position = match schemes
                .iter()
                .position(|ports| *ports.scheme == *pattern.scheme)
            {
                Some(position) => position,
                None => {
                    schemes.push(SchemePorts {
                        scheme: pattern.scheme.as_ref().into(),
                        default: false,
                        any: false,
                        exact: Vec::new(),
                    });
                    schemes.len() - 1
                }
            };
            let ports = &mut schemes[position];
            match pattern.port {
                PortRule::Default => ports.default = true,
                PortRule::Any => ports.any = true,
                PortRule::Exact(port) => {
                    if let Err(at) = ports.exact.binary_search(&port) {
                        ports.exact.insert(at, port);
                    }
                }
            }
        }
        index
    }

    /// Whether the policy has no pattern at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.exact_hosts.is_empty() && self.parents.is_empty()
    }

    /// Whether `origin` matches a subdomain or any-port pattern, scheme,
    /// host and port compared as separate parts.
    pub(crate) fn matches(&self, origin: &OriginParts<'_>) -> bool {
        if self.is_empty() {
            return false;
        }
        let OriginParts {
            scheme, host, port, ..
        } = *origin;
        let allows = |schemes: &Vec<SchemePorts>| {
            schemes
                .iter()
                .any(|ports| *ports.scheme == *scheme && ports.allows(port))
        };
        if self.exact_hosts.get(host).is_some_and(allows) {
            return true;
        }
        if self.parents.is_empty() {
            return false;
        }
        // `host` is a subdomain, a dot and a parent domain; the subdomain
        // must be as browsers serialize it, so only dots within the
        // longest such prefix can end it.
        let serialized_prefix = host
            .bytes()
            .position(|b| !is_serialized_subdomain_byte(b))
            .unwrap_or(host.len());
        host.bytes()
            .take(serialized_prefix + 1)
            .enumerate()
            .skip(1)
            .filter(|&(_, b)| b == b'.')
            .any(|(dot, _)| self.parents.get(&host[dot + 1..]).is_some_and(allows))
    }
}
