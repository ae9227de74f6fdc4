//! Reading a key's value as the kind its row of the keys table gives:
//! strings, a name, a path, a switch, a number of seconds. Each reader
//! says what to write when the value is of another form.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitBool, LitStr, Token};

use crate::errors::Errors;

/// A literal integer, possibly negated, with its span.
#[derive(Clone)]
pub(crate) struct Seconds {
    pub(crate) value: i64,
    pub(crate) span: Span,
}

/// A value as its source wrote it, when it is literals or a path.
pub(crate) fn printed(value: &Expr) -> Option<String> {
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

/// The error for a key written without the value it needs, at the key.
pub(crate) fn needs_value(key: &Ident) -> syn::Error {
    let written = route_cors_rules::key(&key.to_string())
        .map(|known| known.written_with(None))
        .unwrap_or_default();
    syn::Error::new(
        key.span(),
        format!("`{key}` needs a value; write `{written}`"),
    )
}

/// A string, or a list of strings: `"a"` or `["a", "b"]`. Anything else
/// is one error at the value, saying what to write; an element that is not
/// a string literal is one error at that element.
pub(crate) fn strings(value: Option<Expr>, key: &Ident) -> syn::Result<Vec<LitStr>> {
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    let key = &key.to_string();
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
            if written == 0 && !route_cors_rules::key(key).is_some_and(|k| k.may_be_empty) {
                errors.push(syn::Error::new(
                    array.bracket_token.span.join(),
                    format!(
                        "`{key}` is an empty list; write `{}`",
                        route_cors_rules::key(key)
                            .map(|known| known.written_with(None))
                            .unwrap_or_default()
                    ),
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
    // Origins computed at run time (read from the environment) go through
    // an origin set.
    if key == "origins" && matches!(value, Expr::Call(_) | Expr::MethodCall(_) | Expr::Try(_)) {
        return syn::Error::new_spanned(
            value,
            "`origins` is read while compiling, and this value is known only at run time; write `origins_from = \"frontend\"` and give the set `frontend` with `OriginSets` at start-up (or build the policy with `Policy::builder()`)",
        );
    }
    let literal = literal_form(value, key)
        .or_else(|| route_cors_rules::key(key).map(|known| known.example.to_owned()))
        .unwrap_or_default();
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

pub(crate) fn boolean(value: Option<Expr>, key: &Ident) -> syn::Result<LitBool> {
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Ok(lit),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` takes `true` or `false`; write `{key} = true`"),
        )),
    }
}

pub(crate) fn path(value: Option<Expr>, key: &Ident) -> syn::Result<syn::Path> {
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    match value {
        Expr::Path(expr) if expr.qself.is_none() => Ok(expr.path),
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{key}` takes a path to a function, not a string; write `{key} = {}`",
                lit.value()
            ),
        )),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`{key}` takes a path to a function; write `{key} = allowed_origin`"),
        )),
    }
}

/// `origins_from = "name"`: the name of an origin set configured at
/// start-up, a string literal of letters, digits, `_` and `-`; a list of
/// one name means the same, as for every key that takes a list.
pub(crate) fn set_name(value: Option<Expr>, key: &Ident) -> syn::Result<LitStr> {
    let example = "\"frontend\"";
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    match value {
        Expr::Array(array) if array.elems.len() == 1 => {
            set_name(array.elems.into_iter().next(), key)
        }
        Expr::Array(array) => Err(syn::Error::new_spanned(
            array,
            format!("`origins_from` names one origin set: a route takes its origins from one set, which can hold every origin it needs; write `origins_from = {example}`"),
        )),
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => {
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
        other => Err(syn::Error::new_spanned(
            other,
            format!("`origins_from` takes the name of an origin set, a string literal; write `origins_from = {example}`"),
        )),
    }
}

/// `crate = "path::to::route_cors"`: a path in a string, as serde and tokio
/// take it.
pub(crate) fn crate_path(value: Option<Expr>, key: &Ident) -> syn::Result<syn::Path> {
    let example = "\"::route_cors\"";
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => lit.parse::<syn::Path>().map_err(|_| {
            syn::Error::new(
                lit.span(),
                format!("`crate` takes the path of route-cors, such as `::route_cors` or `my_crate::route_cors`; write `crate = {example}`"),
            )
        }),
        Expr::Path(path) if path.qself.is_none() => {
            let written = printed(&Expr::Path(path.clone())).unwrap_or_default();
            Err(syn::Error::new_spanned(
                path,
                format!("`crate` takes the path in a string; write `crate = \"{written}\"`"),
            ))
        }
        other => Err(syn::Error::new_spanned(
            other,
            format!("`crate` takes the path of route-cors in a string, such as `\"my_crate::route_cors\"`; write `crate = {example}`"),
        )),
    }
}

pub(crate) fn seconds(value: Option<Expr>, key: &Ident) -> syn::Result<Seconds> {
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    let wrong = |expr: &Expr| {
        // `3600.0` or `"3600"` keeps its number in the hint.
        let seconds = match expr {
            Expr::Lit(ExprLit {
                lit: Lit::Float(float),
                ..
            }) => float
                .base10_parse::<f64>()
                .ok()
                .filter(|value| value.fract() == 0.0 && *value >= 0.0 && *value <= 86_400.0)
                .map(|value| format!("{value:.0}")),
            Expr::Lit(ExprLit {
                lit: Lit::Str(text),
                ..
            }) => text
                .value()
                .trim()
                .parse::<u32>()
                .ok()
                .map(|value| value.to_string()),
            _ => None,
        };
        syn::Error::new_spanned(
            expr,
            format!(
                "`max_age` takes a number of seconds; write `max_age = {}`",
                seconds.as_deref().unwrap_or("600")
            ),
        )
    };
    match value {
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) if !fits_suffix(&lit) => {
            let digits = lit.base10_digits();
            Err(syn::Error::new(
                lit.span(),
                format!(
                    "`{lit}` does not fit in `{}`; write `max_age = {digits}`",
                    lit.suffix()
                ),
            ))
        }
        Expr::Lit(ExprLit {
            lit: Lit::Int(lit), ..
        }) => Ok(Seconds {
            value: lit.base10_parse().unwrap_or(i64::MAX),
            span: lit.span(),
        }),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) if matches!(
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
        other => Err(wrong(&other)),
    }
}

/// Whether an integer literal's value fits the type its suffix names, as
/// rustc would require of it anywhere else (`1800u8` does not).
fn fits_suffix(lit: &syn::LitInt) -> bool {
    let fits = |max: u128| lit.base10_parse::<u128>().is_ok_and(|value| value <= max);
    match lit.suffix() {
        "u8" => fits(u8::MAX.into()),
        "i8" => fits(i8::MAX.unsigned_abs().into()),
        "u16" => fits(u16::MAX.into()),
        "i16" => fits(i16::MAX.unsigned_abs().into()),
        "u32" => fits(u32::MAX.into()),
        "i32" => fits(i32::MAX.unsigned_abs().into()),
        _ => true,
    }
}

/// `policy = name`: the name of a policy declared with `cors_policies!`.
pub(crate) fn policy_name(value: Option<Expr>, key: &Ident) -> syn::Result<syn::Path> {
    let Some(value) = value else {
        return Err(needs_value(key));
    };
    match value {
        Expr::Path(expr) if expr.qself.is_none() => Ok(expr.path),
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) if syn::parse_str::<syn::Path>(&lit.value()).is_ok() => Err(syn::Error::new(
            lit.span(),
            format!(
                "`policy` takes the name of a policy declared with `cors_policies!`, not a string; write `policy = {}`",
                lit.value()
            ),
        )),
        other => Err(syn::Error::new_spanned(
            other,
            "`policy` takes the name of a policy declared with `cors_policies!`; write `policy = spa`",
        )),
    }
}
