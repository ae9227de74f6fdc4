//! `#[cors]` and `policy!` where route-cors is a renamed dependency, and
//! with `crate = "..."` through a re-export.

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::{get, test, web, App, HttpResponse};

#[cors::cors(origins = "https://app.example.com", methods = "GET")]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

#[cors::cors(
    crate = "route_cors_renamed::reexport::route_cors",
    origins = "https://reexport.example.com"
)]
#[get("/through-reexport")]
async fn through_reexport() -> &'static str {
    "[]"
}

#[cors::cors(origins = ["https://app.example.com"])]
#[actix_web::scope("/module")]
mod module {
    use actix_web::get;

    #[get("/inherited")]
    pub async fn inherited() -> &'static str {
        "[]"
    }

    #[cors::cors(origins = "https://own.example.com")]
    #[get("/own")]
    pub async fn own() -> &'static str {
        "[]"
    }
}

#[cors::cors(
    crate = "route_cors_renamed::reexport::route_cors",
    origins = "https://reexport.example.com"
)]
#[actix_web::scope("/reexported-module")]
mod reexported_module {
    use actix_web::get;

    #[get("/items")]
    pub async fn items() -> &'static str {
        "[]"
    }
}

use route_cors_renamed::reexport as local;

// A `self::` path on a module resolves where the module is written.
#[cors::cors(
    crate = "self::local::route_cors",
    origins = "https://local.example.com"
)]
#[actix_web::scope("/local-module")]
mod local_module {
    use actix_web::get;

    #[get("/items")]
    pub async fn items() -> &'static str {
        "[]"
    }
}

fn preflight(path: &str, origin: &str) -> actix_http::Request {
    test::TestRequest::default()
        .method(Method::OPTIONS)
        .uri(path)
        .insert_header(("Origin", origin))
        .insert_header(("Access-Control-Request-Method", "GET"))
        .to_request()
}

/// The status and `Access-Control-Allow-Origin` of a preflight's answer.
async fn answer<S>(app: &S, path: &str, origin: &str) -> (StatusCode, Option<String>)
where
    S: Service<actix_http::Request, Response = ServiceResponse, Error = actix_web::Error>,
{
    let response = test::call_service(app, preflight(path, origin)).await;
    let allowed = response
        .headers()
        .get("access-control-allow-origin")
        .map(|value| value.to_str().unwrap().to_owned());
    (response.status(), allowed)
}

#[actix_web::test]
async fn renamed_dependency_and_reexport() {
    let app = test::init_service(
        App::new()
            .service(items)
            .service(through_reexport)
            .service(module::inherited)
            .service(module::own)
            .service(reexported_module::items)
            .service(local_module::items)
            .service(
                web::scope("/scope")
                    .wrap(cors::policy!(origins = "https://app.example.com"))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            )
            .service(
                web::scope("/reexported-scope")
                    .wrap(route_cors_renamed::reexport::route_cors::policy!(
                        crate = "route_cors_renamed::reexport::route_cors",
                        origins = "https://reexport.example.com"
                    ))
                    .route("/items", web::get().to(HttpResponse::Ok)),
            ),
    )
    .await;

    let allowed = |origin: &str| (StatusCode::NO_CONTENT, Some(origin.to_owned()));
    for (path, origin) in [
        ("/items", "https://app.example.com"),
        ("/through-reexport", "https://reexport.example.com"),
        ("/module/inherited", "https://app.example.com"),
        ("/module/own", "https://own.example.com"),
        ("/reexported-module/items", "https://reexport.example.com"),
        ("/local-module/items", "https://local.example.com"),
        ("/scope/items", "https://app.example.com"),
        ("/reexported-scope/items", "https://reexport.example.com"),
    ] {
        assert_eq!(answer(&app, path, origin).await, allowed(origin), "{path}");
    }
    let (_, refused) = answer(&app, "/items", "https://evil.example.com").await;
    assert_eq!(refused, None);
}
