//! Code generation: the static policy table, the handler's service factory
//! and the `policy!` middleware.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use route_cors_rules::{
    CheckedPolicy, HeaderRule, HostRule, MethodRule, OriginPattern, PortRule, Text,
};
use syn::{ItemFn, Path};

// The policy's tokens name the rules crate and `Cow` through the short
// names `policy_table` imports (`__rules`, `__Cow`): a policy is a few
// hundred tokens fewer than with full paths, which every `#[cors]`
// expansion and its compilation would pay for.

/// A borrowed `Text` literal.
fn text(value: &str) -> TokenStream {
    quote!(__Cow::Borrowed(#value))
}

/// A borrowed `Texts` literal.
fn texts(values: &[Text]) -> TokenStream {
    let values = values.iter().map(|value| text(value));
    quote!(__Cow::Borrowed(&[#(#values),*]))
}

fn origin_pattern(pattern: &OriginPattern) -> TokenStream {
    let scheme = text(&pattern.scheme);
    let host = match &pattern.host {
        HostRule::Exact(host) => {
            let host = text(host);
            quote!(__rules::HostRule::Exact(#host))
        }
        HostRule::Subdomains(parent) => {
            let parent = text(parent);
            quote!(__rules::HostRule::Subdomains(#parent))
        }
    };
    let port = match pattern.port {
        PortRule::Default => quote!(Default),
        PortRule::Exact(port) => quote!(Exact(#port)),
        PortRule::Any => quote!(Any),
    };
    quote! {
        __rules::OriginPattern {
            scheme: #scheme,
            host: #host,
            port: __rules::PortRule::#port,
        }
    }
}

/// The checked policy as a constant expression: the one model the rules
/// crate returns, every text borrowed.
fn checked_policy(policy: &CheckedPolicy) -> TokenStream {
    let CheckedPolicy {
        origins,
        methods,
        headers,
        expose_headers,
        credentials,
        max_age,
        private_network,
        refuse_cross_origin_writes,
    } = policy;
    let any = origins.any;
    let exact = texts(&origins.exact);
    let patterns = origins.patterns.iter().map(origin_pattern);
    let regexes = texts(&origins.regexes);
    let configured = match &origins.configured {
        Some(name) => {
            let name = text(name);
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    };
    let null_allowed = origins.null_allowed;
    let insecure_allowed = origins.insecure_allowed;
    let methods = match methods {
        MethodRule::Any => quote!(__rules::MethodRule::Any),
        MethodRule::List(list) => {
            let list = texts(list);
            quote!(__rules::MethodRule::List(#list))
        }
    };
    let headers = match headers {
        HeaderRule::Echo => quote!(__rules::HeaderRule::Echo),
        HeaderRule::List(list) => {
            let list = texts(list);
            quote!(__rules::HeaderRule::List(#list))
        }
    };
    let expose_headers = texts(expose_headers);
    quote! {
        __rules::CheckedPolicy {
            origins: __rules::AllowedOrigins {
                any: #any,
                exact: #exact,
                patterns: __Cow::Borrowed(&[#(#patterns),*]),
                regexes: #regexes,
                configured: #configured,
                null_allowed: #null_allowed,
                insecure_allowed: #insecure_allowed,
            },
            methods: #methods,
            headers: #headers,
            expose_headers: #expose_headers,
            credentials: #credentials,
            max_age: #max_age,
            private_network: #private_network,
            refuse_cross_origin_writes: #refuse_cross_origin_writes,
        }
    }
}

/// The `Policy` constant expression for a checked policy and its origin
/// functions, if any; `krate` is the path of route-cors, as
/// `krate::path` gives it. Each function is wrapped in one the runtime
/// stores: `origin_fn` may take the origin, or the origin and the request;
/// `origin_fn_async` returns a future, which the wrapper boxes.
pub(crate) fn policy_table(
    krate: &Path,
    policy: &CheckedPolicy,
    origin_fn: Option<&Path>,
    origin_fn_async: Option<&Path>,
    source: &Source,
    named: Option<&Ident>,
) -> TokenStream {
    let written = source.written(krate);
    let fn_name = |path: Option<&Path>| match path {
        Some(path) => {
            let name = path.to_token_stream().to_string().replace(' ', "");
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    };
    let (origin_fn_name, origin_fn_async_name) = (fn_name(origin_fn), fn_name(origin_fn_async));
    let source = source.expression(named);
    let checked = checked_policy(policy);
    let http_request = quote!(#krate::__private::actix_web::HttpRequest);
    let (sync_item, sync_value) = match origin_fn {
        Some(path) => (
            quote! {
                fn __route_cors_origin_fn(
                    origin: &str,
                    request: ::core::option::Option<&#http_request>,
                ) -> bool {
                    #krate::__private::call_origin_fn(#path, origin, request)
                }
            },
            quote!(::core::option::Option::Some(
                #krate::__private::OriginFn::Generated(__route_cors_origin_fn)
            )),
        ),
        None => (quote!(), quote!(::core::option::Option::None)),
    };
    let (async_item, async_value) = match origin_fn_async {
        Some(path) => (
            quote! {
                fn __route_cors_origin_fn_async(
                    origin: ::std::string::String,
                    request: #http_request,
                ) -> #krate::__private::OriginCheck {
                    #krate::__private::call_origin_fn_async(#path, origin, request)
                }
            },
            quote!(::core::option::Option::Some(__route_cors_origin_fn_async)),
        ),
        None => (quote!(), quote!(::core::option::Option::None)),
    };
    quote! {
        {
            use #krate::__private::{rules as __rules, Cow as __Cow};
            #sync_item
            #async_item
            #krate::Policy::__from_checked(#checked, #sync_value, #async_value, #source)
                .__described(#written, #origin_fn_name, #origin_fn_async_name)
        }
    }
}

/// Where a policy was written, as events name it.
pub(crate) enum Source<'a> {
    /// A handler: its path, and the file and line of the attribute; where
    /// its keys came from; the line of its own attribute, when it is not
    /// the one being expanded (a module's handler with keys of its own).
    Handler(&'a Ident, Keys, Option<usize>),
    /// `policy!`: its file and line.
    Middleware,
}

/// Where the keys of a handler's policy came from, as the inventory says.
#[derive(Clone, Copy)]
pub(crate) enum Keys {
    /// The handler's own attribute.
    Own,
    /// The enclosing module's attribute alone.
    Module,
    /// The module's attribute with keys the handler's own replaces.
    ModuleWithOverrides,
}

/// A handler's path and the file and line of its attribute, as a
/// `&'static str` expression evaluated where the macro expands.
fn handler_source(name: &Ident) -> TokenStream {
    let name = name.to_string();
    quote!(::core::concat!(
        ::core::module_path!(), "::", #name, " (", ::core::file!(), ":", ::core::line!(), ")"
    ))
}

impl Source<'_> {
    /// The runtime's `Written` value for this source.
    fn written(&self, krate: &Path) -> TokenStream {
        let variant = match self {
            Source::Handler(_, Keys::Own, _) => quote!(Own),
            Source::Handler(_, Keys::Module, _) => quote!(Module),
            Source::Handler(_, Keys::ModuleWithOverrides, _) => quote!(ModuleWithOverrides),
            Source::Middleware => quote!(Code),
        };
        quote!(#krate::__private::Written::#variant)
    }

    /// A `&'static str` expression, evaluated where the macro expands,
    /// ending with the named policy the keys came from, if any.
    fn expression(&self, named: Option<&Ident>) -> TokenStream {
        let named = named.map_or_else(String::new, |name| format!(", policy {name}"));
        match self {
            Source::Handler(name, _, own_line) => {
                let name = name.to_string();
                let line = match own_line {
                    Some(line) => {
                        let line = proc_macro2::Literal::usize_unsuffixed(*line);
                        quote!(#line)
                    }
                    None => quote!(::core::line!()),
                };
                quote!(::core::concat!(
                    ::core::module_path!(), "::", #name, " (", ::core::file!(), ":", #line, ")", #named
                ))
            }
            Source::Middleware => {
                quote!(::core::concat!(
                    "policy! at ",
                    ::core::file!(),
                    ":",
                    ::core::line!(),
                    #named
                ))
            }
        }
    }
}

/// The name of a static policy inside a handler's `register`: one per
/// distinct path the handler serves.
pub(crate) fn policy_static(index: usize) -> Ident {
    format_ident!("__ROUTE_CORS_POLICY_{}", index)
}

/// The `wrap = "..."` argument added to a route attribute whose path has
/// the policy `index`.
pub(crate) fn decorator_argument(krate: &Path, index: usize) -> TokenStream {
    let decorator = format!(
        "{}::Cors::decorate_only(&{})",
        krate.to_token_stream().to_string().replace(' ', ""),
        policy_static(index)
    );
    quote!(, wrap = #decorator)
}

/// What a handler registers on one of its paths.
pub(crate) struct PathPolicy {
    /// The full path (with the prefix of a `#[scope]` that has not run yet).
    pub(crate) path: syn::LitStr,
    /// The methods the handler serves there.
    pub(crate) methods: Vec<String>,
    /// The policy's table; `None` for `#[cors(disabled)]`.
    pub(crate) table: Option<TokenStream>,
}

/// A handler with its policy: a unit struct with the handler's name whose
/// `register` adds actix-web's own service (whose route attributes already
/// carry the decorator) and one route resource per path, answering
/// preflights and naming the route's policy for the layers before routing.
pub(crate) fn handler(krate: &Path, function: ItemFn, paths: &[PathPolicy]) -> TokenStream {
    let import = import(krate);
    let krate = &alias();
    let name = &function.sig.ident;
    let vis = &function.vis;
    let docs = function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"));
    let source = handler_source(name);
    let registration = |(index, path_policy): (usize, &PathPolicy)| {
        let path = &path_policy.path;
        let methods = &path_policy.methods;
        match &path_policy.table {
            Some(table) => {
                let policy = policy_static(index);
                quote! {
                    static #policy: #krate::Policy = #table;
                    #krate::__private::register_route(__route_cors_config, #path, &#policy, &[#(#methods),*]);
                }
            }
            None => quote! {
                #krate::__private::register_disabled(__route_cors_config, #path, &[#(#methods),*], #source);
            },
        }
    };
    // A path where the handler serves no `OPTIONS` gets its route resource
    // after the handler's own: the handler's method guard sends preflights
    // on to it, and the handler's requests are routed without matching it
    // first. Where the handler serves `OPTIONS`, the route resource goes
    // first, so that preflights never reach the handler.
    let serves_options =
        |path_policy: &&PathPolicy| path_policy.methods.iter().any(|method| method == "OPTIONS");
    let before = paths
        .iter()
        .enumerate()
        .filter(|(_, path_policy)| serves_options(path_policy))
        .map(registration);
    let after = paths
        .iter()
        .enumerate()
        .filter(|(_, path_policy)| !serves_options(path_policy))
        .map(registration);
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        const _: () = {
            #import

        impl #krate::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __route_cors_config: &mut #krate::__private::actix_web::dev::AppService) {
                #(#before)*
                #function
                #krate::__private::actix_web::dev::HttpServiceFactory::register(#name, __route_cors_config);
                #(#after)*
            }
        }
        };
    }
}

/// `policy!`: the middleware over a static policy.
pub(crate) fn middleware(krate: &Path, table: TokenStream) -> TokenStream {
    let policy = policy_static(0);
    let alias = alias();
    let import = import(krate);
    quote! {
        {
            #import
            static #policy: #alias::Policy = #table;
            #alias::Cors::new(&#policy)
        }
    }
}

/// `use path::of::route_cors as __route_cors;`, located at the path: a
/// path that names nothing is reported where it was written.
fn import(krate: &Path) -> TokenStream {
    let span = syn::spanned::Spanned::span(krate);
    let alias = Ident::new("__route_cors", span);
    quote::quote_spanned!(span=> use #krate as #alias;)
}

/// The one name through which an expansion reaches route-cors: the path
/// of route-cors is written once, in a `use` of it under this name, so a
/// wrong `crate = "..."` is one error.
pub(crate) fn alias() -> Path {
    Ident::new("__route_cors", Span::call_site()).into()
}
