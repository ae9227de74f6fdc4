//! Code generation: the static policy table, the handler's service factory
//! and the `policy!` middleware.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use route_cors_rules::{
    CheckedPolicy, HeaderRule, HostRule, MethodRule, OriginPattern, PortRule, Text,
};
use syn::ItemFn;

/// A borrowed `Text` literal.
fn text(value: &str) -> TokenStream {
    quote!(::route_cors::__private::Cow::Borrowed(#value))
}

/// A borrowed `Texts` literal.
fn texts(values: &[Text]) -> TokenStream {
    let values = values.iter().map(|value| text(value));
    quote!(::route_cors::__private::Cow::Borrowed(&[#(#values),*]))
}

fn origin_pattern(pattern: &OriginPattern) -> TokenStream {
    let scheme = text(&pattern.scheme);
    let host = match &pattern.host {
        HostRule::Exact(host) => {
            let host = text(host);
            quote!(::route_cors::__private::rules::HostRule::Exact(#host))
        }
        HostRule::Subdomains(parent) => {
            let parent = text(parent);
            quote!(::route_cors::__private::rules::HostRule::Subdomains(#parent))
        }
    };
    let port = match pattern.port {
        PortRule::Default => quote!(Default),
        PortRule::Exact(port) => quote!(Exact(#port)),
        PortRule::Any => quote!(Any),
    };
    quote! {
        ::route_cors::__private::rules::OriginPattern {
            scheme: #scheme,
            host: #host,
            port: ::route_cors::__private::rules::PortRule::#port,
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
    } = policy;
    let any = origins.any;
    let exact = texts(&origins.exact);
    let patterns = origins.patterns.iter().map(origin_pattern);
    let regexes = texts(&origins.regexes);
    let function = origins.function;
    let methods = match methods {
        MethodRule::Any => quote!(::route_cors::__private::rules::MethodRule::Any),
        MethodRule::List(list) => {
            let list = texts(list);
            quote!(::route_cors::__private::rules::MethodRule::List(#list))
        }
    };
    let headers = match headers {
        HeaderRule::Echo => quote!(::route_cors::__private::rules::HeaderRule::Echo),
        HeaderRule::List(list) => {
            let list = texts(list);
            quote!(::route_cors::__private::rules::HeaderRule::List(#list))
        }
    };
    let expose_headers = texts(expose_headers);
    quote! {
        ::route_cors::__private::rules::CheckedPolicy {
            origins: ::route_cors::__private::rules::AllowedOrigins {
                any: #any,
                exact: #exact,
                patterns: ::route_cors::__private::Cow::Borrowed(&[#(#patterns),*]),
                regexes: #regexes,
                function: #function,
            },
            methods: #methods,
            headers: #headers,
            expose_headers: #expose_headers,
            credentials: #credentials,
            max_age: #max_age,
            private_network: #private_network,
        }
    }
}

/// The `Policy` constant expression for a checked policy and its
/// `origin_fn`, if any.
pub(crate) fn policy_table(policy: &CheckedPolicy, origin_fn: Option<&syn::Path>) -> TokenStream {
    let checked = checked_policy(policy);
    let origin_fn = match origin_fn {
        Some(path) => quote!(::core::option::Option::Some(#path)),
        None => quote!(::core::option::Option::None),
    };
    quote!(::route_cors::Policy::__from_checked(#checked, #origin_fn))
}

/// The name of a static policy inside a handler's `register`: one per
/// distinct path the handler serves.
pub(crate) fn policy_static(index: usize) -> syn::Ident {
    format_ident!("__ROUTE_CORS_POLICY_{}", index)
}

/// The `wrap = "..."` argument added to a route attribute whose path has
/// the policy `index`.
pub(crate) fn decorator_argument(index: usize) -> TokenStream {
    let decorator = format!(
        "::route_cors::Cors::decorate_only(&{})",
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
pub(crate) fn handler(function: ItemFn, paths: &[PathPolicy]) -> TokenStream {
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
                    static #policy: ::route_cors::Policy = #table;
                    ::route_cors::__private::register_route(__route_cors_config, #path, &#policy, &[#(#methods),*]);
                }
            }
            None => quote! {
                ::route_cors::__private::register_disabled(__route_cors_config, #path, &[#(#methods),*]);
            },
        }
    });
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        impl ::route_cors::__private::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __route_cors_config: &mut ::route_cors::__private::actix_web::dev::AppService) {
                #(#registrations)*
                #function
                ::route_cors::__private::actix_web::dev::HttpServiceFactory::register(#name, __route_cors_config);
            }
        }
    }
}

/// `policy!`: the middleware over a static policy.
pub(crate) fn middleware(table: TokenStream) -> TokenStream {
    let policy = policy_static(0);
    quote! {
        {
            static #policy: ::route_cors::Policy = #table;
            ::route_cors::Cors::new(&#policy)
        }
    }
}
