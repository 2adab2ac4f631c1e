#!/usr/bin/env python3
"""Pool several score.py --summary-json files: recall, false alerts per host per day, p95 delay over all runs."""
import collections
import json
import math
import sys

runs = [json.load(open(p)) for p in sys.argv[1:]]
n = sum(r["incidents"] for r in runs)
found = sum(r["found"] for r in runs)
lenient = sum(r["found_lenient"] for r in runs)
host_days = sum(r["hosts"] * r["days"] for r in runs)
fa = sum(r["false_alerts"] for r in runs)
strict = sum(r["strict_false_alerts"] for r in runs)


def p95(xs):
    xs = sorted(xs)
    return xs[max(0, math.ceil(0.95 * len(xs)) - 1)] if xs else float("nan")


d = [x for r in runs for x in r["delays"]]
ds = [x for r in runs for x in r["delays_from_start"]]
print(f"{len(runs)} runs (seeds {', '.join(str(r['seed']) for r in runs)}), {n} incidents, {host_days:.0f} host-days")
print(f"recall {found / n * 100:.1f} % ({found}/{n}); without debatable entity requirements {lenient / n * 100:.1f} %")
print(f"false alerts {fa / host_days:.2f} per host per day ({fa}); strict {strict / host_days:.2f} ({strict})")
print(f"p95 delay {p95(d):.0f} s from alert_from, {p95(ds):.0f} s from start; median {sorted(d)[len(d) // 2]:.0f} s")
print("misses by kind:", dict(collections.Counter(k for r in runs for k in r["missed_kinds"])))
print("false alerts by kind:", dict(collections.Counter(k for r in runs for k in r["false_alert_kinds"])))
