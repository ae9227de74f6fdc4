#!/usr/bin/env bash
# Instructions per request, counted by callgrind (deterministic, so it holds
# on a busy machine where timings do not): for each wiring and request
# shape, examples/request_loop.rs runs N1 and then N2 requests in process
# (request construction included, identical for every wiring), and the
# difference divided by N2 - N1 is one request; printed with its ratio to
# the bare route, and each wiring with CORS also to the same routing without
# it (policy! on a scope to bare-scope, #[cors] to the same #[get], bare-get).
#
#   scripts/bench-instructions.sh
#   VARIANTS="bare route-cors-app" CASES=actual-allowed scripts/bench-instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N1=${N1:-200}
N2=${N2:-1200}
VARIANTS=${VARIANTS:-"bare actix-cors cors-attribute policy-scope route-cors-app bare-scope bare-get bare-headers"}
CASES=${CASES:-"actual-allowed actual-refused preflight-allowed preflight-refused no-origin"}

if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
cargo build --release --example request_loop
binary="${CARGO_TARGET_DIR:-target}/release/examples/request_loop"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

instructions() { # variant case requests
    BENCH_VARIANT=$1 BENCH_CASE=$2 BENCH_REQUESTS=$3 valgrind --tool=callgrind \
        --callgrind-out-file="$work/out" "$binary" 2>"$work/log"
    awk '/^summary:/ {print $2}' "$work/out"
}

for case in $CASES; do
    for variant in $VARIANTS; do
        few=$(instructions "$variant" "$case" "$N1")
        many=$(instructions "$variant" "$case" "$N2")
        echo "$variant $case $(( (many - few) / (N2 - N1) ))"
    done
done >"$work/results"

scripts/instructions-table.py "$work/results" "instructions per request"
