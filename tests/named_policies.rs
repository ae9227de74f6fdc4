//! Named policies: declared once with `cors_policies!`, used by
//! `#[cors(policy = name)]` on handlers, on a `#[scope]` module and on a
//! handler inside one, and by `policy!(policy = name)`, each with key-by-key
//! overrides.

mod common;

use actix_web::http::{Method, StatusCode};
use actix_web::{get, post, scope, test, web, App, HttpResponse};
use common::{actual, cors_headers, preflight, send};
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

/// What a request must get: its status and its `access-control-*` and
/// `vary` lines.
struct Row {
    request: fn() -> test::TestRequest,
    status: StatusCode,
    cors: &'static [&'static str],
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
    let rows = [
        // The policy as declared.
        Row {
            request: || {
                preflight(
                    "/notes",
                    "https://app.example.com",
                    "POST",
                    Some("x-csrf-token"),
                )
            },
            status: StatusCode::NO_CONTENT,
            cors: &[
                "access-control-allow-credentials: true",
                "access-control-allow-headers: content-type, x-csrf-token",
                "access-control-allow-methods: POST",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 600",
                "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ],
        },
        Row {
            request: || actual(Method::POST, "/notes", "https://app.example.com"),
            status: StatusCode::OK,
            cors: &[
                "access-control-allow-credentials: true",
                "access-control-allow-origin: https://app.example.com",
                "access-control-expose-headers: x-request-id",
                "vary: Origin",
            ],
        },
        // An origin the policy does not name.
        Row {
            request: || preflight("/notes", "https://evil.example", "POST", None),
            status: StatusCode::FORBIDDEN,
            cors: &["vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],
        },
        // `max_age` replaced, the rest kept; methods narrowed to GET.
        Row {
            request: || preflight("/notes", "https://app.example.com", "GET", None),
            status: StatusCode::NO_CONTENT,
            cors: &[
                "access-control-allow-credentials: true",
                "access-control-allow-headers: content-type, x-csrf-token",
                "access-control-allow-methods: GET",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 60",
                "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ],
        },
        // The module's named policy, with its function written from the
        // crate root.
        Row {
            request: || {
                actual(
                    Method::GET,
                    "/partner/catalog",
                    "https://beta.partner.example.com",
                )
            },
            status: StatusCode::OK,
            cors: &[
                "access-control-allow-origin: https://beta.partner.example.com",
                "vary: Origin",
            ],
        },
        Row {
            request: || actual(Method::GET, "/partner/catalog", "https://app.example.com"),
            status: StatusCode::OK,
            cors: &["vary: Origin"],
        },
        // A handler of the module naming another policy, one key replaced.
        Row {
            request: || actual(Method::GET, "/partner/orders", "https://app.example.com"),
            status: StatusCode::OK,
            cors: &[
                "access-control-allow-credentials: true",
                "access-control-allow-origin: https://app.example.com",
                "vary: Origin",
            ],
        },
        Row {
            request: || {
                actual(
                    Method::GET,
                    "/partner/orders",
                    "https://partner.example.com",
                )
            },
            status: StatusCode::OK,
            cors: &["vary: Origin"],
        },
        // `policy!` with the named policy and two keys replaced.
        Row {
            request: || preflight("/legacy/notes", "https://app.example.com", "GET", None),
            status: StatusCode::NO_CONTENT,
            cors: &[
                "access-control-allow-credentials: true",
                "access-control-allow-headers: content-type, x-csrf-token",
                "access-control-allow-methods: GET",
                "access-control-allow-origin: https://app.example.com",
                "access-control-max-age: 5",
                "vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ],
        },
        Row {
            request: || preflight("/legacy/notes", "https://app.example.com", "POST", None),
            status: StatusCode::FORBIDDEN,
            cors: &["vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers"],
        },
    ];
    for (number, row) in rows.iter().enumerate() {
        let request = (row.request)();
        let sent = format!("{:?}", request.to_http_request().head());
        let (status, headers, _) = send(&app, (row.request)()).await;
        assert_eq!(
            (status, cors_headers(&headers)),
            (row.status, row.cors.to_vec()),
            "row {number}: {sent}\nreceived: {headers:#?}"
        );
    }
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
        let (status, _, _) =
            send(&app, preflight(path, "https://evil.example", method, None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
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
