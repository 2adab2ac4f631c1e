#!/usr/bin/env python3
"""Score `logwarden analyze` on a tree written by gen.py.

For each host: logwarden analyze DIR/<host> --host <host> --learn-until <end of day 2> --json
(one run per host, as an operator runs it on the copy of one server's /var/log).

found      = a warning/critical finding of that host's run naming every required entity value of the truth item
             (for items that require only the host: whose kind, title or evidence matches the item's hint regex),
             and whose host entity, when it has one, is that host (2 s of slack before start for whole-second logs)
             (values compared case-insensitively over all entity keys; a unit matches with or without .service)
             with ts in [start, start + 15 min]; delay = ts - start.
lenient FA = a warning/critical incident (by incident id, ts in day 3) none of whose warning/critical findings
             claims a truth item: names a required entity and ts in [start - 5 min, start + 3 h], or, for truth
             items that require only the host, ts in [start - 1 min, start + 2 h] and the truth's hint regex
             matches the finding's kind, title or evidence.
strict FA  = every warning/critical incident in day 3 except one per truth item (the first it claims by the
             rule above): unclaimed incidents and duplicates both count.

Usage: score.py DIR [--dll PATH] [--keep] [--json-dir DIR]
"""
import argparse, datetime as dt, json, os, re, subprocess, sys, time

WINDOW = 900.0
SLACK = 2.0  # log timestamps carry whole seconds (journalctl short-iso) or milliseconds: a finding may sit just before


def parse_ts(s):
    s = s.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        m = re.match(r"(\d+)(.*)", rest)
        frac, tz = m.group(1), m.group(2)
        s = head + "." + (frac + "000000")[:6] + tz
    return dt.datetime.fromisoformat(s).timestamp()


def flat_values(ent):
    out = set()
    if isinstance(ent, dict):
        for v in ent.values():
            out |= flat_values(v)
    elif isinstance(ent, list):
        for v in ent:
            out |= flat_values(v)
    elif ent is not None:
        v = str(ent).lower()
        out.add(v)
        if v.endswith(".service"):
            out.add(v[:-8])
    return out


def host_ok(finding, host):
    h = (finding.get("entities") or {}).get("host")
    return h is None or str(h).lower() == host.lower()


def names(finding, req):
    vals = flat_values(finding.get("entities") or {})
    for v in req.values():
        v = str(v).lower()
        if v not in vals and (v + ".service") not in vals and not (v.endswith(".service") and v[:-8] in vals):
            return False
    return True


def names_any(finding, req):
    vals = flat_values(finding.get("entities") or {})
    return any(str(v).lower() in vals or str(v).lower()[:-8] in vals for v in req.values())


def about(f):
    """What a host-only truth item's hint is matched against: kind, title and the evidence's templates and samples."""
    ev = f.get("evidence") or {}
    parts = [f.get("kind", ""), f.get("title") or ""]
    parts += [str(t.get("template", "")) for t in ev.get("templates") or [] if isinstance(t, dict)]
    parts += [str(x) for x in ev.get("samples") or []]
    return " ".join(parts)


def alert(f):
    return f.get("severity") in ("warning", "critical")


def run_host(dll, d, host, learn_until, out_path, reuse=False):
    cmd = ["dotnet", dll, "analyze", os.path.join(d, host), "--host", host, "--learn-until", learn_until, "--json"]
    t0 = time.time()
    if not (reuse and os.path.exists(out_path)):
        with open(out_path, "w") as f:
            p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            print(f"analyze failed for {host} (rc {p.returncode}): {p.stderr[-2000:]}", file=sys.stderr)
    el = time.time() - t0
    findings = []
    with open(out_path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    x = json.loads(line)
                except json.JSONDecodeError:
                    continue
                x["_ts"] = parse_ts(x["ts"])
                findings.append(x)
    return findings, el, " ".join(cmd)


def short(f):
    ent = json.dumps(f.get("entities"), separators=(",", ":"))
    return f"{f.get('severity')}/{f.get('kind')} \"{(f.get('title') or '')[:90]}\" {ent[:140]}"


def p95(xs):
    if not xs:
        return None
    xs = sorted(xs)
    k = max(0, int(-(-0.95 * len(xs) // 1)) - 1)  # nearest rank
    return xs[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--dll", default=os.path.join(os.path.dirname(__file__), "../../src/LogWarden/bin/Release/net10.0/logwarden.dll"))
    ap.add_argument("--json-dir", default=None, help="where to keep analyze's JSON output (default DIR/_analyze)")
    ap.add_argument("--reuse", action="store_true", help="score the JSON already in --json-dir instead of running analyze")
    ap.add_argument("--whole", action="store_true", help="one analyze run over all host directories, without --host; "
                    "a finding belongs to the host its host entity names, else to the host whose directory its source is in")
    a = ap.parse_args()
    truth = json.load(open(os.path.join(a.dir, "truth.json")))
    lu = truth["learn_until"]
    d3 = parse_ts(lu)
    d3_end = d3 + 86400
    jd = a.json_dir or os.path.join(a.dir, "_analyze")
    os.makedirs(jd, exist_ok=True)
    rows, fa_rows, strict_rows = [], [], []
    delays = []
    per_host = []
    total_found = 0
    whole, orphans = None, []
    if a.whole:
        hosts = [h["host"] for h in truth["hosts"]]
        out = os.path.join(jd, "_whole.jsonl")
        wcmd = ["dotnet", a.dll, "analyze"] + [os.path.join(a.dir, h) for h in hosts] + ["--learn-until", lu, "--json"]
        t0 = time.time()
        if not (a.reuse and os.path.exists(out)):
            with open(out, "w") as f:
                subprocess.run(wcmd, stdout=f, stderr=subprocess.PIPE, text=True)
        wel = time.time() - t0
        whole = {h: [] for h in hosts}
        for line in open(out):
            if not line.startswith("{"):
                continue
            x = json.loads(line)
            x["_ts"] = parse_ts(x["ts"])
            ent = x.get("entities") or {}
            h = ent.get("host") if ent.get("host") in whole else None
            if h is None:
                src = str(ent.get("source", ""))
                h = next((c for c in hosts if f"/{c}/" in src), None)
            if h is None:
                orphans.append(x)
            else:
                whole[h].append(x)
    for hinfo in truth["hosts"]:
        host = hinfo["host"]
        items = [t for t in truth["incidents"] if t["host"] == host]
        if whole is not None:
            findings, el, cmd = whole[host], wel, " ".join(wcmd)
        else:
            findings, el, cmd = run_host(a.dll, a.dir, host, lu, os.path.join(jd, host + ".jsonl"), a.reuse)
        day3 = [f for f in findings if d3 <= f["_ts"] < d3_end]
        alerts = [f for f in day3 if alert(f)]
        # found
        found = 0
        for t in items:
            s = t["start_epoch"]
            hits = [f for f in alerts if s - SLACK <= f["_ts"] <= s + WINDOW and names(f, t["entities"]) and host_ok(f, host)]
            wrong_host = [f for f in alerts if s - SLACK <= f["_ts"] <= s + WINDOW and names(f, t["entities"]) and not host_ok(f, host)]
            if t["entities"] == {}:
                # a host-only item needs a finding about it: its kind/title must match the item's hint
                unrelated = [f for f in hits if not re.search(t["hint"], about(f), re.I)]
                hits = [f for f in hits if f not in unrelated]
            else:
                unrelated = []
            if hits:
                h0 = min(hits, key=lambda f: f["_ts"])
                found += 1
                dl = max(0.0, h0["_ts"] - s)
                delays.append(dl)
                rows.append((host, t["kind"], t["start"], "found", f"{dl:.0f}s", short(h0), t))
            else:
                near = [f for f in day3 if s - 300 <= f["_ts"] <= s + 7200 and
                        ((t["entities"] and names_any(f, t["entities"])) or
                         (not t["entities"] and re.search(t["hint"], about(f), re.I)))]
                near.sort(key=lambda f: f["_ts"])
                why = "; ".join(f"+{f['_ts'] - s:.0f}s {short(f)}" for f in near[:3]) or "no finding names it"
                if unrelated:
                    why = "[only unrelated alerts in the window, e.g.] " + short(unrelated[0]) + "; " + why
                if wrong_host:
                    why = "[wrong host entity] " + short(wrong_host[0]) + "; " + why
                rows.append((host, t["kind"], t["start"], "MISSED", "", why, t))
        total_found += found
        # incidents
        inc = {}
        for f in alerts:
            inc.setdefault(f.get("incident"), []).append(f)

        def claims(f, t):
            s = t["start_epoch"]
            if t["entities"] or t.get("related"):
                ents = dict(t.get("related") or {}); ents.update({"_" + k: v for k, v in t["entities"].items()})
                if s - 300 <= f["_ts"] <= s + 3 * 3600 and names_any(f, ents):
                    return True
            if t["entities"]:
                return False
            return s - 60 <= f["_ts"] <= s + max(7200, t.get("duration_s", 0) + 1800) and re.search(t["hint"], about(f), re.I)

        lenient = []
        for iid, fs in inc.items():
            if not any(claims(f, t) for f in fs for t in items):
                lenient.append((iid, fs))
        # strict: each truth claims its first incident
        order = sorted(inc.items(), key=lambda kv: min(f["_ts"] for f in kv[1]))
        claimed_by = {}
        for t in items:
            for iid, fs in order:
                if iid in claimed_by.values():
                    continue
                if any(claims(f, t) for f in fs):
                    claimed_by[t["kind"] + t["start"]] = iid
                    break
        strict = [(iid, fs) for iid, fs in order if iid not in claimed_by.values()]
        for iid, fs in lenient:
            f0 = min(fs, key=lambda f: f["_ts"])
            fa_rows.append((host, iid, f0["ts"], len(fs), short(f0)))
        for iid, fs in strict:
            f0 = min(fs, key=lambda f: f["_ts"])
            strict_rows.append((host, iid, f0["ts"], len(fs), short(f0), "dup" if any(claims(f, t) for f in fs for t in items) else "unclaimed"))
        per_host.append((host, hinfo["kind"], hinfo["lines"], len(items), found, len(lenient), len(strict), len(findings), len(alerts), el))
    n = sum(r[3] for r in per_host)
    print(f"# blind replay 4: {a.dir}  seed {truth['seed']}  learn-until {lu}")
    print(f"command per host: {cmd.replace(truth['hosts'][-1]['host'], '<host>')}")
    print()
    print("| host | stack | lines (3 d) | incidents | found | lenient FA | strict FA | findings (all) | alerts day 3 | analyze s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in per_host:
        print("| " + " | ".join(str(x) for x in r[:9]) + f" | {r[9]:.0f} |")
    nh = len(per_host)
    orphan_alerts = [f for f in orphans if alert(f) and d3 <= f["_ts"] < d3_end]
    orphan_inc = {f.get("incident") for f in orphan_alerts}
    if a.whole:
        print(f"whole-tree run: {len(orphan_alerts)} day-3 alert finding(s) in {len(orphan_inc)} incident(s) name no host "
              f"and no host directory (counted as false alerts below)")
        per_host.append(("(no host)", "", 0, 0, 0, len(orphan_inc), len(orphan_inc), len(orphans), len(orphan_alerts), 0))
        for f in orphan_alerts:
            fa_rows.append(("(no host)", f.get("incident"), f["ts"], 1, short(f)))
    pd = p95(delays)
    print()
    print(f"recall {total_found}/{n} = {100.0 * total_found / max(1, n):.1f} %   "
          f"lenient false alerts/host-day {sum(r[5] for r in per_host) / nh:.2f}   strict {sum(r[6] for r in per_host) / nh:.2f}   "
          f"p95 delay {pd if pd is None else round(pd)} s   median delay {sorted(delays)[len(delays)//2] if delays else None:.0f} s")
    print()
    print("## per kind")
    print("| kind | found / items | delays s (sorted) |")
    print("|---|---|---|")
    kinds = {}
    for r in rows:
        k = kinds.setdefault(r[1], [0, 0, []])
        k[1] += 1
        if r[3] == "found":
            k[0] += 1
            k[2].append(float(r[4].rstrip("s")))
    for kind, (f, n, d) in sorted(kinds.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0])):
        print(f"| {kind} | {f}/{n} | {', '.join(str(int(x)) for x in sorted(d))} |")
    print()
    print("## truth items")
    print("| host | kind | start | result | delay | finding (or the nearest ones) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5].replace('|', '/')} |")
    print()
    print("## lenient false alerts (warning/critical incidents on day 3 claiming no truth item)")
    print("| host | incident | first ts | findings | first finding |")
    print("|---|---|---|---|---|")
    for r in fa_rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4].replace('|', '/')} |")
    print()
    print("## strict count (every warning/critical incident beyond one per truth item)")
    print("| host | incident | first ts | findings | first finding | why |")
    print("|---|---|---|---|---|---|")
    for r in strict_rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4].replace('|', '/')} | {r[5]} |")


if __name__ == "__main__":
    main()
