//! Checking a policy with the shared rules, at the tokens that wrote it.

use proc_macro2::Span;
use route_cors_rules::{validate, CheckedPolicy, Context, ModuleSwitches, ProblemKind};

use crate::args::{Args, Errors};

/// The switch keys a module writes, to check over its handlers.
pub(crate) fn module_switches(module: &Args) -> ModuleSwitches<Span> {
    ModuleSwitches::new(
        module.input.refuse_cross_origin_writes.as_ref(),
        module.input.dangerously_allow_cross_origin_writes.as_ref(),
    )
}

/// Checks `args` where they apply, adding each problem to `errors`. `whole`
/// locates problems of no one value (such as a policy that allows no
/// origin). For a handler in a `#[cors]` module, `module` records what the
/// switch keys it inherits do on it.
pub(crate) fn check(
    args: &Args,
    context: Context,
    whole: Span,
    module: Option<&mut ModuleSwitches<Span>>,
    errors: &mut Errors,
) -> Option<CheckedPolicy> {
    let mut input = args.input.clone();
    input.context = context;
    input.whole = whole;
    if let Some(module) = module {
        module.handler(&input);
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
                errors.push(syn::Error::new(problem.at, problem.message));
            }
            None
        }
    }
}
