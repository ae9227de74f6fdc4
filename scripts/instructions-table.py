#!/usr/bin/env python3
"""Prints the table of instructions per request that
scripts/bench-instructions.sh and scripts/bench-wire-instructions.sh
measure: one `variant case count` line per measurement in FILE, each count
with its ratio to `bare` and, for a wiring with CORS, to the same routing
without it.

    scripts/instructions-table.py FILE TITLE
"""
import sys

counts, variants, cases = {}, [], []
for line in open(sys.argv[1]):
    variant, case, n = line.split()
    counts[variant, case] = int(n)
    variants += [variant] if variant not in variants else []
    cases += [case] if case not in cases else []
BASELINE = {"policy-scope": "bare-scope", "cors-attribute": "bare-get", "route-cors-app": "bare-get",
            "route-cors-plain": "plain-app"}
print(f"{sys.argv[2]} (ratio to bare / to the same routing without CORS)")
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
