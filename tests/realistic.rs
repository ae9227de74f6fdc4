//! `examples/realistic`: the reachability check passes, and its inventory
//! is the committed snapshot `tests/snapshots/realistic.inventory.txt`
//! (run with `UPDATE_SNAPSHOTS=1` to rewrite it after a deliberate change,
//! then read the diff).

#[allow(dead_code)]
#[path = "../examples/realistic.rs"]
mod realistic;

use actix_web::test;
use route_cors::test::{inventory, Check};

const SNAPSHOT: &str = "tests/snapshots/realistic.inventory.txt";

#[actix_web::test]
async fn the_realistic_example_passes_the_check() {
    let app = test::init_service(realistic::app()).await;
    Check::new()
        .header("authorization", "Bearer demo-token")
        .run(&app)
        .await
        .assert_ok();
}

#[actix_web::test]
async fn the_realistic_example_inventory_is_the_snapshot() {
    let app = test::init_service(realistic::app()).await;
    // As the example's own binary names its items and file.
    let mut inventory = inventory(&app).await;
    let own = |text: &str| {
        text.replace("realistic::realistic::", "realistic::")
            .replace("tests/../examples/", "examples/")
    };
    for route in &mut inventory.routes {
        route.handler = own(&route.handler);
        route.location = own(&route.location);
    }
    for middleware in &mut inventory.middleware {
        middleware.location = own(&middleware.location);
    }
    let inventory = inventory.to_string();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &inventory).unwrap();
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        inventory, snapshot,
        "the inventory of examples/realistic changed; if on purpose, run with UPDATE_SNAPSHOTS=1"
    );
}
