//! Builds the same 20-route App, wrapped in `RouteCors`, many times on one
//! thread, as a test suite does, and prints the resident memory and the
//! time of each new App's first preflight at some of the builds: neither
//! may grow with the number of Apps built before (BENCHMARKS.md, "The
//! route registry").
//!
//! `cargo run --release --example app_builds -- 5000`

use std::time::Instant;

use actix_web::http::Method;
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{get, App};
use route_cors::{cors, RouteCors};

macro_rules! routes {
    ($($name:ident $path:literal)*) => {
        $(
            #[cors(origins = "https://app.example.com", credentials = true)]
            #[get($path)]
            async fn $name() -> &'static str {
                "ok"
            }
        )*
        fn app() -> App<
            impl actix_web::dev::ServiceFactory<
                actix_web::dev::ServiceRequest,
                Config = (),
                Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
                Error = actix_web::Error,
                InitError = (),
            >,
        > {
            App::new()$(.service($name))*.wrap(RouteCors::new())
        }
    };
}

routes! {
    r0 "/r0" r1 "/r1" r2 "/r2" r3 "/r3" r4 "/r4" r5 "/r5" r6 "/r6" r7 "/r7" r8 "/r8" r9 "/r9"
    r10 "/r10" r11 "/r11" r12 "/r12" r13 "/r13" r14 "/r14" r15 "/r15" r16 "/r16" r17 "/r17"
    r18 "/r18" r19 "/r19"
}

/// The process's resident memory, in kB (Linux).
fn rss_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|line| line.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let builds: usize = std::env::args()
        .nth(1)
        .map_or(3000, |n| n.parse().expect("a number of builds"));
    actix_web::rt::System::new().block_on(async {
        let start = Instant::now();
        for build in 1..=builds {
            let app = init_service(app()).await;
            let preflight = TestRequest::default()
                .method(Method::OPTIONS)
                .uri("/r19")
                .insert_header(("origin", "https://app.example.com"))
                .insert_header(("access-control-request-method", "GET"))
                .to_request();
            let first = Instant::now();
            let response = call_service(&app, preflight).await;
            let first = first.elapsed();
            assert_eq!(response.status(), 204);
            if [1, 50, 500, 1000, 2000, 3000, 5000].contains(&build) {
                println!(
                    "build {build}: first preflight {first:?}, RSS {} kB",
                    rss_kb().unwrap_or(0)
                );
            }
        }
        println!("{builds} builds in {:?}", start.elapsed());
    });
}
