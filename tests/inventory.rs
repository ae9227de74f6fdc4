//! The inventory of an application: every `#[cors]` route with its full
//! path, methods, handler, location, policy source and effective policy,
//! each `Cors` middleware, and whether `RouteCors` wraps the App.

use actix_web::{get, post, routes, scope, test, web, App, HttpRequest, HttpResponse};
use route_cors::test::inventory;
use route_cors::{cors, cors_policies, policy, Inventory, OriginSets, PolicySource, RouteCors};

cors_policies! {
    /// The single-page app, with its session cookie.
    spa(origins = "https://app.example.com", credentials = true, max_age = 600);
}

#[cors(policy = spa, max_age = 60)]
#[post("/notes")]
async fn create_note() -> &'static str {
    "saved"
}

mod first {
    use super::*;

    #[cors(origins = "https://one.example.com")]
    #[get("/index")]
    pub async fn index() -> &'static str {
        "first"
    }
}

mod second {
    use super::*;

    #[cors(origins = "https://two.example.com")]
    #[get("/index")]
    pub async fn index() -> &'static str {
        "second"
    }
}

#[cors(origins = ["https://app.example.com", "https://*.example.org"], credentials = true,
       headers = ["authorization"], expose_headers = ["x-total"], max_age = 600)]
#[scope("/shop")]
mod shop {
    use actix_web::{delete, get, put};

    #[get("/items")]
    pub async fn list() -> &'static str {
        "[]"
    }

    #[cors(origins = "https://admin.example.com")]
    #[delete("/items/{id:\\d+}")]
    pub async fn remove() -> &'static str {
        "removed"
    }

    #[cors(disabled)]
    #[put("/health")]
    pub async fn health() -> &'static str {
        "ok"
    }
}

#[cors(origins = "https://app.example.com")]
#[routes]
#[get("/a")]
#[post("/b")]
async fn two_paths() -> &'static str {
    "two"
}

#[cors(origins_from = "frontend", methods = "GET")]
#[get("/settings")]
async fn settings() -> &'static str {
    "settings"
}

fn is_tenant(origin: &str) -> bool {
    origin.ends_with(".tenant.example.com")
}

#[cors(origin_fn = is_tenant, credentials = true)]
#[post("/tenant/{name}/upload")]
async fn upload() -> &'static str {
    "uploaded"
}

async fn legacy() -> &'static str {
    "legacy"
}

fn configure(config: &mut web::ServiceConfig) {
    config.service(settings).service(upload);
}

async fn report(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().body(Inventory::of(&req).to_string())
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(
            OriginSets::new()
                .set("frontend", ["https://app.example.com"])
                .unwrap(),
        )
        .service(
            web::scope("/api").service(
                web::scope("/v1")
                    .service(first::index)
                    .service(web::scope("/x").service(second::index)),
            ),
        )
        .service(shop::list)
        .service(shop::remove)
        .service(shop::health)
        .service(two_paths)
        .service(create_note)
        .configure(configure)
        .service(
            web::scope("/legacy")
                .wrap(policy!(origins = "https://legacy.example.com"))
                .route("/report", web::get().to(legacy)),
        )
        .route("/cors-report", web::get().to(report))
        .wrap(policy!(origins = "https://reports.example.com"))
        .wrap(RouteCors::new())
}

fn route<'a>(inventory: &'a Inventory, path: &str) -> &'a route_cors::InventoryRoute {
    inventory
        .routes
        .iter()
        .find(|route| route.path == path)
        .unwrap_or_else(|| panic!("no route {path} in\n{inventory}"))
}

#[actix_web::test]
async fn every_shape_of_route_is_listed_with_its_full_path_and_policy() {
    let app = test::init_service(app()).await;
    let inventory = inventory(&app).await;
    let paths: Vec<&str> = inventory.routes.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/api/v1/index",
            "/api/v1/x/index",
            "/shop/items",
            "/shop/items/{id}",
            "/shop/health",
            "/a",
            "/b",
            "/notes",
            "/settings",
            "/tenant/{name}/upload",
        ],
        "{inventory}"
    );
    assert_eq!(inventory.route_cors, Some(true));

    // Two handlers named `index`, in two modules.
    let first = route(&inventory, "/api/v1/index");
    assert_eq!(first.handler, "inventory::first::index");
    assert!(
        first.location.starts_with("tests/inventory.rs:"),
        "{}",
        first.location
    );
    assert_eq!(
        first.policy.as_ref().unwrap().origins,
        ["https://one.example.com"]
    );
    let second = route(&inventory, "/api/v1/x/index");
    assert_eq!(second.handler, "inventory::second::index");
    assert_eq!(
        second.policy.as_ref().unwrap().origins,
        ["https://two.example.com"]
    );

    // A `#[scope]` module: inherited, overridden, disabled.
    let list = route(&inventory, "/shop/items");
    assert_eq!(list.source, PolicySource::Module);
    assert_eq!(list.handler, "inventory::shop::list");
    let policy = list.policy.as_ref().unwrap();
    assert_eq!(policy.origins, ["https://app.example.com"]);
    assert_eq!(policy.patterns, ["https://*.example.org"]);
    assert!(policy.credentials);
    assert_eq!(policy.headers, ["authorization"]);
    assert_eq!(policy.expose_headers, ["x-total"]);
    assert_eq!(policy.max_age, 600);
    assert!(policy.cross_origin_write_protection);
    let remove = route(&inventory, "/shop/items/{id}");
    assert_eq!(remove.source, PolicySource::ModuleWithOverrides);
    // The line of the handler's own `#[cors]`, not the module's.
    assert_eq!(remove.location, "tests/inventory.rs:51");
    assert_eq!(list.location, "tests/inventory.rs:40");
    assert_eq!(remove.methods, ["DELETE"]);
    assert_eq!(
        remove.policy.as_ref().unwrap().origins,
        ["https://admin.example.com"]
    );
    assert!(remove.policy.as_ref().unwrap().credentials);
    let health = route(&inventory, "/shop/health");
    assert_eq!(health.source, PolicySource::Disabled);
    assert!(health.policy.is_none());

    // `#[routes]` with two paths: one row each, with the method served there.
    assert_eq!(route(&inventory, "/a").methods, ["GET"]);
    assert_eq!(route(&inventory, "/b").methods, ["POST"]);
    assert_eq!(
        route(&inventory, "/a").policy.as_ref().unwrap().methods,
        ["GET"]
    );

    // A named policy with a key replaced.
    let note = route(&inventory, "/notes");
    assert_eq!(note.named_policy.as_deref(), Some("spa"));
    assert_eq!(note.source, PolicySource::Own);
    assert_eq!(note.policy.as_ref().unwrap().max_age, 60);
    assert!(note.policy.as_ref().unwrap().credentials);

    // `App::configure`, `origins_from`, `origin_fn`.
    let settings_route = route(&inventory, "/settings");
    assert_eq!(
        settings_route.policy.as_ref().unwrap().origin_sets,
        ["frontend"]
    );
    assert_eq!(settings_route.source, PolicySource::Own);
    let upload_route = route(&inventory, "/tenant/{name}/upload");
    assert_eq!(
        upload_route.policy.as_ref().unwrap().origin_fns,
        ["is_tenant"]
    );

    // `policy!` on a scope and on the App, with what the probes found.
    assert_eq!(inventory.middleware.len(), 2, "{inventory}");
    let scope = inventory
        .middleware
        .iter()
        .find(|m| m.policy.origins == ["https://legacy.example.com"])
        .unwrap();
    assert!(scope.location.starts_with("policy! at tests/inventory.rs:"));
    let app_level = inventory
        .middleware
        .iter()
        .find(|m| m.policy.origins == ["https://reports.example.com"])
        .unwrap();
    assert!(
        app_level.covers.contains(&"/shop/items".to_owned()),
        "{inventory}"
    );

    let table = inventory.to_string();
    assert!(
        table.starts_with("RouteCors wraps the App: yes\n"),
        "{table}"
    );
    assert!(table.contains("/shop/items/{id}"), "{table}");
    assert!(table.contains("module+own"), "{table}");
    assert!(table.contains("own (policy spa)"), "{table}");
}

#[actix_web::test]
async fn the_inventory_is_read_from_inside_a_running_app() {
    let app = test::init_service(app()).await;
    let request = test::TestRequest::get().uri("/cors-report").to_request();
    let body = test::call_and_read_body(&app, request).await;
    let table = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        table.starts_with("RouteCors wraps the App: yes\n"),
        "{table}"
    );
    assert!(table.contains("/tenant/{name}/upload"), "{table}");
    assert!(table.contains("inventory::second::index"), "{table}");
}

#[actix_web::test]
async fn the_inventory_serializes_with_its_schema_version() {
    let app = test::init_service(app()).await;
    let json: serde_json::Value = serde_json::from_str(&inventory(&app).await.to_json()).unwrap();
    assert_eq!(json["schema"], "route-cors-inventory/1");
    assert_eq!(json["route_cors"], true);
    let routes = json["routes"].as_array().unwrap();
    let remove = routes
        .iter()
        .find(|r| r["path"] == "/shop/items/{id}")
        .unwrap();
    assert_eq!(remove["source"], "module_with_overrides");
    assert_eq!(remove["policy"]["origins"][0], "https://admin.example.com");
    let health = routes.iter().find(|r| r["path"] == "/shop/health").unwrap();
    assert_eq!(health["source"], "disabled");
    assert!(health["policy"].is_null());
}

#[actix_web::test]
async fn an_app_without_route_cors_says_so() {
    let app = test::init_service(App::new().service(two_paths)).await;
    let inventory = inventory(&app).await;
    assert_eq!(inventory.route_cors, Some(false));
    assert!(inventory
        .to_string()
        .starts_with("RouteCors wraps the App: no\n"));
}

/// With the `introspection` feature, the routes with no policy of their
/// own are listed too: a handler added without `#[cors]` shows up.
#[cfg(feature = "introspection")]
#[actix_web::test]
async fn routes_without_a_policy_of_their_own_are_listed() {
    let app = test::init_service(app()).await;
    let inventory = inventory(&app).await;
    let without = inventory.routes_without_policy.as_ref().unwrap();
    let paths: Vec<&str> = without.iter().map(|route| route.path.as_str()).collect();
    assert!(paths.contains(&"/legacy/report"), "{inventory}");
    assert!(paths.contains(&"/cors-report"), "{inventory}");
    assert!(!paths.contains(&"/shop/items"), "{inventory}");
    assert!(!paths.contains(&"/shop/items/{id}"), "{inventory}");
    assert!(
        inventory.to_string().contains("NO POLICY OF ITS OWN"),
        "{inventory}"
    );
}

#[cfg(not(feature = "introspection"))]
#[actix_web::test]
async fn without_introspection_routes_without_a_policy_are_not_known() {
    let app = test::init_service(app()).await;
    assert_eq!(inventory(&app).await.routes_without_policy, None);
}
