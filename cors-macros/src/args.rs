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

use crate::suggest::closest;

/// The keys a policy accepts, in the order the docs list them.
pub(crate) const KEYS: &[&str] = &[
    "origins",
    "origin_regex",
    "origin_fn",
    "methods",
    "headers",
    "expose_headers",
    "credentials",
    "max_age",
    "private_network",
    "dangerously_allow_insecure_origins",
    "dangerously_allow_null_origin",
    "disabled",
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
    pub(crate) origin_fn: Option<Setting<syn::Path>>,
    pub(crate) methods: Option<Setting<Vec<LitStr>>>,
    pub(crate) headers: Option<Setting<Vec<LitStr>>>,
    pub(crate) expose_headers: Option<Setting<Vec<LitStr>>>,
    pub(crate) credentials: Option<Setting<LitBool>>,
    pub(crate) max_age: Option<Setting<Seconds>>,
    pub(crate) private_network: Option<Setting<LitBool>>,
    pub(crate) allow_insecure_origins: Option<Setting<LitBool>>,
    pub(crate) allow_null_origin: Option<Setting<LitBool>>,
    pub(crate) disabled: Option<Ident>,
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
            "origins" => set(&mut args.origins, key, strings(value, &name), &mut errors),
            "origin_regex" => set(
                &mut args.origin_regex,
                key,
                strings(value, &name),
                &mut errors,
            ),
            "methods" => set(&mut args.methods, key, strings(value, &name), &mut errors),
            "headers" => set(&mut args.headers, key, strings(value, &name), &mut errors),
            "expose_headers" => set(
                &mut args.expose_headers,
                key,
                strings(value, &name),
                &mut errors,
            ),
            "origin_fn" => set(&mut args.origin_fn, key, path(value, &name), &mut errors),
            "credentials" => set(
                &mut args.credentials,
                key,
                boolean(value, &name),
                &mut errors,
            ),
            "private_network" => set(
                &mut args.private_network,
                key,
                boolean(value, &name),
                &mut errors,
            ),
            "dangerously_allow_insecure_origins" => set(
                &mut args.allow_insecure_origins,
                key,
                boolean(value, &name),
                &mut errors,
            ),
            "dangerously_allow_null_origin" => set(
                &mut args.allow_null_origin,
                key,
                boolean(value, &name),
                &mut errors,
            ),
            "max_age" => set(&mut args.max_age, key, seconds(value), &mut errors),
            "disabled" => match value {
                Some(value) => errors.push(syn::Error::new_spanned(
                    value,
                    "`disabled` takes no value; write `#[cors(disabled)]`",
                )),
                None if args.disabled.is_some() => errors.push(repeated(&key)),
                None => args.disabled = Some(key),
            },
            _ => errors.push(unknown_key(&key)),
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

    /// Adds the error of `result`, if any, and returns its value.
    pub(crate) fn take<T>(&mut self, result: syn::Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }
}

fn set<T>(slot: &mut Option<Setting<T>>, key: Ident, value: syn::Result<T>, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(repeated(&key));
        return;
    }
    match value {
        Ok(value) => *slot = Some(Setting { key, value }),
        Err(error) => errors.push(error),
    }
}

fn repeated(key: &Ident) -> syn::Error {
    syn::Error::new(
        key.span(),
        format!("`{key}` is given twice; keep one (a list takes several values: `{key} = [\"a\", \"b\"]`)"),
    )
}

fn unknown_key(key: &Ident) -> syn::Error {
    let name = key.to_string();
    let hint = match closest(&name, KEYS) {
        Some(known) => format!("did you mean `{known}`? "),
        None => String::new(),
    };
    syn::Error::new(
        key.span(),
        format!(
            "unknown key `{name}`; {hint}valid keys: {}",
            KEYS.join(", ")
        ),
    )
}

fn needs_value(key: &str, example: &str) -> syn::Error {
    syn::Error::new(
        Span::call_site(),
        format!("`{key}` needs a value; write `{key} = {example}`"),
    )
}

/// A string, or a list of strings: `"a"` or `["a", "b"]`.
fn strings(value: Option<Expr>, key: &str) -> syn::Result<Vec<LitStr>> {
    let example = match key {
        "origins" => "[\"https://app.example.com\"]",
        "origin_regex" => "r\"https://[a-z0-9-]+\\.example\\.com\"",
        "methods" => "[\"GET\", \"POST\"]",
        _ => "[\"x-request-id\"]",
    };
    let value = value.ok_or_else(|| needs_value(key, example))?;
    let wrong = |expr: &dyn quote::ToTokens| {
        syn::Error::new_spanned(
            expr,
            format!("`{key}` takes a string or a list of strings; write `{key} = {example}`"),
        )
    };
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(vec![lit]),
        Expr::Array(array) => {
            let mut errors = Errors::default();
            let mut values = Vec::new();
            for element in array.elems {
                match element {
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(lit), ..
                    }) => values.push(lit),
                    other => errors.push(wrong(&other)),
                }
            }
            if values.is_empty() && key != "headers" && key != "expose_headers" {
                errors.push(syn::Error::new(
                    array.bracket_token.span.join(),
                    format!("`{key}` is an empty list; write `{key} = {example}`"),
                ));
            }
            errors.finish()?;
            Ok(values)
        }
        other => Err(wrong(&other)),
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
                "`{key}` takes a path to a `fn(&str) -> bool`, not a string; write `{key} = {}`",
                lit.value()
            ),
        )),
        Some(other) => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` takes a path to a `fn(&str) -> bool`; write `{key} = allowed_origin`"),
        )),
        None => Err(needs_value(key, "allowed_origin")),
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
            self.origin_fn.as_ref().map(|s| &s.key),
            self.methods.as_ref().map(|s| &s.key),
            self.headers.as_ref().map(|s| &s.key),
            self.expose_headers.as_ref().map(|s| &s.key),
            self.credentials.as_ref().map(|s| &s.key),
            self.max_age.as_ref().map(|s| &s.key),
            self.private_network.as_ref().map(|s| &s.key),
            self.allow_insecure_origins.as_ref().map(|s| &s.key),
            self.allow_null_origin.as_ref().map(|s| &s.key),
        ]
        .into_iter()
        .flatten()
        .next()
    }

    /// This handler's keys over a scope's: each key the handler names
    /// replaces the scope's, the others are inherited.
    pub(crate) fn over(self, scope: &Args) -> Args {
        Args {
            origins: self.origins.or_else(|| scope.origins.clone()),
            origin_regex: self.origin_regex.or_else(|| scope.origin_regex.clone()),
            origin_fn: self
                .origin_fn
                .or_else(|| scope.origin_fn.clone().map(from_parent_module)),
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
            disabled: self.disabled,
        }
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
