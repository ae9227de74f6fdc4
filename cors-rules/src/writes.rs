//! The two keys that switch cross-origin write protection, and the rules
//! that refuse them where they would change nothing.
//!
//! A policy with `credentials = true` refuses requests with a method other
//! than GET, HEAD and OPTIONS that a page of an origin the policy does not
//! allow sent (the algorithm of Go 1.25's `http.CrossOriginProtection`).
//! `refuse_cross_origin_writes = true` switches that on without
//! credentials; `dangerously_allow_cross_origin_writes = true` switches it
//! off with them. Each key is refused where it changes nothing, with what
//! to write instead, so that a policy says only what it does.

use crate::located::Located;
use crate::problem::{Problem, ProblemKind};

/// The key that switches cross-origin write protection on.
pub(crate) const REFUSE: &str = "refuse_cross_origin_writes";
/// The key that switches it off.
pub(crate) const ALLOW: &str = "dangerously_allow_cross_origin_writes";

/// Whether cross-origin write protection lets `method` through from any
/// origin: GET, HEAD and OPTIONS, which must not change state.
///
/// ```
/// use route_cors_rules::is_safe_method;
///
/// assert!(is_safe_method("OPTIONS"));
/// assert!(!is_safe_method("POST"));
/// ```
pub fn is_safe_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "OPTIONS")
}

/// Where a switch key of a handler's policy came from: a handler in a
/// `#[cors]` module inherits the module's keys one by one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeySource {
    /// Written on the policy itself (a handler, `policy!`, the builder), or
    /// not given.
    #[default]
    Own,
    /// Inherited from the enclosing `#[cors]` module, which wrote it for
    /// its other handlers too. The checks that a key changes nothing skip
    /// it on the handler; [`ModuleSwitches`](crate::ModuleSwitches) checks
    /// it over every handler that inherits it.
    Module,
    /// Written on the handler as `false` over the module's `true`: it
    /// switches off, for this handler, what the module switched on.
    OverModule,
}

/// Where the two switch keys of a policy came from, and their order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SwitchSources {
    /// Where `refuse_cross_origin_writes` came from.
    pub refuse: KeySource,
    /// Where `dangerously_allow_cross_origin_writes` came from.
    pub allow: KeySource,
    /// Whether `dangerously_allow_cross_origin_writes` was written before
    /// `refuse_cross_origin_writes`, where both came from the same place:
    /// both `true` is refused at the one written second.
    pub allow_first: bool,
}

/// The methods of a policy that serves only safe ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SafeOnly<'a> {
    /// The methods the route serves.
    pub(crate) methods: &'a [String],
}

impl SafeOnly<'_> {
    /// The sentence for a key that changes nothing on these methods.
    fn changes_nothing(&self, key: &str) -> String {
        let served = format!("this route serves only {}", listed(self.methods));
        safe_methods_only(&served, key)
    }
}

fn safe_methods_only(served: &str, key: &str) -> String {
    format!("cross-origin writes are refused only for methods other than GET, HEAD and OPTIONS, and {served}; remove `{key}`")
}

/// `GET`, `GET and HEAD`, `GET, HEAD and OPTIONS`.
fn listed(methods: &[String]) -> String {
    match methods {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The switch keys of one policy, with what decides whether they change
/// anything.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Switches<'a, L> {
    pub(crate) refuse: Option<&'a Located<bool, L>>,
    pub(crate) allow: Option<&'a Located<bool, L>>,
    pub(crate) sources: SwitchSources,
    pub(crate) credentials: bool,
    /// The policy's methods, when every one is safe.
    pub(crate) safe_only: Option<SafeOnly<'a>>,
}

/// What a switch key inherited from a module does on one handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Use {
    /// It changes whether the handler refuses cross-origin writes.
    Used,
    /// It changes nothing, for this reason.
    Idle(Idle),
}

/// Why a switch key changes nothing on a handler, in the order the
/// module's message lists the reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Idle {
    /// The handler serves only safe methods, which are never refused.
    SafeMethods,
    /// `credentials = true` refuses cross-origin writes already.
    Credentials,
    /// Without `credentials = true`, nothing is refused to allow.
    NoCredentials,
    /// The handler's own `refuse_cross_origin_writes = true` refuses them
    /// anyway.
    Refused,
}

impl Idle {
    fn reason(self) -> &'static str {
        match self {
            Idle::SafeMethods => "serves only GET, HEAD and OPTIONS, which are never refused",
            Idle::Credentials => {
                "has `credentials = true`, which refuses cross-origin writes already"
            }
            Idle::NoCredentials => {
                "has no `credentials = true`, without which cross-origin writes are not refused"
            }
            Idle::Refused => {
                "sets its own `refuse_cross_origin_writes = true`, which refuses them anyway"
            }
        }
    }
}

impl<L: Clone> Switches<'_, L> {
    fn refuse_on(&self) -> bool {
        self.refuse.is_some_and(|key| key.value)
    }

    fn allow_on(&self) -> bool {
        self.allow.is_some_and(|key| key.value)
    }

    /// Whether the policy refuses cross-origin writes from origins it does
    /// not allow: with credentials unless switched off, or switched on.
    pub(crate) fn refuses(&self) -> bool {
        (self.credentials && !self.allow_on()) || self.refuse_on()
    }

    /// The problems of the keys written on this policy (not those inherited
    /// from a module, but for both `true`): each key that changes nothing,
    /// or contradicts the other, once.
    pub(crate) fn check(&self) -> Vec<Problem<L>> {
        let mut problems = Vec::new();
        let mut push = |at: &L, kind: ProblemKind, message: String| {
            problems.push(Problem {
                at: at.clone(),
                kind,
                message,
            });
        };
        let credentials = self.credentials;
        let sources = self.sources;
        let own = |source: KeySource| source != KeySource::Module;

        if let (Some(refuse), Some(allow), true, true) =
            (self.refuse, self.allow, self.refuse_on(), self.allow_on())
        {
            let on_safe_methods = |key: &str| {
                self.safe_only.map(|safe| {
                    (
                        ProblemKind::CrossOriginWritesOnSafeMethods,
                        safe.changes_nothing(key),
                    )
                })
            };
            // The key written second, where the two conflict.
            let second = if sources.allow_first {
                &refuse.at
            } else {
                &allow.at
            };
            match (sources.refuse, sources.allow) {
                (KeySource::Module, KeySource::Module) => push(
                    second,
                    ProblemKind::CrossOriginWritesConflict,
                    conflict(credentials),
                ),
                // The handler's own key against the module's.
                (KeySource::Module, _) => match on_safe_methods(ALLOW) {
                    Some((kind, message)) => push(&allow.at, kind, message),
                    None => push(
                        &allow.at,
                        ProblemKind::CrossOriginWritesConflict,
                        if credentials {
                            "`dangerously_allow_cross_origin_writes = true` does not undo `refuse_cross_origin_writes = true` of the enclosing `#[cors]` module, which still refuses cross-origin writes here; to let them through, also write `refuse_cross_origin_writes = false`".to_owned()
                        } else {
                            "`dangerously_allow_cross_origin_writes = true` does not undo `refuse_cross_origin_writes = true` of the enclosing `#[cors]` module; to let cross-origin writes through here, write `refuse_cross_origin_writes = false` instead".to_owned()
                        },
                    ),
                },
                // The handler's own `refuse` switches back on what the
                // module's `allow` switched off.
                (_, KeySource::Module) => {
                    if let Some((kind, message)) = on_safe_methods(REFUSE) {
                        push(&refuse.at, kind, message);
                    }
                }
                _ => match (on_safe_methods(REFUSE), on_safe_methods(ALLOW)) {
                    (Some((kind, refuse_message)), Some((_, allow_message))) => {
                        push(&refuse.at, kind, refuse_message);
                        push(&allow.at, kind, allow_message);
                    }
                    _ => push(
                        second,
                        ProblemKind::CrossOriginWritesConflict,
                        conflict(credentials),
                    ),
                },
            }
            return problems;
        }

        // A `true` inherited from the module may change something on its
        // other handlers; a `false` changes nothing anywhere.
        let refuse = self.refuse.filter(|key| !key.value || own(sources.refuse));
        let allow = self.allow.filter(|key| !key.value || own(sources.allow));
        if let Some(safe) = self.safe_only {
            for (key, name) in [(refuse, REFUSE), (allow, ALLOW)] {
                if let Some(key) = key {
                    push(
                        &key.at,
                        ProblemKind::CrossOriginWritesOnSafeMethods,
                        safe.changes_nothing(name),
                    );
                }
            }
            return problems;
        }

        let redundant = ProblemKind::CrossOriginWritesRedundant;
        if let Some(refuse) = refuse {
            let allow_on = self.allow_on();
            let message = match (refuse.value, sources.refuse) {
                (true, _) if credentials => Some(
                    "`credentials = true` already refuses cross-origin writes from origins this policy does not allow; remove `refuse_cross_origin_writes`",
                ),
                (true, _) => None,
                (false, KeySource::OverModule) if credentials && !allow_on => Some(
                    "`refuse_cross_origin_writes = false` does not switch off the refusal that `credentials = true` switches on; to let cross-origin writes through from origins this policy does not allow, also write `dangerously_allow_cross_origin_writes = true`",
                ),
                (false, KeySource::OverModule) => None,
                (false, _) if credentials && !allow_on => Some(
                    "`refuse_cross_origin_writes = false` does not switch off the refusal that `credentials = true` switches on; to let cross-origin writes through from origins this policy does not allow, write `dangerously_allow_cross_origin_writes = true` instead",
                ),
                (false, _) if credentials => Some(
                    "`dangerously_allow_cross_origin_writes = true` already lets cross-origin writes through, so `refuse_cross_origin_writes = false` changes nothing; remove it",
                ),
                (false, _) => Some(
                    "without `credentials = true` cross-origin writes are not refused, so `refuse_cross_origin_writes = false` changes nothing; remove it",
                ),
            };
            if let Some(message) = message {
                push(&refuse.at, redundant, message.to_owned());
            }
        }
        if let Some(allow) = allow {
            let message = match (allow.value, sources.allow) {
                (true, _) if !credentials => Some(
                    "without `credentials = true` cross-origin writes are not refused, so there is nothing to allow; remove `dangerously_allow_cross_origin_writes`",
                ),
                (true, _) => None,
                (false, KeySource::OverModule) if !credentials => Some(
                    "without `credentials = true` cross-origin writes are not refused here, so `dangerously_allow_cross_origin_writes = false` changes nothing; remove it",
                ),
                (false, KeySource::OverModule) => None,
                (false, _) => Some(
                    "`dangerously_allow_cross_origin_writes = false` is the default; remove it",
                ),
            };
            if let Some(message) = message {
                push(&allow.at, redundant, message.to_owned());
            }
        }
        problems
    }

    /// What each switch key inherited from the module as `true` does here;
    /// `None` for a key not inherited, not `true`, or inherited `true`
    /// together with the other (which every handler reports).
    pub(crate) fn inherited(&self) -> (Option<Use>, Option<Use>) {
        let inherited_on = |key: Option<&Located<bool, L>>, source: KeySource| {
            source == KeySource::Module && key.is_some_and(|key| key.value)
        };
        let refuse_inherited = inherited_on(self.refuse, self.sources.refuse);
        let allow_inherited = inherited_on(self.allow, self.sources.allow);
        if refuse_inherited && allow_inherited {
            return (None, None);
        }
        let idle_if = |idle: Option<Idle>| Some(idle.map_or(Use::Used, Use::Idle));
        let safe = self.safe_only.map(|_| Idle::SafeMethods);
        let refuse = if refuse_inherited {
            idle_if(safe.or((self.credentials && !self.allow_on()).then_some(Idle::Credentials)))
        } else {
            None
        };
        let allow = if allow_inherited {
            idle_if(
                safe.or((!self.credentials).then_some(Idle::NoCredentials))
                    .or(self.refuse_on().then_some(Idle::Refused)),
            )
        } else {
            None
        };
        (refuse, allow)
    }
}

/// Both keys `true`, written in one place.
fn conflict(credentials: bool) -> String {
    let instead = if credentials {
        "remove `refuse_cross_origin_writes` to let cross-origin writes through, or both to refuse them as `credentials = true` does"
    } else {
        "remove `dangerously_allow_cross_origin_writes` to refuse cross-origin writes, or both to let them through as a policy without `credentials = true` does"
    };
    format!("`refuse_cross_origin_writes = true` and `dangerously_allow_cross_origin_writes = true` contradict each other; {instead}")
}

/// A switch key written on a `#[cors]` module as `true`, and what it does
/// on the handlers that inherit it.
#[derive(Debug, Clone)]
pub(crate) struct ModuleSwitch<L> {
    key: &'static str,
    at: L,
    inherited: bool,
    used: bool,
    idle: Vec<Idle>,
    safe_methods: Vec<String>,
}

impl<L> ModuleSwitch<L> {
    pub(crate) fn refuse(at: L) -> Self {
        Self::new(REFUSE, at)
    }

    pub(crate) fn allow(at: L) -> Self {
        Self::new(ALLOW, at)
    }

    fn new(key: &'static str, at: L) -> Self {
        ModuleSwitch {
            key,
            at,
            inherited: false,
            used: false,
            idle: Vec::new(),
            safe_methods: Vec::new(),
        }
    }

    /// Records what the key does on one handler that inherits it, which
    /// serves `methods` (only safe ones, when idle for that reason).
    pub(crate) fn record(&mut self, what: Use, safe_methods: &[String]) {
        self.inherited = true;
        match what {
            Use::Used => self.used = true,
            Use::Idle(idle) => {
                if !self.idle.contains(&idle) {
                    self.idle.push(idle);
                    self.idle.sort();
                }
                if idle == Idle::SafeMethods {
                    for method in safe_methods {
                        if !self.safe_methods.contains(method) {
                            self.safe_methods.push(method.clone());
                        }
                    }
                }
            }
        }
    }

    /// The problem of a key that changes nothing on every handler that
    /// inherits it (and at least one does).
    pub(crate) fn problem(self) -> Option<Problem<L>> {
        if !self.inherited || self.used {
            return None;
        }
        let key = self.key;
        let (kind, message) = if self.idle == [Idle::SafeMethods] {
            let served = format!(
                "the handlers that inherit it serve only {}",
                listed(&self.safe_methods)
            );
            (
                ProblemKind::CrossOriginWritesOnSafeMethods,
                safe_methods_only(&served, key),
            )
        } else {
            let reasons: Vec<&str> = self.idle.iter().map(|idle| idle.reason()).collect();
            (
                ProblemKind::CrossOriginWritesRedundant,
                format!(
                    "`{key} = true` changes nothing on the handlers of this module that inherit it: each {}; remove it",
                    reasons.join(", or ")
                ),
            )
        };
        Some(Problem {
            at: self.at,
            kind,
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_listed_as_in_a_sentence() {
        let methods = |list: &[&str]| list.iter().map(|m| (*m).to_owned()).collect::<Vec<_>>();
        assert_eq!(listed(&methods(&["GET"])), "GET");
        assert_eq!(listed(&methods(&["GET", "HEAD"])), "GET and HEAD");
        assert_eq!(
            listed(&methods(&["GET", "HEAD", "OPTIONS"])),
            "GET, HEAD and OPTIONS"
        );
    }

    #[test]
    fn safe_methods() {
        for method in ["GET", "HEAD", "OPTIONS"] {
            assert!(is_safe_method(method), "{method}");
        }
        for method in ["POST", "PUT", "PATCH", "DELETE", "QUERY", "get"] {
            assert!(!is_safe_method(method), "{method}");
        }
    }
}
