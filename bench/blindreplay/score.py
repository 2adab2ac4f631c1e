#!/usr/bin/env python3
"""Score `logwarden analyze --json` against a blind replay's truth.json (see README.md).

    python3 score.py /tmp/replay1                 # runs analyze once per host, then scores
    python3 score.py /tmp/replay1 --no-run        # re-score the findings kept from the last run
    python3 score.py /tmp/replay1 --md out.md     # also write the tables as Markdown
"""
import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DLL = os.path.normpath(os.path.join(HERE, "..", "..", "src", "LogWarden", "bin", "Release", "net10.0", "logwarden.dll"))
ALERT = ("warning", "critical")


def ts(s):
    if isinstance(s, (int, float)):
        return float(s)
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def iso(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def norm_value(kind, v):
    v = str(v).strip().lower()
    if kind == "unit" and v.endswith(".service"):
        v = v[:-8]
    if kind == "process":
        v = v.rsplit("/", 1)[-1]
    return v


def entities_of(f):
    """{kind: set(normalised values)} from the finding's `entities` (object of strings or lists)."""
    out = {}
    e = f.get("entities") or {}
    if isinstance(e, list):   # tolerate [{type, value}]
        e2 = {}
        for x in e:
            if isinstance(x, dict):
                e2.setdefault(x.get("type") or x.get("kind"), []).append(x.get("value"))
        e = e2
    for k, v in e.items():
        vals = v if isinstance(v, list) else [v]
        out.setdefault(k, set()).update(norm_value(k, x) for x in vals if x is not None)
    return out


def has_entities(f, req):
    ent = f["_ent"]
    return all(norm_value(k, v) in ent.get(k, ()) for k, v in req.items())


def shares_entity(f, req):
    """For attribution only: one required value named by the finding; unit and process count as one kind."""
    ent = f["_ent"]
    for k, v in req.items():
        keys = ("unit", "process") if k in ("unit", "process") else (k,)
        if any(norm_value(k, v) in {norm_value(k, x) for x in ent.get(kk, ())} for kk in keys):
            return True
    return False


def from_files(f, files):
    src = str(f.get("entities", {}).get("source", "")) if isinstance(f.get("entities"), dict) else ""
    return bool(src) and any(src.endswith("/" + x) for x in files)


def short_ent(f):
    return ", ".join(f"{k}={'|'.join(sorted(v))}" for k, v in sorted(f["_ent"].items()))[:110]


def run_host(dll, root, host, learn_until, out_path):
    cmd = ["dotnet", dll, "analyze", os.path.join(root, host), "--host", host, "--learn-until", learn_until, "--json"]
    t = time.time()
    with open(out_path, "w") as o, open(out_path + ".stderr", "w") as e:
        rc = subprocess.call(cmd, stdout=o, stderr=e)
    return cmd, rc, time.time() - t


def p95(xs):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[max(0, math.ceil(0.95 * len(xs)) - 1)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--dll", default=DEFAULT_DLL)
    ap.add_argument("--no-run", action="store_true", help="score the findings kept in DIR/findings/ from an earlier run")
    ap.add_argument("--window", type=float, default=900, help="seconds after alert_from a finding may come (default 900)")
    ap.add_argument("--md", help="write the figures and tables as Markdown to this file")
    ap.add_argument("--summary-json", help="write the figures (and every delay) as JSON to this file, for aggregate.py")
    a = ap.parse_args()
    truth = json.load(open(os.path.join(a.dir, "truth.json")))
    learn_until, end = truth["learn_until"], truth["end"]
    t_learn, t_end = ts(learn_until), ts(end)
    hosts = truth["hosts"]
    fdir = os.path.join(a.dir, "findings")
    os.makedirs(fdir, exist_ok=True)
    md = []
    say = lambda s="": (print(s), md.append(s))
    findings = {}
    for h in hosts:
        path = os.path.join(fdir, h + ".jsonl")
        if not a.no_run:
            cmd, rc, secs = run_host(a.dll, a.dir, h, learn_until, path)
            print(f"# {' '.join(cmd)}  -> rc {rc}, {secs:.0f} s", file=sys.stderr)
            if rc != 0:
                print(open(path + ".stderr").read()[-3000:], file=sys.stderr)
        fs = []
        for line in open(path):
            line = line.strip()
            if not line.startswith("{"):
                continue
            f = json.loads(line)
            f["_ts"] = ts(f["ts"])
            f["_ent"] = entities_of(f)
            f["_host"] = h
            fs.append(f)
        findings[h] = fs

    incs = truth["incidents"]
    results = []
    for T in incs:
        # logs with whole-second stamps (nginx, syslog RFC 3164) make a finding's ts the start's second
        s, af = math.floor(ts(T["start"])), ts(T["alert_from"])
        T["_s"], T["_af"], T["_e"] = s, af, ts(T["end"])
        T["_pre"] = ts(T["precursor_from"]) if "precursor_from" in T else s
        cands = [f for f in findings[T["host"]] if f.get("severity") in ALERT and s <= f["_ts"] <= af + a.window
                 and has_entities(f, T["entities"])]
        cands.sort(key=lambda f: f["_ts"])
        hit = cands[0] if cands else None
        results.append((T, hit))

    found = [(T, f) for T, f in results if f]
    # the same without the entity requirements marked debatable in truth.json
    lenient = sum(1 for T, f in results if f or (T.get("debatable") and any(
        g.get("severity") in ALERT and T["_s"] <= g["_ts"] <= T["_af"] + a.window for g in findings[T["host"]])))
    delays_start = [max(0.0, f["_ts"] - T["_s"]) for T, f in found]
    delays = [max(0.0, f["_ts"] - T["_af"]) for T, f in found]
    # false alerts: distinct incident ids with an alert finding in day 3 that no truth explains
    explained = set()
    for T, f in found:
        explained.add((T["host"], f.get("incident")))

    def explains(T, f):
        if f["_host"] != T["host"]:
            return False
        if T["entities"]:
            return T["_pre"] - 600 <= f["_ts"] <= max(T["_e"], T["_af"] + a.window) + 1800 and shares_entity(f, T["entities"])
        # any alert in the truth's own window, or one about a file the incident wrote to (or silenced) while it
        # lasted and 10 min after (e.g. a silence's volume drop, the Postgres log's new error during a disk full)
        if T["_s"] - 60 <= f["_ts"] <= T["_af"] + a.window:
            return True
        return T["_s"] - 60 <= f["_ts"] <= T["_e"] + 600 and from_files(f, T.get("files", []))

    false_alerts, attributed = [], []
    for h in hosts:
        by_inc = {}
        for f in findings[h]:
            if f.get("severity") in ALERT and t_learn <= f["_ts"] < t_end:
                by_inc.setdefault(f.get("incident"), []).append(f)
        for inc, fs in sorted(by_inc.items(), key=lambda kv: kv[1][0]["_ts"]):
            if (h, inc) in explained:
                continue
            why = next((T for T in incs for f in fs if explains(T, f)), None)
            if why:
                attributed.append((h, inc, fs, why))
            else:
                false_alerts.append((h, inc, fs))

    # strict reading: an incident attributed only by time (the truth names no entity) counts as false too
    strict = len(false_alerts) + sum(1 for h, inc, fs, T in attributed if not T["entities"])
    n = len(incs)
    days = (t_end - t_learn) / 86400
    fa_rate = len(false_alerts) / (len(hosts) * days)
    recall = len(found) / n if n else float("nan")
    say(f"hosts {len(hosts)}, truth incidents {n}, learn until {learn_until}, test day to {end}")
    say(f"alert findings in the test day: " + ", ".join(f"{h} {sum(1 for f in findings[h] if f.get('severity') in ALERT and f['_ts'] >= t_learn)}" for h in hosts))
    say()
    say(f"**recall {recall * 100:.1f} %** ({len(found)}/{n}) · **false alerts {fa_rate:.2f} per host per day** ({len(false_alerts)}) · "
        f"**p95 delay {p95(delays):.0f} s** (median {sorted(delays)[len(delays) // 2] if delays else float('nan'):.0f} s, max {max(delays) if delays else float('nan'):.0f} s)")
    say(f"strict false alerts (incidents tied to an entity-less truth by time only also count): "
        f"{strict / (len(hosts) * days):.2f} per host per day ({strict})")
    say(f"measured from start instead of alert_from: p95 delay {p95(delays_start):.0f} s; recall without the debatable entity requirements: "
        f"{lenient / n * 100:.1f} % ({lenient}/{n})")
    say(f"bar: recall >= 95 % {'MET' if recall >= 0.95 else 'NOT met'}, <= 1 false alert/host/day {'MET' if fa_rate <= 1 else 'NOT met'}, "
        f"p95 <= 60 s {'MET' if delays and p95(delays) <= 60 else 'NOT met'}")
    say()
    say("| host | kind | start (UTC) | required entities | found | delay s (from start) | finding (kind: title · entities) |")
    say("|---|---|---|---|---|---|---|")
    for T, f in results:
        req = ", ".join(f"{k}={v}" for k, v in T["entities"].items()) or "-"
        if f:
            d = max(0.0, f["_ts"] - T["_af"])
            say(f"| {T['host']} | {T['kind']} | {T['start'][11:19]} | {req} | yes | {d:.0f} ({f['_ts'] - T['_s']:.0f}) | {f.get('kind')}: {str(f.get('title'))[:90]} · {short_ent(f)} |")
        else:
            say(f"| {T['host']} | {T['kind']} | {T['start'][11:19]} | {req} | **MISS** | | {nearest(T, findings, a.window)} |")
    say()
    say("Misses (what the engine said around the incident):")
    for T, f in results:
        if not f:
            say(f"- {T['host']} {T['kind']} at {T['start']} ({T['what']}): {nearest(T, findings, a.window, full=True)}")
    say()
    say("Slow detections (> 60 s after alert_from):")
    for T, f in found:
        d = f["_ts"] - T["_af"]
        if d > 60:
            say(f"- {T['host']} {T['kind']} start {T['start']} alert_from {T['alert_from']}: first matching alert after {d:.0f} s — {f.get('kind')}: {f.get('title')}")
    say()
    say(f"False alerts ({len(false_alerts)}; warning/critical incidents in the test day that match no truth incident):")
    say()
    say("| host | incident | first alert (UTC) | findings | severity | kind: title | entities |")
    say("|---|---|---|---|---|---|---|")
    for h, inc, fs in false_alerts:
        f = fs[0]
        say(f"| {h} | {inc} | {iso(f['_ts'])} | {len(fs)} | {f.get('severity')} | {f.get('kind')}: {str(f.get('title'))[:110]} | {short_ent(f)} |")
    say()
    say(f"Alert incidents attributed to a truth incident without being its first match ({len(attributed)}; not counted as false):")
    for h, inc, fs, T in attributed:
        f = fs[0]
        say(f"- {h} incident {inc} at {iso(f['_ts'])} {f.get('severity')} {f.get('kind')}: {str(f.get('title'))[:100]} · {short_ent(f)} → {T['kind']} at {T['start'][11:19]}")
    if a.summary_json:
        with open(a.summary_json, "w") as o:
            json.dump({"seed": truth.get("seed"), "hosts": len(hosts), "days": days, "incidents": n, "found": len(found),
                       "found_lenient": lenient, "false_alerts": len(false_alerts), "strict_false_alerts": strict,
                       "delays": delays, "delays_from_start": delays_start,
                       "missed_kinds": [T["kind"] for T, f in results if not f],
                       "false_alert_kinds": [fs[0].get("kind") for h, inc, fs in false_alerts]}, o)
    if a.md:
        with open(a.md, "w") as o:
            o.write("\n".join(md) + "\n")


def nearest(T, findings, window, full=False):
    """The findings closest to a missed incident: any severity, same host, around its time."""
    fs = [f for f in findings[T["host"]] if T["_s"] - 600 <= f["_ts"] <= T["_af"] + window + 1800]
    if not fs:
        return "no finding at all on the host from 10 min before to 45 min after"
    fs.sort(key=lambda f: abs(f["_ts"] - T["_s"]))
    out = []
    for f in fs[: (4 if full else 1)]:
        out.append(f"{f.get('severity')} {f.get('kind')} at {iso(f['_ts'])[11:]} '{str(f.get('title'))[:80]}' · {short_ent(f)}")
    return "; ".join(out)


if __name__ == "__main__":
    main()
