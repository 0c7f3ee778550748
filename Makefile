# One entry point for people and CI. `make serve` = set up + serve the site; `make test` = set up + all tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup tools system serve build test test-fast bench compile validate clean

setup: $(VENV)/.installed node_modules/.installed

# What a bare Debian machine may lack before anything else can be installed: npm and Python's venv/ensurepip
# (Debian packages), and a Python >= 3.12 for pyodide-build (not packaged for Debian 12: say so, clearly).
APT_GET := apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
tools:
	@command -v npm >/dev/null 2>&1 || { $(APT_GET) nodejs npm >/dev/null; }
	@$(PY) -c 'import ensurepip, venv' 2>/dev/null || { $(APT_GET) python3-venv >/dev/null; }
	@test -n "$(PY312)" || { echo "make: pyodide-build needs Python >= 3.12: put python3.12 (or 3.13) on PATH," \
	  "install it with pyenv, or pass PY312=/path/to/python3.12" >&2; exit 1; }

$(VENV)/.installed: pyproject.toml | tools
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json | tools
	npm ci --no-audit --no-fund
	touch $@

# ---- In-page checker (owned by the Pyodide helper) ------------------------------------------------------
# The site build (sitegen/runtime.py) registers the checker wheel in the site's own
# pyodide-lock.json with pyodide-build's `pyodide lockfile add-wheels`, which needs Python >= 3.12:
# it gets a tool venv of its own. Override with PY312=/path/to/python3.12.
PY312 ?= $(shell for p in "$$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python python3.13 python3.12; do \
  "$$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo "$$p"; break; }; done)
PYODIDE_VENV := .venv-pyodide

setup: $(PYODIDE_VENV)/.installed

$(PYODIDE_VENV)/.installed: | tools
	$(PY312) -m venv $(PYODIDE_VENV)
	$(PYODIDE_VENV)/bin/pip install -q 'pyodide-build==0.39.2' 'pkginfo==2.0'
	touch $@
# ---------------------------------------------------------------------------------------------------------

# Debian packages the browser and serving tests need (Chromium driven by Playwright, WebKitGTK driven by Selenium
# through WebKitWebDriver under Xvfb; never a browser download).
system:
	@command -v chromium >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 && \
	  command -v WebKitWebDriver >/dev/null 2>&1 && command -v Xvfb >/dev/null 2>&1 && \
	  test -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so && \
	  test -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc || { \
	  $(APT_GET) chromium nginx-light webkit2gtk-driver xvfb \
	    libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static fonts-wqy-microhei >/dev/null; }

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

# The pure tests only (engine and rules: no site build, browser or nginx), in seconds.
test-fast: setup
	$(BIN)/python -m pytest -m "engine or rules"

# Speed and size figures (not part of `make test`: shared machines are noisy). See README "Speed".
bench: setup system  # `make bench ARGS=--quick` for a short run; results in benchmarks/results/
	$(BIN)/python -m benchmarks $(ARGS)

clean:
	rm -rf site dist build checker/data
