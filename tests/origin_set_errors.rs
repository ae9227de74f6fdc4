//! What `main` prints for an origin set it cannot use: each message says
//! what the value can be instead, in the set's own terms.

use route_cors::OriginSets;

/// The message an environment variable's value gets.
fn refusal(variable: &str, value: &str) -> String {
    std::env::set_var(variable, value);
    let error = OriginSets::new()
        .set_from_env("frontend", variable)
        .expect_err("a value the set refuses");
    // What `fn main() -> std::io::Result<()>` prints.
    format!("Error: {:?}", std::io::Error::from(error))
}

#[test]
fn a_set_says_what_its_values_can_be() {
    let cases = [
        (
            "ROUTE_CORS_TEST_HTTP",
            "http://app.example.com",
            "plain-http origin \"http://app.example.com\" cannot be in an origin set: any route may use the set, and with `credentials = true` anyone on the network path could act as it (a set takes https origins and loopback http); use \"https://app.example.com\"",
        ),
        (
            "ROUTE_CORS_TEST_SEMICOLON",
            "https://app.example.com;https://b.example.com",
            "origins in a set are separated by commas; write https://app.example.com, https://b.example.com",
        ),
        (
            "ROUTE_CORS_TEST_NULL",
            "null",
            "\"null\" is the origin of sandboxed frames, data: URLs and redirects, which any site can create, and an origin set never holds it; remove it",
        ),
    ];
    for (variable, value, message) in cases {
        let printed = refusal(variable, value);
        assert!(printed.contains(message), "{printed}");
        assert!(
            !printed.contains("dangerously_"),
            "a key no set takes: {printed}"
        );
        assert!(printed.contains(&format!("{variable}=")), "{printed}");
    }
}

#[test]
fn a_list_given_in_code_is_one_origin_per_string() {
    let error = OriginSets::new()
        .set("partners", ["https://a.example.com, https://b.example.com"])
        .expect_err("two origins in one string");
    assert!(
        error
            .to_string()
            .contains("one string holds one origin; write a list, [\"https://a.example.com\", \"https://b.example.com\"]"),
        "{error}"
    );
}

#[test]
fn a_set_name_no_route_can_write_is_refused_with_one_it_can() {
    let error = OriginSets::new()
        .set("Front End", ["https://app.example.com"])
        .expect_err("a name with a space");
    assert_eq!(
        error.to_string(),
        "origin set \"Front End\" = \"https://app.example.com\" has a name no `origins_from` can write (letters, digits, `_` and `-`); name it \"Front-End\", and write `origins_from = \"Front-End\"` on its routes"
    );
    assert!(OriginSets::new()
        .set("Front-End", ["https://app.example.com"])
        .is_ok());
}
