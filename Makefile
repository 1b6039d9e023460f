# hotline — two commands: `make demo` (install, load the demo center, serve it) and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HOTLINE_DATA_DIR ?= $(CURDIR)/data
PG_URL ?= postgres://postgres@127.0.0.1:5432/hotline
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends

.PHONY: demo serve test test-sqlite test-pg test-clock test-fast bench lint format system-test-deps system-demo-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

# System packages: Chromium for browser tests, CJK fonts and Pango for PDFs, espeak-ng for spoken demo audio
# (and for the spoken test calls of the audio tests, which are skipped without it).
system-test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(SUDO) apt-get update -q >/dev/null; $(APT) $$missing; fi

system-demo-deps:
	@missing=""; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; ($(SUDO) apt-get update -q >/dev/null && $(APT) $$missing) || echo "(optional packages not installed: $$missing)"; fi

demo: $(STAMP) system-demo-deps
	$(BIN)/hotline migrate -q
	$(BIN)/hotline demo-data
	$(BIN)/hotline serve --host 127.0.0.1 --port 8000

serve: $(STAMP)
	$(BIN)/hotline serve

test: test-sqlite test-pg test-clock

test-sqlite: $(STAMP) system-test-deps
	$(BIN)/pytest -n 2 --dist loadfile

# The same suite against PostgreSQL (the production database); browser tests and the slow walks (hostile
# parameters, schemathesis, the demo's full checks) run once, on SQLite, and so do the core's tests (no
# database: tests/test_architecture.py keeps Django out of hotline/core). Then the end-to-end run on real
# Celery workers over Redis (-m worker: import → plan → inspection; skipped without Redis).
test-pg: $(STAMP)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL:/hotline=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 --dist loadfile -m "not browser and not slow" -p no:cacheprovider --ignore=hotline/core && \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -m worker -p no:cacheprovider hotline/jobs/tests; \
	else echo "WARNING: PostgreSQL is not reachable at $(PG_URL); skipping the PostgreSQL run"; fi

# The suite's clock travelled to boundary moments (HOTLINE_TEST_NOW, in the center's time zone): the first
# morning of a half-month, the 16th, 1 January of a year chinesecalendar has no data for, 29 February.
# The browser journeys and the date-heavy apps run at each; the whole suite runs at the real time above.
CLOCK_MOMENTS ?= 2026-12-01T08:30 2026-12-16T09:00 2030-01-01T08:00 2028-02-29T10:00
CLOCK_SUBSET ?= tests/test_clock.py tests/e2e hotline/quality/tests hotline/feedback/tests hotline/workforce/tests
test-clock: $(STAMP) system-test-deps
	@for m in $(CLOCK_MOMENTS); do \
		echo "== HOTLINE_TEST_NOW=$$m"; \
		HOTLINE_TEST_NOW=$$m $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider -m "not slow" $(CLOCK_SUBSET) || exit 1; \
	done

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadfile -m "not browser and not slow"

bench: $(STAMP)
	@for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check hotline tests bench
	$(BIN)/ruff format --check hotline tests bench

format: $(STAMP)
	$(BIN)/ruff format hotline tests bench
	$(BIN)/ruff check --fix hotline tests bench

clean:
	rm -rf $(VENV) data .pytest_cache
