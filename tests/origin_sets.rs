//! Origin sets are found where users put them: bare or in `web::Data`, on
//! the App or on the scope that holds the route, with and without
//! `RouteCors`; a set that is not found is named, with its fix, in the 403
//! and in the events, never a bare "origin not allowed".

mod common;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{from_fn, Next};
use actix_web::test::init_service;
use actix_web::{get, put, web, App, Error, HttpResponse};
use common::{actual, allow_origin, check, preflight, Row};
use route_cors::{cors, policy, OriginSets, RouteCors};

const SPA: &str = "https://app.example.com";
const OTHER: &str = "https://other.example.com";

/// The start of the 403 to a preflight whose route's set is not found.
const SET_MISSING: &str = "origin set \"spa\" not found in app_data; give it with .app_data(";

/// The start of `RouteCors`'s 403 when a layer inside it answered a
/// preflight it left to the route.
const SET_NOT_ON_THE_APP: &str = "origin set \"spa\" not found in the App's app_data";

#[cors(origins_from = "spa", credentials = true, headers = ["content-type"])]
#[put("/settings")]
async fn save_settings() -> &'static str {
    "saved"
}

#[cors(origins_from = "spa", methods = "GET")]
#[get("/feed")]
async fn feed() -> &'static str {
    "feed"
}

fn sets() -> OriginSets {
    OriginSets::new().set("spa", [SPA]).expect("a valid set")
}

/// The set allows its origin on both routes under `prefix`: preflights
/// 204 with the origin, actual responses readable; another origin gets
/// neither.
fn the_set_is_found<'a>(prefix: &str, shape: &str) -> Vec<Row<'a>> {
    let settings = format!("{prefix}/settings");
    let feed_path = format!("{prefix}/feed");
    vec![
        preflight(&settings, SPA, "PUT")
            .asking("content-type")
            .gets(204)
            .has(allow_origin(SPA)),
        actual(Method::PUT, &settings, SPA)
            .gets(200)
            .body_is("saved")
            .has(allow_origin(SPA)),
        preflight(&feed_path, SPA, "GET")
            .gets(204)
            .has(allow_origin(SPA)),
        actual(Method::GET, &feed_path, SPA)
            .gets(200)
            .has(allow_origin(SPA)),
        preflight(&feed_path, OTHER, "GET")
            .gets(403)
            .body_is("CORS preflight refused: origin not allowed\n"),
        actual(Method::GET, &feed_path, OTHER)
            .gets(200)
            .lacks("access-control-"),
    ]
    .into_iter()
    .map(|row| row.named(shape))
    .collect()
}

#[actix_web::test]
async fn a_set_in_web_data_on_the_app_is_found() {
    let data = web::Data::new(sets());
    let bare = init_service(
        App::new()
            .app_data(data.clone())
            .service(save_settings)
            .service(feed),
    )
    .await;
    check(&bare, the_set_is_found("", "web::Data on the App")).await;
    let wrapped = init_service(
        App::new()
            .app_data(data)
            .service(save_settings)
            .service(feed)
            .wrap(RouteCors::new()),
    )
    .await;
    check(
        &wrapped,
        the_set_is_found("", "web::Data on the App, RouteCors"),
    )
    .await;
}

#[actix_web::test]
async fn a_set_on_the_scope_is_found() {
    let scope = || {
        web::scope("/api")
            .app_data(sets())
            .service(save_settings)
            .service(feed)
    };
    let bare = init_service(App::new().service(scope())).await;
    check(&bare, the_set_is_found("/api", "on the scope")).await;
    let wrapped = init_service(App::new().service(scope()).wrap(RouteCors::new())).await;
    check(
        &wrapped,
        the_set_is_found("/api", "on the scope, RouteCors"),
    )
    .await;
}

#[actix_web::test]
async fn a_set_in_web_data_on_the_scope_is_found() {
    let data = web::Data::new(sets());
    let scope = || {
        web::scope("/api")
            .app_data(data.clone())
            .service(save_settings)
            .service(feed)
    };
    let bare = init_service(App::new().service(scope())).await;
    check(&bare, the_set_is_found("/api", "web::Data on the scope")).await;
    let wrapped = init_service(App::new().service(scope()).wrap(RouteCors::new())).await;
    check(
        &wrapped,
        the_set_is_found("/api", "web::Data on the scope, RouteCors"),
    )
    .await;
}

/// The 403 of a preflight to a route whose set the app does not give.
fn names_the_missing_set<'a>(path: &str, shape: &str) -> Row<'a> {
    preflight(path, SPA, "GET")
        .gets(403)
        .body_starts_with(SET_MISSING)
        .body_ends_with("on the App, or on the scope that holds the route\n")
        .lacks("access-control-")
        .named(shape)
}

#[actix_web::test]
async fn a_missing_set_is_named_with_its_fix() {
    let bare = init_service(App::new().service(feed)).await;
    check(&bare, [names_the_missing_set("/feed", "bare App")]).await;
    let wrapped = init_service(App::new().service(feed).wrap(RouteCors::new())).await;
    check(&wrapped, [names_the_missing_set("/feed", "RouteCors")]).await;
    let in_scope = init_service(
        App::new()
            .service(web::scope("/api").service(feed))
            .wrap(RouteCors::new()),
    )
    .await;
    check(
        &in_scope,
        [names_the_missing_set("/api/feed", "scope, RouteCors")],
    )
    .await;
    // Another set given does not hide the missing one.
    let other = OriginSets::new()
        .set("admin", ["https://admin.example.com"])
        .unwrap();
    let wrong = init_service(App::new().app_data(other).service(feed)).await;
    check(&wrong, [names_the_missing_set("/feed", "another set")]).await;

    // A credentialed route's cross-origin write is refused with the same
    // words.
    let app = init_service(App::new().service(save_settings)).await;
    check(
        &app,
        [actual(Method::PUT, "/settings", SPA)
            .header("sec-fetch-site", "cross-site")
            .gets(403)
            .body_starts_with(SET_MISSING)
            .body_ends_with("(cross-origin write refused: cross-origin request from an origin this route does not trust)\n")],
    )
    .await;
}

fn has_session(req: &ServiceRequest) -> bool {
    req.headers()
        .get("cookie")
        .is_some_and(|value| value.as_bytes().starts_with(b"session="))
}

/// A session check that answers 401 itself.
async fn session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    if has_session(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    Ok(req.into_response(HttpResponse::Unauthorized().body("sign in")))
}

/// A session check that refuses through an `Err`.
async fn session_by_error(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    if has_session(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    Err(actix_web::error::ErrorUnauthorized("sign in"))
}

/// `RouteCors` answers preflights before routing, where a scope's
/// `app_data` is not visible yet: the route's own preflight resource,
/// inside the scope, answers with the scope's set. When a layer inside
/// `RouteCors` answers the preflight first (here the App's session
/// check), the 403 names the set and says to give it on the App; given
/// there, the same app works.
#[actix_web::test]
async fn with_route_cors_a_set_on_a_scope_behind_auth_is_named_with_its_fix() {
    let refused = || {
        preflight("/api/feed", SPA, "GET")
            .gets(403)
            .body_starts_with(SET_NOT_ON_THE_APP)
            .body_ends_with("on the App\n")
            .lacks("access-control-")
    };
    let app = init_service(
        App::new()
            .service(web::scope("/api").app_data(sets()).service(feed))
            .wrap(from_fn(session))
            .wrap(RouteCors::new()),
    )
    .await;
    check(&app, [refused().named("a 401 answer")]).await;
    let by_error = init_service(
        App::new()
            .service(web::scope("/api").app_data(sets()).service(feed))
            .wrap(from_fn(session_by_error))
            .wrap(RouteCors::new()),
    )
    .await;
    check(&by_error, [refused().named("an Err answer")]).await;

    let fixed = init_service(
        App::new()
            .app_data(sets())
            .service(web::scope("/api").service(feed))
            .wrap(from_fn(session))
            .wrap(RouteCors::new()),
    )
    .await;
    check(
        &fixed,
        [
            preflight("/api/feed", SPA, "GET")
                .gets(204)
                .has(allow_origin(SPA)),
            // The session check's 401 is readable by the allowed origin.
            actual(Method::GET, "/api/feed", SPA)
                .gets(401)
                .has(allow_origin(SPA)),
        ],
    )
    .await;
}

/// `policy!(origins_from = ...)` on a scope finds the set given to that
/// scope, as is or in `web::Data`: a scope's `app_data` reaches its own
/// middleware.
#[actix_web::test]
async fn policy_on_a_scope_finds_the_set_of_its_scope() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/bare")
                    .app_data(sets())
                    .route("/items", web::get().to(HttpResponse::Ok))
                    .wrap(policy!(origins_from = "spa")),
            )
            .service(
                web::scope("/data")
                    .app_data(web::Data::new(sets()))
                    .route("/items", web::get().to(HttpResponse::Ok))
                    .wrap(policy!(origins_from = "spa")),
            )
            .service(
                web::scope("/none")
                    .route("/items", web::get().to(HttpResponse::Ok))
                    .wrap(policy!(origins_from = "spa")),
            )
            .wrap(RouteCors::new()),
    )
    .await;
    let mut rows = Vec::new();
    for scope in ["/bare", "/data"] {
        let path = format!("{scope}/items");
        rows.push(
            preflight(&path, SPA, "GET")
                .gets(204)
                .has(allow_origin(SPA))
                .named(scope),
        );
        rows.push(
            actual(Method::GET, &path, SPA)
                .gets(200)
                .has(allow_origin(SPA))
                .named(scope),
        );
    }
    rows.push(names_the_missing_set(
        "/none/items",
        "policy! without a set",
    ));
    check(&app, rows).await;
}
