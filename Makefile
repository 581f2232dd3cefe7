# Two commands: `make run` (set up and serve on SQLite) and `make test` (lint, checks, whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TEST_ENV := DJANGO_SETTINGS_MODULE=lms.settings.test

.PHONY: run test install install-dev lint check pytest content clean

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

clean:
	rm -rf $(VENV) db.sqlite3* tmp staticfiles
