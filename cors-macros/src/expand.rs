//! Code generation: the static policy table, the handler's service factory
//! and the `policy!` middleware.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use route_cors_rules::{HostRule, Normalized, PortRule};
use syn::{ItemFn, Path};

/// A `Cow<'static, [Cow<'static, str>]>` literal.
fn strs(krate: &Path, values: &[String]) -> TokenStream {
    quote! {
        #krate::__private::Cow::Borrowed(&[
            #(#krate::__private::Cow::Borrowed(#values)),*
        ])
    }
}

fn header_value(krate: &Path, value: &str) -> TokenStream {
    quote!(#krate::__private::actix_web::http::header::HeaderValue::from_static(#value))
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The `Policy` constant expression for a checked policy; `krate` is the
/// path of route-cors, as `krate::path` gives it.
pub(crate) fn policy_table(
    krate: &Path,
    policy: &Normalized,
    origin_fn: Option<&Path>,
) -> TokenStream {
    let any_origin = policy.any_origin;
    let exact_origins = strs(krate, &policy.exact_origins);
    let patterns = policy.patterns.iter().map(|pattern| {
        let scheme = &pattern.scheme;
        let (host, subdomains) = match &pattern.host {
            HostRule::Exact(host) => (host, false),
            HostRule::Subdomains(parent) => (parent, true),
        };
        let port = match pattern.port {
            PortRule::Default => quote!(Default),
            PortRule::Exact(port) => quote!(Exact(#port)),
            PortRule::Any => quote!(Any),
        };
        quote! {
            #krate::__private::PatternTable {
                scheme: #krate::__private::Cow::Borrowed(#scheme),
                host: #krate::__private::Cow::Borrowed(#host),
                subdomains: #subdomains,
                port: #krate::__private::PortMatch::#port,
            }
        }
    });
    let origin_regex = strs(krate, &policy.origin_regex);
    let origin_fn = option(origin_fn.map(|path| quote!(#path)));
    let methods = strs(krate, &policy.methods);
    let any_method = policy.any_method;
    let headers = option(policy.headers.as_deref().map(|list| strs(krate, list)));
    let credentials = policy.credentials;
    let private_network = policy.private_network;
    let allow_methods = header_value(krate, &policy.allow_methods_value);
    let allow_headers = option(
        policy
            .allow_headers_value
            .as_deref()
            .map(|value| header_value(krate, value)),
    );
    let expose_headers = option(
        policy
            .expose_headers_value
            .as_deref()
            .map(|value| header_value(krate, value)),
    );
    let max_age = header_value(krate, &policy.max_age.to_string());
    quote! {
        #krate::Policy::__from_table(#krate::__private::PolicyTable {
            any_origin: #any_origin,
            exact_origins: #exact_origins,
            patterns: #krate::__private::Cow::Borrowed(&[#(#patterns),*]),
            origin_regex: #origin_regex,
            origin_fn: #origin_fn,
            methods: #methods,
            any_method: #any_method,
            headers: #headers,
            credentials: #credentials,
            private_network: #private_network,
            allow_methods: #allow_methods,
            allow_headers: #allow_headers,
            expose_headers: #expose_headers,
            max_age: #max_age,
        })
    }
}

/// The name of a static policy inside a handler's `register`: one per
/// distinct path the handler serves.
pub(crate) fn policy_static(index: usize) -> syn::Ident {
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
/// `register` adds one route resource per path (answering preflights and
/// naming the route's policy for the layers before routing), then
/// actix-web's own service (whose route attributes already carry the
/// decorator).
pub(crate) fn handler(krate: &Path, function: ItemFn, paths: &[PathPolicy]) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    let docs = function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"));
    let registrations = paths.iter().enumerate().map(|(index, path_policy)| {
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
                #krate::__private::register_disabled(__route_cors_config, #path, &[#(#methods),*]);
            },
        }
    });
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        impl #krate::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __route_cors_config: &mut #krate::__private::actix_web::dev::AppService) {
                #(#registrations)*
                #function
                #krate::__private::actix_web::dev::HttpServiceFactory::register(#name, __route_cors_config);
            }
        }
    }
}

/// `policy!`: the middleware over a static policy.
pub(crate) fn middleware(krate: &Path, table: TokenStream) -> TokenStream {
    let policy = policy_static(0);
    quote! {
        {
            static #policy: #krate::Policy = #table;
            #krate::Cors::new(&#policy)
        }
    }
}
