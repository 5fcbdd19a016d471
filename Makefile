# Golden Thread: set up, run, test and check the project.
#
#   make run      try it on this machine (SQLite, jobs run inline, demo data)
#   make test     run every test, browser tests included
#
# Set-up is automatic: a target that needs the Python virtualenv, the npm packages or the
# stylesheet builds them first, and again only when requirements.lock, package-lock.json
# or the Sass sources change.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PORT ?= 8000
PYTEST_ARGS ?=
LOCK_ARGS ?=
BENCH_ARGS ?=

VENV := .venv
VENV_STAMP := $(VENV)/.installed-requirements-lock
NODE_STAMP := node_modules/.installed-package-lock
# The test OpenID Connect provider (npm oidc-provider) keeps its own packages, apart from ours.
OIDC_PROVIDER := tests/oidc_provider
OIDC_STAMP := $(OIDC_PROVIDER)/node_modules/.installed-package-lock
CSS := build/css/golden-thread.css
SCSS := $(wildcard static/scss/*.scss)

# Django 6 needs Python 3.12 or newer. Each candidate is run rather than looked up with
# `command -v`: a pyenv shim can be on the PATH and still fail. Set PYTHON to choose one.
PYTHON_CANDIDATES = $(or $(PYTHON),python3.13 python3.12 python3 \
	$$(ls -d "$$(pyenv root 2>/dev/null || echo "$${PYENV_ROOT:-$$HOME/.pyenv}")"/versions/3.1[2-9]*/bin/python3 \
		2>/dev/null | sort -rV))
PYTHON_OK := import sys; assert sys.version_info >= (3, 12)
FIND_PYTHON = for cand in $(PYTHON_CANDIDATES); do \
		if "$$cand" -c '$(PYTHON_OK)' >/dev/null 2>&1; then echo "$$cand"; exit 0; fi; \
	done; \
	echo "Golden Thread needs Python 3.12 or newer; install python3.13 (or python3.12)," \
		"or point PYTHON at one: make PYTHON=/path/to/python3.13 ..." >&2; \
	exit 1

# `make run` is the zero-setup trial: whatever the shell has, use SQLite in the project
# folder and run background jobs inline.
TRIAL_ENV := env -u DATABASE_URL -u REDIS_URL DEBUG=1

.PHONY: help setup .venv run test bench lint format lock clean

help: ## List the targets
	@echo "Golden Thread"
	awk 'BEGIN { FS = ":.*## " } /^[a-z.]+:.*## / { printf "  make %-8s %s\n", $$1, $$2 }' \
		$(MAKEFILE_LIST)
	echo
	echo "  Variables: PORT=$(PORT) (run), PYTEST_ARGS (test), BENCH_ARGS (bench), PYTHON (set-up),"
	echo "  LOCK_ARGS (lock)"

setup: $(VENV_STAMP) $(CSS) $(OIDC_STAMP) ## Install Python and npm packages and build the stylesheet

.venv: $(VENV_STAMP) ## Create or update the Python virtualenv from requirements.lock

$(VENV_STAMP): requirements.lock
	@if ! $(VENV)/bin/python -c '$(PYTHON_OK)' >/dev/null 2>&1; then
		python=$$($(FIND_PYTHON))
		echo "Creating $(VENV) with $$python ($$("$$python" --version))"
		rm -rf $(VENV)
		"$$python" -m venv $(VENV)
	fi
	echo "Installing Python packages from requirements.lock"
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/python -m pip check
	touch $@

$(NODE_STAMP): package-lock.json
	@if ! command -v npm >/dev/null; then
		echo "Golden Thread needs Node.js 20 or newer with npm to build its stylesheet" >&2
		exit 1
	fi
	echo "Installing npm packages from package-lock.json"
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(OIDC_STAMP): $(OIDC_PROVIDER)/package-lock.json
	@if ! command -v npm >/dev/null; then
		echo "Golden Thread's sign-in tests need Node.js 20 or newer with npm" >&2
		exit 1
	fi
	echo "Installing the test OpenID Connect provider from $(OIDC_PROVIDER)/package-lock.json"
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(CSS): $(NODE_STAMP) $(SCSS) scripts/build-css.mjs
	@npm run --silent build

run: setup ## Try it here (SQLite, jobs inline, demo data) at http://127.0.0.1:8000/
	@$(TRIAL_ENV) $(VENV)/bin/python manage.py migrate --no-input
	$(TRIAL_ENV) $(VENV)/bin/python manage.py seed_demo --scale small
	echo
	echo "Golden Thread is running at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	echo
	$(TRIAL_ENV) $(VENV)/bin/python manage.py runserver 127.0.0.1:$(PORT)

test: setup ## Run every test, browser tests included (PYTEST_ARGS passes options on)
	@$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: setup ## Time the pages at 625 and 6,000 indicators, then under load (own databases)
	@DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/bench.sqlite3}" \
		$(VENV)/bin/python -m tests.bench $(BENCH_ARGS)

lint: $(VENV_STAMP) ## Check the Python code with ruff (lint and formatting)
	@status=0
	$(VENV)/bin/ruff check . || status=1
	$(VENV)/bin/ruff format --check . || status=1
	exit $$status

format: $(VENV_STAMP) ## Fix what ruff can fix and format the Python code
	@$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: ## Regenerate requirements.lock and requirements-prod.lock from pyproject.toml
	@python=$$($(FIND_PYTHON))
	tools=$$(mktemp -d)
	trap 'rm -rf "$$tools"' EXIT
	"$$python" -m venv "$$tools"
	"$$tools/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
	compile() {
		CUSTOM_COMPILE_COMMAND="make lock" "$$tools/bin/pip-compile" --quiet --strip-extras \
			--no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(LOCK_ARGS) "$$@"
	}
	compile --extra dev --output-file requirements.lock pyproject.toml
	# The image's lock is the runtime part of the full one, at the same versions.
	compile --constraint requirements.lock --output-file requirements-prod.lock pyproject.toml
	echo "Updated requirements.lock and requirements-prod.lock"

clean: ## Remove the built stylesheet, collected static files and caches
	@rm -rf build staticfiles .pytest_cache .ruff_cache test-results bench.sqlite3 bench-6000.sqlite3
	find . -path ./node_modules -prune -o -path ./$(VENV) -prune -o \
		-name __pycache__ -type d -exec rm -rf {} +
