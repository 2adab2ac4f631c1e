#!/usr/bin/env python3
"""Score `logwarden analyze` on a tree written by gen.py (one analyze run per host, --host NAME).

    python3 score.py DATA_DIR [--logwarden "dotnet .../logwarden.dll"] [--reuse] [--window 900]

Writes DATA_DIR/findings-<host>.jsonl (analyze's --json output) and prints a Markdown report.
Definitions (from the brief, see README.md):
  found        a warning/critical finding on the incident's host whose entities include every required
               one, with ts in [start, start + window]; delay = ts - start
  false alert  a warning/critical incident (distinct `incident` id) with a finding in day 3 that relates
               to no truth incident: same host and it holds the finding that found it, or a finding in
               [pre - 1 min, end + 5 min] (while it happens), or in [pre - 1 min, end + 30 min] sharing a related entity (any
               finding there when the truth requires none), or later about the same source and template as
               the finding that found it (a stopped job alerting again)
  strict       every warning/critical incident in day 3 minus one per truth incident that it names by entity
               (duplicates of one event and time-only matches count as pages)
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

DEFAULT_LW = "dotnet " + os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "LogWarden", "bin", "Release", "net10.0", "logwarden.dll")
ALERT = ("warning", "critical")

# An incident that names no entity an operator would insist on is found only by a finding about it: its kind,
# title or entities contain one of these words (case-insensitive). Keyed by (host name prefix, truth kind).
ABOUT = {
    ("web-a", "http-5xx-burst"): ["5xx", "proxy_fcgi", "apache2/", "php8.2-fpm", " 50"],
    ("web-a", "spike-normal-line"): ["aborted connection", "mysql/error.log", "mariadb"],
    ("web-a", "cron-not-run"): ["cron", "messenger:consume"],
    ("web-a", "new-error-template"): ["php fatal", "report.php", "apache2/error.log"],
    ("db-c", "cron-not-run"): ["cron", "mysql-binlog-backup"],
    ("db-c", "service-silent"): ["billing.log"],
    ("db-c", "io-errors"): ["sdb"],
    ("db-c", "db-errors"): ["mysqld.log", "mysql", "replica", "replication"],
    ("db-c", "firewall-drop-surge"): ["firewall", "reject", "drop"],
}


def about_ok(t, f):
    words = ABOUT.get((t["host"].rstrip("0123456789"), t["kind"]))
    if t["required"] or not words:
        return True
    text = (str(f.get("kind")) + " " + str(f.get("title")) + " " + json.dumps(f.get("entities"))).lower()
    return any(w in text for w in words)


def pts(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    # trim fractions beyond microseconds
    if "." in s:
        head, rest = s.split(".", 1)
        frac, tz = rest, ""
        for i, c in enumerate(rest):
            if c in "+-":
                frac, tz = rest[:i], rest[i:]
                break
        s = head + "." + (frac + "000000")[:6] + tz
    d = datetime.fromisoformat(s)
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d


def flat_entities(ent):
    out = []
    if isinstance(ent, dict):
        for k, v in ent.items():
            vs = v if isinstance(v, list) else [v]
            for x in vs:
                if isinstance(x, (dict, list)):
                    x = json.dumps(x)
                out.append((str(k).lower(), str(x).lower()))
    elif isinstance(ent, list):
        for e in ent:
            if isinstance(e, dict) and "type" in e and "value" in e:
                out.append((str(e["type"]).lower(), str(e["value"]).lower()))
    return out


def norm(key, v):
    v = str(v).lower().strip()
    if key == "unit" and v.endswith(".service"):
        v = v[:-8]
    return v


def value_matches(key, want, fents):
    """Does one required value appear in the finding's entities? Returns the matching (key, value) or None."""
    w = norm(key, want)
    for (k, v) in fents:
        vv = norm(key, v)
        if key == "container":
            if len(w) >= 12 and (w[:12] in vv or (len(vv) >= 12 and vv in w)):
                return (k, v)
        elif key == "process":
            if vv == w or vv.rsplit("/", 1)[-1] == w or vv.split("[")[0] == w:
                return (k, v)
        elif key == "path":
            if vv == w or vv.endswith(w) or w.endswith(vv) and len(vv) > 4:
                return (k, v)
        elif vv == w:
            return (k, v)
    return None


def req_ok(required, fents):
    for key, want in required.items():
        wants = want if isinstance(want, list) else [want]
        if not any(value_matches(key, w, fents) for w in wants):
            return False
    return True


def related_hit(related, fents):
    for key, want in related.items():
        wants = want if isinstance(want, list) else [want]
        if any(value_matches(key, w, fents) for w in wants):
            return True
    return False


def host_paths(root, skips):
    """The host's directory, or, when some sub-path is skipped, its other top-level entries (directories
    stay whole, so rotated generations are still read as one log)."""
    skips = [os.path.normpath(os.path.join(root, s)) for s in skips]
    if not any(s.startswith(root + os.sep) for s in skips):
        return [root]
    out = []

    def walk(d):
        for e in sorted(os.listdir(d)):
            p = os.path.join(d, e)
            if any(p == s for s in skips):
                continue
            if os.path.isdir(p) and any(s.startswith(p + os.sep) for s in skips):
                walk(p)
            else:
                out.append(p)
    walk(root)
    return out


def run_host(lw, data, host, learn_until, reuse, skips=(), tag=""):
    out = os.path.join(data, "findings-%s%s.jsonl" % (host, tag))
    if reuse and os.path.exists(out):
        return out, None
    cmd = shlex.split(lw) + ["analyze"] + host_paths(os.path.join(data, host), skips) + ["--learn-until", learn_until, "--json", "--host", host]
    t = time.time()
    with open(out, "w") as f, open(out + ".stderr", "w") as e:
        rc = subprocess.call(cmd, stdout=f, stderr=e)
    if rc != 0:
        print("analyze exited %d for %s (see %s.stderr)" % (rc, host, out), file=sys.stderr)
    return out, time.time() - t


def fmt_ent(e):
    return json.dumps(e, separators=(",", ":"))[:150]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--logwarden", default=DEFAULT_LW)
    ap.add_argument("--reuse", action="store_true", help="score the findings-*.jsonl already in DATA")
    ap.add_argument("--window", type=int, default=900, help="seconds after start a finding may come (default 900)")
    ap.add_argument("--json-out", help="also write the figures as JSON here")
    ap.add_argument("--skip", action="append", default=[], metavar="HOST/SUBPATH",
                    help="diagnostic: leave this file or directory out of its host's run (e.g. app-b/containers/<id>); "
                         "incidents whose required entities name it are reported as untestable, not scored")
    a = ap.parse_args()
    truth = json.load(open(os.path.join(a.data, "truth.json")))
    learn_until = truth["learn_until"]
    test0, test1 = pts(learn_until), pts(truth["test_end"])
    hosts = list(truth["lines"].keys())
    findings = {}
    runtimes = {}
    skips = {}
    for sk in a.skip:
        hh, sub = sk.split("/", 1)
        skips.setdefault(hh, []).append(sub)
    untestable = []
    if skips:
        keep = []
        for t in truth["incidents"]:
            vals = [str(v) for v in t["required"].values()] + [str(v) for v in t["related"].values() if t["kind"] == "service-silent"]
            if any(any(v and v in sub for v in vals) for sub in skips.get(t["host"], [])):
                untestable.append(t)
            else:
                keep.append(t)
        truth["incidents"] = keep
    for h in hosts:
        tag = "-skip" if skips.get(h) else ""
        path, secs = run_host(a.logwarden, a.data, h, learn_until, a.reuse, skips.get(h, []), tag)
        runtimes[h] = secs
        fs = []
        for ln in open(path):
            ln = ln.strip()
            if not ln.startswith("{"):
                continue
            try:
                f = json.loads(ln)
            except ValueError:
                continue
            f["_ts"] = pts(f["ts"])
            f["_ents"] = flat_entities(f.get("entities", {}))
            f["_host"] = h
            fs.append(f)
        findings[h] = fs
    win = timedelta(seconds=a.window)
    rows, delays, misses, slow = [], [], [], []
    claimed = {}      # (host, incident) -> truth id
    for t in truth["incidents"]:
        h = t["host"]
        st, en, pre = pts(t["start"]), pts(t["end"]), pts(t["pre"])
        hit = None
        for f in findings[h]:
            if f.get("severity") in ALERT and st <= f["_ts"] <= st + win and req_ok(t["required"], f["_ents"]) and about_ok(t, f):
                if hit is None or f["_ts"] < hit["_ts"]:
                    hit = f
        t["_hit"] = hit
        if hit is not None:
            d = (hit["_ts"] - st).total_seconds()
            delays.append(d)
            claimed.setdefault((h, hit.get("incident")), t["id"])
            if d > 60:
                slow.append((t, hit, d))
        else:
            # explain: alerts in the window without the entities, info findings with them
            near_alert = [f for f in findings[h] if f.get("severity") in ALERT and pre - timedelta(minutes=1) <= f["_ts"] <= st + win
                          and (related_hit(t["related"], f["_ents"]) if t["required"] else about_ok(t, f))]
            near_info = [f for f in findings[h] if f.get("severity") not in ALERT and st - timedelta(minutes=1) <= f["_ts"] <= st + win
                         and (req_ok(t["required"], f["_ents"]) if t["required"] else about_ok(t, f))]
            late = [f for f in findings[h] if f.get("severity") in ALERT and st + win < f["_ts"] <= st + timedelta(hours=3) and t["required"] and req_ok(t["required"], f["_ents"])]
            misses.append((t, near_alert, near_info, late))
    # claims by entity for truths found without (only time) or not found
    for t in truth["incidents"]:
        if t["_hit"] is not None or not t["related"]:
            continue
        h, pre, en = t["host"], pts(t["pre"]), pts(t["end"])
        for f in sorted(findings[h], key=lambda x: x["_ts"]):
            if f.get("severity") in ALERT and pre - timedelta(minutes=1) <= f["_ts"] <= en + timedelta(minutes=30) and related_hit(t["related"], f["_ents"]):
                claimed.setdefault((h, f.get("incident")), t["id"])
                break
    # incidents of day 3
    incs = {}
    for h in hosts:
        for f in findings[h]:
            if f.get("severity") in ALERT and test0 <= f["_ts"] < test1:
                incs.setdefault((h, f.get("incident")), []).append(f)
    lenient_fa, strict_fa = [], []
    for key, fs in sorted(incs.items(), key=lambda kv: kv[1][0]["_ts"]):
        h = key[0]
        rel = None
        for t in truth["incidents"]:
            if t["host"] != h:
                continue
            lo, hi = pts(t["pre"]) - timedelta(minutes=1), pts(t["end"]) + timedelta(minutes=30)
            st = pts(t["start"])
            hit = t["_hit"]
            same = None
            if hit is not None:
                src, tpl = hit.get("entities", {}).get("source"), hit.get("entities", {}).get("template")
                same = (src, tpl) if src and tpl else None
            for f in fs:
                e = f.get("entities", {})
                if (claimed.get(key) == t["id"]
                        or lo <= f["_ts"] <= pts(t["end"]) + timedelta(minutes=5)
                        or (lo <= f["_ts"] <= hi and (not t["required"] or related_hit(t["related"], f["_ents"])))
                        or (same and f["_ts"] >= st and (e.get("source"), e.get("template")) == same)):
                    rel = t["id"]
                    break
            if rel:
                break
        if rel is None:
            lenient_fa.append((key, fs))
        if key not in claimed:
            strict_fa.append((key, fs, rel))
    n = len(truth["incidents"])
    found = sum(1 for t in truth["incidents"] if t["_hit"] is not None)
    delays.sort()
    p95 = delays[min(len(delays) - 1, max(0, int(round(0.95 * len(delays) + 0.4999)) - 1))] if delays else float("nan")
    hd = len(hosts)
    res = {"seed": truth["seed"], "hosts": hd, "incidents": n, "found": found, "recall": found / n if n else 0,
           "false_alerts": len(lenient_fa), "false_per_host_day": len(lenient_fa) / hd, "strict_false": len(strict_fa),
           "strict_per_host_day": len(strict_fa) / hd, "p95_delay_s": p95, "median_delay_s": delays[len(delays) // 2] if delays else None,
           "max_delay_s": delays[-1] if delays else None, "alert_incidents_day3": len(incs), "runtime_s": runtimes,
           "lines": truth["lines"]}
    P = print
    P("## Seed %d: %d hosts, %d incidents\n" % (truth["seed"], hd, n))
    if skips:
        P("DIAGNOSTIC RUN: left out %s; untestable incidents not scored: %s\n" % (", ".join(a.skip), ", ".join("%s (%s)" % (t["id"], t["kind"]) for t in untestable) or "none"))
    P("| figure | value | bar |\n|---|---|---|")
    P("| recall (right entities, within %d s) | %d/%d = %.1f %% | >= 95 %% |" % (a.window, found, n, 100.0 * found / n))
    P("| false alerts (incidents relating to no truth) | %d = %.2f per host per day | <= 1 |" % (len(lenient_fa), len(lenient_fa) / hd))
    P("| strict false alerts (every page not claimed by one truth incident by entity) | %d = %.2f per host per day | |" % (len(strict_fa), len(strict_fa) / hd))
    P("| p95 detection delay (log time) | %.1f s (median %.1f, max %.1f) | <= 60 s |" % (p95, res["median_delay_s"] or 0, res["max_delay_s"] or 0))
    P("| warning/critical incidents in day 3 | %d | |" % len(incs))
    P("| lines per host | %s | |" % ", ".join("%s %d" % kv for kv in truth["lines"].items()))
    P("| analyze wall time per host | %s | |\n" % ", ".join("%s %s" % (h, ("%.0f s" % s) if s else "reused") for h, s in runtimes.items()))
    P("### Per incident\n\n| id | kind | start | required | result | delay | finding (kind / entities) |\n|---|---|---|---|---|---|---|")
    for t in truth["incidents"]:
        hit = t["_hit"]
        P("| %s | %s | %s | %s | %s | %s | %s |" % (t["id"], t["kind"], t["start"][11:19], fmt_ent(t["required"]) if t["required"] else "-",
                                                    "found" if hit else "**MISS**", ("%.1f s" % (hit["_ts"] - pts(t["start"])).total_seconds()) if hit else "",
                                                    ("%s %s / %s" % (hit.get("severity"), hit.get("kind"), fmt_ent(hit.get("entities")))) if hit else ""))
    P("\n### Misses\n")
    if not misses:
        P("none")
    for (t, na, ni, late) in misses:
        P("- **%s %s** at %s, required %s (%s)" % (t["id"], t["kind"], t["start"], fmt_ent(t["required"]), t["note"]))
        for f in na[:4]:
            P("  - alert nearby without the entities: %s %s %s `%s` %s" % (f["ts"], f.get("severity"), f.get("kind"), (f.get("title") or "")[:120], fmt_ent(f.get("entities"))))
        for f in ni[:4]:
            P("  - info finding in the window: %s %s `%s` %s" % (f["ts"], f.get("kind"), (f.get("title") or "")[:120], fmt_ent(f.get("entities"))))
        for f in late[:2]:
            P("  - too late: %s %s %s `%s` %s" % (f["ts"], f.get("severity"), f.get("kind"), (f.get("title") or "")[:120], fmt_ent(f.get("entities"))))
        if not (na or ni or late):
            P("  - no finding at all near it")
    P("\n### Slow detections (> 60 s)\n")
    if not slow:
        P("none")
    for (t, f, d) in slow:
        P("- %s %s: %.0f s, %s `%s`" % (t["id"], t["kind"], d, f.get("kind"), (f.get("title") or "")[:120]))
    P("\n### False alerts (relating to no truth incident)\n")
    if not lenient_fa:
        P("none")
    for (key, fs) in lenient_fa:
        f = fs[0]
        P("- %s incident %s: %d finding(s), first %s %s %s `%s` %s" % (key[0], key[1], len(fs), f["ts"], f.get("severity"), f.get("kind"), (f.get("title") or "")[:140], fmt_ent(f.get("entities"))))
    P("\n### Strict: pages not claimed by a truth incident\n")
    if not strict_fa:
        P("none")
    for (key, fs, rel) in strict_fa:
        f = fs[0]
        P("- %s incident %s%s: %s %s %s `%s` %s" % (key[0], key[1], (" (near %s)" % rel) if rel else "", f["ts"], f.get("severity"), f.get("kind"), (f.get("title") or "")[:120], fmt_ent(f.get("entities"))))
    if a.json_out:
        with open(a.json_out, "w") as fo:
            json.dump(res, fo, indent=1, default=str)


if __name__ == "__main__":
    main()
