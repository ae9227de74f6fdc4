//! Applying the attribute to what it is written on: a handler, a module of
//! handlers, or (for `policy!`) nothing at all.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use route_cors_rules::Context;
use syn::{Attribute, Item, ItemFn, ItemMod};

use crate::args::{parse_args, Args, Errors};
use crate::expand;
use crate::route::{classify, is_cors, read_routes, rewrite, scope_prefix, RouteAttribute};
use crate::validate::check;

/// The item unchanged, followed by the errors: the item stays so that the
/// IDE keeps working and no second error follows from its absence.
fn item_and_errors(item: TokenStream, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!(#item #errors)
}

/// `#[cors(...)]` on an item.
pub(crate) fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    let args = parse_args(args);
    match syn::parse2::<Item>(input.clone()) {
        Ok(Item::Fn(function)) => {
            let result = args.and_then(|args| {
                if let Some(disabled) = &args.disabled {
                    return Err(syn::Error::new(
                        disabled.span(),
                        "`disabled` turns off the policy of an enclosing `#[cors]` module, and there is none here; remove the attribute",
                    ));
                }
                handler(function, &args, None, "")
            });
            result.unwrap_or_else(|error| item_and_errors(input, error))
        }
        Ok(Item::Mod(module)) => {
            module_of_handlers(module, args).unwrap_or_else(|error| item_and_errors(input, error))
        }
        Ok(_) | Err(_) => {
            let mut error = syn::Error::new(
                Span::call_site(),
                "`#[cors]` goes on an actix-web handler (above its `#[get]`, `#[post]`, ... attribute) or on an inline module with `#[scope]`",
            );
            if let Err(args_error) = args {
                error.combine(args_error);
            }
            item_and_errors(input, error)
        }
    }
}

/// Where a second `#[cors]` on the same item is.
fn second_cors(attrs: &[Attribute]) -> Option<&Attribute> {
    attrs.iter().find(|attr| is_cors(attr))
}

fn twice_error(attr: &Attribute) -> syn::Error {
    syn::Error::new_spanned(
        attr,
        "`#[cors]` is given twice on this item; merge the keys into one attribute",
    )
}

/// Expands one handler. `scope` holds the enclosing module's keys, if any;
/// `prefix` the path prefix of a `#[scope]` that has not run yet.
fn handler(
    mut function: ItemFn,
    own: &Args,
    scope: Option<&Args>,
    prefix: &str,
) -> syn::Result<TokenStream> {
    let mut errors = Errors::default();
    if let Some(attr) = second_cors(&function.attrs) {
        errors.push(twice_error(attr));
    }
    let routes = match read_routes(&function.attrs) {
        Ok(Some(routes)) => routes,
        // actix-web reports its own attribute's syntax errors.
        Err(_) => return Ok(function.into_token_stream()),
        Ok(None) => {
            errors.push(syn::Error::new(
                Span::call_site(),
                "`#[cors]` found no route attribute below it; write it above `#[get(\"/path\")]` (or `#[post]`, `#[route]`, `#[routes]`, ...), not below",
            ));
            errors.finish()?;
            unreachable!("an error was pushed");
        }
    };
    let (merged, methods_inherited) = match scope {
        Some(scope) => (
            own.clone().over(scope),
            own.methods.is_none() && scope.methods.is_some(),
        ),
        None => (own.clone(), false),
    };
    let context = Context::Handler {
        route_methods: routes.methods(),
        methods_inherited,
    };
    let whole = if scope.is_some() && own.first_policy_key().is_none() {
        routes.span
    } else {
        Span::call_site()
    };
    let policy = match check(&merged, context, whole) {
        Ok(policy) => Some(policy),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    errors.finish()?;
    let policy = policy.expect("checked");

    let decorator = expand::decorator_argument();
    for &index in &routes.carriers {
        rewrite(&mut function.attrs[index], prefix, &decorator)?;
    }
    let registrations = read_routes(&function.attrs)?
        .expect("the route attributes are still there")
        .registrations;
    let table = expand::policy_table(&policy, merged.origin_fn.as_ref().map(|f| &f.value));
    Ok(expand::handler(function, table, &registrations))
}

/// `#[cors(...)]` on a module: every handler inside gets the policy, each
/// handler's own `#[cors(...)]` replaces keys, `#[cors(disabled)]` opts out.
fn module_of_handlers(mut module: ItemMod, args: syn::Result<Args>) -> syn::Result<TokenStream> {
    let scope = args?;
    if let Some(disabled) = &scope.disabled {
        return Err(syn::Error::new(
            disabled.span(),
            "`disabled` goes on a handler inside a `#[cors]` module, not on the module; remove the module's attribute instead",
        ));
    }
    let mut errors = Errors::default();
    if let Some(attr) = second_cors(&module.attrs) {
        errors.push(twice_error(attr));
    }
    // A `#[scope]` below this attribute has not run yet: it only prefixes
    // the paths of route attributes on the module's functions, which this
    // expansion moves out of its reach, so the prefix is applied here.
    let prefix = module
        .attrs
        .iter()
        .find(|attr| classify(attr) == Some(RouteAttribute::Scope))
        .and_then(scope_prefix)
        .unwrap_or_default();
    let Some((_, items)) = &mut module.content else {
        return Err(syn::Error::new(
            Span::call_site(),
            "`#[cors]` on a module needs its items inline: write `mod name { ... }`",
        ));
    };
    let mut expanded_any = false;
    for item in items.iter_mut() {
        let Item::Fn(function) = item else { continue };
        let own = match function.attrs.iter().position(is_cors) {
            Some(index) => {
                let attr = function.attrs.remove(index);
                match attr_args(&attr) {
                    Ok(own) => Some(own),
                    Err(error) => {
                        errors.push(error);
                        continue;
                    }
                }
            }
            None => None,
        };
        let is_handler = function
            .attrs
            .iter()
            .any(|attr| classify(attr).is_some_and(|kind| kind != RouteAttribute::Scope));
        let own = match own {
            Some(own) if own.disabled.is_some() => {
                if let Some(key) = own.first_policy_key() {
                    errors.push(syn::Error::new(
                        key.span(),
                        "`disabled` turns CORS off for this handler, so other keys mean nothing; remove them or `disabled`",
                    ));
                }
                continue;
            }
            Some(own) => own,
            None if is_handler => Args::default(),
            None => continue,
        };
        let span = function.sig.ident.span();
        let tokens = handler(function.clone(), &own, Some(&scope), &prefix).map_err(|error| {
            // Errors found at the module's keys apply to this handler; say which.
            let mut note = syn::Error::new(
                span,
                format!("in the policy of handler `{}`", function.sig.ident),
            );
            note.combine(error);
            note
        });
        match tokens {
            Ok(tokens) => {
                *item = Item::Verbatim(tokens);
                expanded_any = true;
            }
            Err(error) => errors.push(error),
        }
    }
    if !expanded_any && errors.is_empty() {
        errors.push(syn::Error::new(
            Span::call_site(),
            "this module has no handler for `#[cors]` to apply to; put `#[get(\"/path\")]` (or another route attribute) on its functions",
        ));
    }
    errors.finish()?;
    Ok(module.into_token_stream())
}

fn attr_args(attr: &Attribute) -> syn::Result<Args> {
    match &attr.meta {
        syn::Meta::List(list) => parse_args(list.tokens.clone()),
        syn::Meta::Path(_) => Ok(Args::default()),
        syn::Meta::NameValue(meta) => Err(syn::Error::new_spanned(
            meta,
            "write `#[cors(key = value, ...)]`",
        )),
    }
}

/// `policy!(...)`.
pub(crate) fn policy(input: TokenStream) -> TokenStream {
    let result = parse_args(input).and_then(|args| {
        if let Some(disabled) = &args.disabled {
            return Err(syn::Error::new(
                disabled.span(),
                "`disabled` belongs on a handler inside a `#[cors]` module; to have no CORS here, do not wrap the middleware",
            ));
        }
        let policy = check(&args, Context::Middleware, Span::call_site())?;
        Ok(expand::policy_table(&policy, args.origin_fn.as_ref().map(|f| &f.value)))
    });
    match result {
        Ok(table) => expand::middleware(table),
        Err(error) => {
            let errors = error.to_compile_error();
            quote!({ #errors ::route_cors::Cors::new(::core::unreachable!()) })
        }
    }
}
