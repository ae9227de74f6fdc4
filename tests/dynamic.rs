//! Origins known only at run time: origin sets configured at start-up,
//! origin functions of the request and async ones, and the rules every
//! origin they allow must still pass.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::Method;
use actix_web::test::init_service;
use actix_web::{get, put, web, App, HttpRequest};
use common::{actual, allow_origin, check, preflight, same_host, step, Row};
use route_cors::{cors, decide, policy, Decision, OriginSets, Policy, ProblemKind, RouteCors};

#[cors(origins_from = "frontend", credentials = true, headers = ["content-type"])]
#[put("/settings")]
async fn save_settings() -> &'static str {
    "saved"
}

/// A one-element list means what the single string means.
#[cors(origins_from = ["frontend"], methods = "GET")]
#[get("/settings/listed")]
async fn listed_set() -> &'static str {
    "listed"
}

fn frontend(value: &str) -> OriginSets {
    OriginSets::new()
        .set("frontend", value.split(", "))
        .expect("a valid origin set")
}

#[actix_web::test]
async fn a_route_takes_its_origins_from_a_configured_set() {
    let sets = frontend("https://staging.example.com, https://*.preview.example.com");
    let app = init_service(
        App::new()
            .app_data(sets)
            .service(save_settings)
            .wrap(RouteCors::new()),
    )
    .await;
    let allowed = [
        "https://staging.example.com",
        "https://pr-7.preview.example.com",
    ]
    .into_iter()
    .flat_map(|origin| {
        [
            preflight("/settings", origin, "PUT")
                .asking("content-type")
                .gets(204)
                .has(allow_origin(origin))
                .has("access-control-allow-credentials: true"),
            actual(Method::PUT, "/settings", origin)
                .gets(200)
                .body_is("saved")
                .has(allow_origin(origin)),
        ]
    });
    let refused = ["https://prod.example.com", "https://preview.example.com"]
        .into_iter()
        .flat_map(|origin| {
            [
                preflight("/settings", origin, "PUT").gets(403),
                same_host(Method::PUT, "/settings", origin)
                    .gets(200)
                    .cors(["vary: Origin"]),
                // From a page of that origin on another host: a
                // cross-origin write the route does not trust, refused
                // before the handler.
                actual(Method::PUT, "/settings", origin)
                    .gets(403)
                    .body_is_not("saved"),
            ]
        });
    check(&app, allowed.chain(refused)).await;
}

#[actix_web::test]
async fn a_route_whose_set_is_missing_allows_no_origin() {
    let app = init_service(App::new().service(save_settings)).await;
    let row = preflight("/settings", "https://staging.example.com", "PUT")
        .gets(403)
        .body_is(
            "origin set \"frontend\" not found in app_data; give it with \
             .app_data(OriginSets::new().set(\"frontend\", [...])?) on the App, \
             or on the scope that holds the route\n",
        );
    step(&app, row).await;
}

#[test]
fn a_bad_configured_value_names_the_variable_the_value_and_the_fix() {
    std::env::set_var(
        "ROUTE_CORS_TEST_BAD_ORIGINS",
        "https://app.example.com/,  http://intranet.example.com",
    );
    let error = OriginSets::new()
        .set_from_env("frontend", "ROUTE_CORS_TEST_BAD_ORIGINS")
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "ROUTE_CORS_TEST_BAD_ORIGINS=\"https://app.example.com/,  http://intranet.example.com\" (origin set \"frontend\") is not usable:\n  \
         origin \"https://app.example.com/\": origin must not end with `/`; write \"https://app.example.com\"\n  \
         origin \"http://intranet.example.com\": plain-http origin \"http://intranet.example.com\" cannot be in an origin set: any route may use the set, and with `credentials = true` anyone on the network path could act as it (a set takes https origins and loopback http); use \"https://intranet.example.com\""
    );
    let kinds: Vec<ProblemKind> = error
        .problems()
        .unwrap()
        .problems()
        .iter()
        .map(|problem| problem.kind)
        .collect();
    assert_eq!(
        kinds,
        [ProblemKind::OriginHasPath, ProblemKind::InsecureOrigin]
    );
    let io: std::io::Error = error.into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);

    let missing = OriginSets::new()
        .set_from_env("frontend", "ROUTE_CORS_TEST_UNSET_ORIGINS")
        .unwrap_err();
    assert_eq!(
        missing.to_string(),
        "ROUTE_CORS_TEST_UNSET_ORIGINS is not set: set it to the origins of origin set \"frontend\", separated by commas, such as ROUTE_CORS_TEST_UNSET_ORIGINS=\"https://app.example.com\""
    );
    let star = OriginSets::new().set("public", ["*"]).unwrap_err();
    assert!(star.to_string().ends_with(
        "holds \"*\", and a set lists origins; for a route open to every origin write `origins = \"*\"` on the route instead"
    ));
    let null = OriginSets::new().set("frames", ["null"]).unwrap_err();
    assert_eq!(
        null.problems().unwrap().problems()[0].kind,
        ProblemKind::NullOrigin
    );
    assert!(OriginSets::new()
        .set("empty", Vec::<String>::new())
        .is_err());
}

/// The tenants an app serves, as its state.
struct Tenants(Vec<&'static str>);

fn tenant_origin(origin: &str, req: &HttpRequest) -> bool {
    req.app_data::<web::Data<Tenants>>()
        .is_some_and(|tenants| tenants.0.contains(&origin))
}

#[cors(origin_fn = tenant_origin, credentials = true)]
#[get("/tenant")]
async fn tenant() -> &'static str {
    "tenant"
}

#[actix_web::test]
async fn an_origin_function_reads_the_apps_state() {
    let tenants = web::Data::new(Tenants(vec!["https://acme.example.net"]));
    let app = init_service(App::new().app_data(tenants).service(tenant)).await;
    let acme = "https://acme.example.net";
    check(
        &app,
        [
            preflight("/tenant", acme, "GET")
                .gets(204)
                .has(allow_origin(acme)),
            actual(Method::GET, "/tenant", acme)
                .gets(200)
                .has(allow_origin(acme)),
            preflight("/tenant", "https://other.example.net", "GET").gets(403),
        ],
    )
    .await;

    // The pure decision has no request to ask with: it allows nothing.
    let policy = Policy::builder()
        .allow_origin_fn_with_request(tenant_origin)
        .build()
        .unwrap();
    let mut headers = actix_web::http::header::HeaderMap::new();
    headers.insert(
        actix_web::http::header::ORIGIN,
        "https://acme.example.net".parse().unwrap(),
    );
    assert_eq!(
        decide(&policy, &Method::GET, &headers),
        Decision::ActualRefused
    );
}

static LOOKUPS: AtomicUsize = AtomicUsize::new(0);

/// A database lookup, as an async function.
async fn registered_origin(origin: String, _req: HttpRequest) -> bool {
    LOOKUPS.fetch_add(1, Ordering::SeqCst);
    actix_web::rt::task::yield_now().await;
    origin == "https://db.example.org"
}

#[cors(origins = "https://static.example.org", origin_fn_async = registered_origin)]
#[get("/registered")]
async fn registered() -> &'static str {
    "registered"
}

#[actix_web::test]
async fn an_async_origin_function_is_awaited_everywhere() {
    let bare = init_service(App::new().service(registered)).await;
    let outer = init_service(App::new().service(registered).wrap(RouteCors::new())).await;
    let middleware = init_service(
        App::new()
            .wrap(policy!(
                origin_fn_async = registered_origin,
                methods = ["GET"]
            ))
            .route("/registered", web::get().to(|| async { "registered" })),
    )
    .await;
    check(&bare, registered_rows()).await;
    check(&outer, registered_rows()).await;
    check(&middleware, registered_rows()).await;

    // Behind RouteCors, the route's own decorator reuses the answer: one
    // lookup per request.
    let once = || {
        actual(Method::GET, "/registered", DB)
            .gets(200)
            .calls(&LOOKUPS, 1)
    };
    step(&bare, once().named("bare")).await;
    step(&outer, once().named("behind RouteCors")).await;

    // A listed origin never reaches the async function.
    let listed = preflight("/registered", "https://static.example.org", "GET")
        .gets(204)
        .calls(&LOOKUPS, 0);
    step(&bare, listed).await;
}

const DB: &str = "https://db.example.org";

/// An origin the async function allows and one it refuses, each asked
/// about.
fn registered_rows() -> [Row<'static>; 3] {
    [
        preflight("/registered", DB, "GET")
            .gets(204)
            .has(allow_origin(DB)),
        actual(Method::GET, "/registered", DB)
            .gets(200)
            .body_is("registered")
            .has(allow_origin(DB)),
        preflight("/registered", "https://elsewhere.example.org", "GET").gets(403),
    ]
    .map(|row| row.calls_at_least(&LOOKUPS, 1))
}

fn allow_everything(_origin: &str) -> bool {
    true
}

#[cors(origin_fn = allow_everything, credentials = true)]
#[get("/guarded")]
async fn guarded() -> &'static str {
    "guarded"
}

#[cors(origin_fn = allow_everything, credentials = true,
       dangerously_allow_null_origin = true, dangerously_allow_insecure_origins = true)]
#[get("/unguarded")]
async fn unguarded() -> &'static str {
    "unguarded"
}

#[actix_web::test]
async fn an_origin_function_decides_only_among_origins_that_pass_the_rules() {
    let app = init_service(App::new().service(guarded).service(unguarded)).await;
    let cases = [
        ("https://anyone.example.com", true, true),
        ("http://localhost:3000", true, true),
        ("http://foo.localhost", true, true),
        ("http://127.0.0.2:8080", true, true),
        ("null", false, true),
        ("http://intranet.example.com", false, true),
        // Spellings no browser sends never reach the function.
        ("HTTPS://ANYONE.EXAMPLE.COM", false, false),
        ("https://anyone.example.com/", false, false),
        ("https://anyone.example.com:443", false, false),
        ("https://user@anyone.example.com", false, false),
        ("https://anyone.example.com:080", false, false),
        ("https://anyone.example.com evil", false, false),
    ];
    let status = |allows: bool| if allows { 204 } else { 403 };
    let rows = cases
        .into_iter()
        .flat_map(|(origin, guarded_allows, unguarded_allows)| {
            [
                preflight("/guarded", origin, "GET").gets(status(guarded_allows)),
                preflight("/unguarded", origin, "GET").gets(status(unguarded_allows)),
            ]
        });
    check(&app, rows).await;
}

/// What a `main` that returns the error with `?` prints is its `Debug`:
/// the message with the fix, whatever `main` returns.
#[test]
fn start_up_errors_print_their_message() {
    let set = OriginSets::new()
        .set("frontend", ["https://app.example.com/"])
        .unwrap_err();
    let message = set.to_string();
    assert!(
        message.contains("write \"https://app.example.com\""),
        "{message}"
    );
    assert_eq!(format!("{set:?}"), message);
    let boxed: Box<dyn std::error::Error> = Box::new(set.clone());
    assert_eq!(format!("{boxed:?}"), message);
    let io = std::io::Error::from(set);
    assert_eq!(
        format!("{io:?}"),
        format!("Custom {{ kind: InvalidInput, error: {message} }}")
    );

    let policy = Policy::builder()
        .allow_origin("https://*.com")
        .build()
        .unwrap_err();
    let message = policy.to_string();
    assert!(
        message.starts_with("invalid CORS policy\n  origin \"https://*.com\": "),
        "{message}"
    );
    assert_eq!(format!("{policy:?}"), message);
    let io = std::io::Error::from(policy);
    assert!(format!("{io:?}").contains(&message));
}

#[actix_web::test]
async fn a_set_named_in_a_one_element_list_is_the_same_set() {
    let app = init_service(
        App::new()
            .app_data(frontend("https://staging.example.com"))
            .service(listed_set),
    )
    .await;
    check(
        &app,
        [
            actual(
                Method::GET,
                "/settings/listed",
                "https://staging.example.com",
            )
            .gets(200)
            .has("access-control-allow-origin: https://staging.example.com"),
            actual(Method::GET, "/settings/listed", "https://prod.example.com")
                .gets(200)
                .cors(["vary: Origin"]),
        ],
    )
    .await;
}
