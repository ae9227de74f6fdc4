use actix_web::{web, App};
use route_cors::policy;

fn main() {
    let _app = App::new().service(web::scope("/api").wrap(policy!(
        origins = "https://app.example.com",
        credentials = true,
        refuse_cross_origin_writes = true
    )));
}
