# sciweek — the two commands of the Quick start (README.md), and a few helpers.
#   make run    install what is missing, build, create data/sciweek.db with demo data, serve :8080
#   make test   install what is missing, build, run every test (C++, API on SQLite and
#               PostgreSQL, front-end units, browser)
#   make scan   before a release: sqlmap and wapiti against a demo server on loopback (~20 min)
#   make cluster   PostgreSQL + three nodes + nginx on loopback (http://127.0.0.1:8090)
#   make cluster-proof   before a release: the same from nothing, then proves it (race, freshness,
#               uploads, per-phone limit, offer expiry, kill -9 mid-SMS and mid-stream, restore
#               drill); ~2 min
#   make format / make lint   apply / check .clang-format on every tracked C++ file, and
#               Prettier + ESLint on web/ (web/eslint.config.js, web/.prettierrc.json); lint
#               also runs clang-tidy (.clang-tidy) on what changed; make lint-full on everything
#   make test-sanitize   the C++ unit and API tests (both databases) built with ASan+UBSan in
#               build-asan; fails on the first sanitizer report (docs/security.md, sanitizers)
BUILD ?= build
DB ?= sqlite:data/sciweek.db
LISTEN ?= 127.0.0.1:8080
# ccache across clones (CI builds a fresh clone in another folder): relative paths, no
# working directory in the hash, and the sloppiness that lets precompiled headers cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
export CCACHE_SLOPPINESS := pch_defines,time_macros,include_file_mtime,include_file_ctime

# Warnings are errors everywhere, so a warning never first appears in CI.
WERROR ?= ON

# Fuzzing (docs/security.md#fuzzing): a clang build of its own beside the g++ one.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all deps build server web run test test-sanitize scan bench clean fuzz fuzz-build fuzz-smoke format lint lint-full cluster \
	cluster-proof

all: build

deps:
	@bash scripts/install-deps.sh

server: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIWEEK_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD)

web: deps
	@bash scripts/build-web.sh

build: server web

run: build
	@bash scripts/run-demo.sh "$(DB)" "$(LISTEN)"

test: build
	@bash scripts/run-tests.sh "$(BUILD)"

# Style (issue 14): `make format` rewrites, `make lint` only checks: the format, the layers,
# clang-tidy (scripts/tidy.py, which needs the build's compile commands) and the web lint.
# ctest runs the same C++ checks, scripts/run-tests.sh the web lint. `make lint-full` runs
# clang-tidy on every file, trusting no recorded result (decision 0024; ~15 min on 2 cores).
format: deps
	@bash scripts/format.sh
	@bash scripts/build-web.sh --deps-only
	@cd web && npm run --silent format

lint: server
	@bash scripts/format.sh --check
	@python3 scripts/check-layers.py
	@python3 scripts/tidy.py $(BUILD)
	@bash scripts/build-web.sh --deps-only
	@cd web && npm run --silent lint

lint-full: server
	@python3 scripts/tidy.py --full $(BUILD)

# PostgreSQL, three nodes and nginx on loopback (docs/operations.md, several servers).
cluster: build
	@bash scripts/cluster.sh

# The same deployment started from nothing and proved: one PASS/FAIL line per check
# (scripts/cluster_proof.py; SCIWEEK_BIN / SCIWEEK_WEB run it against another build).
cluster-proof: build
	@SCIWEEK_BIN=$${SCIWEEK_BIN:-$(BUILD)/sciweek} bash scripts/cluster-proof.sh

scan: build
	@bash scripts/security-scan.sh
# Its own folder: the sanitized objects never mix with $(BUILD)'s.
ASAN_BUILD ?= build-asan
test-sanitize: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCIWEEK_WERROR=$(WERROR) \
	  -DSCIWEEK_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD)
	@bash scripts/run-sanitize-tests.sh "$(ASAN_BUILD)"

# The harnesses of fuzz/ with ASan+UBSan; CC/CXX are clang's whatever the environment says.
fuzz-build: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
	  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DSCIWEEK_FUZZ=ON -DSCIWEEK_WERROR=$(WERROR) >/dev/null
	@cmake --build $(FUZZ_BUILD) --target fuzz_all

# FUZZ_SECONDS per target (60); fails on any crash, leak or sanitizer report.
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/run-fuzz.sh $(FUZZ_BUILD)

# What make test and CI run (scripts/run-tests.sh): 5 s per target.
fuzz-smoke: fuzz-build
	@FUZZ_SECONDS=5 FUZZ_RSS_MB=2048 bash scripts/run-fuzz.sh $(FUZZ_BUILD)

bench: build
	@bash bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
