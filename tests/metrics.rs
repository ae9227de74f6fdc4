//! The decisions counter (feature `metrics`): its labels and counts through
//! a real app, and a bounded label set whatever the origins sent.
//!
//! `cargo test --features metrics --test metrics`

#![cfg(feature = "metrics")]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use actix_web::http::Method;
use actix_web::test::init_service;
use actix_web::{put, web, App};
use common::{actual, check, preflight, step};
use metrics::{
    Counter, CounterFn, Gauge, Histogram, Key, KeyName, Metadata, Recorder, SharedString, Unit,
};
use route_cors::{cors, RouteCors};

/// A counter's value.
struct Value(AtomicU64);

impl CounterFn for Value {
    fn increment(&self, value: u64) {
        self.0.fetch_add(value, Ordering::Relaxed);
    }

    fn absolute(&self, value: u64) {
        self.0.store(value, Ordering::Relaxed);
    }
}

/// A counter's name and its labels, sorted.
type Series = (String, Vec<(String, String)>);

/// Every counter registered, by name and labels.
#[derive(Default)]
struct Counters(Mutex<BTreeMap<Series, Arc<Value>>>);

impl Counters {
    fn value(&self, labels: &[(&str, &str)]) -> u64 {
        let mut labels: Vec<(String, String)> = labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        labels.sort();
        self.0
            .lock()
            .unwrap()
            .get(&("route_cors_decisions_total".to_owned(), labels))
            .map_or(0, |value| value.0.load(Ordering::Relaxed))
    }

    fn label_values(&self, label: &str) -> BTreeSet<String> {
        self.0
            .lock()
            .unwrap()
            .keys()
            .flat_map(|(_, labels)| labels.iter())
            .filter(|(name, _)| name == label)
            .map(|(_, value)| value.clone())
            .collect()
    }

    fn series(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

impl Recorder for Counters {
    fn describe_counter(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn describe_gauge(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn describe_histogram(&self, _: KeyName, _: Option<Unit>, _: SharedString) {}

    fn register_counter(&self, key: &Key, _: &Metadata<'_>) -> Counter {
        let mut labels: Vec<(String, String)> = key
            .labels()
            .map(|label| (label.key().to_owned(), label.value().to_owned()))
            .collect();
        labels.sort();
        let value = Arc::clone(
            self.0
                .lock()
                .unwrap()
                .entry((key.name().to_owned(), labels))
                .or_insert_with(|| Arc::new(Value(AtomicU64::new(0)))),
        );
        Counter::from_arc(value)
    }

    fn register_gauge(&self, _: &Key, _: &Metadata<'_>) -> Gauge {
        Gauge::noop()
    }

    fn register_histogram(&self, _: &Key, _: &Metadata<'_>) -> Histogram {
        Histogram::noop()
    }
}

#[cors(origins = "https://app.example.com", credentials = true)]
#[put("/items/{id}")]
async fn save_item() -> &'static str {
    "saved"
}

const APP: &str = "https://app.example.com";

#[actix_web::test]
async fn decisions_are_counted_by_outcome_reason_and_route_template() {
    let counters = Counters::default();
    let _guard = metrics::set_default_local_recorder(&counters);
    let app = init_service(
        App::new()
            .service(web::scope("/api").service(save_item))
            .wrap(RouteCors::new()),
    )
    .await;
    let route = ("route", "/api/items/{id}");
    for id in 0..3 {
        let path = format!("/api/items/{id}");
        let rows = [
            preflight(&path, APP, "PUT").gets(204),
            actual(Method::PUT, &path, APP).gets(200),
        ];
        check(&app, rows).await;
    }
    assert_eq!(
        counters.value(&[("outcome", "preflight_allowed"), ("reason", "none"), route]),
        3
    );
    assert_eq!(
        counters.value(&[("outcome", "actual_allowed"), ("reason", "none"), route]),
        3
    );

    // A refused request from a thousand distinct origins adds no label
    // value: the origin and the raw path are never labels.
    for n in 0..1000 {
        let origin = format!("https://evil{n}.example");
        let row = preflight(&format!("/api/items/{n}"), &origin, "PUT").gets(403);
        step(&app, row).await;
    }
    assert_eq!(
        counters.value(&[
            ("outcome", "preflight_refused"),
            ("reason", "origin"),
            route
        ]),
        1000
    );
    assert_eq!(counters.series(), 3);
    assert_eq!(
        counters.label_values("route"),
        BTreeSet::from(["/api/items/{id}".to_owned()])
    );
}
