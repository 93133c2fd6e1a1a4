#!/usr/bin/env python3
"""clang-tidy over every C++ file the build compiles (.clang-tidy, issue 14, decision 0024).

  scripts/tidy.py [BUILD_DIR]          check; print each finding and fail on any (make lint, ctest)
  scripts/tidy.py --full [BUILD_DIR]   the same, trusting no earlier result (make lint-full)
  scripts/tidy.py --fix [BUILD_DIR]    apply the checks' own fixes, one file at a time
  scripts/tidy.py --files a.cpp ...    only these files (paths from the repository root)

clang-tidy parses and matches each file as the compiler would, about 6 s of CPU per file here
(29 CPU-minutes for the tree, 14.5 minutes on 2 cores), more than the CI budget leaves. So a
result is remembered under a key made of everything it depends on: clang-tidy's version,
.clang-tidy, the flags that change what the file means (-D, -I, -std, -O; not warnings), the
file, and each of the project's headers it includes (from ninja's dependency log; every
project header when the log does not know the file). Paths in the key are relative to the
repository, so a key is the same in every checkout.

Two places hold keys that passed: BUILD_DIR/tidy-cache (this machine's, never committed) and
.clang-tidy-passed (committed: every check run records the files that passed, and a change
commits its updated lines with it). A file whose key is in neither is checked. CI starts from a
clean clone, so it checks exactly the files whose inputs changed since a run that passed was
recorded; --full checks them all.

The compile commands are g++'s. clang reads a copy without the precompiled header (g++'s .gch
is not clang's, and it would hand every file of a layer all of Beast to parse and match), is
told not to mind g++-only warning flags, and leaves warnings to g++ (-Wno-error).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / ".clang-tidy-passed"
CLANG_TIDY = os.environ.get("CLANG_TIDY", "clang-tidy-14")
EXTRA_ARGS = ["--extra-arg=-Wno-unknown-warning-option", "--extra-arg=-Wno-error"]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rel(path) -> str:
    p = Path(path)
    return str(p.relative_to(ROOT)) if ROOT in p.parents else str(p)


def git_files(*patterns: str) -> list:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "--cached", "--others", "--exclude-standard", *patterns],
        capture_output=True,
        text=True,
    ).stdout.split()
    return [ROOT / f for f in out if (ROOT / f).is_file()]


def project_headers_by_object(build: Path) -> dict:
    """Object path (relative to the build folder) -> the project headers it was built with."""
    out = subprocess.run(["ninja", "-C", str(build), "-t", "deps"], capture_output=True, text=True)
    deps, current = {}, None
    for line in out.stdout.splitlines():
        if not line.strip():
            current = None
        elif not line.startswith(" "):
            current = line.split(":", 1)[0]
            deps[current] = []
        elif current is not None:
            # Relative to the build folder when ccache wrote the dependencies (CCACHE_BASEDIR,
            # which make sets): the same headers must give the same key however they were built.
            path = Path(os.path.normpath(build / line.strip()))
            if ROOT in path.parents and path.suffix in (".hpp", ".h"):
                deps[current].append(path)
    return deps


def without_pch(args: list) -> tuple:
    """The compile command without CMake's precompiled header, and the object it builds."""
    out, output, skip = [], "", False
    for i, a in enumerate(args):
        if skip:
            skip = False
        elif a == "-include" and i + 1 < len(args) and args[i + 1].endswith("cmake_pch.hxx"):
            skip = True
        elif a != "-Winvalid-pch":
            out.append(a)
        if a == "-o" and i + 1 < len(args):
            output = args[i + 1]
    return out, output


def meaning_flags(args: list, build: Path) -> str:
    """The flags that change what a file means, with checkout-specific paths made relative."""
    keep, take_next = [], False
    for a in args[1:]:
        if take_next:
            keep.append(a)
            take_next = False
        elif a in ("-isystem", "-include", "-I", "-D", "-U"):
            keep.append(a)
            take_next = True
        elif a.startswith(("-D", "-U", "-I", "-std=", "-O", "-f", "-m")):
            keep.append(a)
    text = " ".join(keep)
    return text.replace(str(build), "<build>").replace(str(ROOT), "<root>")


class KeyMaker:
    def __init__(self, build: Path):
        self.build = build
        # The version line only: the rest names this machine's CPU.
        version = [
            line
            for line in subprocess.run([CLANG_TIDY, "--version"], capture_output=True, text=True).stdout.splitlines()
            if "version" in line
        ]
        self.fixed = sha(
            "\n".join(version).encode()
            + (ROOT / ".clang-tidy").read_bytes()
            + " ".join(EXTRA_ARGS).encode()
        )
        self.deps = project_headers_by_object(build)
        self.header_hash = {}
        self.all_headers = git_files("*.hpp", "*.h")

    def header(self, path: Path) -> str:
        if path not in self.header_hash:
            self.header_hash[path] = sha(path.read_bytes()) if path.exists() else "gone"
        return self.header_hash[path]

    def key(self, entry: dict) -> str:
        source = Path(entry["file"])
        headers = self.deps.get(entry["output"]) or self.all_headers
        parts = [self.fixed, meaning_flags(entry["args"], self.build), rel(source), sha(source.read_bytes())]
        parts += [f"{rel(h)}:{self.header(h)}" for h in sorted(set(headers))]
        return sha("\n".join(parts).encode())


def read_ledger() -> dict:
    """Repository-relative path -> the key with which it last passed."""
    ledger = {}
    if LEDGER.exists():
        for line in LEDGER.read_text().splitlines():
            if line and not line.startswith("#"):
                key, path = line.split(maxsplit=1)
                ledger[path] = key
    return ledger


def write_ledger(ledger: dict) -> None:
    lines = [
        "# Files that passed scripts/tidy.py, each with the key of what its result depended on",
        "# (decision 0024). Written by every check run; commit it with the change.",
    ]
    lines += [f"{ledger[p]} {p}" for p in sorted(ledger)]
    text = "\n".join(lines) + "\n"
    if not LEDGER.exists() or LEDGER.read_text() != text:
        LEDGER.write_text(text)


def run_one(db_dir: Path, entry: dict, fix: bool) -> tuple:
    cmd = [CLANG_TIDY, "-p", str(db_dir), "--quiet", *EXTRA_ARGS]
    if fix:
        cmd.append("--fix")
    cmd.append(entry["file"])
    t0 = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True)
    # clang-tidy counts the warnings it filtered out of system headers; only findings matter.
    report = "\n".join(
        line
        for line in (done.stdout + done.stderr).splitlines()
        if line.strip() and not line.endswith(" generated.") and not line.startswith("Suppressed ")
    )
    return entry, done.returncode, report, time.monotonic() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", default="build")
    ap.add_argument("--fix", action="store_true")
    ap.add_argument("--full", action="store_true", help="check every file, trusting no earlier result")
    ap.add_argument("--files", nargs="+", default=None)
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    build = Path(args.build) if Path(args.build).is_absolute() else (ROOT / args.build)
    build = build.resolve()
    db = build / "compile_commands.json"
    if not db.exists():
        print(f"tidy: {db} is missing; build first (make build)", file=sys.stderr)
        return 2
    sources = git_files("*.cpp")
    wanted = {(ROOT / f).resolve() for f in args.files} if args.files else {p.resolve() for p in sources}
    entries = [e for e in json.loads(db.read_text()) if Path(e["file"]).resolve() in wanted]
    for e in entries:
        e["args"], output = without_pch(shlex.split(e.get("command") or shlex.join(e["arguments"])))
        # -o is relative to the entry's folder; ninja's log names objects from the build folder.
        e["output"] = os.path.relpath(Path(e["directory"]) / output, build) if output else ""
        e["command"] = shlex.join(e["args"])
    if not entries:
        print("tidy: no file of the build to check", file=sys.stderr)
        return 2

    cache = build / "tidy-cache"
    db_dir = cache / "db"
    db_dir.mkdir(parents=True, exist_ok=True)
    (db_dir / "compile_commands.json").write_text(
        json.dumps([{k: e[k] for k in ("directory", "command", "file")} for e in entries], indent=1)
    )
    ledger = read_ledger()
    keys = KeyMaker(build)
    todo = []
    for e in entries:
        e["key"] = keys.key(e)
        known = ledger.get(rel(e["file"])) == e["key"] or (cache / e["key"]).exists()
        if args.fix or args.full or not known:
            todo.append(e)

    t0 = time.monotonic()
    failed, cpu = [], 0.0
    with concurrent.futures.ThreadPoolExecutor(max_workers=1 if args.fix else args.j) as pool:
        for entry, code, report, seconds in pool.map(lambda e: run_one(db_dir, e, args.fix), todo):
            cpu += seconds
            if code == 0 and not report:
                (cache / entry["key"]).touch()
            else:
                failed.append(entry["file"])
                print(report or f"{entry['file']}: clang-tidy exited {code}", flush=True)
    wall = time.monotonic() - t0

    if not args.fix:
        # Record what passed; a file that failed or left the tree loses its line.
        present = {rel(p) for p in sources}
        ledger = {p: k for p, k in ledger.items() if p in present}
        for e in entries:
            if e["file"] in failed:
                ledger.pop(rel(e["file"]), None)
            else:
                ledger[rel(e["file"])] = e["key"]
        write_ledger(ledger)

    summary = (
        f"tidy: {len(entries)} files, {len(entries) - len(todo)} with a passing result on record, "
        f"{len(todo)} checked in {wall:.0f} s ({cpu:.0f} s of clang-tidy)"
    )
    if failed:
        print(f"{summary}; {len(failed)} with findings", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
