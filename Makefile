# Two commands on a fresh machine:
#   make run    install into .venv, create the demo firm, serve on http://127.0.0.1:8000
#   make test   install, lint, type-check and run every test on SQLite then PostgreSQL
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3 /usr/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
PG_URL ?= postgres://postgres@127.0.0.1:5432/tocsin

.PHONY: run test install lint typecheck test-sqlite test-postgres browser-deps messages demo clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Tocsin needs Python 3.12 or newer (python3.12 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/tocsin demo
	$(BIN)/tocsin run

demo: install
	$(BIN)/tocsin demo

browser-deps:
	@bash scripts/ensure-chromium.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy tocsin

# Live-server tests must not leave pooled connections behind (PostgreSQL would refuse to
# drop the test database).
export DB_CONN_MAX_AGE := 0

test-sqlite: install
	$(BIN)/pytest -q -n 2 --dist loadfile

test-postgres: install
	DATABASE_URL=$(PG_URL) TOCSIN_TESTS_DATABASE_ONLY=1 $(BIN)/pytest -q -n 2 --dist loadfile

# bandit (config and reviewed findings: pyproject.toml [tool.bandit]) and pip-audit, which
# says "NOT AUDITED" when its vulnerability service cannot be reached and fails then only with
# TOCSIN_AUDIT_REQUIRED=1 (tests/security/audit_dependencies.py).
.PHONY: security
security: install
	$(BIN)/bandit -q -c pyproject.toml -r tocsin -b tests/security/bandit-baseline.json
	$(BIN)/python tests/security/audit_dependencies.py

test: install browser-deps lint typecheck security test-sqlite test-postgres

messages: install
	cd tocsin && ../$(BIN)/django-admin makemessages -l fr -l en --settings=tocsin.settings && ../$(BIN)/django-admin compilemessages --settings=tocsin.settings

clean:
	rm -rf $(VENV) var
