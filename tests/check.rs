//! The reachability check: for each mistake an application can make in
//! wiring its route policies, the app with the mistake (the check names
//! the route, where it was written and the fix) and the same app
//! corrected (the check passes).

mod common;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Logger, Next, NormalizePath};
use actix_web::{get, options, put, test, web, App, Error, HttpResponse};
use common::{capture_logs, LOGS};
use route_cors::test::{check, Check, Report, TestActual, TestPreflight};
use route_cors::{cors, OriginSets, RouteCors};

const SPA: &str = "https://spa.example.com";

#[cors(origins = "https://spa.example.com", credentials = true, headers = ["authorization"])]
#[get("/api/me")]
async fn me() -> &'static str {
    "alice"
}

/// Lets requests with the test token through; answers 401 to the rest.
async fn auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let token = req
        .headers()
        .get("authorization")
        .map(|v| v.as_bytes().to_vec());
    if token.as_deref() == Some(b"Bearer test".as_slice()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let response = HttpResponse::Unauthorized().body("session expired");
    Ok(req.into_response(response).map_into_right_body())
}

/// Asserts a report has a line with every one of `parts`.
#[track_caller]
fn reports(report: &Report, parts: &[&str]) {
    assert!(
        report
            .problems
            .iter()
            .any(|line| parts.iter().all(|part| line.contains(part))),
        "no line with {parts:?} in\n{report}"
    );
}

#[actix_web::test]
async fn hole_1_route_cors_forgotten_with_an_app_level_auth_layer() {
    let mistake = test::init_service(App::new().service(me).wrap(from_fn(auth))).await;
    let report = check(&mistake).await;
    reports(
        &report,
        &[
            "/api/me (tests/check.rs:",
            "GET preflight",
            "401",
            "wrap `RouteCors::new()` outside the auth layer",
        ],
    );
    reports(
        &report,
        &["/api/me", "an early 401 without the route's CORS headers"],
    );

    let corrected = test::init_service(
        App::new()
            .service(me)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new()),
    )
    .await;
    check(&corrected).await.assert_ok();
}

#[options("/api/me")]
async fn my_options() -> HttpResponse {
    HttpResponse::Ok().body("my options")
}

#[actix_web::test]
async fn hole_2_an_options_handler_registered_first_takes_the_preflights() {
    capture_logs();
    let mistake = test::init_service(App::new().service(my_options).service(me)).await;
    let report = check(&mistake).await;
    reports(
        &report,
        &[
            "/api/me (tests/check.rs:",
            "by a handler of yours",
            "register the `#[cors]` route first",
        ],
    );
    // Reported at run time too, from the first request the handler serves.
    let logs = LOGS.lock().unwrap().clone();
    assert!(
        logs.iter().any(|line| line
            .contains("resource `my_options` is registered before the `#[cors]` route on /api/me")),
        "{logs:?}"
    );

    let corrected = test::init_service(App::new().service(me).service(my_options)).await;
    check(&corrected).await.assert_ok();
}

#[cors(origins = "*")]
#[get("/status")]
async fn status() -> &'static str {
    "up"
}

#[actix_web::test]
async fn hole_2_an_unnamed_resource_registered_first_takes_the_preflights() {
    capture_logs();
    let unnamed = || web::resource("/api/me").route(web::post().to(HttpResponse::Ok));
    let mistake =
        test::init_service(App::new().service(unnamed()).service(me).service(status)).await;
    let report = check(&mistake).await;
    reports(
        &report,
        &[
            "/api/me (tests/check.rs:",
            "405",
            "register the `#[cors]` route first",
        ],
    );
    let logs = LOGS.lock().unwrap().clone();
    assert!(
        logs.iter().any(|line| line.starts_with("ERROR")
            && line.contains("the preflights of /api/me go to an unnamed resource")),
        "{logs:?}"
    );

    let corrected = test::init_service(App::new().service(me).service(unnamed())).await;
    check(&corrected).await.assert_ok();
    // Under `RouteCors`, the route's preflights are answered before
    // routing, whatever was registered first.
    let with_route_cors = test::init_service(
        App::new()
            .service(unnamed())
            .service(me)
            .service(status)
            .wrap(RouteCors::new()),
    )
    .await;
    let report = check(&with_route_cors).await;
    assert!(
        !report
            .problems
            .iter()
            .any(|line| line.contains("preflight")),
        "{report}"
    );
}

#[cors(origins_from = "frontend", credentials = true)]
#[put("/settings")]
async fn settings() -> &'static str {
    "saved"
}

#[actix_web::test]
async fn hole_3_an_origin_set_missing_from_app_data() {
    let check = || Check::new().sample("frontend", SPA);
    let mistake = test::init_service(App::new().service(settings).wrap(RouteCors::new())).await;
    let report = check().run(&mistake).await;
    reports(
        &report,
        &[
            "/settings (tests/check.rs:",
            "origin set \"frontend\" not found in app_data",
            "give it with .app_data(OriginSets::new().set(\"frontend\", [...])?) on the App",
        ],
    );

    let sets = OriginSets::new().set("frontend", [SPA]).unwrap();
    let corrected = test::init_service(
        App::new()
            .app_data(sets)
            .service(settings)
            .wrap(RouteCors::new()),
    )
    .await;
    check().run(&corrected).await.assert_ok();
}

fn says_yes(_origin: &str) -> bool {
    true
}

fn knows_the_spa(origin: &str) -> bool {
    origin == SPA
}

#[cors(origin_fn = says_yes, credentials = true)]
#[get("/account")]
async fn account() -> &'static str {
    "account"
}

#[cors(origin_fn = knows_the_spa, credentials = true)]
#[get("/account")]
async fn account_fixed() -> &'static str {
    "account"
}

#[actix_web::test]
async fn hole_4_a_credentialed_origin_function_that_says_yes_to_anything() {
    let check = || {
        Check::new()
            .sample("says_yes", SPA)
            .sample("knows_the_spa", SPA)
    };
    let mistake = test::init_service(App::new().service(account)).await;
    let report = check().run(&mistake).await;
    reports(
        &report,
        &[
            "/account (tests/check.rs:",
            "the origin function `says_yes` allows https://probe.invalid",
        ],
    );

    let corrected = test::init_service(App::new().service(account_fixed)).await;
    check().run(&corrected).await.assert_ok();
}

/// `NormalizePath::trim()` inside `RouteCors`: `RouteCors` finds the route
/// past the trailing slash the inner layer trims, so the check, which
/// sends the trailing-slash preflight, finds nothing wrong in either
/// order.
#[actix_web::test]
async fn hole_5_normalize_path_inside_route_cors_is_found_past_the_slash() {
    let check = || Check::new().header("authorization", "Bearer test");
    let inside = test::init_service(
        App::new()
            .service(me)
            .wrap(from_fn(auth))
            .wrap(NormalizePath::trim())
            .wrap(Logger::default())
            .wrap(RouteCors::new()),
    )
    .await;
    check().run(&inside).await.assert_ok();
    TestPreflight::new("/api/me/")
        .origin(SPA)
        .method("GET")
        .headers(["authorization"])
        .send(&inside)
        .await
        .assert_allowed();

    let outside = test::init_service(
        App::new()
            .service(me)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new())
            .wrap(NormalizePath::trim())
            .wrap(Logger::default()),
    )
    .await;
    check().run(&outside).await.assert_ok();
}

#[actix_web::test]
async fn a_route_without_a_known_origin_is_noted_not_failed() {
    let app = test::init_service(App::new().service(account_fixed)).await;
    let report = check(&app).await;
    assert!(report.is_ok(), "{report}");
    assert!(
        report
            .notes
            .iter()
            .any(|note| note.contains(".sample(name, origin)")),
        "{report}"
    );
}

#[actix_web::test]
async fn the_assertions_show_the_request_and_the_response() {
    let app = test::init_service(App::new().service(me).wrap(RouteCors::new())).await;
    TestPreflight::new("/api/me")
        .origin(SPA)
        .method("GET")
        .headers(["authorization"])
        .send(&app)
        .await
        .assert_allowed();
    TestPreflight::new("/api/me")
        .origin("https://evil.example.net")
        .send(&app)
        .await
        .assert_refused("origin not allowed");
    TestActual::get("/api/me")
        .origin(SPA)
        .send(&app)
        .await
        .assert_readable();
    TestActual::get("/api/me").send(&app).await.assert_no_cors();
    let refused = TestActual::get("/api/me")
        .origin("https://evil.example.net")
        .send(&app)
        .await;
    let failure = std::panic::catch_unwind(|| {
        refused.assert_readable();
    })
    .unwrap_err();
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("request sent:\n  GET /api/me\n  origin: https://evil.example.net"),
        "{message}"
    );
    assert!(message.contains("response received:\n  200\n"), "{message}");
    assert!(message.contains("vary: Origin"), "{message}");
}

/// With the `introspection` feature, a route without a policy of its own
/// is checked under the `policy!` its requests reach: wrapped inside the
/// scope's auth layer, the middleware never sees a preflight.
#[cfg(feature = "introspection")]
#[actix_web::test]
async fn hole_5_policy_inside_the_scope_auth_layer() {
    use route_cors::policy;

    async fn notes() -> &'static str {
        "notes"
    }
    let check = || Check::new().header("authorization", "Bearer test");
    let mistake = test::init_service(
        App::new().service(
            web::scope("/app")
                .wrap(policy!(origins = "https://spa.example.com"))
                .wrap(from_fn(auth))
                .route("/notes", web::get().to(notes)),
        ),
    )
    .await;
    let report = check().run(&mistake).await;
    reports(
        &report,
        &[
            "/app/notes (policy! at tests/check.rs:",
            "answered 401",
            "the outermost wrap of its scope",
        ],
    );

    let corrected = test::init_service(
        App::new().service(
            web::scope("/app")
                .wrap(from_fn(auth))
                .wrap(policy!(origins = "https://spa.example.com"))
                .route("/notes", web::get().to(notes)),
        ),
    )
    .await;
    check().run(&corrected).await.assert_ok();
}

/// A refusal that says the set is missing (`origin set "..." not found`)
/// is reported as such, with or without a sample for the set.
#[actix_web::test]
async fn hole_3_a_refusal_naming_the_missing_set_is_reported_without_a_sample() {
    let says_missing = web::resource("/settings")
        .guard(actix_web::guard::Options())
        .to(|| async {
            HttpResponse::Forbidden()
                .body("origin set \"frontend\" not found in app_data; give the app an OriginSets\n")
        });
    let app = test::init_service(App::new().service(says_missing).service(settings)).await;
    let report = check(&app).await;
    reports(
        &report,
        &[
            "/settings (tests/check.rs:",
            "origin set \"frontend\" not found in app_data",
            "`.app_data(OriginSets::new().set(",
        ],
    );
}
