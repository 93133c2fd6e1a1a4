#!/usr/bin/python3
"""Checks the server's totals against the bare SQL of the same run:
   python3 compare_totals.py TOTALS_JSON SQL_ROWS KEYMAP
TOTALS_JSON is the body of GET …/totals; SQL_ROWS has key|field_code|sum lines (hundredths);
KEYMAP is 'same' (group key = SQL key). Prints 'ok N groups' or the differences, exit 1."""
import json
import sys
from collections import defaultdict


def main():
    body = json.load(open(sys.argv[1], encoding="utf-8"))
    want = defaultdict(dict)
    for line in open(sys.argv[2], encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        key, code, total = line.split("|")
        want[key][code] = int(total)
    got = {g["key"]: {c: round(v * 100) for c, v in g["totals"].items()} for g in body["groups"]}
    problems = []
    for key, sums in want.items():
        for code, total in sums.items():
            if got.get(key, {}).get(code) != total:
                problems.append(f"{key}/{code}: server {got.get(key, {}).get(code)} sql {total}")
    for key in got:
        if key not in want and any(got[key].values()):
            problems.append(f"server group {key!r} not in SQL")
    if problems:
        print("MISMATCH " + "; ".join(problems[:5]))
        return 1
    print(f"ok {len(want)} groups, {body['units']} units")
    return 0


if __name__ == "__main__":
    sys.exit(main())
