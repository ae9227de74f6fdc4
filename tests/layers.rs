//! Where `RouteCors` goes among the app's other layers: inside the layers
//! that change the path or only observe (`NormalizePath`, access logs),
//! outside authentication. The README's layout, and the route found past a
//! trailing slash when `NormalizePath::trim()` sits inside `RouteCors`.

mod common;

use std::sync::Mutex;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{from_fn, Next, NormalizePath};
use actix_web::test::init_service;
use actix_web::{get, web, App, Error, HttpResponse};
use common::{actual, allow_origin, check, preflight, Row};
use route_cors::{cors, policy, RouteCors};

const SPA: &str = "https://app.example.com";

#[cors(origins = "https://app.example.com", credentials = true, headers = ["content-type"])]
#[get("/notes/{id}")]
async fn note(id: web::Path<u32>) -> String {
    format!("note {id}")
}

async fn legacy() -> &'static str {
    "legacy"
}

/// A session check that answers 401 itself.
async fn session(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    let signed_in = req
        .headers()
        .get("cookie")
        .is_some_and(|value| value.as_bytes().starts_with(b"session="));
    if signed_in {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    Ok(req.into_response(HttpResponse::Unauthorized().body("sign in")))
}

/// What the access log saw: method and path of every request.
static ACCESS_LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// An access log, standing for `Logger` or `TracingLogger`.
async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    ACCESS_LOG
        .lock()
        .unwrap()
        .push(format!("{} {}", req.method(), req.path()));
    next.call(req).await
}

/// The note's preflight through `path` is allowed; the actual request
/// without a session gets the session check's 401, readable by the
/// script; with one, the note.
fn the_note_is_reached<'a>(path: &str, layout: &str) -> Vec<Row<'a>> {
    vec![
        preflight(path, SPA, "GET").gets(204).has(allow_origin(SPA)),
        actual(Method::GET, path, SPA)
            .gets(401)
            .has(allow_origin(SPA)),
        actual(Method::GET, path, SPA)
            .header("cookie", "session=1")
            .gets(200)
            .body_is("note 1")
            .has(allow_origin(SPA)),
    ]
    .into_iter()
    .map(|row| row.named(format!("{layout}: {path}")))
    .collect()
}

/// The README's layout: `NormalizePath` and the access log outside
/// `RouteCors`, the session check inside; `policy!` the outermost wrap of
/// its scope.
#[actix_web::test]
async fn the_readme_layout_normalizes_logs_and_answers_preflights_before_auth() {
    let app = init_service(
        App::new()
            .service(web::scope("/api/app").wrap(from_fn(session)).service(note))
            .service(
                web::scope("/api/legacy")
                    .route("/report", web::get().to(legacy))
                    .wrap(from_fn(session))
                    .wrap(policy!(
                        origins = "https://app.example.com",
                        credentials = true
                    )),
            )
            .wrap(RouteCors::new())
            .wrap(from_fn(access_log))
            .wrap(NormalizePath::trim()),
    )
    .await;
    for path in ["/api/app/notes/1", "/api/app/notes/1/", "/api/app//notes/1"] {
        check(&app, the_note_is_reached(path, "README")).await;
    }
    let logged = ACCESS_LOG.lock().unwrap().clone();
    assert!(
        logged.contains(&"OPTIONS /api/app/notes/1".to_owned()),
        "{logged:?}"
    );
    check(
        &app,
        [
            preflight("/api/legacy/report/", SPA, "GET")
                .gets(204)
                .has(allow_origin(SPA)),
            actual(Method::GET, "/api/legacy/report", SPA)
                .gets(401)
                .has(allow_origin(SPA)),
        ],
    )
    .await;
}

/// `NormalizePath::trim()` inside `RouteCors`: the route is found past the
/// trailing slash the inner layer will trim.
#[actix_web::test]
async fn normalize_path_inside_route_cors_still_finds_the_route() {
    let app = init_service(
        App::new()
            .service(web::scope("/api/app").wrap(from_fn(session)).service(note))
            .wrap(NormalizePath::trim())
            .wrap(RouteCors::new()),
    )
    .await;
    for path in [
        "/api/app/notes/1",
        "/api/app/notes/1/",
        "/api/app/notes/1//",
    ] {
        check(&app, the_note_is_reached(path, "NormalizePath inside")).await;
    }
}

/// Without a path-normalizing layer, `/notes/1/` reaches no route: the
/// responses to it carry no CORS headers of the route it does not reach.
/// Its preflight is answered with that route's policy (nothing tells
/// `RouteCors` that no layer inside trims the path): the browser then
/// sends the actual request, which is refused as above.
#[actix_web::test]
async fn without_normalize_path_a_trailing_slash_reaches_no_route() {
    let app = init_service(
        App::new()
            .service(web::scope("/api/app").wrap(from_fn(session)).service(note))
            .wrap(RouteCors::new()),
    )
    .await;
    let path = "/api/app/notes/1/";
    check(
        &app,
        [
            preflight(path, SPA, "GET").gets(204),
            actual(Method::GET, path, SPA)
                .gets(401)
                .lacks("access-control-allow-origin"),
            actual(Method::GET, path, SPA)
                .header("cookie", "session=1")
                .gets(404)
                .lacks("access-control-allow-origin"),
        ],
    )
    .await;
    // The path without the slash is the route's, as always.
    check(
        &app,
        the_note_is_reached("/api/app/notes/1", "no NormalizePath"),
    )
    .await;
}
