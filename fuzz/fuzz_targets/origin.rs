//! Origin parsing through the builder: any string, with any of the flags
//! that change which origins are accepted, builds or is refused, never
//! panics; a built policy then decides that same string as a request origin.
#![no_main]

use libfuzzer_sys::fuzz_target;
use route_cors::Policy;

fuzz_target!(|input: (u8, &str)| {
    let (flags, origin) = input;
    let built = Policy::builder()
        .allow_origin(origin)
        .allow_credentials(flags & 1 != 0)
        .dangerously_allow_null_origin(flags & 2 != 0)
        .dangerously_allow_insecure_origins(flags & 4 != 0)
        .build();
    match built {
        Ok(policy) => {
            let _ = policy.allows_origin(origin);
        }
        Err(error) => assert!(!error.problems().is_empty()),
    }
});
