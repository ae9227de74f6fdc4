#!/usr/bin/env bash
# Compile-time cost of #[cors]: generates, in a temporary directory, two
# crates with 200 actix-web handlers each, one with #[cors] on every
# handler and one without, both depending on this workspace by path. Both
# are built once to compile their dependencies (shared target directory),
# then each crate alone is cleaned (`cargo clean -p`) and rebuilt from
# scratch, in interleaved rounds; prints the median build times, their
# ratio and the median of each round's ratio. The proc macro itself is a
# dependency, built once, so the figure is what the attribute adds to a
# user's own build.
#
#   scripts/bench-build.sh            # 3 rounds, debug builds
#   ROUNDS=5 PROFILE=release scripts/bench-build.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
PROFILE=${PROFILE:-dev}
HANDLERS=${HANDLERS:-200}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/Cargo.toml" <<TOML
[workspace]
members = ["annotated", "plain"]
resolver = "2"
TOML
cp "$repo/Cargo.lock" "$work/Cargo.lock"

generate() { # name, attribute line
    mkdir -p "$work/$1/src"
    cat >"$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
route-cors = { path = "$repo" }
actix-web = { version = "4.18", default-features = false, features = ["macros"] }
TOML
    {
        echo "use actix_web::{get, web};"
        [ -n "$2" ] && echo "use route_cors::cors;"
        for i in $(seq "$HANDLERS"); do
            [ -n "$2" ] && echo "$2"
            echo "#[get(\"/items/$i/{id}\")]"
            echo "async fn handler_$i(id: web::Path<u32>) -> String { format!(\"$i {id}\") }"
        done
        echo "pub fn configure(config: &mut web::ServiceConfig) {"
        for i in $(seq "$HANDLERS"); do echo "    config.service(handler_$i);"; done
        echo "}"
    } >"$work/$1/src/lib.rs"
}
generate annotated '#[cors(origins = ["https://app.example.com", "https://*.example.org"], credentials = true, expose_headers = "x-request-id")]'
generate plain ''

cd "$work"
export CARGO_TARGET_DIR="$work/target"
echo "--- building the dependencies once"
cargo build --profile "$PROFILE" --workspace --quiet

seconds() { # crate
    cargo clean --profile "$PROFILE" -p "$1" --quiet
    local start end
    start=$(date +%s.%N)
    cargo build --profile "$PROFILE" -p "$1" --quiet
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

: >results
for round in $(seq "$ROUNDS"); do
    for crate in plain annotated; do
        echo "$crate $(seconds "$crate")" >>results
    done
    echo "round $round: $(tail -2 results | tr '\n' ' ')"
done

python3 - results "$HANDLERS" <<'PY'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    crate, seconds = line.split()
    times.setdefault(crate, []).append(float(seconds))
plain, annotated = (statistics.median(times[c]) for c in ("plain", "annotated"))
print(f"{sys.argv[2]} handlers, median of {len(times['plain'])} clean builds of the crate")
for crate in ("plain", "annotated"):
    t = times[crate]
    print(f"  {crate:<10} {statistics.median(t):6.2f} s  (spread {min(t):.2f}-{max(t):.2f})")
print(f"  ratio      {annotated / plain:6.3f}  (of the medians)")
# Each round's own ratio: a slow spell of the machine hits both builds of
# a round alike.
paired = [a / p for p, a in zip(times["plain"], times["annotated"])]
print(f"  ratio      {statistics.median(paired):6.3f}  (median of the rounds' ratios, "
      f"spread {min(paired):.3f}-{max(paired):.3f})")
PY
