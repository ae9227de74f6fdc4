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

python3 - "$work/results" <<'PY'
import sys
counts, variants, cases = {}, [], []
for line in open(sys.argv[1]):
    variant, case, n = line.split()
    counts[variant, case] = int(n)
    variants += [variant] if variant not in variants else []
    cases += [case] if case not in cases else []
BASELINE = {"policy-scope": "bare-scope", "cors-attribute": "bare-get", "route-cors-app": "bare-get"}
print("instructions per request (ratio to bare / to the same routing without CORS)")
print(f"{'':<18}" + "".join(f"{v:>22}" for v in variants))
for case in cases:
    base = counts.get(("bare", case))
    cells = []
    for v in variants:
        n = counts[v, case]
        text = f"{n}" + (f" x{n / base:.3f}" if base else "")
        if (BASELINE.get(v), case) in counts:
            text += f"/{n / counts[BASELINE[v], case]:.3f}"
        cells.append(f"{text:>22}")
    print(f"{case:<18}" + "".join(cells))
if ("bare", "actual-allowed") in counts and "preflight-allowed" in cases:
    get = counts["bare", "actual-allowed"]
    print("allowed preflight / bare GET with Origin: " + ", ".join(
        f"{v} x{counts[v, 'preflight-allowed'] / get:.3f}" for v in variants))
PY
