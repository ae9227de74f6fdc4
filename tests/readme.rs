//! The README shows the crate docs' `Policy::builder` server example, which
//! compiles as a doc test; this keeps the two the same code.

/// The lines of the first code block after `heading`, each with `prefix`
/// removed.
fn block_after(text: &str, heading: &str, prefix: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|line| line.contains(heading))
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let fence = |line: &str| line.trim_start_matches(prefix).starts_with("```");
    let open = start
        + lines[start..]
            .iter()
            .position(|l| fence(l))
            .expect("a code block");
    let close = open
        + 1
        + lines[open + 1..]
            .iter()
            .position(|l| fence(l))
            .expect("its end");
    lines[open + 1..close]
        .iter()
        .map(|line| {
            line.strip_prefix(prefix)
                .unwrap_or(line.trim_start_matches(prefix.trim_end()))
                .to_owned()
        })
        .collect()
}

#[test]
fn readme_builder_example_is_the_doc_test() {
    let readme = include_str!("../README.md");
    let lib = include_str!("../src/lib.rs");
    assert_eq!(
        block_after(readme, "Origins known only at start-up", ""),
        block_after(lib, "# A policy read from configuration", "//! "),
    );
}
