# Cramp Journal. Two commands on a fresh machine:
#   make run    set everything up on SQLite, load the food catalog and the demo account, serve
#   make test   install what the tests need, then lint, check migrations and run every test
#               (the Python tests on every core with pytest-xdist, then the browser tests)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Python keeps the bytecode it compiles, even where the environment says not to (this machine's sets
# PYTHONDONTWRITEBYTECODE): otherwise every process compiles each module it imports again,
# about 1 s for a manage.py command and 2.5 s for a test worker.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run serve setup test test-suite check lint format browser validators clean help

help:
	@echo "make run    set up on SQLite, create the demo account, serve on http://$(HOST):$(PORT) with the task worker"
	@echo "make test   lint, check migrations and run every test (browser tests included)"
	@echo "make format apply ruff's formatting and safe fixes"
	@echo "make stack  the production stack (nginx, HTTPS, PostgreSQL, Redis) on https://localhost:8443; make stack-stop"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when the pinned requirements change, so re-runs are fast.
# --no-compile: Python compiles what it imports; compiling every installed module up front
# was half of a fresh install's minute.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-compile -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

.env:
	cp .env.example .env

setup: $(VENV)/.runtime-installed .env
	@grep -q '^VAPID_PRIVATE_KEY=' .env || { echo "# Web Push: a development key pair, made by make run" >> .env; \
		$(BIN)/python manage.py generate_vapid_keys >> .env; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_foods --verbosity 0
	$(BIN)/python manage.py seed_demo

# The web server and, in the background, the task worker with the reminders' clock
# (docs/reminders.md); stopping the server (Ctrl+C) stops the worker too.
run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ with the task worker (Ctrl+C stops both)"
	@HOST=$(HOST) PORT=$(PORT) $(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian's Chromium and Java (for the Nu checker): installed when missing and we are root.
browser:
	@scripts/ensure-test-tools.sh

# axe-core and the Nu HTML checker, pinned by package-lock.json, into node_modules/.
validators: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The tests run in a random order (pytest-randomly; the seed is printed at the top of each run,
# and `PYTEST_ARGS="-p randomly -p no:cacheprovider --randomly-seed=N"` replays it). The
# Python tests share the cores; the browser tests, which drive Chromium against a live server,
# run after them (BROWSER_WORKERS of them at once, each with its own server and database).
# Each run prints its 25 slowest tests.
WORKERS ?= auto
BROWSER_WORKERS ?= 2
DURATIONS ?= 25
# Which tests run (pytest -m expressions; an empty one runs none of that kind). .ci/run narrows
# them so that nothing runs twice: on SQLite every Python test and no browser test
# (BROWSER_MARKS empty), on PostgreSQL the Python tests that use a database (tests/conftest.py
# marks the others database_free) and then every browser test.
PYTHON_MARKS ?= not browser
BROWSER_MARKS ?= browser

check: lint $(VENV)/.dev-installed
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/mypy  # django-stubs loads the settings, which need DEBUG or a SECRET_KEY
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

test-suite: $(VENV)/.dev-installed $(if $(BROWSER_MARKS),browser validators)
ifneq ($(PYTHON_MARKS),)
	$(BIN)/pytest -m "$(PYTHON_MARKS)" -n $(WORKERS) --durations=$(DURATIONS) $(PYTEST_ARGS)
endif
ifneq ($(BROWSER_MARKS),)
	$(BIN)/pytest -m "$(BROWSER_MARKS)" -n $(BROWSER_WORKERS) --dist loadgroup \
		--durations=$(DURATIONS) $(PYTEST_ARGS)
endif

test: check test-suite

# --- The production stack (docs/deploy.md): nginx over HTTPS, two app servers, the worker, ---
# Redis, on the local PostgreSQL, DEBUG off. STACK_DATABASE names its database (cramp_stack).
.PHONY: stack stack-stop stack-tools test-production
# Debian's nginx, supervisor and Redis, installed when missing (stack.sh up does it too).
stack-tools:
	@scripts/stack-install.sh
stack: $(VENV)/.runtime-installed
	@scripts/stack.sh up
stack-stop:
	@scripts/stack.sh down
# The stack up, the browser tests of tests/production against https://localhost:8443, down.
test-production: $(VENV)/.dev-installed browser
	@scripts/stack-test.sh

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .stack .pytest_cache .ruff_cache .mypy_cache
