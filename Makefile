# One entry point for people and CI. `make serve` = set up + serve the site; `make test` = set up + all tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system serve build test bench compile validate clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian packages the browser and serving tests need (Chromium driven by Playwright; never a browser download).
system:
	@command -v chromium >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 && \
	  test -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light \
	    libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static >/dev/null; }

validate: setup
	$(BIN)/python -m checker validate

compile: setup
	$(BIN)/python -m checker compile

serve: setup compile
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

build: setup compile
	$(BIN)/mkdocs build --strict

test: setup system
	$(BIN)/python -m checker validate
	$(BIN)/python -m pytest

clean:
	rm -rf site dist build checker/data
