# Two commands: `make run` sets up and starts the course, `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.ctcourse-installed
# nbgrader shells out to `alembic`, so the venv's bin must be on PATH for every command.
export PATH := $(abspath $(BIN)):$(PATH)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT ?= 8888
HUB_PORT ?= 8000
PROXY := deploy/hub/node_modules/.bin/configurable-http-proxy

.PHONY: run hub hub-proxy test setup lint format release validate bench clean

setup: $(STAMP)

LABEXT := share/jupyter/labextensions/ctcourse-assignment-list
LABEXT_FILES := src/ctcourse/labextension/package.json src/ctcourse/labextension/static/remoteEntry.js

$(STAMP): pyproject.toml jupyter-config/jupyter_server_config.d/ctcourse.json $(LABEXT_FILES)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,hub]'
	# rfc3987-syntax costs ~2.2 s at every nbformat import (jsonschema #1428); jsonschema treats it as optional.
	$(BIN)/python -m pip uninstall -q -y rfc3987-syntax
	# Editable installs skip pyproject's data-files: enable the server extensions (saved outputs,
	# assignment titles) and install the JupyterLab extension that shows the titles.
	install -D -m 644 jupyter-config/jupyter_server_config.d/ctcourse.json $(VENV)/etc/jupyter/jupyter_server_config.d/ctcourse.json
	install -D -m 644 src/ctcourse/labextension/package.json $(VENV)/$(LABEXT)/package.json
	install -D -m 644 src/ctcourse/labextension/static/remoteEntry.js $(VENV)/$(LABEXT)/static/remoteEntry.js
	touch $(STAMP)

# The grading service (collect, grade, return each submission; quiz and code modules in two lanes)
# runs beside JupyterLab and stops with it.
run: $(STAMP)
	$(BIN)/ctcourse release --publish
	@echo "Starting JupyterLab: open http://127.0.0.1:$(PORT)/lab (the token is printed below)"
	$(BIN)/python -m ctcourse.autograder_service --root $(CURDIR) --lane quiz & quiz=$$!; \
	$(BIN)/python -m ctcourse.autograder_service --root $(CURDIR) --lane code & code=$$!; \
	trap 'kill $$quiz $$code 2>/dev/null' EXIT INT TERM; \
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR)

# A training centre's JupyterHub (run as root): see deploy/README.md.
hub: $(STAMP) $(PROXY)
	$(BIN)/python -m ctcourse.hub.prepare --lock-checkout
	@echo "JupyterHub for the training centre: http://127.0.0.1:$(HUB_PORT)/ (sign up; a trainer approves at /hub/authorize)"
	HUB_PORT=$(HUB_PORT) $(BIN)/jupyterhub -f deploy/hub/jupyterhub_config.py

hub-proxy: $(PROXY)

$(PROXY): deploy/hub/package.json deploy/hub/package-lock.json
	cd deploy/hub && npm ci --no-audit --no-fund --loglevel=error
	touch $(PROXY)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

validate: $(STAMP)
	$(BIN)/ctcourse validate

release: $(STAMP)
	$(BIN)/ctcourse release

bench: $(STAMP)
	$(BIN)/python bench/autograde.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/reports.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
