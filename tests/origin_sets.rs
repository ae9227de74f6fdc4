//! Origin sets are found where users put them: bare or in `web::Data`, on
//! the App or on the scope that holds the route, with and without
//! `RouteCors`; a set that is not found is named, with its fix, in the 403
//! and in the events, never a bare "origin not allowed".

mod common;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{from_fn, Next};
use actix_web::test::init_service;
use actix_web::{get, put, web, App, Error, HttpResponse};
use common::{actual, cors_headers, preflight, send};
use route_cors::{cors, OriginSets, RouteCors};

const SPA: &str = "https://app.example.com";

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
async fn the_set_is_found<S, B>(app: &S, prefix: &str, shape: &str)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    let settings = format!("{prefix}/settings");
    let (status, headers, body) =
        send(app, preflight(&settings, SPA, "PUT", Some("content-type"))).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{shape}: {body}");
    assert!(
        headers.contains(&format!("access-control-allow-origin: {SPA}")),
        "{shape}: {headers:?}"
    );
    let (status, headers, body) = send(app, actual(Method::PUT, &settings, SPA)).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "saved"),
        "{shape}"
    );
    assert!(
        cors_headers(&headers).contains(&"access-control-allow-origin: https://app.example.com"),
        "{shape}: {headers:?}"
    );
    let feed_path = format!("{prefix}/feed");
    let (status, headers, _) = send(app, preflight(&feed_path, SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{shape}");
    assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
    let (status, headers, _) = send(app, actual(Method::GET, &feed_path, SPA)).await;
    assert_eq!(status, StatusCode::OK, "{shape}");
    assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));

    let other = "https://other.example.com";
    let (status, _, body) = send(app, preflight(&feed_path, other, "GET", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{shape}");
    assert_eq!(
        body, "CORS preflight refused: origin not allowed\n",
        "{shape}"
    );
    let (_, headers, _) = send(app, actual(Method::GET, &feed_path, other)).await;
    assert!(
        !headers
            .iter()
            .any(|line| line.starts_with("access-control-")),
        "{shape}: {headers:?}"
    );
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
    the_set_is_found(&bare, "", "web::Data on the App").await;
    let wrapped = init_service(
        App::new()
            .app_data(data)
            .service(save_settings)
            .service(feed)
            .wrap(RouteCors::new()),
    )
    .await;
    the_set_is_found(&wrapped, "", "web::Data on the App, RouteCors").await;
}

#[actix_web::test]
async fn a_set_on_the_scope_is_found() {
    let bare = init_service(
        App::new().service(
            web::scope("/api")
                .app_data(sets())
                .service(save_settings)
                .service(feed),
        ),
    )
    .await;
    the_set_is_found(&bare, "/api", "on the scope").await;
    let wrapped = init_service(
        App::new()
            .service(
                web::scope("/api")
                    .app_data(sets())
                    .service(save_settings)
                    .service(feed),
            )
            .wrap(RouteCors::new()),
    )
    .await;
    the_set_is_found(&wrapped, "/api", "on the scope, RouteCors").await;
}

#[actix_web::test]
async fn a_set_in_web_data_on_the_scope_is_found() {
    let data = web::Data::new(sets());
    let bare = init_service(
        App::new().service(
            web::scope("/api")
                .app_data(data.clone())
                .service(save_settings)
                .service(feed),
        ),
    )
    .await;
    the_set_is_found(&bare, "/api", "web::Data on the scope").await;
    let wrapped = init_service(
        App::new()
            .service(
                web::scope("/api")
                    .app_data(data)
                    .service(save_settings)
                    .service(feed),
            )
            .wrap(RouteCors::new()),
    )
    .await;
    the_set_is_found(&wrapped, "/api", "web::Data on the scope, RouteCors").await;
}

/// The 403 of a preflight to a route whose set the app does not give.
async fn names_the_missing_set<S, B>(app: &S, path: &str, shape: &str)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    let (status, headers, body) = send(app, preflight(path, SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{shape}");
    assert!(
        body.starts_with("origin set \"spa\" not found in app_data; give it with .app_data("),
        "{shape}: {body}"
    );
    assert!(body.contains("on the App"), "{shape}: {body}");
    assert!(!body.contains("origin not allowed"), "{shape}: {body}");
    assert!(
        !headers
            .iter()
            .any(|line| line.starts_with("access-control-")),
        "{shape}: {headers:?}"
    );
}

#[actix_web::test]
async fn a_missing_set_is_named_with_its_fix() {
    let bare = init_service(App::new().service(feed)).await;
    names_the_missing_set(&bare, "/feed", "bare App").await;
    let wrapped = init_service(App::new().service(feed).wrap(RouteCors::new())).await;
    names_the_missing_set(&wrapped, "/feed", "RouteCors").await;
    let in_scope = init_service(
        App::new()
            .service(web::scope("/api").service(feed))
            .wrap(RouteCors::new()),
    )
    .await;
    names_the_missing_set(&in_scope, "/api/feed", "scope, RouteCors").await;
    // Another set given does not hide the missing one.
    let other = OriginSets::new()
        .set("admin", ["https://admin.example.com"])
        .unwrap();
    let wrong = init_service(App::new().app_data(other).service(feed)).await;
    names_the_missing_set(&wrong, "/feed", "another set").await;

    // A credentialed route's cross-origin write is refused with the same
    // words.
    let app = init_service(App::new().service(save_settings)).await;
    let (status, _, body) = send(
        &app,
        actual(Method::PUT, "/settings", SPA).insert_header(("sec-fetch-site", "cross-site")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.starts_with("origin set \"spa\" not found"), "{body}");
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
    let app = init_service(
        App::new()
            .service(web::scope("/api").app_data(sets()).service(feed))
            .wrap(from_fn(session))
            .wrap(RouteCors::new()),
    )
    .await;
    let (status, headers, body) = send(&app, preflight("/api/feed", SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.starts_with("origin set \"spa\" not found in the App's app_data"),
        "{body}"
    );
    assert!(body.contains("on the App"), "{body}");
    assert!(!headers
        .iter()
        .any(|line| line.starts_with("access-control-")));
    let by_error = init_service(
        App::new()
            .service(web::scope("/api").app_data(sets()).service(feed))
            .wrap(from_fn(session_by_error))
            .wrap(RouteCors::new()),
    )
    .await;
    let (status, _, body) = send(&by_error, preflight("/api/feed", SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body.starts_with("origin set \"spa\" not found in the App's app_data"),
        "{body}"
    );

    let fixed = init_service(
        App::new()
            .app_data(sets())
            .service(web::scope("/api").service(feed))
            .wrap(from_fn(session))
            .wrap(RouteCors::new()),
    )
    .await;
    let (status, headers, _) = send(&fixed, preflight("/api/feed", SPA, "GET", None)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
    // The session check's 401 is readable by the allowed origin.
    let (status, headers, _) = send(&fixed, actual(Method::GET, "/api/feed", SPA)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
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
                    .wrap(route_cors::policy!(origins_from = "spa")),
            )
            .service(
                web::scope("/data")
                    .app_data(web::Data::new(sets()))
                    .route("/items", web::get().to(HttpResponse::Ok))
                    .wrap(route_cors::policy!(origins_from = "spa")),
            )
            .service(
                web::scope("/none")
                    .route("/items", web::get().to(HttpResponse::Ok))
                    .wrap(route_cors::policy!(origins_from = "spa")),
            )
            .wrap(RouteCors::new()),
    )
    .await;
    for scope in ["/bare", "/data"] {
        let path = format!("{scope}/items");
        let (status, headers, _) = send(&app, preflight(&path, SPA, "GET", None)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{scope}");
        assert!(headers.contains(&format!("access-control-allow-origin: {SPA}")));
        let (_, headers, _) = send(&app, actual(Method::GET, &path, SPA)).await;
        assert!(
            headers.contains(&format!("access-control-allow-origin: {SPA}")),
            "{scope}: {headers:?}"
        );
    }
    names_the_missing_set(&app, "/none/items", "policy! without a set").await;
}
