//! Reading actix-web's route attributes on a handler: which paths and
//! methods it serves, and adding the response decorator to them.

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Attribute, LitStr, Meta, MetaNameValue, Token};

/// actix-web's method attributes, and the method each one serves.
const METHOD_ATTRIBUTES: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("delete", "DELETE"),
    ("patch", "PATCH"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
    ("connect", "CONNECT"),
    ("query", "QUERY"),
];

/// What kind of actix-web attribute this is, if any.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RouteAttribute {
    /// `#[get("/p")]` and the other method attributes.
    Method(&'static str),
    /// `#[route("/p", method = "GET", ...)]`.
    Route,
    /// `#[routes]`, with method attributes below it.
    Routes,
    /// `#[scope("/prefix")]`.
    Scope,
}

/// Recognises `name` and `actix_web::name` (with or without a leading `::`).
pub(crate) fn classify(attr: &Attribute) -> Option<RouteAttribute> {
    let path = attr.path();
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let name = match segments.as_slice() {
        [name] if path.leading_colon.is_none() => name,
        [krate, name] if krate == "actix_web" => name,
        _ => return None,
    };
    match name.as_str() {
        "route" => Some(RouteAttribute::Route),
        "routes" => Some(RouteAttribute::Routes),
        "scope" => Some(RouteAttribute::Scope),
        other => METHOD_ATTRIBUTES
            .iter()
            .find(|(attribute, _)| *attribute == other)
            .map(|(_, method)| RouteAttribute::Method(method)),
    }
}

/// Whether `attr` is written by its bare name (`#[get]`, not
/// `#[actix_web::get]`): actix-web's `#[scope]` prefixes only those.
pub(crate) fn is_bare(attr: &Attribute) -> bool {
    let path = attr.path();
    path.leading_colon.is_none() && path.segments.len() == 1
}

/// Whether `attr` is `#[cors(...)]`, or `#[route_cors::cors(...)]` under
/// the name the `Cargo.toml` gives route-cors.
pub(crate) fn is_cors(attr: &Attribute) -> bool {
    let path = attr.path();
    match path.segments.iter().collect::<Vec<_>>().as_slice() {
        [name] => name.ident == "cors",
        [krate, name] => {
            name.ident == "cors"
                && (krate.ident == "route_cors" || krate.ident == crate::krate::dependency_name())
        }
        _ => false,
    }
}

/// One registration of a handler: a path and the methods served there.
pub(crate) struct Registration {
    pub(crate) path: LitStr,
    pub(crate) methods: Vec<String>,
}

/// The handler's route attributes, read.
pub(crate) struct Routes {
    /// Index in the fn's attributes of each attribute that carries a path.
    pub(crate) carriers: Vec<usize>,
    pub(crate) registrations: Vec<Registration>,
}

impl Routes {
    /// Every method the handler serves, each once, in order.
    pub(crate) fn methods(&self) -> Vec<String> {
        let mut methods: Vec<String> = Vec::new();
        for method in self.registrations.iter().flat_map(|r| &r.methods) {
            if !methods.contains(method) {
                methods.push(method.clone());
            }
        }
        methods
    }
}

/// The arguments of a path-carrying route attribute.
struct RouteArgs {
    path: LitStr,
    options: Punctuated<MetaNameValue, Token![,]>,
}

impl syn::parse::Parse for RouteArgs {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let path = input.parse()?;
        let options = if input.is_empty() {
            Punctuated::new()
        } else {
            input.parse::<Token![,]>()?;
            Punctuated::parse_terminated(input)?
        };
        Ok(RouteArgs { path, options })
    }
}

/// Reads the handler's route attributes. `Ok(None)` when it has none;
/// `Err` when they cannot be read (actix-web then reports them itself).
pub(crate) fn read_routes(attrs: &[Attribute]) -> syn::Result<Option<Routes>> {
    let kinds: Vec<Option<RouteAttribute>> = attrs.iter().map(classify).collect();
    if !kinds
        .iter()
        .any(|kind| kind.is_some_and(|k| k != RouteAttribute::Scope))
    {
        return Ok(None);
    }
    let has_routes = kinds.contains(&Some(RouteAttribute::Routes));
    let mut routes = Routes {
        carriers: Vec::new(),
        registrations: Vec::new(),
    };
    for (index, (attr, kind)) in attrs.iter().zip(&kinds).enumerate() {
        let methods = match kind {
            Some(RouteAttribute::Method(method)) => vec![(*method).to_owned()],
            Some(RouteAttribute::Route) if !has_routes => Vec::new(),
            _ => continue,
        };
        let args: RouteArgs = attr.parse_args()?;
        let mut methods = methods;
        for option in &args.options {
            if option.path.is_ident("method") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(method),
                    ..
                }) = &option.value
                {
                    methods.push(method.value());
                }
            }
        }
        routes.carriers.push(index);
        routes.registrations.push(Registration {
            path: args.path,
            methods,
        });
    }
    Ok(Some(routes))
}

/// Rewrites a path-carrying route attribute: `prefix` in front of its path
/// (what actix-web's `#[scope]` would have done), and `extra` appended to
/// its arguments. Returns the path it wrote.
pub(crate) fn rewrite(
    attr: &mut Attribute,
    prefix: &str,
    extra: &TokenStream,
) -> syn::Result<LitStr> {
    let args: RouteArgs = attr.parse_args()?;
    let path = LitStr::new(&format!("{prefix}{}", args.path.value()), args.path.span());
    let options = args.options.iter();
    if let Meta::List(list) = &mut attr.meta {
        list.tokens = quote!(#path #(, #options)* #extra);
    }
    Ok(path)
}

/// The prefix of a `#[scope("/prefix")]` attribute.
pub(crate) fn scope_prefix(attr: &Attribute) -> Option<String> {
    attr.parse_args::<LitStr>().ok().map(|lit| lit.value())
}
