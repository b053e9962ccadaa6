# Klimatkontrakt 2030 – uppföljning. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: help install install-test run serve migrate demo test lint format check typecheck pytest \
        browser-deps integration bench load migrations-check vendor messages clean

help:
	@echo "make run          set up, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test         install test dependencies and run every check"
	@echo "make bench        print speed figures as 'name value unit'"
	@echo "make load         requests per second under wrk (gunicorn, 2 workers, 50 connections)"
	@echo "make integration  integration tests (needs DATABASE_URL, REDIS_URL and a worker)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet ".[test]"
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_data

run: demo
	@echo "Demoinloggningar på http://127.0.0.1:$(PORT)/accounts/login/ (lösenord: demo; bara med DEBUG på):"
	@echo "  umea.handlaggare   handläggare, Umeå"
	@echo "  umea.admin         kommunadministratör, Umeå"
	@echo "  malmo.handlaggare  handläggare, Malmö"
	@echo "  programkontoret    programkontoret (Viable Cities)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser) and inject axe-core.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

check: install
	$(MANAGE) check

# Every app with the Django and DRF plugins; the pure cores once more with --strict.
typecheck: install-test
	$(BIN)/mypy
	$(BIN)/mypy --strict --follow-imports=silent indicators/progress indicators/parsers \
	  core/numbers.py core/downloads.py core/cycles.py

# Every core runs tests (pytest-xdist), in a random order (pytest-randomly) whose seed is
# printed: `make pytest SEED=<seed>` repeats that order.
SEED ?= $(shell date +%s)
pytest: install-test browser-deps
	@echo "pytest: random order seed $(SEED)"
	$(BIN)/pytest -q -n auto --dist loadgroup --randomly-seed=$(SEED)

test: lint migrations-check check typecheck pytest

integration: install-test
	$(BIN)/pytest -q -m integration -p no:randomly tests/integration

bench: install-test
	$(BIN)/python -m benchmarks

# Throughput under wrk (2 gunicorn workers, 50 connections, loopback, 30 s); starts and
# stops everything it needs on a scratch database. Not part of `make test`.
load: install
	@command -v wrk >/dev/null 2>&1 || echo "wrk not found (apt-get install wrk): using the Python load generator"
	$(BIN)/python -m benchmarks.load

# Translations: collect every marked string into locale/en/LC_MESSAGES/django.po, then
# compile it to django.mo. Both are committed, so running the site needs no gettext.
messages: install
	mkdir -p locale
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests \
	  --ignore=benchmarks --ignore=staticfiles --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# plotly.js with only the trace types and components our figures use, rebuilt from the
# pinned packages in tools/plotly_bundle/package-lock.json (needs node and npm; the build
# happens in a temporary directory). The result is committed, so running the site needs
# neither.
vendor:
	tools/plotly_bundle/build.sh

clean:
	rm -rf $(VENV) staticfiles node_modules
