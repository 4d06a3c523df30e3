# Every target builds .venv with the machine's python3 and installs hipcoach with its dev tools first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/pip install --quiet -e . --group dev
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/hipcoach serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
