# Quick start: `make run` (set up, load demo data once, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SCALE ?= province

.PHONY: setup run test bench messages compile-messages clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --scale $(DEMO_SCALE) --if-empty
	@$(BIN)/python manage.py demo_logins
	@bash -c 'trap "kill 0" EXIT; while :; do $(BIN)/python manage.py db_worker --verbosity 0; sleep 1; done & DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)'

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/run.py

messages: setup
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location
	$(BIN)/python manage.py compilemessages -l vi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
