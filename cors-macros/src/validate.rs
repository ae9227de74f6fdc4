//! Checking a policy with the shared rules, at the tokens that wrote it.

use proc_macro2::Span;
use route_cors_rules::{
    validate, CheckedPolicy, Context, Located, ModuleSwitches, PolicyInput, ProblemKind,
};
use syn::{LitBool, LitStr};

use crate::args::{Args, Errors, Setting};

fn located(values: &[LitStr]) -> Vec<Located<String, Span>> {
    values
        .iter()
        .map(|lit| Located::new(lit.value(), lit.span()))
        .collect()
}

/// A `true` or `false` key, located at its value.
fn located_bool(setting: Option<&Setting<LitBool>>) -> Option<Located<bool, Span>> {
    setting.map(|setting| Located::new(setting.value.value, setting.value.span))
}

/// The switch keys a module writes, to check over its handlers.
pub(crate) fn module_switches(module: &Args) -> ModuleSwitches<Span> {
    ModuleSwitches::new(
        located_bool(module.refuse_cross_origin_writes.as_ref()).as_ref(),
        located_bool(module.allow_cross_origin_writes.as_ref()).as_ref(),
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
    let mut input = PolicyInput::new(context, whole);
    if let Some(origins) = &args.origins {
        input.origins = located(&origins.value);
    }
    if let Some(regexes) = &args.origin_regex {
        input.origin_regex = located(&regexes.value);
    }
    input.origin_fn = args.origin_fn.as_ref().map(|f| f.key.span());
    input.origin_fn_async = args.origin_fn_async.as_ref().map(|f| f.key.span());
    input.origins_from = args
        .origins_from
        .as_ref()
        .map(|name| Located::new(name.value.value(), name.value.span()));
    input.methods = args.methods.as_ref().map(|m| located(&m.value));
    input.headers = args.headers.as_ref().map(|h| located(&h.value));
    if let Some(expose) = &args.expose_headers {
        input.expose_headers = located(&expose.value);
    }
    input.credentials = located_bool(args.credentials.as_ref());
    input.max_age = args
        .max_age
        .as_ref()
        .map(|m| Located::new(m.value.value, m.value.span));
    input.private_network = args.private_network.as_ref().is_some_and(|p| p.value.value);
    input.allow_insecure_origins = args
        .allow_insecure_origins
        .as_ref()
        .is_some_and(|p| p.value.value);
    input.allow_null_origin = args
        .allow_null_origin
        .as_ref()
        .is_some_and(|p| p.value.value);
    input.refuse_cross_origin_writes = located_bool(args.refuse_cross_origin_writes.as_ref());
    input.allow_cross_origin_writes = located_bool(args.allow_cross_origin_writes.as_ref());
    input.switch_sources = args.switch_sources;

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
