use route_cors::policy;

fn main() {
    let _cors = policy!(disabled);
}
