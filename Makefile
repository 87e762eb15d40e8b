# CAS platform — everyday commands. Run `make help`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test lint messages bench bench-timing bench-faults lighthouse clean chromium

help: ## Show these commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Potrzebny jest Python 3.11 ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP) $@

run: $(STAMP) ## Install, migrate, load the Polish demo content and serve http://127.0.0.1:8000 on SQLite
	@unset DATABASE_URL; \
	$(PY) manage.py cas_messages --compile >/dev/null && \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py create_demo_admin && \
	echo "" && \
	echo "  Serwis:  http://$(HOST):$(PORT)/" && \
	echo "  Panel:   http://$(HOST):$(PORT)/admin/   login: admin   hasło: cas-demo-2026" && \
	$(PY) manage.py partner_demo_logins --url http://$(HOST):$(PORT) && \
	echo "  API:     http://$(HOST):$(PORT)/api/v3/docs/" && \
	echo "" && \
	$(PY) manage.py runserver $(HOST):$(PORT)

# One pytest-xdist worker per CPU core (PYTEST_WORKERS=0, or PYTEST_ARGS="-n 0", runs in one process).
# Each worker has its own test database and Redis database (tests/conftest.py); at most 8 workers,
# so the Redis databases stay within Redis's 16. --dist load hands each worker its tests in the
# collected order, where pytest-django puts transactional tests (browser journeys, concurrency,
# fuzzing) last: each of them empties the database when it ends, so no plain test may run after
# one on the same worker (worksteal broke that: a worker could steal plain tests afterwards).
PYTEST_WORKERS ?= auto

test: $(DEV_STAMP) chromium ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL points at it)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses 8 --dist load $(PYTEST_ARGS)

# The browser journeys need Debian's chromium; install it when missing and we may.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Instaluję chromium (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; \
	  fi; }

lint: $(DEV_STAMP) ## ruff, Django checks, the migrations check and the layer order (lint-imports)
	$(BIN)/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-logo

messages: $(DEV_STAMP) ## Extract new UI strings into the .po catalogues and compile them
	$(PY) manage.py cas_messages

bench: $(DEV_STAMP) ## Benchmarks (PostgreSQL, gunicorn, wrk); options in BENCH_ARGS="--sizes 50,500 --quick"
	$(PY) bench/run.py $(BENCH_ARGS)

bench-timing: $(DEV_STAMP) ## Known vs unknown e-mail: median answer times of access-link and registration
	$(PY) bench/timing.py $(BENCH_ARGS)

bench-faults: $(DEV_STAMP) ## Fault scripts: workers killed with SIGKILL, PostgreSQL crash (checks invariants)
	$(PY) bench/fault_sigkill.py
	$(PY) bench/fault_pg_down.py

lighthouse: $(STAMP) chromium ## Lighthouse scores of four pages on production settings with demo content (needs node + npm)
	$(PY) bench/lighthouse.py $(LIGHTHOUSE_ARGS)

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
