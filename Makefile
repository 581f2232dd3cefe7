# Two commands: `make run` (set up and serve on SQLite) and `make test` (lint, checks, whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TEST_ENV := DJANGO_SETTINGS_MODULE=lms.settings.test

.PHONY: run test install install-dev lint check pytest content clean bench
.PHONY: prod-check backup restore audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bootstrap --demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

content: install
	$(BIN)/python manage.py bootstrap

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

check: install-dev
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install-dev
	$(BIN)/pytest

test: lint check pytest

# Performance goals P1–P7 against a bare view (needs PostgreSQL and Redis; see docs/performance.md).
bench: install-dev
	$(BIN)/python bench/run_all.py

# Pre-release gate: production stack on PostgreSQL + Redis, smoke suite, backup and restore (ops/prod_check.sh).
prod-check: install-dev
	bash ops/prod_check.sh

# Database, media and private media into backups/bimtek-<time>.tar.gz (docs/deploy.md, "Backups").
backup: install
	$(BIN)/python manage.py backup

# make restore FILE=backups/bimtek-….tar.gz [FORCE=1]: the target database must be empty unless FORCE=1.
restore: install
	@test -n "$(FILE)" || { echo "Pakai / usage: make restore FILE=backups/bimtek-….tar.gz [FORCE=1]"; exit 2; }
	$(BIN)/python manage.py restore "$(FILE)" $(if $(filter 1 true yes,$(FORCE)),--force)

# Known vulnerabilities in the pinned dependencies (pip-audit; needs the PyPI/OSV advisory services).
audit: install-dev
	$(BIN)/pip-audit --requirement requirements.txt --requirement requirements-dev.txt --no-deps --disable-pip --strict --progress-spinner off

clean:
	rm -rf $(VENV) db.sqlite3* tmp staticfiles
