#!/usr/bin/env python3
"""Score `logwarden analyze` on a tree written by gen.py.

Usage: score.py TREE [--cmd "dotnet path/to/logwarden.dll"] [--out DIR] [--reuse]

Runs `analyze TREE/HOST --learn-until <end of day 2> --json` once per host directory (each directory is one
server's copy of its logs), keeps the JSON lines in OUT/HOST.jsonl, and scores them against TREE/truth.json:

- found: a warning/critical finding of the run of the incident's host whose entities name every required
  entity (any entity key; units compared without ".service"; {"any": [...]} = one of them; {"substr": s} = s
  inside some entity value; {"text_any": [...]} = one of these strings inside an entity value or the title,
  used for incidents with no entity of their own: the alert must at least say which log/unit/program), with
  ts in [floor(start), start + 15 min] (findings carry whole-second times); delay = max(0, ts - start), the
  earliest such.
- lenient false alert: a warning/critical incident (by incident id) in day 3 none of whose warning/critical
  findings matches any truth of its host (entities as above, ts in [start, start + 15 min]; a truth without
  required entities matches by the time window only).
- strict false alert: every warning/critical incident that no truth claims, where each truth claims only the
  one incident of its earliest matching finding (duplicates of a found incident count as false).
Prints recall, lenient and strict false alerts per host-day, p95 delay, and the tables.
"""
import argparse, json, math, os, subprocess, sys
from datetime import datetime, timezone

WINDOW = 900
MWINDOW = 6 * 3600   # metric incidents (--metrics): a trend takes time; any alert on it within 6 h is not false


def pts(s):
    s = s.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        frac = ""
        i = 0
        while i < len(rest) and rest[i].isdigit():
            frac += rest[i]
            i += 1
        s = head + "." + (frac + "000000")[:6] + rest[i:]
    return datetime.fromisoformat(s).timestamp()


def values(ent):
    out = []
    for k, v in (ent or {}).items():
        if isinstance(v, list):
            out += [str(x) for x in v]
        elif isinstance(v, dict):
            out += [str(x) for x in v.values()]
        else:
            out.append(str(v))
    return [norm(x) for x in out]


def norm(v):
    v = v.strip().lower()
    if v.startswith("::ffff:"):
        v = v[7:]
    if v.endswith(".service"):
        v = v[:-8]
    return v


def names(finding, req):
    vals = values(finding.get("entities"))
    for k, want in req.items():
        if isinstance(want, dict) and "text_any" in want:
            text = " ".join(vals) + " " + finding.get("title", "").lower()
            if not any(w.lower() in text for w in want["text_any"]):
                return False
        elif isinstance(want, dict) and "any" in want:
            if not any(norm(w) in vals for w in want["any"]):
                return False
        elif isinstance(want, dict) and "substr" in want:
            if not any(want["substr"].lower() in v for v in vals):
                return False
        elif norm(want) not in vals:
            return False
    return True


def matches(f, tr):
    # findings carry whole-second log times: a finding stamped in the incident's first second counts
    return math.floor(tr["start_unix"]) <= f["_t"] <= tr["start_unix"] + WINDOW and names(f, tr["entities"])


def p95(xs):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, math.ceil(0.95 * len(xs)) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree")
    ap.add_argument("--cmd", default="dotnet src/LogWarden/bin/Release/net10.0/logwarden.dll")
    ap.add_argument("--out", default=None)
    ap.add_argument("--reuse", action="store_true", help="score existing OUT/HOST.jsonl without running analyze")
    a = ap.parse_args()
    tj = json.load(open(os.path.join(a.tree, "truth.json")))
    meta, truth = tj["meta"], tj["incidents"]
    out = a.out or os.path.join(a.tree, "results")
    os.makedirs(out, exist_ok=True)
    learn = meta["learn_until"]
    d3 = pts(meta["day3_start"])
    end = pts(meta["end"])
    hosts = sorted(meta["hosts"])
    findings = {}
    for h in hosts:
        path = os.path.join(out, h + ".jsonl")
        if not a.reuse:
            cmd = a.cmd.split() + ["analyze", os.path.join(a.tree, h), "--learn-until", learn, "--json"]
            with open(path, "w") as fo, open(os.path.join(out, h + ".stderr"), "w") as fe:
                subprocess.run(cmd, stdout=fo, stderr=fe, check=True)
        fs = []
        for line in open(path):
            line = line.strip()
            if not line.startswith("{"):
                continue
            f = json.loads(line)
            f["_t"] = pts(f["ts"])
            fs.append(f)
        findings[h] = fs

    metric_truth = [t for t in truth if t.get("metric")]
    truth = [t for t in truth if not t.get("metric")]
    rows = []
    delays = []
    claimed = {h: set() for h in hosts}
    for tr in truth:
        h = tr["host"]
        alerts = [f for f in findings[h] if f["severity"] in ("warning", "critical")]
        m = sorted([f for f in alerts if matches(f, tr)], key=lambda f: f["_t"])
        if m:
            f = m[0]
            d = max(0.0, f["_t"] - tr["start_unix"])
            delays.append(d)
            claimed[h].add(f["incident"])
            rows.append((tr, f, d))
        else:
            # the nearest explanation: any finding (any severity) in the window naming the entities, or in the window at all
            named = [f for f in findings[h] if matches(f, tr)]
            inwin = [f for f in findings[h] if math.floor(tr["start_unix"]) <= f["_t"] <= tr["start_unix"] + WINDOW]
            rows.append((tr, None, named[0] if named else (inwin[0] if inwin else None)))

    metric_rows = []
    for tr in metric_truth:
        h = tr["host"]
        m = sorted([f for f in findings[h] if f["severity"] in ("warning", "critical") and math.floor(tr["start_unix"]) <= f["_t"] <= tr["start_unix"] + MWINDOW and names(f, tr["entities"])], key=lambda f: f["_t"])
        if m:
            claimed[h].add(m[0]["incident"])
        metric_rows.append((tr, m[0] if m else None))

    def mmatch(f, tr):
        return math.floor(tr["start_unix"]) <= f["_t"] <= tr["start_unix"] + MWINDOW and names(f, tr["entities"])

    found = sum(1 for r in rows if r[1] is not None)
    print(f"tree {a.tree}  seed {meta.get('seed')}  learn-until {learn}")
    print(f"recall {found}/{len(truth)} = {100.0 * found / max(1, len(truth)):.1f} %   p95 delay {p95(delays):.1f} s   "
          f"median {sorted(delays)[len(delays) // 2] if delays else float('nan'):.1f} s   max {max(delays) if delays else float('nan'):.1f} s")

    print("\n## Incidents")
    print("| host | kind | start | required | found | delay s | finding (kind: title) |")
    print("|---|---|---|---|---|---|---|")
    for tr, f, x in rows:
        req = json.dumps(tr["entities"]) if tr["entities"] else "-"
        if f is not None:
            print(f"| {tr['host']} | {tr['kind']} | {tr['start'][11:19]} | {req} | yes | {x:.1f} | {f['severity']} {f['kind']}: {f['title'][:110]} |")
        else:
            why = f"(best: {x['severity']} {x['kind']}: {x['title'][:100]} {json.dumps(x.get('entities'))[:80]})" if x else "(no finding in the window)"
            print(f"| {tr['host']} | {tr['kind']} | {tr['start'][11:19]} | {req} | **MISS** | - | {why} |")

    print("\n## False alerts (day 3, warning/critical incidents)")
    print("| host | incident | lenient | strict | first ts | severity kind: title | entities |")
    print("|---|---|---|---|---|---|---|")
    tot_l = tot_s = 0
    per_host = {}
    for h in hosts:
        alerts = [f for f in findings[h] if f["severity"] in ("warning", "critical") and d3 <= f["_t"] < end]
        byinc = {}
        for f in alerts:
            byinc.setdefault(f["incident"], []).append(f)
        trs = [t for t in truth if t["host"] == h]
        nl = ns = 0
        for inc, fs in sorted(byinc.items(), key=lambda kv: kv[1][0]["_t"]):
            any_match = any(matches(f, t) for f in fs for t in trs) or any(mmatch(f, t) for f in fs for t in metric_truth if t["host"] == h)
            lenient = not any_match
            strict = inc not in claimed[h]
            nl += lenient
            ns += strict
            if lenient or strict:
                f = fs[0]
                print(f"| {h} | {inc} | {'FALSE' if lenient else '-'} | {'FALSE' if strict else '-'} | {f['ts'][11:19]} | {f['severity']} {f['kind']}: {f['title'][:110]} | {json.dumps(f.get('entities'))[:100]} |")
        per_host[h] = (nl, ns, len(byinc))
        tot_l += nl
        tot_s += ns
    print("\n## Per host (day 3)")
    print("| host | profile | lines/day | incidents | found | alert incidents | lenient false | strict false |")
    print("|---|---|---|---|---|---|---|---|")
    for h in hosts:
        trs = [r for r in rows if r[0]["host"] == h]
        fh = sum(1 for r in trs if r[1] is not None)
        nl, ns, n = per_host[h]
        print(f"| {h} | {meta['hosts'][h]['profile']} | {meta['hosts'][h]['lines_per_day']} | {len(trs)} | {fh} | {n} | {nl} | {ns} |")
    print(f"\nfalse alerts per host-day: lenient {tot_l / len(hosts):.2f}  strict {tot_s / len(hosts):.2f}")
    if metric_rows:
        print("\n## Metric incidents (--metrics; not in recall/p95 above; first warning/critical naming it within 6 h; its incidents are not false alerts)")
        print("| host | kind | start | found within 60 min | delay s | finding | note |")
        print("|---|---|---|---|---|---|---|")
        for tr, f in metric_rows:
            if f:
                d = f['_t'] - tr['start_unix']
                print(f"| {tr['host']} | {tr['kind']} | {tr['start'][11:19]} | {'yes' if d <= 3600 else '**late**'} | {d:.0f} | {f['severity']} {f['kind']}: {f['title'][:110]} | {tr['note']} |")
            else:
                print(f"| {tr['host']} | {tr['kind']} | {tr['start'][11:19]} | **MISS** | - | - | {tr['note']} |")
    summary = {"recall": found / max(1, len(truth)), "found": found, "incidents": len(truth), "p95_delay_s": p95(delays),
               "false_lenient_per_host_day": tot_l / len(hosts), "false_strict_per_host_day": tot_s / len(hosts)}
    print("SUMMARY " + json.dumps(summary))


if __name__ == "__main__":
    main()
