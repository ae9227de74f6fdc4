//! Applying the attribute to what it is written on: a handler, a module of
//! handlers, or (for `policy!`) nothing at all.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use route_cors_rules::Context;
use syn::{Attribute, Item, ItemFn, ItemMod};

use crate::args::{parse_args, Args, Errors};
use crate::expand;
use crate::krate;
use crate::named::{self, resolve};
use crate::openapi;
use crate::route::{
    classify, is_bare, is_cors, read_routes, rewrite, scope_prefix, RouteAttribute, Routes,
};
use crate::validate::{check, InModule, ModuleCheck};

/// The item followed by the errors: the item stays so that the IDE keeps
/// working and no second error follows from its absence.
fn item_and_errors(item: impl ToTokens, error: syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote!(#item #errors)
}

/// Removes every `#[cors]` attribute from the item and, for a module, from
/// the functions in it: they were read already, and left in place they
/// would report the same problems again.
fn strip_cors(item: &mut Item) {
    let attrs = match item {
        Item::Fn(function) => &mut function.attrs,
        Item::Mod(module) => {
            if let Some((_, items)) = &mut module.content {
                items.iter_mut().for_each(strip_cors);
            }
            &mut module.attrs
        }
        _ => return,
    };
    attrs.retain(|attr| !is_cors(attr));
}

/// `#[cors(...)]` on an item.
pub(crate) fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut item = match syn::parse2::<Item>(input.clone()) {
        Ok(item @ (Item::Fn(_) | Item::Mod(_))) => item,
        Ok(_) | Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                "`#[cors]` goes on an actix-web handler (above its `#[get]`, `#[post]`, ... attribute) or on an inline module with `#[scope]`",
            );
            return item_and_errors(input, error);
        }
    };
    let raw = args.clone();
    let (args, errors) = match parse_args(args).and_then(resolve) {
        Ok(parsed) => parsed,
        Err(error) => {
            strip_cors(&mut item);
            return item_and_errors(item, error);
        }
    };
    if let Some(policy) = &args.policy {
        if errors.is_empty() {
            return named::expand_through(&policy.value, "cors", &raw, Some(&item));
        }
    }
    if args.policy_refused {
        strip_cors(&mut item);
        return item.into_token_stream();
    }
    let result = match item.clone() {
        Item::Fn(function) => {
            let mut errors = errors;
            if let Some(disabled) = &args.disabled {
                errors.push(syn::Error::new(
                    disabled.span(),
                    "`disabled` turns off the policy of an enclosing `#[cors]` module, and there is none here; remove the attribute",
                ));
            }
            handler(function, &args, errors, None, "")
        }
        Item::Mod(module) => module_of_handlers(module, &args, &raw, errors),
        _ => unreachable!("only functions and modules get here"),
    };
    result.unwrap_or_else(|error| {
        strip_cors(&mut item);
        item_and_errors(item, error)
    })
}

fn twice_error(attr: &Attribute) -> syn::Error {
    syn::Error::new_spanned(
        attr,
        "`#[cors]` is given twice on this item; merge the keys into one attribute",
    )
}

/// The enclosing `#[cors]` module of a handler: its keys, and what is
/// checked over all its handlers.
struct Module<'a> {
    args: &'a Args,
    check: &'a mut ModuleCheck,
}

/// Expands one handler. `errors` holds problems already found with its
/// keys; `scope` the enclosing module, if any; `prefix` the path prefix of
/// a `#[scope]` that has not run yet.
fn handler(
    mut function: ItemFn,
    own: &Args,
    mut errors: Errors,
    scope: Option<Module<'_>>,
    prefix: &str,
) -> syn::Result<TokenStream> {
    if let Some(attr) = function.attrs.iter().find(|attr| is_cors(attr)) {
        errors.push(twice_error(attr));
    }
    let mut routes = match read_routes(&function.attrs) {
        Ok(Some(routes)) => routes,
        // actix-web reports its own attribute's syntax errors.
        Err(_) => {
            errors.finish()?;
            return Ok(function.into_token_stream());
        }
        Ok(None) => {
            errors.push(syn::Error::new(
                Span::call_site(),
                "`#[cors]` found no route attribute below it; write it above `#[get(\"/path\")]` (or `#[post]`, `#[route]`, `#[routes]`, ...), not below",
            ));
            return Err(errors.finish().expect_err("an error was pushed"));
        }
    };
    // A module's handler is expanded with the module's attribute, whose
    // line `line!()` gives; its own keys were written on its own line.
    let own_line = match (&scope, own.first_policy_key()) {
        (Some(_), Some(key)) => Some(key.unwrap().line()),
        _ => None,
    };
    let keys = match &scope {
        None => expand::Keys::Own,
        Some(_) if own.first_policy_key().is_some() => expand::Keys::ModuleWithOverrides,
        Some(_) => expand::Keys::Module,
    };
    let name = function.sig.ident.clone();
    let (merged, in_module) = match scope {
        Some(Module { args, check }) => (
            own.clone().over(args),
            Some(InModule {
                module: check,
                handler: &name,
                own,
            }),
        ),
        None => (own.clone(), None),
    };
    let methods_inherited = merged.methods_inherited;
    let context = Context::Handler {
        route_methods: routes.methods(),
        methods_inherited,
    };
    // A problem of no one key is shown at the handler: for a named
    // policy, the keys were written elsewhere, at the declaration.
    let whole = if merged.named_policy.is_some() && in_module.is_none() {
        function.sig.ident.span()
    } else {
        Span::call_site()
    };
    let policy = check(&merged, context, whole, in_module, &mut errors);
    errors.finish()?;
    // Without an error here and without a policy, a key of the enclosing
    // module could not be read; the module reports it and drops this.
    let Some(policy) = policy else {
        return Ok(function.into_token_stream());
    };
    let krate = krate::path(merged.krate.as_ref().map(|k| &k.value));
    let origin_fn = merged.input.origin_fn.as_ref().map(|f| &f.value);
    let origin_fn_async = merged.input.origin_fn_async.as_ref().map(|f| &f.value);
    let openapi = openapi::take_path_attributes(&mut function, &mut routes, &krate);
    let alias = expand::alias();
    let mut paths = route_paths(&mut function, routes, prefix, Some(&alias))?;
    for path in &mut paths {
        let served: Vec<&str> = path.methods.iter().map(String::as_str).collect();
        let narrowed = policy.narrowed_to(&served);
        path.table = Some(expand::policy_table(
            &alias,
            &narrowed,
            origin_fn,
            origin_fn_async,
            &expand::Source::Handler(&function.sig.ident, keys, own_line),
            merged.named_policy.as_ref(),
        ));
    }
    let mut tokens = expand::handler(&krate, function, &paths);
    tokens.extend(openapi);
    Ok(tokens)
}

/// Expands a handler with `#[cors(disabled)]` in a `#[cors]` module: it
/// registers its paths as having no CORS, so that no enclosing policy
/// applies to it. A function without a route attribute is left alone.
fn disabled_handler(
    mut function: ItemFn,
    krate: &syn::Path,
    prefix: &str,
) -> syn::Result<TokenStream> {
    let Some(mut routes) = read_routes(&function.attrs)? else {
        return Ok(function.into_token_stream());
    };
    let openapi = openapi::take_path_attributes(&mut function, &mut routes, krate);
    let paths = route_paths(&mut function, routes, prefix, None)?;
    let mut tokens = expand::handler(krate, function, &paths);
    tokens.extend(openapi);
    Ok(tokens)
}

/// The distinct paths of a handler with the methods it serves on each, in
/// order; rewrites each route attribute with the prefix of a `#[scope]`
/// that has not run yet and, when `decorate` gives route-cors's path, the
/// decorator of its path's policy.
/// actix-web's `#[scope]` prefixes only the bare attributes (`#[get]`, not
/// `#[actix_web::get]`), and so does this.
fn route_paths(
    function: &mut ItemFn,
    routes: Routes,
    prefix: &str,
    decorate: Option<&syn::Path>,
) -> syn::Result<Vec<expand::PathPolicy>> {
    let mut paths: Vec<expand::PathPolicy> = Vec::new();
    let mut path_of_carrier = Vec::new();
    for (&index, registration) in routes.carriers.iter().zip(&routes.registrations) {
        let prefix = if is_bare(&function.attrs[index]) {
            prefix
        } else {
            ""
        };
        let full = format!("{prefix}{}", registration.path.value());
        let position = match paths.iter().position(|p| p.path.value() == full) {
            Some(position) => position,
            None => {
                paths.push(expand::PathPolicy {
                    path: syn::LitStr::new(&full, registration.path.span()),
                    methods: Vec::new(),
                    table: None,
                });
                paths.len() - 1
            }
        };
        for method in &registration.methods {
            if !paths[position].methods.contains(method) {
                paths[position].methods.push(method.clone());
            }
        }
        path_of_carrier.push((index, prefix, position));
    }
    for (index, prefix, position) in path_of_carrier {
        let decorator = match decorate {
            Some(krate) => expand::decorator_argument(krate, position),
            None => TokenStream::new(),
        };
        rewrite(&mut function.attrs[index], prefix, &decorator)?;
    }
    Ok(paths)
}

/// `#[cors(...)]` on a module: every handler inside gets the policy, each
/// handler's own `#[cors(...)]` replaces keys, `#[cors(disabled)]` opts out.
fn module_of_handlers(
    mut module: ItemMod,
    scope: &Args,
    raw: &TokenStream,
    mut errors: Errors,
) -> syn::Result<TokenStream> {
    if let Some(disabled) = &scope.disabled {
        errors.push(syn::Error::new(
            disabled.span(),
            "`disabled` goes on a handler inside a `#[cors]` module, not on the module; remove the module's attribute instead",
        ));
    }
    if let Some(attr) = module.attrs.iter().find(|attr| is_cors(attr)) {
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
        errors.push(syn::Error::new(
            Span::call_site(),
            "`#[cors]` on a module needs its items inline: write `mod name { ... }`",
        ));
        return Err(errors.finish().expect_err("an error was pushed"));
    };
    let mut handlers = 0;
    let mut deferred = false;
    let mut module_check = ModuleCheck::new(scope);
    for item in items.iter_mut() {
        // The handlers' `#[cors]` attributes are read here, so an import of
        // `cors` in the module is never used by name; it stays harmless.
        if let Item::Use(import) = item {
            if imports_cors(&import.tree) {
                import
                    .attrs
                    .push(syn::parse_quote!(#[allow(unused_imports)]));
            }
            continue;
        }
        let Item::Fn(function) = item else { continue };
        let (own, own_errors) = match function.attrs.iter().position(is_cors) {
            Some(index) => {
                let attr = function.attrs.remove(index);
                match attr_args(&attr) {
                    // A handler that names a policy is expanded on its own,
                    // once the policy's declaration has handed its keys
                    // back, with the module's keys carried along.
                    Ok((own, own_errors))
                        if own.policy.is_some()
                            && own.disabled.is_none()
                            && own_errors.is_empty() =>
                    {
                        let krate =
                            krate::path(own.clone().over(scope).krate.as_ref().map(|k| &k.value));
                        let keys = match &attr.meta {
                            syn::Meta::List(list) => list.tokens.clone(),
                            _ => TokenStream::new(),
                        };
                        let module_layer = quote::format_ident!("{}", crate::args::MODULE_LAYER);
                        function.attrs.insert(
                            index,
                            syn::parse_quote!(#[#krate::cors(#module_layer(#raw), #keys)]),
                        );
                        handlers += 1;
                        deferred = true;
                        continue;
                    }
                    Ok(parsed) => parsed,
                    Err(error) => {
                        errors.push(error);
                        continue;
                    }
                }
            }
            None => (Args::default(), Errors::default()),
        };
        let is_handler = function
            .attrs
            .iter()
            .any(|attr| classify(attr).is_some_and(|kind| kind != RouteAttribute::Scope));
        if own.disabled.is_some() {
            if let Some(key) = own.first_policy_key() {
                errors.push(syn::Error::new(
                    key,
                    "`disabled` turns CORS off for this handler, so other keys mean nothing; remove them or `disabled`",
                ));
                continue;
            }
            let krate = own.clone().over(scope).krate;
            let krate = krate::path(krate.as_ref().map(|k| &k.value));
            match disabled_handler(function.clone(), &krate, &prefix) {
                Ok(tokens) => *item = Item::Verbatim(tokens),
                Err(error) => errors.push(error),
            }
            continue;
        }
        if !is_handler && own.first_policy_key().is_none() && own_errors.is_empty() {
            continue;
        }
        handlers += 1;
        let module = Module {
            args: scope,
            check: &mut module_check,
        };
        match handler(function.clone(), &own, own_errors, Some(module), &prefix) {
            Ok(tokens) => *item = Item::Verbatim(tokens),
            Err(error) => errors.push(error),
        }
    }
    // A handler expanded on its own is not seen here: whether the
    // module's switch keys change anything on it is not known, so they
    // are not refused.
    if !deferred {
        for problem in module_check.switches.problems() {
            errors.push(syn::Error::new(problem.at, problem.message));
        }
    }
    if handlers == 0 && errors.is_empty() {
        errors.push(syn::Error::new(
            Span::call_site(),
            "this module has no handler for `#[cors]` to apply to; put `#[get(\"/path\")]` (or another route attribute) on its functions",
        ));
    }
    errors.finish()?;
    Ok(module.into_token_stream())
}

/// Whether a `use` tree brings a name `cors` into scope.
fn imports_cors(tree: &syn::UseTree) -> bool {
    match tree {
        syn::UseTree::Path(path) => imports_cors(&path.tree),
        syn::UseTree::Name(name) => name.ident == "cors",
        syn::UseTree::Rename(rename) => rename.ident == "cors",
        syn::UseTree::Glob(_) => false,
        syn::UseTree::Group(group) => group.items.iter().any(imports_cors),
    }
}

fn attr_args(attr: &Attribute) -> syn::Result<(Args, Errors)> {
    match &attr.meta {
        syn::Meta::List(list) => parse_args(list.tokens.clone()),
        syn::Meta::Path(_) => Ok((Args::default(), Errors::default())),
        syn::Meta::NameValue(meta) => Err(syn::Error::new_spanned(
            meta,
            "write `#[cors(key = value, ...)]`",
        )),
    }
}

/// Whether the macro is expanded from inside a string literal: actix-web's
/// route attributes parse `wrap = "..."` from a string, and every token
/// then carries the literal's span.
fn inside_string_literal() -> bool {
    Span::call_site().source_text().is_some_and(|text| {
        text.starts_with('"') || text.starts_with("r\"") || text.starts_with("r#")
    })
}

/// What `policy!` expands to: the middleware over its table, or the named
/// policy's declaration called back with the keys given here.
enum Expansion {
    Table(TokenStream),
    Named(TokenStream),
}

/// `policy!(...)`.
pub(crate) fn policy(input: TokenStream) -> TokenStream {
    if inside_string_literal() {
        let error = syn::Error::new(
            Span::call_site(),
            "`policy!` in a route's `wrap = \"...\"` never sees a preflight: the route's method guard sends `OPTIONS` elsewhere before any middleware runs; write `#[cors(...)]` with the same keys above the route attribute instead (or wrap a `web::scope` with `policy!`)",
        );
        let errors = error.to_compile_error();
        let krate = krate::found();
        return quote!({ #errors #krate::__private::placeholder() });
    }
    let mut krate = krate::found();
    let raw = input.clone();
    let result = parse_args(input).and_then(resolve).and_then(|(args, mut errors)| {
        if let Some(given) = &args.krate {
            krate = given.value.clone();
        }
        if let Some(policy) = &args.policy {
            if errors.is_empty() {
                return Ok(Expansion::Named(named::expand_through(&policy.value, "policy", &raw, None)));
            }
        }
        if let Some(disabled) = &args.disabled {
            errors.push(syn::Error::new(
                disabled.span(),
                "`disabled` belongs on a handler inside a `#[cors]` module; to have no CORS here, do not wrap the middleware",
            ));
            // The middleware is not meant to be there: what its keys would
            // allow is beside the point.
            return Err(errors.finish().expect_err("an error was pushed"));
        }
        let policy = check(&args, Context::Middleware, Span::call_site(), None, &mut errors);
        errors.finish()?;
        let Some(policy) = policy else {
            // Unreachable: a policy is refused only with an error.
            return Ok(Expansion::Named(quote!(#krate::__private::placeholder())));
        };
        Ok(Expansion::Table(expand::policy_table(
            &expand::alias(),
            &policy,
            args.input.origin_fn.as_ref().map(|f| &f.value),
            args.input.origin_fn_async.as_ref().map(|f| &f.value),
            &expand::Source::Middleware,
            args.named_policy.as_ref(),
        )))
    });
    match result {
        Ok(Expansion::Table(table)) => expand::middleware(&krate, table),
        Ok(Expansion::Named(tokens)) => tokens,
        Err(error) => {
            let errors = error.to_compile_error();
            quote!({ #errors #krate::__private::placeholder() })
        }
    }
}
