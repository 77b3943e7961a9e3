# Mi Cuenta: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test chat serve seed migrate bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The service on the embedded defaults (SQLite file + in-process Redis), demo data loaded.
run: install migrate seed
	@echo
	@echo "Mi Cuenta runs at http://$${MICUENTA_HOST:-127.0.0.1}:$${MICUENTA_PORT:-8080} (health: /healthz, metrics: /metrics)."
	@echo "Chat with it in another terminal: make chat    Demo identities: var/demo-identities.json"
	@echo
	$(PY) -m bot serve

## The whole test suite.
test: install
	$(PY) -m pytest

## A conversation in this terminal.
chat: install migrate
	$(PY) -m bot chat

migrate: install
	$(PY) -m bot db upgrade

seed: install
	@mkdir -p var
	$(PY) -m bot seed --demo > var/demo-identities.json
	@cat var/demo-identities.json

bench: install
	$(PY) bench/engine.py

lint: install
	$(VENV)/bin/ruff check bot domain tests bench
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) var build *.egg-info
