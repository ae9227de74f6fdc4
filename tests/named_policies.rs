//! Named policies: declared once with `cors_policies!`, used by
//! `#[cors(policy = name)]` on handlers, on a `#[scope]` module and on a
//! handler inside one, and by `policy!(policy = name)`, each with key-by-key
//! overrides.

mod common;

use actix_web::http::Method;
use actix_web::{get, post, scope, test, web, App, HttpResponse};
use common::{actual, check, preflight, step};
use route_cors::{cors, cors_policies, policy};

cors_policies! {
    /// The single-page app: its origin, with the session cookie.
    pub(crate) spa(
        origins = "https://app.example.com",
        credentials = true,
        methods = ["GET", "POST"],
        headers = ["content-type", "x-csrf-token"],
        expose_headers = ["x-request-id"],
        max_age = 600,
    );
    /// Partners read, without cookies.
    partners(origins = ["https://partner.example.com"], origin_fn = crate::known_partner);
}

const APP: &str = "https://app.example.com";

fn known_partner(origin: &str) -> bool {
    origin == "https://beta.partner.example.com"
}

#[cors(policy = spa)]
#[post("/notes")]
async fn create_note() -> &'static str {
    "saved"
}

// One key replaced; `methods` narrowed to what the route serves.
#[cors(policy = spa, max_age = 60)]
#[get("/notes")]
async fn list_notes() -> &'static str {
    "[]"
}

#[cors(policy = partners)]
#[scope("/partner")]
mod partner {
    use actix_web::get;

    #[get("/catalog")]
    pub async fn catalog() -> &'static str {
        "[]"
    }

    // A handler in a module that names another policy: the policy's keys
    // replace the module's, and its own keys replace both.
    #[cors(policy = crate::spa, expose_headers = [])]
    #[get("/orders")]
    pub async fn orders() -> &'static str {
        "[]"
    }
}

#[actix_web::test]
async fn named_policies_on_handlers_modules_and_middleware() {
    let app = test::init_service(
        App::new()
            .service(create_note)
            .service(list_notes)
            .service(partner::catalog)
            .service(partner::orders)
            .service(
                web::scope("/legacy")
                    .wrap(policy!(policy = spa, methods = ["GET"], max_age = 5))
                    .route("/notes", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;
    const PREFLIGHT_VARY: &str =
        "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    check(
        &app,
        [
            // The policy as declared.
            preflight("/notes", APP, "POST")
                .asking("x-csrf-token")
                .gets(204)
                .cors([
                    "access-control-allow-credentials: true",
                    "access-control-allow-headers: content-type, x-csrf-token",
                    "access-control-allow-methods: POST",
                    "access-control-allow-origin: https://app.example.com",
                    "access-control-max-age: 600",
                    PREFLIGHT_VARY,
                ]),
            actual(Method::POST, "/notes", APP).gets(200).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-origin: https://app.example.com",
                "access-control-expose-headers: x-request-id",
                "vary: Origin",
            ]),
            // An origin the policy does not name.
            preflight("/notes", "https://evil.example", "POST")
                .gets(403)
                .cors([PREFLIGHT_VARY]),
            // `max_age` replaced, the rest kept; methods narrowed to GET.
            preflight("/notes", APP, "GET").gets(204).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-headers: content-type, x-csrf-token",
                "access-control-allow-methods: GET",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 60",
                PREFLIGHT_VARY,
            ]),
            // The module's named policy, with its function written from
            // the crate root.
            actual(
                Method::GET,
                "/partner/catalog",
                "https://beta.partner.example.com",
            )
            .gets(200)
            .cors([
                "access-control-allow-origin: https://beta.partner.example.com",
                "vary: Origin",
            ]),
            actual(Method::GET, "/partner/catalog", APP)
                .gets(200)
                .cors(["vary: Origin"]),
            // A handler of the module naming another policy, one key
            // replaced.
            actual(Method::GET, "/partner/orders", APP).gets(200).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-origin: https://app.example.com",
                "vary: Origin",
            ]),
            actual(
                Method::GET,
                "/partner/orders",
                "https://partner.example.com",
            )
            .gets(200)
            .cors(["vary: Origin"]),
            // `policy!` with the named policy and two keys replaced.
            preflight("/legacy/notes", APP, "GET").gets(204).cors([
                "access-control-allow-credentials: true",
                "access-control-allow-headers: content-type, x-csrf-token",
                "access-control-allow-methods: GET",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 5",
                PREFLIGHT_VARY,
            ]),
            preflight("/legacy/notes", APP, "POST")
                .gets(403)
                .cors([PREFLIGHT_VARY]),
        ],
    )
    .await;
}

#[actix_web::test]
async fn events_name_the_policy_a_route_uses() {
    common::capture_logs();
    let app = test::init_service(App::new().service(create_note).service(partner::catalog)).await;
    for (path, method, handler, policy) in [
        (
            "/notes",
            "POST",
            "named_policies::create_note (",
            ", policy spa",
        ),
        (
            "/partner/catalog",
            "GET",
            "named_policies::partner::catalog (",
            ", policy partners",
        ),
    ] {
        step(
            &app,
            preflight(path, "https://evil.example", method).gets(403),
        )
        .await;
        let logs = common::LOGS.lock().unwrap();
        let record = logs
            .iter()
            .rev()
            .find(|line| line.contains(&format!("http.route={path} ")))
            .unwrap_or_else(|| panic!("no record for {path}: {logs:#?}"));
        let source = record.split(" policy=").nth(1).unwrap_or_default();
        assert!(
            source.contains(handler) && source.contains(policy),
            "{record}"
        );
    }
}
