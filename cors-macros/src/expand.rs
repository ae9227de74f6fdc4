//! Code generation: the static policy table, the handler's service factory
//! and the `policy!` middleware.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use route_cors_rules::{HostRule, Normalized, PortRule};
use syn::ItemFn;

use crate::route::Registration;

/// A `Cow<'static, [Cow<'static, str>]>` literal.
fn strs(values: &[String]) -> TokenStream {
    quote! {
        ::route_cors::__private::Cow::Borrowed(&[
            #(::route_cors::__private::Cow::Borrowed(#values)),*
        ])
    }
}

fn header_value(value: &str) -> TokenStream {
    quote!(::route_cors::__private::actix_web::http::header::HeaderValue::from_static(#value))
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// The `Policy` constant expression for a checked policy.
pub(crate) fn policy_table(policy: &Normalized, origin_fn: Option<&syn::Path>) -> TokenStream {
    let any_origin = policy.any_origin;
    let exact_origins = strs(&policy.exact_origins);
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
            ::route_cors::__private::PatternTable {
                scheme: ::route_cors::__private::Cow::Borrowed(#scheme),
                host: ::route_cors::__private::Cow::Borrowed(#host),
                subdomains: #subdomains,
                port: ::route_cors::__private::PortMatch::#port,
            }
        }
    });
    let origin_regex = strs(&policy.origin_regex);
    let origin_fn = option(origin_fn.map(|path| quote!(#path)));
    let methods = strs(&policy.methods);
    let any_method = policy.any_method;
    let headers = option(policy.headers.as_deref().map(strs));
    let credentials = policy.credentials;
    let private_network = policy.private_network;
    let allow_methods = header_value(&policy.allow_methods_value);
    let allow_headers = option(policy.allow_headers_value.as_deref().map(header_value));
    let expose_headers = option(policy.expose_headers_value.as_deref().map(header_value));
    let max_age = header_value(&policy.max_age.to_string());
    quote! {
        ::route_cors::Policy::__from_table(::route_cors::__private::PolicyTable {
            any_origin: #any_origin,
            exact_origins: #exact_origins,
            patterns: ::route_cors::__private::Cow::Borrowed(&[#(#patterns),*]),
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

/// The name of the static policy inside a handler's `register`.
pub(crate) fn policy_static() -> syn::Ident {
    format_ident!("__ROUTE_CORS_POLICY")
}

/// The `wrap = "..."` argument added to each route attribute.
pub(crate) fn decorator_argument() -> TokenStream {
    let decorator = format!("::route_cors::Cors::decorate_only(&{})", policy_static());
    quote!(, wrap = #decorator)
}

/// A handler with its policy: a unit struct with the handler's name whose
/// `register` adds the preflight resources, then actix-web's own service
/// (whose route attributes already carry the decorator).
pub(crate) fn handler(
    function: ItemFn,
    table: TokenStream,
    registrations: &[Registration],
) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    let docs = function
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"));
    let policy = policy_static();
    // One preflight resource per distinct path (`#[routes]` may repeat one).
    let mut paths: Vec<&syn::LitStr> = Vec::new();
    for registration in registrations {
        if !paths
            .iter()
            .any(|path| path.value() == registration.path.value())
        {
            paths.push(&registration.path);
        }
    }
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        impl ::route_cors::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __route_cors_config: &mut ::route_cors::__private::actix_web::dev::AppService) {
                static #policy: ::route_cors::Policy = #table;
                #(
                    ::route_cors::__private::register_preflight(__route_cors_config, #paths, &#policy);
                )*
                #function
                ::route_cors::__private::actix_web::dev::HttpServiceFactory::register(#name, __route_cors_config);
            }
        }
    }
}

/// `policy!`: the middleware over a static policy.
pub(crate) fn middleware(table: TokenStream) -> TokenStream {
    let policy = policy_static();
    quote! {
        {
            static #policy: ::route_cors::Policy = #table;
            ::route_cors::Cors::new(&#policy)
        }
    }
}
