#!/usr/bin/env python3
"""Medians of the last `cargo bench` run (criterion's estimates), with
ratios: each wiring to the bare route (and policy! on a scope to the same
scope without CORS), each origin list to its one-entry size.

    cargo bench && scripts/bench-summary.py
"""
import json
import os
import sys
from pathlib import Path

target = Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"
if len(sys.argv) > 1:
    target = Path(sys.argv[1])


def median_ns(path):
    estimates = json.loads((path / "new" / "estimates.json").read_text())
    return estimates["median"]["point_estimate"]


def rows(group):
    for bench in sorted((target / group).iterdir()):
        if (bench / "new").is_dir():
            yield bench.name, median_ns(bench)


cases = ["actual-allowed", "actual-refused", "preflight-allowed", "preflight-refused", "no-origin"]
wirings = ["bare", "actix-cors", "cors-attribute", "policy-scope", "route-cors-app", "bare-scope", "bare-get", "bare-headers"]
BASELINE = {"policy-scope": "bare-scope", "cors-attribute": "bare-get", "route-cors-app": "bare-get"}
print("requests through init_service + call_service (median ns, ratio to bare / to the same routing without CORS)")
print(f"{'':<18}" + "".join(f"{w:>20}" for w in wirings))
bare_get = median_ns(target / "actual-allowed" / "bare")
for case in cases:
    if not (target / case).is_dir():
        continue
    medians = dict(rows(case))
    cells = []
    for w in wirings:
        if w not in medians:
            cells.append(f"{'-':>20}")
            continue
        ratio = medians[w] / medians["bare"]
        extra = f"/{medians[w] / medians[BASELINE[w]]:.2f}" if BASELINE.get(w) in medians else ""
        cells.append(f"{medians[w]:>9.0f} x{ratio:.2f}{extra:>5}".rjust(20))
    print(f"{case:<18}" + "".join(cells))
if (target / "preflight-allowed").is_dir():
    print("allowed preflight / bare GET with Origin: " + ", ".join(
        f"{w} x{median_ns(target / 'preflight-allowed' / w) / bare_get:.2f}" for w in wirings))

if (target / "decide").is_dir():
    print("\ndecide (median ns)")
    for name, ns in rows("decide"):
        print(f"  {name:<20}{ns:>8.1f}")

lookup = target / "origin-lookup"
if lookup.is_dir():
    print("\norigin lookup (median ns, ratio to the one-entry list)")
    for series in sorted(p.name for p in lookup.iterdir() if p.is_dir() and p.name != "report"):
        sizes = sorted(int(p.name) for p in (lookup / series).iterdir() if p.name.isdigit())
        base = median_ns(lookup / series / str(sizes[0]))
        cells = ", ".join(
            f"{n}: {median_ns(lookup / series / str(n)):.1f} (x{median_ns(lookup / series / str(n)) / base:.2f})"
            for n in sizes
        )
        print(f"  {series:<28}{cells}")
