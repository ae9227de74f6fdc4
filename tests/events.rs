//! The `tracing` events of the decisions, captured through real apps (a
//! bare App, `RouteCors`, `policy!`): names, levels, fields, the route
//! template rather than the path, the origin escaped and cut, and no
//! explanation in the 403 body.

// Each test holds `serial()` across its awaits on purpose: the tests of this
// file run one at a time, each on its own single-threaded runtime.
#![allow(clippy::await_holding_lock)]

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::http::Method;
use actix_web::test::init_service;
use actix_web::{get, put, web, App, HttpResponse};
use common::{actual, preflight, request, step};
use route_cors::{cors, policy, OriginSets, RouteCors};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One captured event.
#[derive(Debug, Clone)]
struct Captured {
    name: String,
    level: Level,
    target: String,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("(absent)", String::as_str)
    }
}

/// A subscriber that keeps every event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Captured>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let metadata = event.metadata();
        self.0.lock().unwrap().push(Captured {
            name: metadata.name().to_owned(),
            level: *metadata.level(),
            target: metadata.target().to_owned(),
            fields,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// One test at a time: whether events carry the origin is one setting of
/// the process, which a test here switches.
fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Capture {
    /// The events of target `route_cors` named `name`.
    fn named(&self, name: &str) -> Vec<Captured> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|event| event.target == "route_cors" && event.name == name)
            .cloned()
            .collect()
    }

    fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

#[cors(origins = "https://app.example.com", credentials = true, headers = ["content-type"])]
#[put("/items/{id}")]
async fn save_item() -> &'static str {
    "saved"
}

#[cors(origins_from = "spa")]
#[get("/feed")]
async fn feed() -> &'static str {
    "feed"
}

const APP: &str = "https://app.example.com";

#[actix_web::test]
async fn a_refused_preflight_is_one_event_naming_route_reason_and_nearest_origin() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = init_service(
        App::new()
            .service(web::scope("/api").service(save_item))
            .wrap(RouteCors::new()),
    )
    .await;

    let row = preflight("/api/items/7", "https://app.example.com:8443", "PUT")
        .gets(403)
        // The 403 says nothing of the allowed origins.
        .body_is("CORS preflight refused: origin not allowed\n");
    step(&app, row).await;
    let events = capture.named("preflight_refused");
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(event.level, Level::INFO);
    assert_eq!(event.field("http.route"), "/api/items/{id}");
    assert_eq!(event.field("reason"), "origin");
    assert_eq!(event.field("method"), "PUT");
    assert_eq!(event.field("origin"), "https://app.example.com:8443");
    assert!(
        event
            .field("policy")
            .starts_with("events::save_item (tests/events.rs:"),
        "{}",
        event.field("policy")
    );
    assert_eq!(
        event.field("explanation"),
        "differs only by port: allowed https://app.example.com, got https://app.example.com:8443"
    );

    capture.clear();
    let row = preflight("/api/items/7", APP, "PUT")
        .asking("content-type,x-secret")
        .gets(403);
    step(&app, row).await;
    let event = &capture.named("preflight_refused")[0];
    assert_eq!(
        (event.field("reason"), event.field("header")),
        ("header", "x-secret")
    );

    capture.clear();
    step(&app, preflight("/api/items/7", APP, "DELETE").gets(403)).await;
    let event = &capture.named("preflight_refused")[0];
    assert_eq!(
        (event.field("reason"), event.field("method")),
        ("no_route_for_method", "DELETE")
    );
}

#[actix_web::test]
async fn allowed_and_refused_requests_have_their_own_events() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = init_service(App::new().service(save_item)).await;

    step(&app, preflight("/items/1", APP, "PUT").gets(204)).await;
    let allowed = capture.named("preflight_allowed");
    assert_eq!(allowed.len(), 1);
    assert_eq!(allowed[0].level, Level::DEBUG);
    assert_eq!(allowed[0].field("http.route"), "/items/{id}");

    // An actual request from a refused origin, sent as a same-origin
    // request so that the write protection lets it through.
    let row = actual(Method::PUT, "/items/1", "https://other.example")
        .header("host", "other.example")
        .gets(200);
    step(&app, row).await;
    let refused = capture.named("origin_refused");
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].level, Level::DEBUG);
    assert_eq!(refused[0].field("reason"), "origin");

    let row = actual(Method::PUT, "/items/1", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .gets(403);
    step(&app, row).await;
    let write = capture.named("cross_origin_write_refused");
    assert_eq!(write.len(), 1);
    assert_eq!(write[0].level, Level::INFO);
    assert_eq!(write[0].field("reason"), "cross_site");
    assert_eq!(write[0].field("method"), "PUT");
}

#[actix_web::test]
async fn policy_on_a_scope_names_itself() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = init_service(
        App::new().service(
            web::scope("/api")
                .wrap(policy!(origins = "https://app.example.com"))
                .route("/things/{id}", web::get().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let row = preflight("/api/things/9", "https://www.app.example.com", "GET").gets(403);
    step(&app, row).await;
    let event = &capture.named("preflight_refused")[0];
    assert_eq!(event.field("http.route"), "/api/things/{id}");
    assert!(
        event
            .field("policy")
            .starts_with("policy! at tests/events.rs:"),
        "{}",
        event.field("policy")
    );
    assert!(
        event
            .field("explanation")
            .starts_with("differs only by www."),
        "{}",
        event.field("explanation")
    );
}

#[actix_web::test]
async fn an_attackers_origin_is_escaped_and_cut() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = init_service(App::new().service(save_item)).await;
    let long = format!("https://{}.example", "a".repeat(10_000));
    step(&app, preflight("/items/1", &long, "PUT").gets(403)).await;
    let origin = capture.named("preflight_refused")[0]
        .field("origin")
        .to_owned();
    assert!(origin.len() < 300, "{} bytes", origin.len());
    assert!(
        origin.ends_with(&format!("...({} bytes)", long.len())),
        "{origin}"
    );

    capture.clear();
    let row = request(Method::OPTIONS, "/items/1")
        // Control bytes other than a tab never make a header value.
        .header_bytes("origin", b"https://e\tvil\"\xff")
        .header("access-control-request-method", "PUT")
        .gets(403);
    step(&app, row).await;
    assert_eq!(
        capture.named("preflight_refused")[0].field("origin"),
        "https://e\\tvil\\\"\\xff"
    );
}

/// A route whose origin set the app does not give: one ERROR record per
/// app and set, naming the route, the set and the fix, whatever the number
/// of requests and of layers that meet it; each refusal names the set.
#[actix_web::test]
async fn a_missing_origin_set_is_an_error_once_per_app() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    for round in 0..2 {
        capture.clear();
        // A bare App (the route's preflight resource and its decorator
        // both meet the missing set), then RouteCors.
        let bare = init_service(App::new().service(web::scope("/api").service(feed))).await;
        let wrapped = init_service(App::new().service(feed).wrap(RouteCors::new())).await;
        for _ in 0..3 {
            let refused = preflight("/api/feed", APP, "GET")
                .gets(403)
                .body_starts_with("origin set \"spa\" not found in app_data");
            step(&bare, refused).await;
            step(
                &bare,
                actual(Method::GET, "/api/feed", APP)
                    .gets(200)
                    .lacks("access-control-"),
            )
            .await;
            step(&wrapped, preflight("/feed", APP, "GET").gets(403)).await;
        }
        let missing = capture.named("origin_set_missing");
        assert_eq!(missing.len(), 2, "round {round}: one per app: {missing:?}");
        assert_eq!(missing[0].level, Level::ERROR);
        assert_eq!(missing[0].field("set"), "spa");
        assert_eq!(missing[0].field("http.route"), "/api/feed");
        assert_eq!(missing[1].field("http.route"), "/feed");
        assert!(missing[0]
            .field("policy")
            .starts_with("events::feed (tests/events.rs:"));
        let message = missing[0].field("message");
        assert!(
            message.contains("origin set \"spa\" not found in app_data")
                && message.contains(".app_data(OriginSets::new().set_from_env(\"spa\"")
                && message.contains("on the App"),
            "{message}"
        );
        let refused = capture.named("preflight_refused");
        assert_eq!(refused.len(), 6);
        assert_eq!(refused[0].field("reason"), "origin_set_missing");
        assert!(refused[0].field("message").starts_with(
            "CORS preflight refused: origin set \"spa\" not found in app_data; give it"
        ));
        let actual_refused = capture.named("origin_refused");
        assert_eq!(actual_refused[0].field("reason"), "origin_set_missing");
    }
}

#[test]
fn an_origin_set_built_reports_its_size_not_its_values() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    OriginSets::new()
        .set("spa", ["https://a.example.com", "https://*.b.example.com"])
        .unwrap();
    let built = capture.named("origin_set_built");
    assert_eq!(built.len(), 1);
    assert_eq!(built[0].level, Level::INFO);
    assert_eq!(
        (built[0].field("set"), built[0].field("count")),
        ("spa", "2")
    );
    assert!(!format!("{:?}", built[0].fields).contains("a.example.com"));
}

#[actix_web::test]
async fn the_origin_can_be_left_out() {
    let _serial = serial();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let app = init_service(App::new().service(save_item)).await;
    route_cors::set_origin_in_events(false);
    step(
        &app,
        preflight("/items/1", "https://secret.example", "PUT").gets(403),
    )
    .await;
    route_cors::set_origin_in_events(true);
    let event = &capture.named("preflight_refused")[0];
    assert_eq!(event.field("origin"), "-");
    assert_eq!(event.field("explanation"), "-");
}
