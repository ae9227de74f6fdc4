//! Parsing the keys of `#[cors(...)]` and `policy!(...)`, straight into
//! the rules' input.
//!
//! Each key is a row of the rules' keys table: the parser looks the key up
//! there, reads its value by the row's kind (`values`) and gives it to the
//! input. Every problem is collected, so that one build reports them all.

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Token};

use route_cors_rules::{key, Context, Located, PolicyInput, Value, ValueKind, KEYS};

pub(crate) use crate::errors::Errors;
use crate::suggest::{alias, closest};
use crate::values::{self, printed};

/// The rules' input as the macros fill it: values located at their tokens,
/// functions by their paths.
pub(crate) type Input = PolicyInput<Span, syn::Path>;

/// A key's value, with the key it was written under.
#[derive(Clone)]
pub(crate) struct Setting<T> {
    pub(crate) key: Ident,
    pub(crate) value: T,
}

/// The name of a hidden key through which a named policy's keys come
/// back to `#[cors]` and `policy!`: `__policy(name; keys)`.
pub(crate) const NAMED_LAYER: &str = "__policy";
/// The hidden key a named policy refused at its declaration hands back to
/// `#[cors]` in place of its keys.
pub(crate) const POLICY_REFUSED: &str = "__policy_refused";
/// The hidden key through which a module's keys reach a handler expanded
/// on its own: `__module(keys)`.
pub(crate) const MODULE_LAYER: &str = "__module";

/// The keys of one `#[cors(...)]` or `policy!(...)`.
#[derive(Clone)]
pub(crate) struct Args {
    /// The policy keys.
    pub(crate) input: Input,
    pub(crate) disabled: Option<Ident>,
    /// `crate = "path::to::route_cors"`: where generated code finds
    /// route-cors, when not under the name the `Cargo.toml` gives it.
    pub(crate) krate: Option<Setting<syn::Path>>,
    /// `policy = name`: a named policy, whose keys these replace key by key.
    pub(crate) policy: Option<Setting<syn::Path>>,
    /// The keys of the named policy, once its declaration handed them back.
    pub(crate) named: Option<Layer>,
    /// The name of the policy whose keys these replace, once applied.
    pub(crate) named_policy: Option<Ident>,
    /// The keys of the enclosing module, for a handler expanded on its own.
    pub(crate) module: Option<TokenStream>,
    /// The named policy these keys name was refused where it was declared:
    /// the item is left as written, with no second error.
    pub(crate) policy_refused: bool,
    /// Whether `methods` came from a module or a named policy, which wrote
    /// them for other routes too: methods this route does not serve are
    /// then dropped, not refused.
    pub(crate) methods_inherited: bool,
    /// The keys written with a value the macro cannot read. Each has its
    /// error already; the checks that would follow from the key being
    /// absent (no origin source) are skipped, so one mistake gives one
    /// error.
    pub(crate) unreadable: Vec<String>,
}

/// A named policy's keys, handed back by its declaration.
#[derive(Clone)]
pub(crate) struct Layer {
    pub(crate) name: Ident,
    pub(crate) keys: TokenStream,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            input: PolicyInput::new(Context::Middleware, Span::call_site()),
            disabled: None,
            krate: None,
            policy: None,
            named: None,
            named_policy: None,
            module: None,
            policy_refused: false,
            methods_inherited: false,
            unreadable: Vec::new(),
        }
    }
}

/// One `key`, `key = value` or `key(tokens)` item, before its value is
/// interpreted.
struct Item {
    key: Ident,
    value: Option<Expr>,
    group: Option<TokenStream>,
}

impl Parse for Item {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(syn::LitStr) {
            let lit: syn::LitStr = input.parse()?;
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "`#[cors]` and `policy!` take `key = value` pairs; write `origins = {}`",
                    quote::ToTokens::to_token_stream(&lit)
                ),
            ));
        }
        let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        if input.peek(Token![:]) && !input.peek(Token![::]) {
            let colon: Token![:] = input.parse()?;
            let value = input
                .parse::<Expr>()
                .ok()
                .and_then(|value| printed(&value))
                .or_else(|| {
                    route_cors_rules::key(&key.to_string()).map(|known| known.example.to_owned())
                })
                .unwrap_or_else(|| "...".to_owned());
            return Err(syn::Error::new(
                colon.span,
                format!("a key takes its value after `=`; write `{key} = {value}`"),
            ));
        }
        let mut item = Item {
            key,
            value: None,
            group: None,
        };
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?;
            item.value = Some(input.parse()?);
        } else if input.peek(syn::token::Paren) && item.key.to_string().starts_with("__") {
            let content;
            syn::parenthesized!(content in input);
            item.group = Some(content.parse()?);
        }
        Ok(item)
    }
}

/// Parses the attribute's tokens. Syntax errors stop parsing. A problem
/// with a key or a value type leaves that key out of the returned `Args`
/// and is collected into the returned errors, so that the valid keys can
/// still be checked and every problem reported in one build.
pub(crate) fn parse_args(tokens: TokenStream) -> syn::Result<(Args, Errors)> {
    let items =
        syn::parse::Parser::parse2(Punctuated::<Item, Token![,]>::parse_terminated, tokens)?;
    let mut args = Args::default();
    let mut errors = Errors::default();
    for item in items {
        if let Some(group) = item.group {
            args.layer(&item.key, group)?;
            continue;
        }
        let Item { key, value, .. } = item;
        let name = key.to_string();
        if name == POLICY_REFUSED {
            args.policy_refused = true;
            continue;
        }
        let Some(known) = route_cors_rules::key(&name) else {
            let (error, meant) = unknown_key(&key, value.as_ref());
            errors.push(error);
            // The key meant is not given, so leave out the checks that
            // would report its absence.
            args.unreadable.push(meant.unwrap_or(name));
            continue;
        };
        if args.is_written(known.name) {
            errors.push(repeated(&key));
            continue;
        }
        if let Err(error) = args.read(known.kind, key, value) {
            args.unreadable.push(name);
            errors.push(error);
        }
    }
    Ok((args, errors))
}

impl Args {
    /// Reads one key's value by its kind, and gives it to the key.
    fn read(&mut self, kind: ValueKind, key: Ident, value: Option<Expr>) -> syn::Result<()> {
        let name = key.to_string();
        let value = match kind {
            ValueKind::Flag => match value {
                Some(value) => {
                    return Err(syn::Error::new_spanned(
                        value,
                        format!("`{name}` takes no value; write `#[cors({name})]`"),
                    ))
                }
                None => {
                    self.disabled = Some(key);
                    return Ok(());
                }
            },
            ValueKind::PathString => {
                let value = values::crate_path(value, &key)?;
                self.krate = Some(Setting { key, value });
                return Ok(());
            }
            ValueKind::PolicyName => {
                let value = values::policy_name(value, &key)?;
                self.policy = Some(Setting { key, value });
                return Ok(());
            }
            ValueKind::Strings => Value::Strings(
                values::strings(value, &key)?
                    .into_iter()
                    .map(|lit| Located::new(lit.value(), lit.span()))
                    .collect(),
            ),
            ValueKind::Name => {
                let lit = values::set_name(value, &key)?;
                Value::Name(Located::new(lit.value(), lit.span()))
            }
            ValueKind::Function => {
                Value::Function(Located::new(values::path(value, &key)?, key.span()))
            }
            ValueKind::Switch => {
                let lit = values::boolean(value, &key)?;
                Value::Switch(Located::new(lit.value, lit.span))
            }
            ValueKind::Seconds => {
                let seconds = values::seconds(value, &key)?;
                Value::Seconds(Located::new(seconds.value, seconds.span))
            }
        };
        // The table gives every policy key a field of the kind read here.
        let _ = self.input.set(&name, key.span(), value);
        Ok(())
    }

    /// Whether `key` is given already, or was given with a value that
    /// could not be read.
    fn is_written(&self, name: &str) -> bool {
        self.input.is_given(name)
            || self.unreadable.iter().any(|key| key == name)
            || match name {
                "disabled" => self.disabled.is_some(),
                "crate" => self.krate.is_some(),
                "policy" => self.policy.is_some(),
                _ => false,
            }
    }

    /// A hidden key: the keys of a named policy or of a module, handed back
    /// to be applied under this attribute's own.
    fn layer(&mut self, key: &Ident, tokens: TokenStream) -> syn::Result<()> {
        if key == NAMED_LAYER {
            let (name, keys) = syn::parse::Parser::parse2(
                |input: ParseStream<'_>| {
                    let name: Ident = input.parse()?;
                    input.parse::<Token![;]>()?;
                    Ok((name, input.parse::<TokenStream>()?))
                },
                tokens,
            )?;
            self.named = Some(Layer { name, keys });
            Ok(())
        } else if key == MODULE_LAYER {
            self.module = Some(tokens);
            Ok(())
        } else {
            Err(unknown_key(key, None).0)
        }
    }

    /// The span of the first key other than `disabled` and `crate`, if any.
    pub(crate) fn first_policy_key(&self) -> Option<Span> {
        match (&self.policy, self.input.first_given()) {
            (Some(policy), _) => Some(policy.key.span()),
            (None, given) => given.map(|key| key.at),
        }
    }

    /// This handler's keys over its module's: each key the handler names
    /// replaces the module's, the others are inherited, paths as seen
    /// from inside the module.
    pub(crate) fn over(self, module: &Args) -> Args {
        Args {
            methods_inherited: self.methods_inherited
                || (self.input.methods.is_none() && module.input.methods.is_some()),
            input: self.input.over(&module.input, path_from_parent_module),
            named_policy: self.named_policy.or_else(|| module.named_policy.clone()),
            krate: self
                .krate
                .or_else(|| module.krate.clone().map(crate_from_parent_module)),
            unreadable: self
                .unreadable
                .into_iter()
                .chain(module.unreadable.iter().cloned())
                .collect(),
            ..self
        }
    }

    /// These keys over a named policy's: each key written here replaces
    /// the policy's. Paths in a named policy are written from the crate
    /// root, so they stay as they are.
    pub(crate) fn over_named(self, named: &Args) -> Args {
        Args {
            methods_inherited: self.methods_inherited
                || (self.input.methods.is_none() && named.input.methods.is_some()),
            input: self.input.over(&named.input, syn::Path::clone),
            krate: self.krate.or_else(|| named.krate.clone()),
            ..self
        }
    }

    /// Whether a key that names an origin source was written but could not
    /// be read (or was misspelt): the policy's lack of an origin source is
    /// then that key's error, not one of its own.
    pub(crate) fn origin_source_unreadable(&self) -> bool {
        self.unreadable.iter().any(|name| {
            key(name).is_none_or(|known| {
                // A named policy holds the origins of the policy.
                known.origin_source || known.kind == ValueKind::PolicyName
            })
        })
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
    let names: Vec<&str> = KEYS.iter().map(|known| known.name).collect();
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
    let known = closest(&name, &names);
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
            names.join(", ")
        ),
    );
    (error, known.map(str::to_owned))
}

/// `key = value` as a user writes it, with `value` or else the key's
/// example.
fn written(name: &str, value: Option<String>) -> String {
    key(name).map_or_else(String::new, |known| known.written_with(value.as_deref()))
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

/// A setting written on a module, as seen from inside that module.
fn from_parent_module(setting: Setting<syn::Path>) -> Setting<syn::Path> {
    Setting {
        key: setting.key,
        value: path_from_parent_module(&setting.value),
    }
}

/// A path written on a module, as seen from inside that module: relative
/// paths gain one `super::`.
fn path_from_parent_module(path: &syn::Path) -> syn::Path {
    let mut path = path.clone();
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
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::ALIASES;

    #[test]
    fn aliases_name_known_keys() {
        for (name, known, _) in ALIASES {
            assert!(key(known).is_some(), "{name} -> {known}");
            assert!(key(name).is_none(), "{name} is a key");
        }
    }

    #[test]
    fn each_key_is_read_by_its_kind() {
        use quote::quote;
        let (args, errors) = parse_args(quote!(
            origins = "https://a.com",
            origins_from = "spa",
            origin_fn = check,
            methods = ["GET"],
            max_age = 60,
            credentials = true,
            crate = "::route_cors",
            policy = spa
        ))
        .unwrap();
        assert!(errors.is_empty());
        let written: Vec<&str> = args.input.written.iter().map(|key| key.value).collect();
        assert_eq!(
            written,
            [
                "origins",
                "origins_from",
                "origin_fn",
                "methods",
                "max_age",
                "credentials"
            ]
        );
        assert!(args.krate.is_some() && args.policy.is_some());
        let (args, errors) =
            parse_args(quote!(credentials = 1, origins = "x", origins = "y")).unwrap();
        assert!(!errors.is_empty());
        assert_eq!(args.unreadable, ["credentials"]);
        assert!(args.input.is_given("origins"));
    }
}
