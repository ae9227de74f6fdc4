#!/usr/bin/env bash
# Over the wire: each wiring of the benchmarked policy (bare route,
# actix-cors, #[cors], policy! on a scope, #[cors] + RouteCors, and the
# same scope and #[get] handler without CORS) served by a release build of examples/bench_server.rs pinned to
# CPU 0, loaded on loopback by wrk pinned to CPU 1, in interleaved rounds
# so that machine noise hits every wiring alike. Prints, per request shape,
# the median CPU time per request of the server process (utime + stime
# from /proc/<pid>/stat) and requests/s, and their ratios to the bare route
# ("own": CPU per request to the same routing without CORS).
#
#   scripts/bench-wire.sh                 # 5 rounds x 3 s per wiring and shape
#   ROUNDS=3 DURATION=2 CASES="actual-allowed" scripts/bench-wire.sh
#
# Runs about ROUNDS x 6 wirings x (CASES x (DURATION + 1) + 1) seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-3}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-8181}
VARIANTS=${VARIANTS:-"bare actix-cors cors-attribute policy-scope route-cors-app bare-scope bare-get bare-headers"}
CASES=${CASES:-"actual-allowed actual-refused preflight-allowed preflight-refused no-origin"}

if ! command -v wrk >/dev/null 2>&1; then
    echo "--- installing wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "--- building the release server"
cargo build --release --example bench_server
target_dir=${CARGO_TARGET_DIR:-target}
server="$target_dir/release/examples/bench_server"

work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true' EXIT

# One wrk script per request shape.
for case in $CASES; do
    case $case in
        actual-allowed) method=GET; headers='["Origin"] = "https://app.example.com"' ;;
        actual-refused) method=GET; headers='["Origin"] = "https://evil.example.net"' ;;
        preflight-allowed | preflight-refused)
            method=OPTIONS
            origin=https://app.example.com
            [ "$case" = preflight-refused ] && origin=https://evil.example.net
            headers="[\"Origin\"] = \"$origin\", [\"Access-Control-Request-Method\"] = \"GET\", [\"Access-Control-Request-Headers\"] = \"content-type, x-csrf-token\""
            ;;
        no-origin) method=GET; headers='' ;;
        *) echo "unknown case $case" >&2; exit 1 ;;
    esac
    printf 'wrk.method = "%s"\nwrk.headers = { %s }\n' "$method" "$headers" >"$work/$case.lua"
done

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "--- $ROUNDS rounds, ${DURATION}s per wiring and shape, $CONNECTIONS connections"
for round in $(seq "$ROUNDS"); do
    for variant in $VARIANTS; do
        BENCH_VARIANT=$variant BENCH_PORT=$PORT taskset -c 0 "$server" &
        pid=$!
        for _ in $(seq 100); do
            (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
            sleep 0.05
        done
        for case in $CASES; do
            # Warm up, then measure.
            taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d1s -s "$work/$case.lua" \
                "http://127.0.0.1:$PORT/api/items" >/dev/null
            before=$(cpu_ticks "$pid")
            out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/$case.lua" \
                "http://127.0.0.1:$PORT/api/items")
            after=$(cpu_ticks "$pid")
            requests=$(awk '/requests in/ {print $1}' <<<"$out")
            rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
            echo "$round $variant $case $requests $rps $((after - before))" >>"$work/results"
        done
        kill "$pid"
        wait "$pid" 2>/dev/null || true
        pid=
    done
    echo "round $round done"
done

python3 - "$work/results" "$ticks" <<'PY'
import statistics, sys
from collections import defaultdict

ticks = int(sys.argv[2])
cpu, rps = defaultdict(list), defaultdict(list)
variants, cases = [], []
for line in open(sys.argv[1]):
    _, variant, case, requests, per_second, used = line.split()
    if variant not in variants: variants.append(variant)
    if case not in cases: cases.append(case)
    cpu[variant, case].append(int(used) / ticks / int(requests) * 1e6)
    rps[variant, case].append(float(per_second))

def spread(values):
    return f"{min(values):.2f}-{max(values):.2f}"

BASELINE = {"policy-scope": "bare-scope", "cors-attribute": "bare-get", "route-cors-app": "bare-get"}
for case in cases:
    print(f"\n{case}")
    print(f"{'wiring':<16}{'CPU us/req':>11}{'ratio':>8}{'own':>8}{'spread':>13}{'req/s':>10}{'ratio':>8}")
    base_cpu = statistics.median(cpu["bare", case])
    base_rps = statistics.median(rps["bare", case])
    for variant in variants:
        c, r = statistics.median(cpu[variant, case]), statistics.median(rps[variant, case])
        own = BASELINE.get(variant)
        own = f"{c / statistics.median(cpu[own, case]):.3f}" if (own, case) in cpu else "-"
        print(f"{variant:<16}{c:>11.2f}{c / base_cpu:>8.3f}{own:>8}{spread(cpu[variant, case]):>13}"
              f"{r:>10.0f}{r / base_rps:>8.3f}")
PY
