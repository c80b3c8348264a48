# Two commands: `make run` sets up and starts the course, `make test` sets up and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.ctcourse-installed
# nbgrader shells out to `alembic`, so the venv's bin must be on PATH for every command.
export PATH := $(abspath $(BIN)):$(PATH)
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT ?= 8888

.PHONY: run test setup lint format release validate bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	# rfc3987-syntax costs ~2.2 s at every nbformat import (jsonschema #1428); jsonschema treats it as optional.
	$(BIN)/python -m pip uninstall -q -y rfc3987-syntax
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ctcourse release --publish
	@echo "Starting JupyterLab: open http://127.0.0.1:$(PORT)/lab (the token is printed below)"
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR)

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
