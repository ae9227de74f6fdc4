use actix_web::{get, App};
use route_cors::cors;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

/// A mistake in the policy is the only error: the handler and its
/// OpenAPI items are still there.
#[cors(origins = "https://app.example.com/")]
#[utoipa::path(responses((status = 200, description = "The items")))]
#[get("/items")]
async fn items() -> &'static str {
    "[]"
}

#[derive(OpenApi)]
#[openapi(paths(items))]
struct ApiDoc;

fn main() {
    let _ = App::new().into_utoipa_app().service(items);
    let _ = ApiDoc::openapi();
}
