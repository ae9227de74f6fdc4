#!/usr/bin/env bash
# Over the wire: each wiring of the benchmarked policy (bare route,
# actix-cors, #[cors], policy! on a scope, #[cors] + RouteCors, and the
# same scope and #[get] handler without CORS) served by a release build of examples/bench_server.rs pinned to
# CPU 0, loaded on loopback by wrk pinned to CPU 1, in interleaved rounds
# so that machine noise hits every wiring alike. Prints, per request shape,
# the median CPU time per request of the server process (utime + stime
# from /proc/<pid>/stat), its ratio to the bare route and ("own") to the
# same routing without CORS, each the median of the rounds' own ratios, the
# user-time share, and requests/s.
#
#   scripts/bench-wire.sh                 # 5 rounds x 3 s per wiring and shape
#   ROUNDS=3 DURATION=2 CASES="actual-allowed" scripts/bench-wire.sh
#
# Runs about ROUNDS x 8 wirings x (CASES x (DURATION + 1) + 1) seconds.
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
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }

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
            read -r user_before sys_before < <(cpu_ticks "$pid")
            out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -s "$work/$case.lua" \
                "http://127.0.0.1:$PORT/api/items")
            read -r user_after sys_after < <(cpu_ticks "$pid")
            requests=$(awk '/requests in/ {print $1}' <<<"$out")
            rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
            echo "$round $variant $case $requests $rps $((user_after - user_before)) $((sys_after - sys_before))" >>"$work/results"
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
cpu, rps, user = defaultdict(list), defaultdict(list), defaultdict(list)
by_round = {}
variants, cases = [], []
for line in open(sys.argv[1]):
    round_, variant, case, requests, per_second, user_ticks, sys_ticks = line.split()
    if variant not in variants: variants.append(variant)
    if case not in cases: cases.append(case)
    total = int(user_ticks) + int(sys_ticks)
    per_request = total / ticks / int(requests) * 1e6
    cpu[variant, case].append(per_request)
    by_round[round_, variant, case] = per_request
    user[variant, case].append(int(user_ticks) / max(total, 1))
    rps[variant, case].append(float(per_second))

def spread(values):
    return f"{min(values):.2f}-{max(values):.2f}"

def paired(variant, baseline, case):
    """The median over rounds of each round's ratio: noise that lasts a
    round hits both sides of the ratio."""
    ratios = [value / by_round[r, baseline, case]
              for (r, v, c), value in by_round.items()
              if v == variant and c == case and (r, baseline, case) in by_round]
    return statistics.median(ratios) if ratios else None

BASELINE = {"policy-scope": "bare-scope", "cors-attribute": "bare-get", "route-cors-app": "bare-get"}
print("CPU us/req: median of the rounds; ratio: to bare, paired by round; own: to the same")
print("routing without CORS, paired by round; user: share of user time in the CPU time")
for case in cases:
    print(f"\n{case}")
    print(f"{'wiring':<16}{'CPU us/req':>11}{'ratio':>8}{'own':>8}{'user':>7}{'spread':>13}{'req/s':>10}")
    for variant in variants:
        c = statistics.median(cpu[variant, case])
        ratio = paired(variant, "bare", case)
        own = paired(variant, BASELINE[variant], case) if variant in BASELINE else None
        print(f"{variant:<16}{c:>11.2f}{ratio:>8.3f}" + (f"{own:>8.3f}" if own else f"{'-':>8}")
              + f"{statistics.median(user[variant, case]):>7.2f}{spread(cpu[variant, case]):>13}"
              f"{statistics.median(rps[variant, case]):>10.0f}")
PY
