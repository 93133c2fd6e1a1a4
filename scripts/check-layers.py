#!/usr/bin/env python3
"""Fails when a file includes something its layer may not know (docs/architecture.md §1):
app -> http -> service -> store -> domain -> core; service -> export, media,
notify. Only store/ knows SOCI, only http/ Beast (server*.cpp alone, for compile time), only
export/ libxlsxwriter, only media/ libmagic and libavformat, only notify/ libcurl; domain/ is
pure (no JSON).

One pass in one process: the shell version forked sed and grep per include line and took
50 s alone and 400 s in its self-test on CI's two cores.
Usage: check-layers.py [SRC_DIR] (default: server/src of this repository)"""
import os
import re
import sys

# layer: (project folders it may include, forbidden library include pattern or None)
RULES = [
    ("core", "core", r"soci/|boost/|xlsxwriter|magic\.h|libav|muParser|qrencode|curl/"),
    ("domain", "core domain", r"soci/|boost/|nlohmann/|xlsxwriter|magic\.h|libav|sodium|spdlog|qrencode|curl/"),
    ("store", "core domain store", r"boost/|xlsxwriter|magic\.h|libav|qrencode|curl/"),
    ("export", "core domain export", r"soci/|boost/|magic\.h|libav|curl/"),
    ("media", "core media", r"soci/|boost/|xlsxwriter|curl/"),
    ("notify", "core notify", r"soci/|boost/|xlsxwriter|magic\.h|libav|nlohmann/"),
    ("service", "core domain store service export media notify", r"soci/|boost/|xlsxwriter|magic\.h|libav|curl/"),
    ("http", "core domain service export media http", r"soci/|xlsxwriter|magic\.h|libav|curl/"),
    ("app", "core domain store service export media notify http app", None),
]
INCLUDE = re.compile(r'^#include *["<]([^">]+)[">]')


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "server", "src")
    fail = False

    def report(message: str) -> None:
        nonlocal fail
        print(f"check-layers: {message}")
        fail = True

    for layer, allowed_text, forbidden_text in RULES:
        allowed = set(allowed_text.split())
        forbidden = re.compile(forbidden_text) if forbidden_text else None
        root = os.path.join(src, layer)
        if not os.path.isdir(root):
            continue
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.endswith((".cpp", ".hpp")) or name.endswith("_test.cpp"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        top = target.split("/", 1)[0]
                        if "/" in target and os.path.isdir(os.path.join(src, top)):
                            if top not in allowed:
                                report(f"{path} includes {target} — layer '{layer}' may not depend on '{top}'")
                        elif forbidden and forbidden.search(target):
                            report(f"{path} includes <{target}> — not allowed in layer '{layer}'")
                        if layer == "http" and target.startswith("boost/") and not name.startswith("server"):
                            report(f"{path} includes <{target}> — Beast/Asio belong in http/server*.cpp only")
    if fail:
        print("check-layers: FAILED")
        return 1
    print("check-layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
