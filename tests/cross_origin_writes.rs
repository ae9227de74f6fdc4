//! Cross-origin writes: a credentialed route refuses an unsafe-method
//! request that a page of an origin it does not trust sent (a form post, a
//! `text/plain` fetch, a DELETE), before the handler runs, with or without
//! `Sec-Fetch-Site`; its own origins, same-origin requests and clients
//! that are no browser get through.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{from_fn, Next};
use actix_web::test::init_service;
use actix_web::{delete, get, post, web, App, Error, HttpResponse};
use common::{allow_origin, capture_logs, request, step, Req, LOGS};
use route_cors::{cors, policy, OriginSets, Policy, RouteCors};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";
const HOST: &str = "api.example.com";

/// How many times the handlers of one app ran.
#[derive(Default)]
struct Calls(AtomicUsize);

fn count(calls: &web::Data<Calls>) -> HttpResponse {
    calls.0.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("saved")
}

#[cors(origins = "https://app.example.com", credentials = true)]
#[post("/notes")]
async fn save_note(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

#[cors(origins = "https://app.example.com", credentials = true)]
#[delete("/notes/{id}")]
async fn delete_note(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

#[cors(origins = "https://app.example.com", credentials = true)]
#[get("/notes")]
async fn list_notes(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

#[cors(origins = "https://*.example.com", credentials = true)]
#[post("/by-pattern")]
async fn by_pattern(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

#[cors(origins_from = "spa", credentials = true)]
#[post("/by-set")]
async fn by_set(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

fn trusted(origin: &str) -> bool {
    origin == "https://partner.example.net"
}

#[cors(origin_fn = trusted, credentials = true)]
#[post("/by-function")]
async fn by_function(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

#[cors(origins = "https://app.example.com")]
#[post("/open")]
async fn without_credentials(calls: web::Data<Calls>) -> HttpResponse {
    count(&calls)
}

/// A write as a browser page sends it: `Origin`, `Sec-Fetch-Site` (unless
/// `None`: an older browser) and the API's `Host`.
fn write(method: Method, path: &str, origin: &str, fetch_site: Option<&str>) -> Req {
    let request = request(method, path)
        .header("host", HOST)
        .header("origin", origin);
    match fetch_site {
        Some(site) => request.header("sec-fetch-site", site),
        None => request,
    }
}

/// A form posted from a page.
fn form(path: &str, origin: &str, fetch_site: Option<&str>) -> Req {
    write(Method::POST, path, origin, fetch_site)
        .header("content-type", "application/x-www-form-urlencoded")
        .payload("title=pwned")
}

/// A `fetch(url, {method: "POST", credentials: "include", body: "..."})`,
/// whose `text/plain` body needs no preflight.
fn text_fetch(path: &str, origin: &str, fetch_site: Option<&str>) -> Req {
    write(Method::POST, path, origin, fetch_site)
        .header("content-type", "text/plain;charset=UTF-8")
        .payload("{}")
}

/// One row: what is sent, the status expected, and whether the handler
/// runs.
type Row = (&'static str, Req, u16, bool);

const REFUSED: u16 = 403;
const OK: u16 = 200;

async fn check<S, B>(app: &S, calls: &web::Data<Calls>, rows: Vec<Row>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = Error>,
    B: MessageBody + 'static,
{
    for (what, request, status, runs) in rows {
        let mut row = request
            .gets(status)
            .named(what)
            .calls(&calls.0, usize::from(runs));
        if status == REFUSED {
            row = row
                .body_starts_with("Cross-origin write refused: cross-origin request")
                .body_ends_with("from an origin this route does not trust\n")
                // Nothing a script could read, and no allowed origin named.
                .cors(["vary: Origin, Sec-Fetch-Site"]);
        }
        step(app, row).await;
    }
}

fn rows_for_a_credentialed_route() -> Vec<Row> {
    vec![
        (
            "form post from a foreign site",
            form("/notes", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "text/plain fetch from a foreign site",
            text_fetch("/notes", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "DELETE from a foreign site",
            write(Method::DELETE, "/notes/7", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "form post from a sibling subdomain",
            form("/notes", "https://blog.example.com", Some("same-site")),
            REFUSED,
            false,
        ),
        (
            "form post from an old browser",
            form("/notes", EVIL, None),
            REFUSED,
            false,
        ),
        (
            "DELETE from an old browser",
            write(Method::DELETE, "/notes/7", EVIL, None),
            REFUSED,
            false,
        ),
        (
            "a GET is never refused",
            write(Method::GET, "/notes", EVIL, Some("cross-site")),
            OK,
            true,
        ),
        (
            "the route's own origin",
            text_fetch("/notes", APP, Some("cross-site")),
            OK,
            true,
        ),
        (
            "the route's own origin, old browser",
            form("/notes", APP, None),
            OK,
            true,
        ),
        (
            "a DELETE from the route's own origin",
            write(Method::DELETE, "/notes/7", APP, Some("cross-site")),
            OK,
            true,
        ),
        (
            "same-origin",
            form("/notes", "https://api.example.com", Some("same-origin")),
            OK,
            true,
        ),
        (
            "same-origin, old browser: Origin is Host",
            form("/notes", "https://api.example.com", None),
            OK,
            true,
        ),
        (
            "typed in the address bar",
            request(Method::POST, "/notes").header("sec-fetch-site", "none"),
            OK,
            true,
        ),
        (
            "no browser at all",
            request(Method::POST, "/notes").header("host", HOST),
            OK,
            true,
        ),
    ]
}

#[actix_web::test]
async fn a_credentialed_route_refuses_writes_from_origins_it_does_not_trust() {
    capture_logs();
    let calls = web::Data::new(Calls::default());
    let app = init_service(
        App::new()
            .app_data(calls.clone())
            .service(save_note)
            .service(delete_note)
            .service(list_notes),
    )
    .await;
    check(&app, &calls, rows_for_a_credentialed_route()).await;
    let logs = LOGS.lock().unwrap();
    assert!(
        logs.iter().any(|line| line.starts_with(
            "INFO CORS cross-origin write refused: cross-origin request from an origin this route does not trust http.route=/notes reason=cross_site method=POST "
        ) && line.ends_with(" origin=https://evil.example")),
        "{logs:?}"
    );
}

/// An authentication middleware that answers 401 itself, and counts the
/// requests it sees.
async fn auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse, Error> {
    if let Some(seen) = req.app_data::<web::Data<AuthSeen>>() {
        seen.0.fetch_add(1, Ordering::SeqCst);
    }
    if req.headers().contains_key("authorization") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    Ok(req.into_response(HttpResponse::Unauthorized().body("log in")))
}

#[derive(Default)]
struct AuthSeen(AtomicUsize);

#[actix_web::test]
async fn behind_route_cors_the_refusal_comes_before_the_apps_middleware() {
    let calls = web::Data::new(Calls::default());
    let seen = web::Data::new(AuthSeen::default());
    let app = init_service(
        App::new()
            .app_data(calls.clone())
            .app_data(seen.clone())
            .service(save_note)
            .service(delete_note)
            .service(list_notes)
            .wrap(from_fn(auth))
            .wrap(RouteCors::new()),
    )
    .await;
    let authorized = |request: Req| request.header("authorization", "Bearer t");
    let rows: Vec<Row> = rows_for_a_credentialed_route()
        .into_iter()
        .map(|(what, request, status, runs)| (what, authorized(request), status, runs))
        .collect();
    check(&app, &calls, rows).await;
    // The auth layer never saw a refused write: a cross-site form post
    // without a token gets the refusal, not the auth layer's 401.
    let refused = form("/notes", EVIL, Some("cross-site"))
        .gets(REFUSED)
        .calls(&seen.0, 0);
    step(&app, refused).await;
    // The route's own origin without a token reaches the auth layer,
    // whose 401 the script can read.
    let unauthorized = form("/notes", APP, Some("cross-site"))
        .gets(401)
        .has(allow_origin(APP));
    step(&app, unauthorized).await;
}

#[actix_web::test]
async fn trusted_origins_are_the_routes_own_origin_decision() {
    let calls = web::Data::new(Calls::default());
    let sets = OriginSets::new()
        .set("spa", ["https://spa.example.org"])
        .unwrap();
    let app = init_service(
        App::new()
            .app_data(calls.clone())
            .app_data(sets)
            .service(by_pattern)
            .service(by_set)
            .service(by_function)
            .wrap(RouteCors::new()),
    )
    .await;
    let rows: Vec<Row> = vec![
        (
            "a pattern's origin",
            form(
                "/by-pattern",
                "https://admin.example.com",
                Some("same-site"),
            ),
            OK,
            true,
        ),
        (
            "outside the pattern",
            form("/by-pattern", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "outside the pattern, old browser",
            form("/by-pattern", "https://example.com.evil.net", None),
            REFUSED,
            false,
        ),
        (
            "a set's origin",
            form("/by-set", "https://spa.example.org", Some("cross-site")),
            OK,
            true,
        ),
        (
            "outside the set",
            form("/by-set", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "the function's origin",
            text_fetch(
                "/by-function",
                "https://partner.example.net",
                Some("cross-site"),
            ),
            OK,
            true,
        ),
        (
            "the function says no",
            text_fetch("/by-function", EVIL, Some("cross-site")),
            REFUSED,
            false,
        ),
        (
            "the function says no, old browser",
            text_fetch("/by-function", EVIL, None),
            REFUSED,
            false,
        ),
    ];
    check(&app, &calls, rows).await;
}

#[actix_web::test]
async fn a_route_without_credentials_takes_writes_from_anywhere() {
    let calls = web::Data::new(Calls::default());
    let app = init_service(
        App::new()
            .app_data(calls.clone())
            .service(without_credentials),
    )
    .await;
    check(
        &app,
        &calls,
        vec![
            (
                "cross-site form post",
                form("/open", EVIL, Some("cross-site")),
                OK,
                true,
            ),
            ("old browser", form("/open", EVIL, None), OK, true),
        ],
    )
    .await;
}

/// `/api/notes`, a POST route, in a scope wrapped in `cors`.
async fn scoped_notes(
    cors: route_cors::Cors,
) -> (
    impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = Error>,
    web::Data<Calls>,
) {
    let calls = web::Data::new(Calls::default());
    let app = init_service(App::new().app_data(calls.clone()).service(
        web::scope("/api").wrap(cors).route(
            "/notes",
            web::post().to(|calls: web::Data<Calls>| async move { count(&calls) }),
        ),
    ))
    .await;
    (app, calls)
}

#[actix_web::test]
async fn policy_on_a_scope_and_a_built_policy_refuse_them_too() {
    let built = Policy::builder()
        .allow_origin(APP)
        .allow_credentials(true)
        .build()
        .unwrap();
    let layers = [
        policy!(origins = "https://app.example.com", credentials = true),
        route_cors::Cors::from(built),
    ];
    for cors in layers {
        let (app, calls) = scoped_notes(cors).await;
        check(
            &app,
            &calls,
            vec![
                (
                    "cross-site form post",
                    form("/api/notes", EVIL, Some("cross-site")),
                    REFUSED,
                    false,
                ),
                (
                    "old browser",
                    text_fetch("/api/notes", EVIL, None),
                    REFUSED,
                    false,
                ),
                (
                    "own origin",
                    form("/api/notes", APP, Some("cross-site")),
                    OK,
                    true,
                ),
                (
                    "same origin",
                    form("/api/notes", "https://api.example.com", None),
                    OK,
                    true,
                ),
                ("no browser", request(Method::POST, "/api/notes"), OK, true),
            ],
        )
        .await;
    }
}

#[actix_web::test]
async fn the_origin_in_the_record_is_escaped() {
    capture_logs();
    let calls = web::Data::new(Calls::default());
    let app = init_service(App::new().app_data(calls.clone()).service(save_note)).await;
    let row = request(Method::POST, "/notes")
        .header("sec-fetch-site", "cross-site")
        .header_bytes("origin", b"https://e\"vil\xff")
        .gets(REFUSED);
    step(&app, row).await;
    let logs = LOGS.lock().unwrap();
    assert!(
        logs.iter()
            .any(|line| line.ends_with(" origin=https://e\\\"vil\\xff")),
        "{logs:?}"
    );
}

#[actix_web::test]
async fn the_pure_decision_refuses_them() {
    use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
    use route_cors::{decide, Decision, WriteRefusal};
    let policy = Policy::builder()
        .allow_origin(APP)
        .allow_credentials(true)
        .build()
        .unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(
        HeaderName::from_static("origin"),
        HeaderValue::from_static(EVIL),
    );
    headers.insert(
        HeaderName::from_static("host"),
        HeaderValue::from_static(HOST),
    );
    assert_eq!(
        decide(&policy, &Method::POST, &headers),
        Decision::WriteRefused(WriteRefusal::OriginNotHost)
    );
    assert_eq!(
        decide(&policy, &Method::GET, &headers),
        Decision::ActualRefused
    );
}
