#!/usr/bin/env bash
# The layer check (scripts/check-layers.py holds the rules); kept as the name CTest and the
# self-test call. Usage: check-layers.sh [SRC_DIR]
exec python3 "$(dirname "$0")/check-layers.py" "$@"
