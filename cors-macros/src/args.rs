//! Parsing the keys of `#[cors(...)]` and `policy!(...)`.
//!
//! Parsing only reads the syntax and the value types; what the values mean
//! is checked by `validate`. Every problem is collected, so that one build
//! reports them all.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitBool, LitStr, Token};

use route_cors_rules::{KeySource, SwitchSources};

use crate::suggest::{alias, closest};

/// The keys a policy accepts, in the order the docs list them.
pub(crate) const KEYS: &[&str] = &[
    "origins",
    "origins_from",
    "origin_regex",
    "origin_fn",
    "origin_fn_async",
    "methods",
    "headers",
    "expose_headers",
    "credentials",
    "max_age",
    "private_network",
    "refuse_cross_origin_writes",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_null_origin",
    "dangerously_allow_cross_origin_writes",
    "disabled",
    "crate",
];

/// A key's value, with the key it was written under.
#[derive(Clone)]
pub(crate) struct Setting<T> {
    pub(crate) key: Ident,
    pub(crate) value: T,
}

/// A literal integer, possibly negated, with its span.
#[derive(Clone)]
pub(crate) struct Seconds {
    pub(crate) value: i64,
    pub(crate) span: Span,
}

/// The keys of one `#[cors(...)]` or `policy!(...)`.
#[derive(Clone, Default)]
pub(crate) struct Args {
    pub(crate) origins: Option<Setting<Vec<LitStr>>>,
    pub(crate) origin_regex: Option<Setting<Vec<LitStr>>>,
    pub(crate) origins_from: Option<Setting<LitStr>>,
    pub(crate) origin_fn: Option<Setting<syn::Path>>,
    pub(crate) origin_fn_async: Option<Setting<syn::Path>>,
    pub(crate) methods: Option<Setting<Vec<LitStr>>>,
    pub(crate) headers: Option<Setting<Vec<LitStr>>>,
    pub(crate) expose_headers: Option<Setting<Vec<LitStr>>>,
    pub(crate) credentials: Option<Setting<LitBool>>,
    pub(crate) max_age: Option<Setting<Seconds>>,
    pub(crate) private_network: Option<Setting<LitBool>>,
    pub(crate) allow_insecure_origins: Option<Setting<LitBool>>,
    pub(crate) allow_null_origin: Option<Setting<LitBool>>,
    pub(crate) refuse_cross_origin_writes: Option<Setting<LitBool>>,
    pub(crate) allow_cross_origin_writes: Option<Setting<LitBool>>,
    /// Where the two keys above came from (the handler's attribute or its
    /// module's, as [`over`](Self::over) merges them), and their order.
    pub(crate) switch_sources: SwitchSources,
    pub(crate) disabled: Option<Ident>,
    /// `crate = "path::to::route_cors"`: where generated code finds
    /// route-cors, when not under the name the `Cargo.toml` gives it.
    pub(crate) krate: Option<Setting<syn::Path>>,
    /// The keys written with a value the macro cannot read. Each has its
    /// error already; the checks that would follow from the key being
    /// absent (no origin source) are skipped, so one mistake gives one
    /// error.
    pub(crate) unreadable: Vec<String>,
}

/// One `key` or `key = value` item, before its value is interpreted.
struct Item {
    key: Ident,
    value: Option<Expr>,
}

impl Parse for Item {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let key = input.call(syn::ext::IdentExt::parse_any)?;
        let value = if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(Item { key, value })
    }
}

/// Parses the attribute's tokens. Syntax errors stop parsing. A problem
/// with a key or a value type leaves that key out of the returned `Args`
/// and is collected into the returned errors, so that the valid keys can
/// still be checked and every problem reported in one build.
pub(crate) fn parse_args(tokens: proc_macro2::TokenStream) -> syn::Result<(Args, Errors)> {
    let items =
        syn::parse::Parser::parse2(Punctuated::<Item, Token![,]>::parse_terminated, tokens)?;
    let mut args = Args::default();
    let mut errors = Errors::default();
    for Item { key, value } in items {
        let name = key.to_string();
        match name.as_str() {
            "origins" => {
                let value = strings(value, &name);
                set(
                    &mut args.origins,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "origin_regex" => {
                let value = strings(value, &name);
                set(
                    &mut args.origin_regex,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "methods" => {
                let value = strings(value, &name);
                set(
                    &mut args.methods,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "headers" => {
                let value = strings(value, &name);
                set(
                    &mut args.headers,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "expose_headers" => {
                let value = strings(value, &name);
                set(
                    &mut args.expose_headers,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "origin_fn" => {
                let value = path(value, &name);
                set(
                    &mut args.origin_fn,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "origin_fn_async" => {
                let value = path(value, &name);
                set(
                    &mut args.origin_fn_async,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "origins_from" => {
                let value = set_name(value);
                set(
                    &mut args.origins_from,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "credentials" => {
                let value = boolean(value, &name);
                set(
                    &mut args.credentials,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "private_network" => {
                let value = boolean(value, &name);
                set(
                    &mut args.private_network,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "dangerously_allow_insecure_origins" => {
                let value = boolean(value, &name);
                set(
                    &mut args.allow_insecure_origins,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "dangerously_allow_null_origin" => {
                let value = boolean(value, &name);
                set(
                    &mut args.allow_null_origin,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "refuse_cross_origin_writes" => {
                let value = boolean(value, &name);
                set(
                    &mut args.refuse_cross_origin_writes,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "dangerously_allow_cross_origin_writes" => {
                let value = boolean(value, &name);
                if args.allow_cross_origin_writes.is_none() {
                    args.switch_sources.allow_first = args.refuse_cross_origin_writes.is_none();
                }
                set(
                    &mut args.allow_cross_origin_writes,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "max_age" => {
                let value = seconds(value);
                set(
                    &mut args.max_age,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "crate" => {
                let value = crate_path(value);
                set(
                    &mut args.krate,
                    key,
                    value,
                    &mut args.unreadable,
                    &mut errors,
                );
            }
            "disabled" => match value {
                Some(value) => errors.push(syn::Error::new_spanned(
                    value,
                    "`disabled` takes no value; write `#[cors(disabled)]`",
                )),
                None if args.disabled.is_some() => errors.push(repeated(&key)),
                None => args.disabled = Some(key),
            },
            _ => {
                let (error, meant) = unknown_key(&key, value.as_ref());
                errors.push(error);
                // The key meant is not given, so leave out the checks that
                // would report its absence.
                args.unreadable.push(meant.unwrap_or(name));
            }
        }
    }
    Ok((args, errors))
}

/// Collects errors so that all of them are reported together.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Stores a key's value, or its error; a key whose value cannot be read is
/// recorded in `unreadable`.
fn set<T>(
    slot: &mut Option<Setting<T>>,
    key: Ident,
    value: syn::Result<T>,
    unreadable: &mut Vec<String>,
    errors: &mut Errors,
) {
    if slot.is_some() || unreadable.contains(&key.to_string()) {
        errors.push(repeated(&key));
        return;
    }
    match value {
        Ok(value) => *slot = Some(Setting { key, value }),
        Err(error) => {
            unreadable.push(key.to_string());
            errors.push(error);
        }
    }
}

fn repeated(key: &Ident) -> syn::Error {
    syn::Error::new(
        key.span(),
        format!("`{key}` is given twice; keep one (a list takes several values: `{key} = [\"a\", \"b\"]`)"),
    )
}

/// The error for an unknown key, and the key it most likely means. The
/// hint is itself a valid key: another API's name for it, or the closest
/// spelling, written with the value given when that value can be printed.
fn unknown_key(key: &Ident, value: Option<&Expr>) -> (syn::Error, Option<String>) {
    let name = key.to_string();
    if let Some((known, fixed)) = alias(&name) {
        let value = fixed.map(str::to_owned).or_else(|| value.and_then(printed));
        let error = syn::Error::new(
            key.span(),
            format!(
                "unknown key `{name}` (actix-cors's or the builder's spelling); did you mean `{known}`? write `{}`",
                written(known, value)
            ),
        );
        return (error, Some(known.to_owned()));
    }
    let known = closest(&name, KEYS);
    let hint = match known {
        Some(known) => format!(
            "did you mean `{known}`? write `{}`; ",
            written(known, value.and_then(printed))
        ),
        None => String::new(),
    };
    let error = syn::Error::new(
        key.span(),
        format!(
            "unknown key `{name}`; {hint}valid keys: {}",
            KEYS.join(", ")
        ),
    );
    (error, known.map(str::to_owned))
}

/// `key = value` as a user writes it, with `value` or else the key's
/// example.
fn written(key: &str, value: Option<String>) -> String {
    match key {
        "disabled" => key.to_owned(),
        _ => format!(
            "{key} = {}",
            value.unwrap_or_else(|| example(key).to_owned())
        ),
    }
}

/// A value that works for `key` in most places.
fn example(key: &str) -> &'static str {
    match key {
        "origins" => "[\"https://app.example.com\"]",
        "origin_regex" => "r\"https://[a-z0-9-]+\\.example\\.com\"",
        "origin_fn" | "origin_fn_async" => "allowed_origin",
        "origins_from" => "\"frontend\"",
        "methods" => "[\"GET\"]",
        "max_age" => "600",
        "crate" => "\"::route_cors\"",
        "headers" | "expose_headers" => "[\"x-request-id\"]",
        _ => "true",
    }
}

/// A value as its source wrote it, when it is literals or a path.
fn printed(value: &Expr) -> Option<String> {
    match value {
        Expr::Lit(lit) => Some(quote::ToTokens::to_token_stream(&lit.lit).to_string()),
        Expr::Path(path) if path.qself.is_none() => Some(
            quote::ToTokens::to_token_stream(&path.path)
                .to_string()
                .replace(' ', ""),
        ),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) if matches!(**expr, Expr::Lit(_)) => printed(expr).map(|n| format!("-{n}")),
        Expr::Array(array) => {
            let elements: Option<Vec<String>> = array.elems.iter().map(printed).collect();
            Some(format!("[{}]", elements?.join(", ")))
        }
        _ => None,
    }
}

fn needs_value(key: &str, example: &str) -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        format!("`{key}` needs a value; write `{key} = {example}`"),
    )
}

/// A string, or a list of strings: `"a"` or `["a", "b"]`. Anything else
/// is one error at the value, saying what to write; an element that is not
/// a string literal is one error at that element.
fn strings(value: Option<Expr>, key: &str) -> syn::Result<Vec<LitStr>> {
    let value = value.ok_or_else(|| needs_value(key, example(key)))?;
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(vec![lit]),
        Expr::Array(array) => {
            let mut errors = Errors::default();
            let mut values = Vec::new();
            let written = array.elems.len();
            for element in array.elems {
                match element {
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }) => values.push(lit),
                    other => errors.push(not_strings(&other, key)),
                }
            }
            if written == 0 && key != "headers" && key != "expose_headers" {
                errors.push(syn::Error::new(
                    array.bracket_token.span.join(),
                    format!("`{key}` is an empty list; write `{key} = {}`", example(key)),
                ));
            }
            errors.finish()?;
            Ok(values)
        }
        other => Err(not_strings(&other, key)),
    }
}

/// The error for a value of a string key that is not a string literal or
/// a list of them. The macro reads the values while compiling, so a
/// `vec![]`, a constant or a macro call cannot be read; the hint writes
/// the literals such a value names, when it can see them.
fn not_strings(value: &Expr, key: &str) -> syn::Error {
    let literal = literal_form(value, key).unwrap_or_else(|| example(key).to_owned());
    syn::Error::new_spanned(
        value,
        format!(
            "`{key}` takes a string literal or a list of string literals, which the macro reads while compiling (not a `vec![]`, a constant or a macro call); write `{key} = {literal}`"
        ),
    )
}

/// The literal spelling of a value the macro cannot read: `vec!["a"]` is
/// `["a"]`, `Method::GET` is `"GET"`.
fn literal_form(value: &Expr, key: &str) -> Option<String> {
    match value {
        Expr::Macro(call) if call.mac.path.is_ident("vec") => {
            let elements = call
                .mac
                .parse_body_with(Punctuated::<LitStr, Token![,]>::parse_terminated)
                .ok()?;
            let elements: Vec<String> = elements
                .iter()
                .map(|lit| quote::ToTokens::to_token_stream(lit).to_string())
                .collect();
            (!elements.is_empty()).then(|| format!("[{}]", elements.join(", ")))
        }
        Expr::Path(path) if key == "methods" && path.qself.is_none() => {
            let method = path.path.segments.last()?.ident.to_string();
            route_cors_rules::check_method(&method)
                .ok()
                .filter(|checked| *checked == method)
                .map(|_| format!("\"{method}\""))
        }
        _ => None,
    }
}

fn boolean(value: Option<Expr>, key: &str) -> syn::Result<LitBool> {
    match value {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        })) => Ok(lit),
        Some(other) => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` takes `true` or `false`; write `{key} = true`"),
        )),
        None => Err(needs_value(key, "true")),
    }
}

fn path(value: Option<Expr>, key: &str) -> syn::Result<syn::Path> {
    match value {
        Some(Expr::Path(expr)) if expr.qself.is_none() => Ok(expr.path),
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{key}` takes a path to a function, not a string; write `{key} = {}`",
                lit.value()
            ),
        )),
        Some(other) => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` takes a path to a function; write `{key} = allowed_origin`"),
        )),
        None => Err(needs_value(key, "allowed_origin")),
    }
}

/// `origins_from = "name"`: the name of an origin set configured at
/// start-up, a string literal of letters, digits, `_` and `-`; a list of
/// one name means the same, as for every key that takes a list.
fn set_name(value: Option<Expr>) -> syn::Result<LitStr> {
    let example = example("origins_from");
    match value {
        Some(Expr::Array(array)) if array.elems.len() == 1 => {
            set_name(array.elems.into_iter().next())
        }
        Some(Expr::Array(array)) => Err(syn::Error::new_spanned(
            array,
            format!("`origins_from` names one origin set: a route takes its origins from one set, which can hold every origin it needs; write `origins_from = {example}`"),
        )),
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => {
            let name = lit.value();
            if !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                Ok(lit)
            } else {
                Err(syn::Error::new(
                    lit.span(),
                    format!("`origins_from` names an origin set configured at start-up with letters, digits, `_` and `-` (the origins themselves go in `OriginSets`); write `origins_from = {example}`"),
                ))
            }
        }
        Some(other) => Err(syn::Error::new_spanned(
            other,
            format!("`origins_from` takes the name of an origin set, a string literal; write `origins_from = {example}`"),
        )),
        None => Err(needs_value("origins_from", example)),
    }
}

/// `crate = "path::to::route_cors"`: a path in a string, as serde and tokio
/// take it.
fn crate_path(value: Option<Expr>) -> syn::Result<syn::Path> {
    let example = example("crate");
    match value {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        })) => lit.parse::<syn::Path>().map_err(|_| {
            syn::Error::new(
                lit.span(),
                format!("`crate` takes the path of route-cors, such as `::route_cors` or `my_crate::route_cors`; write `crate = {example}`"),
            )
        }),
        Some(Expr::Path(path)) if path.qself.is_none() => {
            let written = printed(&Expr::Path(path.clone())).unwrap_or_default();
            Err(syn::Error::new_spanned(
                path,
                format!("`crate` takes the path in a string; write `crate = \"{written}\"`"),
            ))
        }
        Some(other) => Err(syn::Error::new_spanned(
            other,
            format!("`crate` takes the path of route-cors in a string, such as `\"my_crate::route_cors\"`; write `crate = {example}`"),
        )),
        None => Err(needs_value("crate", example)),
    }
}

fn seconds(value: Option<Expr>) -> syn::Result<Seconds> {
    let wrong = |expr: &dyn quote::ToTokens| {
        syn::Error::new_spanned(
            expr,
            "`max_age` takes a number of seconds; write `max_age = 600`",
        )
    };
    match value {
        Some(Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        })) => Ok(Seconds {
            value: lit.base10_parse().unwrap_or(i64::MAX),
            span: lit.span(),
        }),
        Some(Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        })) if matches!(
            &*expr,
            Expr::Lit(ExprLit {
                lit: Lit::Int(_),
                ..
            })
        ) =>
        {
            let span = expr.span();
            let Expr::Lit(ExprLit {
                lit: Lit::Int(lit), ..
            }) = *expr
            else {
                unreachable!("matched above")
            };
            Ok(Seconds {
                value: lit.base10_parse::<i64>().map_or(i64::MIN, |n| -n),
                span,
            })
        }
        Some(other) => Err(wrong(&other)),
        None => Err(needs_value("max_age", "600")),
    }
}

impl Args {
    /// Whether any key other than `disabled` is given.
    pub(crate) fn first_policy_key(&self) -> Option<&Ident> {
        [
            self.origins.as_ref().map(|s| &s.key),
            self.origin_regex.as_ref().map(|s| &s.key),
            self.origins_from.as_ref().map(|s| &s.key),
            self.origin_fn.as_ref().map(|s| &s.key),
            self.origin_fn_async.as_ref().map(|s| &s.key),
            self.methods.as_ref().map(|s| &s.key),
            self.headers.as_ref().map(|s| &s.key),
            self.expose_headers.as_ref().map(|s| &s.key),
            self.credentials.as_ref().map(|s| &s.key),
            self.max_age.as_ref().map(|s| &s.key),
            self.private_network.as_ref().map(|s| &s.key),
            self.allow_insecure_origins.as_ref().map(|s| &s.key),
            self.allow_null_origin.as_ref().map(|s| &s.key),
            self.refuse_cross_origin_writes.as_ref().map(|s| &s.key),
            self.allow_cross_origin_writes.as_ref().map(|s| &s.key),
        ]
        .into_iter()
        .flatten()
        .next()
    }

    /// This handler's keys over a scope's: each key the handler names
    /// replaces the scope's, the others are inherited.
    pub(crate) fn over(self, scope: &Args) -> Args {
        let switch_sources = self.switch_sources_over(scope);
        Args {
            origins: self.origins.or_else(|| scope.origins.clone()),
            origin_regex: self.origin_regex.or_else(|| scope.origin_regex.clone()),
            origins_from: self.origins_from.or_else(|| scope.origins_from.clone()),
            origin_fn: self
                .origin_fn
                .or_else(|| scope.origin_fn.clone().map(from_parent_module)),
            origin_fn_async: self
                .origin_fn_async
                .or_else(|| scope.origin_fn_async.clone().map(from_parent_module)),
            methods: self.methods.or_else(|| scope.methods.clone()),
            headers: self.headers.or_else(|| scope.headers.clone()),
            expose_headers: self.expose_headers.or_else(|| scope.expose_headers.clone()),
            credentials: self.credentials.or_else(|| scope.credentials.clone()),
            max_age: self.max_age.or_else(|| scope.max_age.clone()),
            private_network: self
                .private_network
                .or_else(|| scope.private_network.clone()),
            allow_insecure_origins: self
                .allow_insecure_origins
                .or_else(|| scope.allow_insecure_origins.clone()),
            allow_null_origin: self
                .allow_null_origin
                .or_else(|| scope.allow_null_origin.clone()),
            switch_sources,
            refuse_cross_origin_writes: self
                .refuse_cross_origin_writes
                .or_else(|| scope.refuse_cross_origin_writes.clone()),
            allow_cross_origin_writes: self
                .allow_cross_origin_writes
                .or_else(|| scope.allow_cross_origin_writes.clone()),
            disabled: self.disabled,
            krate: self
                .krate
                .or_else(|| scope.krate.clone().map(crate_from_parent_module)),
            unreadable: self
                .unreadable
                .into_iter()
                .chain(scope.unreadable.iter().cloned())
                .collect(),
        }
    }

    /// Where each switch key of this handler's keys over the module's
    /// comes from: a key the handler does not write is inherited; a
    /// `false` the handler writes over the module's `true` switches it off.
    /// Their order is the handler's where it writes either, else the
    /// module's.
    fn switch_sources_over(&self, scope: &Args) -> SwitchSources {
        fn source(own: Option<&Setting<LitBool>>, module: Option<&Setting<LitBool>>) -> KeySource {
            match (own, module) {
                (None, Some(_)) => KeySource::Module,
                (Some(own), Some(module)) if !own.value.value && module.value.value => {
                    KeySource::OverModule
                }
                _ => KeySource::Own,
            }
        }
        let writes_either =
            self.refuse_cross_origin_writes.is_some() || self.allow_cross_origin_writes.is_some();
        SwitchSources {
            refuse: source(
                self.refuse_cross_origin_writes.as_ref(),
                scope.refuse_cross_origin_writes.as_ref(),
            ),
            allow: source(
                self.allow_cross_origin_writes.as_ref(),
                scope.allow_cross_origin_writes.as_ref(),
            ),
            allow_first: if writes_either {
                self.switch_sources.allow_first
            } else {
                scope.switch_sources.allow_first
            },
        }
    }

    /// Whether a key that names an origin source was written but could not
    /// be read (or was misspelt): the policy's lack of an origin source is
    /// then that key's error, not one of its own.
    pub(crate) fn origin_source_unreadable(&self) -> bool {
        self.unreadable.iter().any(|key| {
            matches!(
                key.as_str(),
                "origins" | "origins_from" | "origin_regex" | "origin_fn" | "origin_fn_async"
            ) || !KEYS.contains(&key.as_str())
        })
    }
}

/// The `crate` path written on a module, as seen from inside that module.
/// Only a path that starts at a module (`self::`, `super::`) gains a
/// `super::`: a path that starts with a name most likely starts with a
/// crate (`my_framework::route_cors`), which `super::` would hide.
fn crate_from_parent_module(setting: Setting<syn::Path>) -> Setting<syn::Path> {
    let first = setting.value.segments.first().map(|s| s.ident.to_string());
    let module_relative =
        setting.value.leading_colon.is_none() && matches!(first.as_deref(), Some("self" | "super"));
    if module_relative {
        from_parent_module(setting)
    } else {
        setting
    }
}

/// A path written on a module, as seen from inside that module: relative
/// paths gain one `super::`.
fn from_parent_module(mut setting: Setting<syn::Path>) -> Setting<syn::Path> {
    let path = &mut setting.value;
    let first = path.segments.first().map(|s| s.ident.to_string());
    let absolute =
        path.leading_colon.is_some() || matches!(first.as_deref(), Some("crate" | "$crate"));
    if !absolute {
        let span = path
            .segments
            .first()
            .map_or_else(Span::call_site, |s| s.ident.span());
        if first.as_deref() == Some("self") {
            path.segments[0].ident = Ident::new("super", span);
        } else {
            path.segments
                .insert(0, syn::PathSegment::from(Ident::new("super", span)));
        }
    }
    setting
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::ALIASES;

    fn args(tokens: proc_macro2::TokenStream) -> Args {
        let (args, errors) = parse_args(tokens).unwrap();
        assert!(errors.is_empty());
        args
    }

    #[test]
    fn switch_keys_are_inherited_one_by_one() {
        use quote::quote;
        use KeySource::{Module, OverModule, Own};
        let module = args(quote!(
            dangerously_allow_cross_origin_writes = true,
            refuse_cross_origin_writes = true
        ));
        assert!(module.switch_sources.allow_first);
        // The handler's keys; where each switch key comes from, and whose
        // order counts.
        let cases = [
            (quote!(), Module, Module, true),
            (
                quote!(refuse_cross_origin_writes = true),
                Own,
                Module,
                false,
            ),
            (
                quote!(refuse_cross_origin_writes = false),
                OverModule,
                Module,
                false,
            ),
            (
                quote!(dangerously_allow_cross_origin_writes = false),
                Module,
                OverModule,
                true,
            ),
        ];
        for (handler, refuse, allow, allow_first) in cases {
            let merged = args(handler.clone()).over(&module);
            let expected = SwitchSources {
                refuse,
                allow,
                allow_first,
            };
            assert_eq!(merged.switch_sources, expected, "{handler}");
            assert!(merged.refuse_cross_origin_writes.is_some(), "{handler}");
            assert!(merged.allow_cross_origin_writes.is_some(), "{handler}");
        }
        let alone = args(quote!(refuse_cross_origin_writes = false)).over(&Args::default());
        assert_eq!(alone.switch_sources, SwitchSources::default());
    }

    #[test]
    fn aliases_name_known_keys() {
        for (name, key, _) in ALIASES {
            assert!(KEYS.contains(key), "{name} -> {key}");
            assert!(!KEYS.contains(name), "{name} is a key");
        }
    }
}
