//! Compile-fail cases: each file in `tests/ui` is one policy the compiler
//! refuses, with the caret under the offending token.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
