//! Origins known only at run time: origin sets configured at start-up,
//! origin functions of the request and async ones, and the rules every
//! origin they allow must still pass.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::test::init_service;
use actix_web::{get, put, web, App, HttpRequest};
use common::{actual, cors_headers, preflight, same_host, send};
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
    for origin in [
        "https://staging.example.com",
        "https://pr-7.preview.example.com",
    ] {
        let (status, headers, _) = send(
            &app,
            preflight("/settings", origin, "PUT", Some("content-type")),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{origin}");
        assert!(headers.contains(&format!("access-control-allow-origin: {origin}")));
        assert!(headers.contains(&"access-control-allow-credentials: true".to_owned()));
        let (_, headers, body) = send(&app, actual(Method::PUT, "/settings", origin)).await;
        assert_eq!(body, "saved");
        assert!(headers.contains(&format!("access-control-allow-origin: {origin}")));
    }
    for origin in ["https://prod.example.com", "https://preview.example.com"] {
        let (status, _, _) = send(&app, preflight("/settings", origin, "PUT", None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
        let (_, headers, _) = send(&app, same_host(Method::PUT, "/settings", origin)).await;
        assert_eq!(cors_headers(&headers), ["vary: Origin"], "{origin}");
        // From a page of that origin on another host: a cross-origin write
        // the route does not trust, refused before the handler.
        let (status, _, body) = send(&app, actual(Method::PUT, "/settings", origin)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
        assert_ne!(body, "saved");
    }
}

#[actix_web::test]
async fn a_route_whose_set_is_missing_allows_no_origin() {
    let app = init_service(App::new().service(save_settings)).await;
    let (status, _, body) = send(
        &app,
        preflight("/settings", "https://staging.example.com", "PUT", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        "origin set \"frontend\" not found in app_data; give it with \
         .app_data(OriginSets::new().set(\"frontend\", [...])?) on the App, \
         or on the scope that holds the route\n"
    );
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
         origin \"http://intranet.example.com\": plain-http origin \"http://intranet.example.com\" with `credentials = true` lets anyone on the network path act as it; use \"https://intranet.example.com\", or set `dangerously_allow_insecure_origins = true`"
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
    let (status, headers, _) = send(
        &app,
        preflight("/tenant", "https://acme.example.net", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&"access-control-allow-origin: https://acme.example.net".to_owned()));
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/tenant", "https://acme.example.net"),
    )
    .await;
    assert!(headers.contains(&"access-control-allow-origin: https://acme.example.net".to_owned()));
    let (status, _, _) = send(
        &app,
        preflight("/tenant", "https://other.example.net", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

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
    macro_rules! check {
        ($app:expr) => {
            let before = LOOKUPS.load(Ordering::SeqCst);
            let (status, headers, _) = send(
                &$app,
                preflight("/registered", "https://db.example.org", "GET", None),
            )
            .await;
            assert_eq!(status, StatusCode::NO_CONTENT);
            assert!(
                headers.contains(&"access-control-allow-origin: https://db.example.org".to_owned())
            );
            let (_, headers, body) = send(
                &$app,
                actual(Method::GET, "/registered", "https://db.example.org"),
            )
            .await;
            assert_eq!(body, "registered");
            assert!(
                headers.contains(&"access-control-allow-origin: https://db.example.org".to_owned())
            );
            let (status, _, _) = send(
                &$app,
                preflight("/registered", "https://elsewhere.example.org", "GET", None),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert!(LOOKUPS.load(Ordering::SeqCst) > before);
        };
    }
    check!(bare);
    check!(outer);
    check!(middleware);

    // Behind RouteCors, the route's own decorator reuses the answer: one
    // lookup per request.
    let before = LOOKUPS.load(Ordering::SeqCst);
    send(
        &bare,
        actual(Method::GET, "/registered", "https://db.example.org"),
    )
    .await;
    assert_eq!(LOOKUPS.load(Ordering::SeqCst), before + 1, "bare");
    let before = LOOKUPS.load(Ordering::SeqCst);
    send(
        &outer,
        actual(Method::GET, "/registered", "https://db.example.org"),
    )
    .await;
    assert_eq!(LOOKUPS.load(Ordering::SeqCst), before + 1);

    // A listed origin never reaches the async function.
    let before = LOOKUPS.load(Ordering::SeqCst);
    let (status, _, _) = send(
        &bare,
        preflight("/registered", "https://static.example.org", "GET", None),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(LOOKUPS.load(Ordering::SeqCst), before);
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
    for (origin, guarded_allows, unguarded_allows) in cases {
        for (path, allows) in [
            ("/guarded", guarded_allows),
            ("/unguarded", unguarded_allows),
        ] {
            let (status, _, _) = send(&app, preflight(path, origin, "GET", None)).await;
            let expected = if allows {
                StatusCode::NO_CONTENT
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(status, expected, "{path} {origin}");
        }
    }
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
    let (status, headers, _) = send(
        &app,
        actual(
            Method::GET,
            "/settings/listed",
            "https://staging.example.com",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers.contains(&"access-control-allow-origin: https://staging.example.com".to_owned())
    );
    let (_, headers, _) = send(
        &app,
        actual(Method::GET, "/settings/listed", "https://prod.example.com"),
    )
    .await;
    assert_eq!(cors_headers(&headers), ["vary: Origin"]);
}
