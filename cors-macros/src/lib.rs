//! The `#[cors]` attribute and the `policy!` macro of
//! [route-cors](https://docs.rs/route-cors). Use them through the
//! `route-cors` crate, which documents them; this crate holds only the
//! entry points, and the stages live in their own modules:
//! `args` (parse) -> `validate` (the shared rules) -> `expand` (generate),
//! with `route` reading actix-web's route attributes, `item` applying
//! the attribute to a handler or a module, `suggest` the "did you mean"
//! for misspelt keys, and `krate` finding the path through which
//! generated code reaches route-cors.

use proc_macro::TokenStream;

mod args;
mod expand;
mod item;
mod krate;
mod named;
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
