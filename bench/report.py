#!/usr/bin/python3
"""Turns bench/run.sh's results.tsv into a printed table and bench/RESULTS.md.
   python3 report.py RESULTS_TSV RESULTS_MD
Everything above the "<!-- reading -->" marker of RESULTS_MD is regenerated; the hand-written
reading below it is kept."""
import datetime
import os
import platform
import sys

MARKER = "<!-- reading -->"


def load(path):
    data = {}
    for line in open(path, encoding="utf-8"):
        backend, metric, value = line.rstrip("\n").split("\t", 2)
        data.setdefault(backend, {})[metric] = value
    return data


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def write_section(out_path, section, begin_prefix, end, tool):
    """Puts a generated section (its begin marker, starting with begin_prefix, through end) into
    RESULTS.md in place of the previous one, keeping everything around it; the first time, appends
    it with a hand-written reading placeholder after it. Prints the section."""
    text = open(out_path, encoding="utf-8").read() if os.path.exists(out_path) else ""
    if begin_prefix in text and end in text:
        text = text[:text.index(begin_prefix)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + section + f"\n\n### Reading (hand-written; `{tool}` keeps it)\n\n(to write)\n"
    open(out_path, "w", encoding="utf-8").write(text)
    print(section)
    print(f"\nwrote {out_path}")


def machine():
    model = "?"
    for line in open("/proc/cpuinfo", encoding="utf-8"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    return f"{os.cpu_count()} × {model}, {mem_kb / 1048576:.1f} GiB RAM, {platform.system()} {platform.release()}"


def main():
    data = load(sys.argv[1])
    out_path = sys.argv[2]
    run = data.get("all", {})
    backends = [b for b in ("sqlite", "postgres") if b in data]
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}

    def val(b, m):
        return num(data[b].get(m))

    def ms(b, m):
        v = val(b, m)
        if v is None:
            return data[b].get(m, "—")
        return f"{v:,.0f} ms" if v >= 100 else f"{v:,.1f} ms"

    def ratio(b, a, c):
        x, y = (a(b) if callable(a) else val(b, a)), (c(b) if callable(c) else val(b, c))
        if not x or not y:
            return "—"
        return f"{x / y:.2f}×" if x / y >= 0.1 else f"{x / y:.4f}×"  # running totals: ~0.002×

    def mb(b, m):
        v = val(b, m)
        return "—" if v is None else f"{v / 1024:,.0f} MB"

    def delta(b, tag):
        x, y = val(b, f"server_hwm_after_kb@{tag}"), val(b, f"server_rss_before_kb@{tag}")
        return None if x is None or y is None else x - y

    units = int(run.get("units", "0"))
    small = int(run.get("small_units", "0"))
    rows = []  # (label, {backend: text})

    def row(label, fn):
        rows.append((label, {b: fn(b) for b in backends}))

    def section(title):
        rows.append((title, None))

    section(f"Totals, {units:,} units × 18 figures (best of 3)")
    for g, gl in (("type", "by type"), ("district", "by district")):
        row(f"(a) bare SQL {gl} in the CLI (plain sum over report_values)", lambda b, g=g: ms(b, f"sql_bare-{g}_ms"))
        row(f"    server's statement {gl} in the CLI (running totals)", lambda b, g=g: ms(b, f"sql_server-totals-{g}_ms"))
        row(f"(b) GET totals?group_by={g}", lambda b, g=g: ms(b, f"http_totals_{g}_ms"))
        row(f"    ratio (b) / bare SQL", lambda b, g=g: ratio(b, f"http_totals_{g}_ms", f"sql_bare-{g}_ms"))
    row("GET totals?group_by=none / parent", lambda b: f"{ms(b, 'http_totals_none_ms')} / {ms(b, 'http_totals_parent_ms')}")
    row("GET totals as 海淀区's reporter (its area), group_by=none / district",
        lambda b: f"{ms(b, 'http_totals_scoped_none_ms')} / {ms(b, 'http_totals_scoped_district_ms')}")
    row("sciweek tallies rebuild after loading (whole table + the check)",
        lambda b: f"{data[b].get(f'tallies_rebuild_s@{units}', '?')} s")
    if "postgres" in backends:
        section("PostgreSQL only: the export's statement with jit=off (best of 3)")
        for q in ("server-export",):
            rows.append((f"{q}: jit on → off", {b: (f"{ms(b, f'sql_{q}_ms')} → {ms(b, f'sql_{q}_nojit_ms')}"
                                                  if b == "postgres" else "n/a") for b in backends}))
    section("Export xlsx (汇总 + 填报情况)")
    row("export SELECT, bare shape, in the CLI (best of 3)", lambda b: ms(b, "sql_bare-export_ms"))
    row("export SELECT, server's shape, in the CLI (best of 3)", lambda b: ms(b, "sql_server-export_ms"))
    row("(c) GET export.xlsx → /dev/null, wall (best of 2)", lambda b: ms(b, "http_export_ms@big"))
    row("    time to first byte", lambda b: ms(b, "http_export_ttfb_ms@big"))
    row("    ratio (c) / server's export SELECT", lambda b: ratio(b, "http_export_ms@big", "sql_server-export_ms"))
    row("    ratio (c) / bare export SELECT", lambda b: ratio(b, "http_export_ms@big", "sql_bare-export_ms"))
    row("sciweek export --format xlsx, wall (best of 2)", lambda b: ms(b, "cli_export_ms@big"))
    row("    ratio CLI export / server's export SELECT",
        lambda b: ratio(b, "cli_export_ms@big", "sql_server-export_ms"))
    row("file size (CLI) / bytes sent (HTTP)",
        lambda b: f"{val(b, 'cli_export_bytes@big') / 1048576:.1f} / {val(b, 'http_export_bytes@big') / 1048576:.1f} MB")
    row("server VmHWM after login + totals (Argon2id login included)", lambda b: mb(b, "server_hwm_after_totals_kb"))
    row("server VmRSS before → VmHWM over the 2 exports (HWM reset first)",
        lambda b: f"{mb(b, 'server_rss_before_kb@big')} → {mb(b, 'server_hwm_after_kb@big')}")
    row("server VmRSS after the 2 exports", lambda b: mb(b, "server_rss_after_kb@big"))
    row("CLI export peak RSS", lambda b: mb(b, "cli_export_peak_kb@big"))
    row("sciweek export --format csv (same cursor, no 填报情况): wall / peak RSS",
        lambda b: f"{ms(b, 'cli_csv_ms@big')} / {mb(b, 'cli_csv_peak_kb@big')}")
    if small:
        section(f"Export memory against unit count ({small:,} → {units:,} units)")
        row(f"CLI export peak RSS at {small:,} → {units:,}",
            lambda b: f"{mb(b, f'cli_export_peak_kb@small')} → {mb(b, 'cli_export_peak_kb@big')}")
        row(f"server peak rise over 2 exports (HWM − RSS before) at {small:,} → {units:,}",
            lambda b: "—" if delta(b, "small") is None else
            f"{delta(b, 'small') / 1024:,.0f} MB → {delta(b, 'big') / 1024:,.0f} MB")
        row("CLI peak RSS growth per 1,000 units",
            lambda b: f"{(val(b, 'cli_export_peak_kb@big') - val(b, 'cli_export_peak_kb@small')) / 1024 / ((units - small) / 1000):.2f} MB")
        row(f"CLI csv export peak RSS at {small:,} → {units:,}",
            lambda b: f"{mb(b, 'cli_csv_peak_kb@small')} → {mb(b, 'cli_csv_peak_kb@big')}")
        row(f"CLI export wall at {small:,}", lambda b: ms(b, "cli_export_ms@small"))
    section("Checks")
    row("server totals = bare SQL (type)", lambda b: data[b].get("totals_type_check", "—"))
    row("server totals = bare SQL (district)", lambda b: data[b].get("totals_district_check", "—"))
    row("running totals = plain SQL sum (sciweek tallies check)", lambda b: data[b].get("tallies_check", "—"))
    row("SQL errors in the CLI", lambda b: data[b].get("sql_errors", "none"))
    row("xlsx read back (openpyxl, read-only)", lambda b: xlsx_summary(data[b].get("xlsx_check")))
    row("data generation", lambda b: f"{data[b].get(f'gen_s@{units}', '?')} s, {int(val(b, 'rows') or 0):,} report_values rows")

    # Printed table
    w = max(len(l) for l, c in rows if c is not None) + 2
    cw = max([len(c[b]) for _, c in rows if c is not None for b in backends if len(c[b]) <= 30] + [12]) + 2
    print()
    print(f"{'':{w}}" + "".join(f"{names[b]:>{cw}}" for b in backends))
    for label, cells in rows:
        if cells is None:
            print(f"\n{label}")
        elif any(len(cells[b]) > cw - 2 for b in backends):
            print(label)
            for b in backends:
                print(f"    {names[b]}: {cells[b]}")
        else:
            print(f"{label:{w}}" + "".join(f"{cells[b]:>{cw}}" for b in backends))
    print()

    # RESULTS.md
    reading = ""
    if os.path.exists(out_path):
        old = open(out_path, encoding="utf-8").read()
        if MARKER in old:
            reading = old[old.index(MARKER):]
    if not reading:
        reading = MARKER + "\n## Reading\n\n(write the reading here; `make bench` keeps everything below the marker)\n"
    md = ["# Benchmark: totals and xlsx export at scale (issue 3)", "",
          "Generated by `make bench` (`bench/run.sh`); every speed figure is set beside a reference",
          "measured in the same run on the same data. Not a pass/fail test.", "",
          f"- Date: {run.get('started', '?')}; whole run {run.get('wall_s', '?')} s",
          f"- Machine: {machine()}",
          f"- Load average at start / end: {run.get('loadavg_start', '?')} / {run.get('loadavg_end', '?')}"
          " (other jobs share this machine: absolute times vary, the ratios less)",
          f"- Binary: `{run.get('binary', '?')}`; SQLite {run.get('sqlite_version', '?')} (CLI), "
          f"PostgreSQL {run.get('postgres_version', '—')} (fresh cluster from scripts/start-test-postgres.sh, "
          "shared_buffers=64MB, `VACUUM ANALYZE` after loading)",
          f"- Data: `sciweek demo` (33 units) + {units:,} synthetic units directly under the 17 districts, types "
          "cycling science_base/university/institute/enterprise/other, one approved 2023 report each with "
          "18 figures (`bench/gen-sqlite.sql`, `bench/gen-postgres.sql`)",
          "- References: `bench/sql/bare-*.sql` (plain joins, district = parent_code, valid because every synthetic "
          "unit hangs directly under its district); `bench/sql/server-*.sql` are the server's own statements "
          "(store/analytics_store.cpp): totals read the running totals (report_tallies), the export its paged "
          "cursor. CLI times: sqlite3 `.timer on` / psql "
          "`\\timing`, output to /dev/null; HTTP times: curl wall time on loopback, logged in as admin.", "",
          "| | " + " | ".join(names[b] for b in backends) + " |",
          "|---|" + "---:|" * len(backends)]
    for label, cells in rows:
        if cells is None:
            md.append(f"| **{label}** |" + " |" * len(backends))
        else:
            md.append(f"| {label.strip()} | " + " | ".join(cells[b] for b in backends) + " |")
    md += ["", reading.rstrip() + "\n"]
    open(out_path, "w", encoding="utf-8").write("\n".join(md))
    print(f"wrote {out_path}")


def xlsx_summary(raw):
    if not raw:
        return "—"
    import json
    j = json.loads(raw)
    ok = "ok" if not j["problems"] else "PROBLEMS"
    return (f"{ok}: {j['unit_rows']:,} units + {j['subtotal_rows']} 小计 + {j.get('own_rows', 0)} 其中（本单位） + "
            f"{j['total_rows']} 合计 + "
            f"{j['header_rows']} header; 填报情况 {j['completeness_rows']:,}")


if __name__ == "__main__":
    main()
