#!/usr/bin/env bash
# User-space instructions per request over the wire, counted by callgrind
# (deterministic, unlike CPU time on a shared machine): for each wiring and
# request shape, the release examples/bench_server.rs runs under callgrind
# and serves N1, then in a second run N2, requests over one keep-alive
# HTTP/1.1 connection on 127.0.0.1; the difference divided by N2 - N1 is
# one request, HTTP parsing and response encoding included (the kernel's
# share of a request, which callgrind cannot see, only dilutes the ratios).
#
#   scripts/bench-wire-instructions.sh
#   VARIANTS="bare-get cors-attribute" CASES=actual-allowed scripts/bench-wire-instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N1=${N1:-300}
N2=${N2:-1300}
PORT=${PORT:-8182}
VARIANTS=${VARIANTS:-"bare actix-cors cors-attribute policy-scope route-cors-app bare-scope bare-get bare-headers"}
CASES=${CASES:-"actual-allowed preflight-allowed no-origin"}

if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
cargo build --release --example bench_server
server="${CARGO_TARGET_DIR:-target}/release/examples/bench_server"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true' EXIT

# Sends REQUESTS requests of one shape over one connection; exits non-zero
# on an unexpected status. Waits (bounded) for the server to listen.
cat >"$work/client.py" <<'PY'
import http.client, sys, time
port, case, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
origin = "https://app.example.com"
headers, method, statuses = {"Origin": origin}, "GET", (200,)
if case == "preflight-allowed":
    # 204 from route-cors, 200 from actix-cors.
    method, statuses = "OPTIONS", (200, 204)
    headers["Access-Control-Request-Method"] = "GET"
    headers["Access-Control-Request-Headers"] = "content-type, x-csrf-token"
elif case == "no-origin":
    headers = {}
elif case != "actual-allowed":
    sys.exit(f"unknown case {case}")
for _ in range(600):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("the server did not start")
for _ in range(count):
    connection.request(method, "/api/items", headers=headers)
    response = connection.getresponse()
    response.read()
    # The routes without CORS answer a preflight 404 or 405.
    if response.status not in statuses and not (method == "OPTIONS" and response.status in (404, 405)):
        sys.exit(f"{case}: status {response.status}")
connection.close()
PY

instructions() { # variant case requests
    BENCH_VARIANT=$1 BENCH_PORT=$PORT valgrind --tool=callgrind \
        --callgrind-out-file="$work/out" "$server" 2>"$work/log" &
    pid=$!
    if ! python3 "$work/client.py" "$PORT" "$2" "$3"; then
        kill "$pid"
        exit 1
    fi
    kill -INT "$pid"
    wait "$pid" || true
    pid=
    awk '/^summary:/ {print $2}' "$work/out"
}

for case in $CASES; do
    for variant in $VARIANTS; do
        few=$(instructions "$variant" "$case" "$N1")
        many=$(instructions "$variant" "$case" "$N2")
        echo "$variant $case $(( (many - few) / (N2 - N1) ))"
    done
done >"$work/results"

scripts/instructions-table.py "$work/results" "user-space instructions per request over the wire"
