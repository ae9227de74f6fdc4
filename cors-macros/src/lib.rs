//! The `#[cors]` attribute and the `policy!` macro of
//! [route-cors](https://docs.rs/route-cors). Use them through the
//! `route-cors` crate, which documents them; this crate holds only the
//! entry points, and the stages live in their own modules:
//! `args` (parse) -> `validate` (the shared rules) -> `expand` (generate),
//! with `route` reading actix-web's route attributes, `item` applying
//! the attribute to a handler or a module, `named` the policies declared
//! by name, `suggest` the "did you mean" for misspelt keys, `krate`
//! finding the path through which generated code reaches route-cors, and
//! `openapi` keeping utoipa's `#[utoipa::path]` working on a handler.

use proc_macro::TokenStream;

mod args;
mod errors;
mod expand;
mod item;
mod krate;
mod named;
mod openapi;
mod route;
mod suggest;
mod validate;
mod values;

// Documented where the `route-cors` crate re-exports it.
#[allow(missing_docs)]
#[proc_macro_attribute]
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    item::cors(args.into(), input.into()).into()
}

// Documented where the `route-cors` crate re-exports it.
#[allow(missing_docs)]
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    item::policy(input.into()).into()
}

// Documented where the `route-cors` crate re-exports it.
#[allow(missing_docs)]
#[proc_macro]
pub fn cors_policies(input: TokenStream) -> TokenStream {
    named::policies(input.into()).into()
}

/// Removes the item it is written on. `#[cors]` writes it below the
/// `#[utoipa::path]` it moves out of a handler, on a copy of the handler
/// that only utoipa reads (see the `openapi` module).
#[doc(hidden)]
#[proc_macro_attribute]
pub fn __discard_item(_args: TokenStream, _item: TokenStream) -> TokenStream {
    TokenStream::new()
}
