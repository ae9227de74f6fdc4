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

/// The rows of the markdown table whose header row is `| key | value |
/// default |`, after `heading`, each line with `prefix` removed: each
/// row's first cell (without its backticks) and last cell.
fn keys_table(text: &str, heading: &str, prefix: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text
        .lines()
        .map(|line| line.strip_prefix(prefix).unwrap_or(line))
        .collect();
    let start = lines
        .iter()
        .position(|line| line.contains(heading))
        .unwrap_or_else(|| panic!("no {heading:?}"));
    let header = start
        + lines[start..]
            .iter()
            .position(|line| *line == "| key | value | default |")
            .expect("a keys table");
    lines[header + 2..]
        .iter()
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            (
                cells[0].trim_matches('`').to_owned(),
                cells[cells.len() - 1].to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_keys_tables_list_the_keys_of_the_table() {
    let keys: Vec<(String, String)> = route_cors_rules::KEYS
        .iter()
        .map(|key| (key.name.to_owned(), key.default.to_owned()))
        .collect();
    let readme = include_str!("../README.md");
    let lib = include_str!("../src/lib.rs");
    assert_eq!(keys_table(readme, "## Keys", ""), keys, "README.md");
    assert_eq!(
        keys_table(lib, "# Attributes", "/// "),
        keys,
        "the `#[cors]` docs in src/lib.rs"
    );
}

#[test]
fn the_readme_shows_the_inventory_snapshot() {
    let readme = include_str!("../README.md");
    let snapshot = include_str!("snapshots/realistic.inventory.txt");
    let shown = block_after(readme, "tests/snapshots/realistic.inventory.txt", "").join("\n");
    assert_eq!(shown.trim_end(), snapshot.trim_end());
}
