use route_cors::cors_policies;

fn allowed(origin: &str) -> bool {
    origin.ends_with(".example.com")
}

cors_policies! {
    // A named policy is shared within its crate.
    pub everyone(origins = "*");
    // Its functions are used from other modules.
    tenants(origin_fn = allowed);
    // `disabled` belongs on a handler in a module.
    off(origins = "https://app.example.com", disabled);
    // A misspelt key, with its hint.
    partner(origins = "https://partner.example.com", credential = true);
}

fn main() {
    let _ = allowed;
}
