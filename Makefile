# The commands the README names. Each installs what it needs first.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := python3 -m uv
endif
FLOORWALK := .venv/bin/floorwalk
CHROMIUM := /usr/bin/chromium

.PHONY: demo test lint format install chromium vendor messages bench-help

install:
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

demo: install
	mkdir -p var
	DEBUG=true $(FLOORWALK) demo --keep-existing
	@echo "Floorwalk runs at http://127.0.0.1:8000 (logins above, password 'demo'); Ctrl+C stops it."
	@# A worker runs uploaded imports beside the web server; Ctrl+C stops them both.
	DEBUG=true $(FLOORWALK) db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	DEBUG=true $(FLOORWALK) runserver 127.0.0.1:8000

chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium; }

test: install chromium
	$(UV) run --frozen pytest -n 2

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	SECRET_KEY=type-checking-only $(UV) run --frozen mypy src/floorwalk

format: install
	$(UV) run --frozen ruff format .
	$(UV) run --frozen ruff check --fix .

vendor:
	frontend/vendor.sh

messages: install
	cd src/floorwalk && ../../$(FLOORWALK) makemessages --all --ignore '*/migrations/*'
