//! The reachability check.
