//! Named policies: `cors_policies!` declares policies once, and
//! `#[cors(policy = name)]`, a `#[cors]` module and `policy!` refer to them.
//!
//! A macro cannot read another item, so each declaration is itself a
//! macro: `#[cors(policy = spa, ...)]` expands to `spa! { cors [...] item }`,
//! which hands the item back to `#[cors]` with the policy's keys in a hidden
//! `__policy(spa; keys)` layer under the keys written there. The keys keep
//! the spans of the declaration, so a problem is reported where it was
//! written, and a misspelt name is rustc's "cannot find macro", which lists
//! the similar names in scope.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Ident, Visibility};

use crate::args::{parse_args, Args, Errors, NAMED_LAYER, POLICY_REFUSED};
use crate::krate;
use crate::validate::check;

/// Applies the hidden layers of `args`: a named policy's keys under the
/// keys written, and a module's keys under both.
pub(crate) fn resolve((mut args, mut errors): (Args, Errors)) -> syn::Result<(Args, Errors)> {
    if let Some(layer) = args.named.take() {
        let (named, named_errors) = parse_args(layer.keys)?;
        // The declaration reported these already; keep the build failing.
        if let Err(error) = named_errors.finish() {
            errors.push(error);
        }
        args = args.over_named(&named);
        args.named_policy = Some(layer.name);
    }
    if let Some(tokens) = args.module.take() {
        let (module, module_errors) = parse_args(tokens).and_then(resolve)?;
        if let Err(error) = module_errors.finish() {
            errors.push(error);
        }
        args = args.over(&module);
    }
    Ok((args, errors))
}

/// The call of a named policy's declaration: `name! { mode [keys] item }`,
/// with the keys written here other than `policy = name`.
pub(crate) fn expand_through(
    name: &syn::Path,
    mode: &str,
    keys: &TokenStream,
    item: Option<&dyn ToTokens>,
) -> TokenStream {
    let mut rest = TokenStream::new();
    for key in split_keys(keys) {
        let names_policy = matches!(
            key.as_slice(),
            [TokenTree::Ident(ident), TokenTree::Punct(eq), ..] if ident == "policy" && eq.as_char() == '='
        );
        if !names_policy && !key.is_empty() {
            rest.extend(quote!(,));
            rest.extend(key);
        }
    }
    let mode = Ident::new(mode, Span::call_site());
    let item = item.map(ToTokens::to_token_stream).unwrap_or_default();
    quote!(#name! { #mode [#rest] #item })
}

/// The attribute's keys, each as its tokens.
fn split_keys(keys: &TokenStream) -> Vec<Vec<TokenTree>> {
    let mut split = vec![Vec::new()];
    for token in keys.clone() {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => split.push(Vec::new()),
            _ => split.last_mut().map_or((), |key| key.push(token)),
        }
    }
    split
}

/// One declaration: `/// docs` `pub(crate) name(keys);`.
struct Declaration {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    keys: TokenStream,
}

struct Declarations(Vec<Declaration>);

impl Parse for Declarations {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut declarations = Vec::new();
        while !input.is_empty() {
            let attrs = input.call(Attribute::parse_outer)?;
            let vis = input.parse()?;
            let name = input.parse()?;
            let content;
            syn::parenthesized!(content in input);
            let keys = content.parse()?;
            declarations.push(Declaration {
                attrs,
                vis,
                name,
                keys,
            });
            if !input.is_empty() {
                input.parse::<syn::Token![;]>()?;
            }
        }
        Ok(Declarations(declarations))
    }
}

/// `cors_policies! { ... }`.
pub(crate) fn policies(input: TokenStream) -> TokenStream {
    let declarations = match syn::parse2::<Declarations>(input) {
        Ok(Declarations(declarations)) => declarations,
        Err(error) => return error.to_compile_error(),
    };
    declarations.into_iter().map(declaration).collect()
}

fn declaration(declaration: Declaration) -> TokenStream {
    let Declaration {
        attrs,
        mut vis,
        name,
        keys,
    } = declaration;
    let mut errors = Errors::default();
    if let Visibility::Public(public) = &vis {
        errors.push(syn::Error::new(
            public.span,
            format!("a named policy is shared within its crate; write `pub(crate) {name}(...)`"),
        ));
        vis = syn::parse_quote!(pub(crate));
    }
    let checked = match parse_args(keys.clone()) {
        Ok((args, parse_errors)) => {
            if let Err(error) = parse_errors.finish() {
                errors.push(error);
            }
            check_declared(&args, &name, &mut errors);
            Some(args)
        }
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let krate = krate::path(
        checked
            .as_ref()
            .and_then(|args| args.krate.as_ref())
            .map(|k| &k.value),
    );
    let hidden = format_ident!("__route_cors_policy_{}", name);
    let layer = Ident::new(NAMED_LAYER, Span::call_site());
    let refused = Ident::new(POLICY_REFUSED, Span::call_site());
    let docs = attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    let (rules, errors) = match errors.finish() {
        // A policy with a problem is reported here, once: where it is used,
        // the item stays as written, and the build fails on this error.
        Err(error) => (
            quote! {
                (cors [$($rest:tt)*] $($item:tt)*) => {
                    #[#krate::cors(#refused)]
                    $($item)*
                };
                (policy [$($rest:tt)*]) => { #krate::__private::placeholder() };
            },
            error.to_compile_error(),
        ),
        Ok(()) => (
            quote! {
                (cors [$($rest:tt)*] $($item:tt)*) => {
                    #[#krate::cors(#layer(#name; #keys) $($rest)*)]
                    $($item)*
                };
                (policy [$($rest:tt)*]) => {
                    #krate::policy!(#layer(#name; #keys) $($rest)*)
                };
            },
            TokenStream::new(),
        ),
    };
    quote! {
        #errors
        #[doc(hidden)]
        macro_rules! #hidden { #rules }
        #(#docs)*
        #vis use #hidden as #name;
    }
}

/// A declared policy is a whole policy that any route can use: checked
/// as a middleware's (a route's own methods are checked where it is used),
/// with no `disabled`, no other named policy, and function paths that
/// read the same from every module.
fn check_declared(args: &Args, name: &Ident, errors: &mut Errors) {
    if let Some(disabled) = &args.disabled {
        errors.push(syn::Error::new(
            disabled.span(),
            "`disabled` goes on a handler inside a `#[cors]` module, not in a named policy; remove it",
        ));
    }
    if let Some(policy) = &args.policy {
        errors.push(syn::Error::new(
            policy.key.span(),
            "a named policy cannot build on another; write the keys it needs",
        ));
    }
    let functions = [
        ("origin_fn", &args.input.origin_fn),
        ("origin_fn_async", &args.input.origin_fn_async),
    ];
    for (key, function) in functions {
        let Some(function) = function else { continue };
        let path = &function.value;
        let from_root = path.leading_colon.is_some()
            || path
                .segments
                .first()
                .is_some_and(|segment| segment.ident == "crate");
        if !from_root {
            let written = path.to_token_stream().to_string().replace(' ', "");
            errors.push(syn::Error::new_spanned(
                path,
                format!("a named policy is used from other modules, where `{written}` may name nothing; write `{key} = crate::` followed by the module path of `{written}`"),
            ));
        }
    }
    check(
        args,
        route_cors_rules::Context::Middleware,
        name.span(),
        None,
        errors,
    );
}
