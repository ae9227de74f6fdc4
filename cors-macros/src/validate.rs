//! Checking a policy with the shared rules, at the tokens that wrote it.

use std::collections::HashSet;

use proc_macro2::Span;
use route_cors_rules::{validate, CheckedPolicy, Context, ModuleSwitches, ProblemKind};
use syn::Ident;

use crate::args::{Args, Errors};

/// What is checked over every handler of a `#[cors]` module.
pub(crate) struct ModuleCheck {
    /// What the module's switch keys do on its handlers.
    pub(crate) switches: ModuleSwitches<Span>,
    /// The problems reported already, by place and message: a mistake in
    /// the module's keys is one error, however many handlers inherit it.
    reported: HashSet<String>,
}

impl ModuleCheck {
    pub(crate) fn new(module: &Args) -> Self {
        ModuleCheck {
            switches: ModuleSwitches::new(
                module.input.refuse_cross_origin_writes.as_ref(),
                module.input.dangerously_allow_cross_origin_writes.as_ref(),
            ),
            reported: HashSet::new(),
        }
    }
}

/// A handler of a `#[cors]` module being checked: the module's check, the
/// handler's name and its own keys.
pub(crate) struct InModule<'a> {
    pub(crate) module: &'a mut ModuleCheck,
    pub(crate) handler: &'a Ident,
    pub(crate) own: &'a Args,
}

impl InModule<'_> {
    /// The message of a problem of this handler's policy, or `None` when
    /// it was reported for another handler already. A problem at one of
    /// the module's tokens that this handler's own keys take part in names
    /// the handler, which the place alone does not.
    fn message(&mut self, at: Span, kind: ProblemKind, message: String) -> Option<String> {
        let place = format!("{at:?}");
        let own_place = self
            .own
            .input
            .locations()
            .into_iter()
            .any(|own| format!("{own:?}") == place);
        // Inherited methods that leave the handler none are this handler's
        // problem, whatever it writes.
        let names_handler =
            kind == ProblemKind::MethodNotServed || !self.own.input.written.is_empty();
        let message = if own_place || !names_handler {
            message
        } else {
            let whose = if kind == ProblemKind::MethodNotServed {
                "in handler"
            } else {
                "with the keys of handler"
            };
            format!("{message}; {whose} `{}`", self.handler)
        };
        self.module
            .reported
            .insert(format!("{place} {message}"))
            .then_some(message)
    }
}

/// Checks `args` where they apply, adding each problem to `errors`. `whole`
/// locates problems of no one value (such as a policy that allows no
/// origin). For a handler in a `#[cors]` module, `in_module` records what
/// the switch keys it inherits do on it, and reports each problem of the
/// module's keys once.
pub(crate) fn check(
    args: &Args,
    context: Context,
    whole: Span,
    mut in_module: Option<InModule<'_>>,
    errors: &mut Errors,
) -> Option<CheckedPolicy> {
    let mut input = args.input.clone();
    input.context = context;
    input.whole = whole;
    if let Some(in_module) = &mut in_module {
        in_module.module.switches.handler(&input);
    }

    // A key that could not be read has its own error already; the policy
    // then lacks an origin source only because of it.
    let origin_source_unreadable = args.origin_source_unreadable();
    match validate(&input) {
        Ok(policy) => Some(policy),
        Err(problems) => {
            for problem in problems {
                if problem.kind == ProblemKind::NoOriginSource && origin_source_unreadable {
                    continue;
                }
                let message = match &mut in_module {
                    Some(in_module) => {
                        match in_module.message(problem.at, problem.kind, problem.message) {
                            Some(message) => message,
                            None => continue,
                        }
                    }
                    None => problem.message,
                };
                errors.push(syn::Error::new(problem.at, message));
            }
            None
        }
    }
}
