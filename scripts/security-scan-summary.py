#!/usr/bin/env python3
"""Summary of `make scan` (scripts/security-scan.sh): per tool, the targets, how each run
ended, the findings. Exit 1 when a tool reports a vulnerability, else 0.

Anomalies (wapiti's 500s and timeouts, sqlmap's HTTP error counts) are printed but do not
fail the scan by themselves: they are triaged by hand (docs/security.md, "Scanners")."""
import json
import pathlib
import re
import sys

work = pathlib.Path(sys.argv[1])
failed = False


def status(path):
    fields = dict(p.split("=", 1) for p in path.read_text().split() if "=" in p)
    rc = fields.get("rc", "?")
    ended = {"0": "finished", "124": "stopped at its time bound", "137": "killed at its time bound"}.get(rc, f"exit {rc}")
    return f"{ended}, {fields.get('seconds', '?')} s"


print("\n== sqlmap ==")
for st in sorted((work / "sqlmap").glob("*.status")):
    name = st.stem
    console = (work / "sqlmap" / f"{name}.log").read_text(errors="replace")
    target = st.read_text().split("target=", 1)[-1].strip()
    print(f"- {name}: {target}\n  {status(st)}")
    tested = sorted(set(re.findall(r"parameter '([^']+)' (?:does not seem|is not|might not)", console)))
    print(f"  parameters tested and not injectable: {', '.join(tested) or 'none reported'}")
    for codes in re.findall(r"HTTP error codes detected during run:\n(.*?)(?:\n\[|\Z)", console, re.S):
        print(f"  HTTP errors seen: {' ; '.join(codes.strip().splitlines())}")
    logs = list((work / "sqlmap" / name).glob("*/log"))
    injections = [l.read_text(errors="replace") for l in logs if l.stat().st_size > 0]
    if injections or "identified the following injection point" in console:
        failed = True
        print("  FINDING: sqlmap identified an injection point:")
        for text in injections:
            print("    " + text.replace("\n", "\n    "))
    else:
        print("  findings: 0")
    for line in re.findall(r"^\[[\d:]+\] \[CRITICAL\] (.*)$", console, re.M):
        print(f"  sqlmap critical: {line}")

print("\n== wapiti ==")
for st in sorted((work / "wapiti").glob("*.status")):
    name = st.stem
    print(f"- {name} run on {st.read_text().split('target=', 1)[-1].strip()}\n  {status(st)}")
    report = work / "wapiti" / f"{name}.json"
    if not report.exists():
        failed = True
        print("  NO REPORT: wapiti did not finish (see its log)")
        continue
    data = json.loads(report.read_text())
    infos = data.get("infos", {})
    print(f"  wapiti {infos.get('version', '?')}, scope {infos.get('scope', '?')}")
    for kind, fatal in (("vulnerabilities", True), ("anomalies", False)):
        items = [(cat, v) for cat, vs in data.get(kind, {}).items() for v in vs]
        print(f"  {kind}: {len(items)}")
        for cat, v in items:
            failed = failed or fatal
            print(f"    [{cat}] {v.get('method', '')} {v.get('path', '')} parameter={v.get('parameter', '')}: {v.get('info', '')}")
            if v.get("curl_command"):
                print(f"      {v['curl_command']}")

print("\nscan result:", "FINDINGS — triage them (docs/security.md, Scanners)" if failed else "no vulnerability reported")
sys.exit(1 if failed else 0)
