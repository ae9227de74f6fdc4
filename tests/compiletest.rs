//! Compile-fail cases: each file in `tests/ui` is a policy the compiler
//! refuses, or several handlers with one mistake of the same kind each
//! (such as `origin-malformed.rs`), with the caret under each offending
//! token; one build reports the error of every handler in the file.
//!
//! The `.stderr` files hold the compiler's own wording and layout, which
//! change between Rust releases, so they are compared only on the compiler
//! they were made with, [`UI_RUSTC`]; on any other the cases are skipped
//! with a message, and a new compiler release cannot turn CI red by itself.
//! To move to a new compiler: regenerate with `TRYBUILD=overwrite`, read the
//! diff, and change [`UI_RUSTC`] (and the README and CHANGELOG) with it.

use std::process::Command;

/// The compiler version (a `rustc --version` prefix) the `.stderr` files
/// were made with.
const UI_RUSTC: &str = "rustc 1.95.";

/// `rustc --version` of the compiler cargo builds the tests with.
fn rustc_version() -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("--version").output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

#[test]
fn ui() {
    match rustc_version() {
        Some(version) if version.starts_with(UI_RUSTC) => {
            let cases = trybuild::TestCases::new();
            cases.compile_fail("tests/ui/*.rs");
        }
        other => eprintln!(
            "skipping the ui cases: their .stderr files were made with {UI_RUSTC}x, this is {}",
            other.as_deref().unwrap_or("an unknown compiler"),
        ),
    }
}
