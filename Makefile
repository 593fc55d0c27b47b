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

# Demo keys, made once and kept outside git: the demo runs with DEBUG off, which needs keys.
# A real installation sets its own SECRET_KEY and PERSONAL_DATA_KEY (see README).
KEYS := var/keys.env
WITH_KEYS := set -a && . $(abspath $(KEYS)) && set +a &&

$(KEYS): | setup
	mkdir -p $(dir $@)
	umask 077 && $(BIN)/python -c 'import secrets; print(f"SECRET_KEY={secrets.token_urlsafe(48)}\nPERSONAL_DATA_KEY={secrets.token_urlsafe(48)}")' > $@

# DEBUG is off unless asked for (`DEBUG=true make run`); WhiteNoise serves the static files.
run: setup $(KEYS)
	$(WITH_KEYS) $(BIN)/python manage.py migrate --noinput
	$(WITH_KEYS) $(BIN)/python manage.py seed_demo --scale $(DEMO_SCALE) --if-empty
	@$(WITH_KEYS) $(BIN)/python manage.py demo_logins
	$(WITH_KEYS) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@$(WITH_KEYS) bash -c 'trap "kill 0" EXIT; while :; do $(BIN)/python manage.py db_worker --verbosity 0; sleep 1; done & OTP_REQUIRED=$${OTP_REQUIRED:-false} $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)'

test: setup
	$(BIN)/python -m pytest

bench: setup $(KEYS)
	$(WITH_KEYS) $(BIN)/python bench/run.py

messages: setup $(KEYS)
	$(WITH_KEYS) $(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location
	$(WITH_KEYS) $(BIN)/python manage.py compilemessages -l vi

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
