//! utoipa's `#[utoipa::path]` on a handler that `#[cors]` expands.
//!
//! `#[utoipa::path]` reads the function it is written on (its route
//! attribute, signature, doc comments, `#[deprecated]`) and emits, where the
//! function stands, a `__path_<name>` struct for `#[openapi(paths(...))]`
//! and its traits implemented for `<name>`, the type actix-web's route
//! attribute makes of the handler (what `utoipa_actix_web`'s `service`
//! takes). Written below `#[cors]`, it would expand inside the `register`
//! of the handler's struct, where the function moves: out of reach of
//! `#[openapi(paths(...))]`, and implementing the traits for actix-web's
//! inner struct instead of the one users register.
//!
//! So `#[cors]` takes the attribute off the function and writes it at the
//! handler's place, on a copy of the function as `#[cors]` received it
//! (attributes and signature, an empty body), with `#[__discard_item]`
//! below it: utoipa reads the copy and emits its items beside the handler's
//! struct, then `__discard_item` removes the copy. The result is the one of
//! `#[utoipa::path]` written above `#[cors]`. The copy keeps the route
//! attributes unprefixed, as received: a `#[scope]` below `#[cors]` on a
//! module runs after it and prefixes them, as it does for any function.
//!
//! An attribute is recognised by its path alone (utoipa may not be a
//! dependency at all): one that ends in `utoipa::path`, so
//! `#[utoipa::path]`, `#[::utoipa::path]` and a re-export such as
//! `#[api::utoipa::path]`. utoipa's macro imported under another name
//! (`use utoipa::path as doc;`) cannot be told apart from any other
//! attribute and is left where it is; a bare `#[path]` is Rust's own
//! attribute, which a `use utoipa::path;` makes ambiguous.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, ItemFn, Path};

use crate::route::Routes;

/// Whether `attr` is utoipa's `#[utoipa::path(...)]`.
fn is_utoipa_path(attr: &Attribute) -> bool {
    let segments: Vec<_> = attr.path().segments.iter().collect();
    match segments.as_slice() {
        [.., krate, name] => krate.ident == "utoipa" && name.ident == "path",
        _ => false,
    }
}

/// Takes every `#[utoipa::path]` off the handler and returns it on the
/// copy described above, to be emitted beside the handler's struct; empty
/// when there is none. Call it before the route attributes are rewritten;
/// `routes`, read from the same attributes, is updated to the positions
/// the route attributes have once the others are taken.
pub(crate) fn take_path_attributes(
    function: &mut ItemFn,
    routes: &mut Routes,
    krate: &Path,
) -> TokenStream {
    if !function.attrs.iter().any(is_utoipa_path) {
        return TokenStream::new();
    }
    let utoipa = function.attrs.iter().filter(|attr| is_utoipa_path(attr));
    let attrs = function.attrs.iter().filter(|attr| !is_utoipa_path(attr));
    let vis = &function.vis;
    let sig = &function.sig;
    let copy = quote! {
        #(#utoipa)*
        #[#krate::__discard_item]
        #(#attrs)*
        #vis #sig {}
    };
    let mut position = Vec::with_capacity(function.attrs.len());
    let mut kept = Vec::with_capacity(function.attrs.len());
    for attr in function.attrs.drain(..) {
        if is_utoipa_path(&attr) {
            position.push(None);
        } else {
            position.push(Some(kept.len()));
            kept.push(attr);
        }
    }
    function.attrs = kept;
    for carrier in &mut routes.carriers {
        *carrier = position[*carrier].expect("a route attribute is not `#[utoipa::path]`");
    }
    copy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::read_routes;

    #[test]
    fn recognised_paths() {
        let cases: [(Attribute, bool); 7] = [
            (syn::parse_quote!(#[utoipa::path(get)]), true),
            (syn::parse_quote!(#[::utoipa::path(get)]), true),
            (syn::parse_quote!(#[api::utoipa::path(get)]), true),
            (syn::parse_quote!(#[path(get)]), false),
            (syn::parse_quote!(#[crate::path(get)]), false),
            (syn::parse_quote!(#[utoipa::pathx(get)]), false),
            (syn::parse_quote!(#[get("/x")]), false),
        ];
        for (attr, expected) in cases {
            assert_eq!(is_utoipa_path(&attr), expected, "{}", quote!(#attr));
        }
    }

    /// The route attributes are found where they are once utoipa's are
    /// taken, and the copy keeps every other attribute as received.
    #[test]
    fn route_attributes_keep_their_place() {
        let mut function: ItemFn = syn::parse_quote! {
            /// Docs.
            #[utoipa::path(responses((status = 200)))]
            #[get("/a")]
            #[utoipa::path(tag = "twice")]
            #[post("/b")]
            async fn handler() {}
        };
        let mut routes = read_routes(&function.attrs).unwrap().unwrap();
        assert_eq!(routes.carriers, [2, 4]);
        let krate: Path = syn::parse_quote!(::route_cors);
        let copy = take_path_attributes(&mut function, &mut routes, &krate).to_string();
        assert_eq!(routes.carriers, [1, 2]);
        for carrier in routes.carriers {
            assert!(crate::route::classify(&function.attrs[carrier]).is_some());
        }
        assert!(!function.attrs.iter().any(is_utoipa_path));
        let expected = quote! {
            #[utoipa::path(responses((status = 200)))]
            #[utoipa::path(tag = "twice")]
            #[::route_cors::__discard_item]
            #[doc = r" Docs."]
            #[get("/a")]
            #[post("/b")]
            async fn handler() {}
        };
        assert_eq!(copy, expected.to_string());
    }

    #[test]
    fn nothing_without_utoipa() {
        let mut function: ItemFn = syn::parse_quote! {
            #[get("/a")]
            async fn handler() {}
        };
        let mut routes = read_routes(&function.attrs).unwrap().unwrap();
        let krate: Path = syn::parse_quote!(::route_cors);
        assert!(take_path_attributes(&mut function, &mut routes, &krate).is_empty());
        assert_eq!(function.attrs.len(), 1);
        assert_eq!(routes.carriers, [0]);
    }
}
