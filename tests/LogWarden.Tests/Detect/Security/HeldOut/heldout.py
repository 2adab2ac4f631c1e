"""What every generate*.py here shares: a service's rows written as NAME.log and NAME.labels.jsonl."""
import json
import os
from collections import Counter

H, B, E, N = 'H', 'B', 'E', None
LABELS = {H: "hostile", B: "benign", E: "either"}


def write_service(directory, name, rows):
    """Writes rows of (label, host, line): H hostile and E either (not scored) carry the attacker's host, which the
    line or an earlier one names; B benign; N unlabelled. Returns how many lines of each label were written."""
    counts = Counter()
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name + ".log"), "w") as log, open(os.path.join(directory, name + ".labels.jsonl"), "w") as lab:
        for i, (label, host, line) in enumerate(rows, 1):
            assert "\n" not in line, (name, i)
            log.write(line + "\n")
            counts[label] += 1
            if label is None:
                continue
            record = {"line": i, "label": LABELS[label]}
            if label != B:
                assert host and any(host in r[2] for r in rows[:i]), (name, i, host)
                record["host"] = host
            lab.write(json.dumps(record, separators=(',', ':')) + "\n")
    return counts
