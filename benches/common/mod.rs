//! The applications the benchmarks, the allocation counts and the
//! over-the-wire server compare: one route, `GET /api/items`, under the
//! same policy (two exact origins, credentials, two allowed request
//! headers, one exposed header, max-age) and wired five ways, plus the
//! two routings without CORS that (c), (d) and (e) add their layers to.

#![allow(dead_code)]

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::Method;
use actix_web::test::TestRequest;
use actix_web::{get, web, App, Error, HttpResponse};
use route_cors::{cors, policy, Cors, RouteCors};

/// The route every application serves.
pub const PATH: &str = "/api/items";
/// An origin the policy allows.
pub const ALLOWED: &str = "https://app.example.com";
/// An origin the policy refuses.
pub const REFUSED: &str = "https://evil.example.net";
/// The two request headers the policy allows, as a preflight asks for them.
pub const REQUESTED_HEADERS: &str = "content-type, x-csrf-token";

/// The five wirings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// (a) No CORS at all.
    Bare,
    /// (b) actix-cors on the resource.
    ActixCors,
    /// (c) `#[cors]` on the handler.
    Attribute,
    /// (d) `policy!` on a scope.
    Scope,
    /// The route in a scope without CORS: what (d) adds its layer to.
    BareScope,
    /// The route as `#[get]` without CORS: what (c) and (e) add to
    /// (actix-web's `#[get]` puts a method guard on the resource, which
    /// `web::resource(..).route(web::get()..)` does not).
    BareGet,
    /// That `#[get]` handler setting, itself, the four headers an allowed
    /// actual request gets (`Access-Control-Allow-Origin`,
    /// `-Allow-Credentials`, `-Expose-Headers`, `Vary`) as static values:
    /// what the headers alone cost, with no decision.
    BareHeaders,
    /// (e) `#[cors]` on the handler and `RouteCors` on the App.
    RouteCors,
    /// A route without a policy, next to a `#[cors]` route on another
    /// path, in an App wrapped in `RouteCors`: what `RouteCors` costs the
    /// requests it has nothing to do for.
    RouteCorsPlain,
    /// The baseline of `RouteCorsPlain`: the same App without `RouteCors`.
    PlainApp,
}

impl Variant {
    pub const ALL: [Variant; 10] = [
        Variant::Bare,
        Variant::ActixCors,
        Variant::Attribute,
        Variant::Scope,
        Variant::RouteCors,
        Variant::BareScope,
        Variant::BareGet,
        Variant::BareHeaders,
        Variant::RouteCorsPlain,
        Variant::PlainApp,
    ];

    /// The wiring without CORS this one adds its layer to.
    pub fn baseline(self) -> Variant {
        match self {
            Variant::Scope => Variant::BareScope,
            Variant::Attribute | Variant::RouteCors => Variant::BareGet,
            Variant::RouteCorsPlain => Variant::PlainApp,
            _ => Variant::Bare,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Variant::Bare => "bare",
            Variant::ActixCors => "actix-cors",
            Variant::Attribute => "cors-attribute",
            Variant::Scope => "policy-scope",
            Variant::RouteCors => "route-cors-app",
            Variant::BareScope => "bare-scope",
            Variant::BareGet => "bare-get",
            Variant::BareHeaders => "bare-headers",
            Variant::RouteCorsPlain => "route-cors-plain",
            Variant::PlainApp => "plain-app",
        }
    }

    pub fn from_name(name: &str) -> Option<Variant> {
        Variant::ALL
            .into_iter()
            .find(|variant| variant.name() == name)
    }
}

/// The five request shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// `GET` from an allowed origin.
    Allowed,
    /// `GET` from a refused origin.
    Refused,
    /// A preflight the policy allows.
    Preflight,
    /// A preflight from a refused origin.
    PreflightRefused,
    /// `GET` without `Origin`.
    NoOrigin,
}

impl Case {
    pub const ALL: [Case; 5] = [
        Case::Allowed,
        Case::Refused,
        Case::Preflight,
        Case::PreflightRefused,
        Case::NoOrigin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Case::Allowed => "actual-allowed",
            Case::Refused => "actual-refused",
            Case::Preflight => "preflight-allowed",
            Case::PreflightRefused => "preflight-refused",
            Case::NoOrigin => "no-origin",
        }
    }

    /// The request, with header values shared (as actix-web's HTTP/1
    /// decoder shares them), so that echoing one costs no allocation.
    pub fn request(self) -> TestRequest {
        let origin = |origin| (header::ORIGIN, HeaderValue::from_static(origin));
        let get = TestRequest::get().uri(PATH);
        let preflight = |from| {
            TestRequest::default()
                .method(Method::OPTIONS)
                .uri(PATH)
                .insert_header(origin(from))
                .insert_header((
                    header::ACCESS_CONTROL_REQUEST_METHOD,
                    HeaderValue::from_static("GET"),
                ))
                .insert_header((
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    HeaderValue::from_static(REQUESTED_HEADERS),
                ))
        };
        match self {
            Case::Allowed => get.insert_header(origin(ALLOWED)),
            Case::Refused => get.insert_header(origin(REFUSED)),
            Case::Preflight => preflight(ALLOWED),
            Case::PreflightRefused => preflight(REFUSED),
            Case::NoOrigin => get,
        }
    }

    /// The raw HTTP/1.1 request head, for load generators.
    pub fn wire_headers(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Case::Allowed => vec![("Origin", ALLOWED)],
            Case::Refused => vec![("Origin", REFUSED)],
            Case::Preflight | Case::PreflightRefused => vec![
                (
                    "Origin",
                    if self == Case::Preflight {
                        ALLOWED
                    } else {
                        REFUSED
                    },
                ),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", REQUESTED_HEADERS),
            ],
            Case::NoOrigin => vec![],
        }
    }

    pub fn method(self) -> Method {
        match self {
            Case::Preflight | Case::PreflightRefused => Method::OPTIONS,
            _ => Method::GET,
        }
    }
}

async fn items() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    credentials = true,
    headers = ["content-type", "x-csrf-token"],
    expose_headers = ["x-request-id"],
    max_age = 600
)]
#[get("/api/items")]
async fn cors_items() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

#[cors(origins = "https://app.example.com")]
#[get("/api/other")]
async fn cors_other() -> HttpResponse {
    HttpResponse::Ok().body("other")
}

#[get("/api/items")]
async fn get_items() -> HttpResponse {
    HttpResponse::Ok().body("items")
}

#[get("/api/items")]
async fn get_items_with_headers() -> HttpResponse {
    let value = HeaderValue::from_static;
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, value(ALLOWED)))
        .insert_header((header::ACCESS_CONTROL_ALLOW_CREDENTIALS, value("true")))
        .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, value("x-request-id")))
        .insert_header((header::VARY, value("Origin")))
        .body("items")
}

/// The measurement settings of both criterion benches: 30 samples of 1 s.
pub fn criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(300))
        .measurement_time(std::time::Duration::from_secs(1))
}

/// The benchmarked policy as `policy!` writes it, for (d) and the pure
/// decision.
pub fn policy_layer() -> Cors {
    policy!(
        origins = ["https://app.example.com", "https://admin.example.com"],
        methods = "GET",
        credentials = true,
        headers = ["content-type", "x-csrf-token"],
        expose_headers = ["x-request-id"],
        max_age = 600
    )
}

fn actix_cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allowed_origin("https://app.example.com")
        .allowed_origin("https://admin.example.com")
        .allowed_methods(["GET"])
        .allowed_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("x-csrf-token"),
        ])
        .expose_headers([HeaderName::from_static("x-request-id")])
        .supports_credentials()
        .max_age(600)
}

/// Defines each function that builds one wiring's application, with the
/// return type they all share.
macro_rules! wirings {
    ($($(#[$doc:meta])* fn $name:ident() $body:block)*) => {
        $(
            $(#[$doc])*
            pub fn $name() -> App<
                impl ServiceFactory<
                    ServiceRequest,
                    Config = (),
                    Response = ServiceResponse<impl MessageBody>,
                    Error = Error,
                    InitError = (),
                >,
            > $body
        )*
    };
}

wirings! {
    /// (a)
    fn bare() {
        App::new().service(web::resource(PATH).route(web::get().to(items)))
    }

    /// (b)
    fn with_actix_cors() {
        App::new().service(
            web::resource(PATH)
                .wrap(actix_cors())
                .route(web::get().to(items)),
        )
    }

    /// (c)
    fn with_attribute() {
        App::new().service(cors_items)
    }

    /// (d)
    fn with_scope_policy() {
        App::new().service(
            web::scope("/api")
                .wrap(policy_layer())
                .route("/items", web::get().to(items)),
        )
    }

    /// The baseline of (d): the same scope without CORS.
    fn bare_scope() {
        App::new().service(web::scope("/api").route("/items", web::get().to(items)))
    }

    /// The baseline of (c) and (e): the same `#[get]` handler without CORS.
    fn bare_get() {
        App::new().service(get_items)
    }

    /// The same `#[get]` handler writing the four headers itself.
    fn bare_headers() {
        App::new().service(get_items_with_headers)
    }

    /// (e)
    fn with_route_cors() {
        App::new().service(cors_items).wrap(RouteCors::new())
    }

    /// A plain route beside a `#[cors]` one, under `RouteCors`.
    fn route_cors_plain() {
        App::new()
            .service(cors_other)
            .service(get_items)
            .wrap(RouteCors::new())
    }

    /// The same App without `RouteCors`.
    fn plain_app() {
        App::new().service(cors_other).service(get_items)
    }
}

/// Runs `$body` with `$app` bound to the application of `$variant`
/// (a macro, since each wiring has its own type).
#[macro_export]
macro_rules! with_app {
    ($variant:expr, |$app:ident| $body:expr) => {
        match $variant {
            $crate::common::Variant::Bare => {
                let $app = $crate::common::bare;
                $body
            }
            $crate::common::Variant::ActixCors => {
                let $app = $crate::common::with_actix_cors;
                $body
            }
            $crate::common::Variant::Attribute => {
                let $app = $crate::common::with_attribute;
                $body
            }
            $crate::common::Variant::Scope => {
                let $app = $crate::common::with_scope_policy;
                $body
            }
            $crate::common::Variant::RouteCors => {
                let $app = $crate::common::with_route_cors;
                $body
            }
            $crate::common::Variant::BareScope => {
                let $app = $crate::common::bare_scope;
                $body
            }
            $crate::common::Variant::BareGet => {
                let $app = $crate::common::bare_get;
                $body
            }
            $crate::common::Variant::BareHeaders => {
                let $app = $crate::common::bare_headers;
                $body
            }
            $crate::common::Variant::RouteCorsPlain => {
                let $app = $crate::common::route_cors_plain;
                $body
            }
            $crate::common::Variant::PlainApp => {
                let $app = $crate::common::plain_app;
                $body
            }
        }
    };
}
