# Every target builds .venv with the machine's python3 and installs hipcoach with its dev tools first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-js test-clock lint bench bench-clinic clean system system-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/pip install --quiet -e ".[video]" --group dev
	touch $(STAMP)

# Pango and fonts for the PDF documents (WeasyPrint), and for the tests the PDF readers (poppler-utils):
# installed with apt-get when run as root on Debian, otherwise named.
system:
	@bash scripts/system-packages.sh

system-test:
	@bash scripts/system-packages.sh --test

run: system $(STAMP)
	$(BIN)/hipcoach serve

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: system-test lint test-js
	$(BIN)/pytest

# The session player's pure modules (static/player/) under Node's own test runner: no npm, no packages.
# Without node they are skipped with a message, except under CI=true, where that is a failure.
test-js:
	@if command -v node >/dev/null; then \
	  node --test tests/js/*.test.mjs; \
	elif [ "$$CI" = "true" ]; then \
	  echo "node is missing: the player's JavaScript tests (tests/js) need Node 18 or later"; exit 1; \
	else \
	  echo "SKIPPED the player's JavaScript tests (tests/js): node is not installed (Node 18 or later runs them)"; \
	fi

# The unit, integration and web tests again with the machine's clock moved far from today, by Debian's
# faketime: at the EU daylight-saving change, then in 2031. No test may depend on the real date.
# On SQLite only: faketime moves this process's clock, not the PostgreSQL server's, and the app never asks
# the database for the time; the PostgreSQL runs of the same tests are in `make test`.
CLOCK_DATES := "2027-03-28 01:30:00" "2031-01-15 12:00:00"
test-clock: $(STAMP)
	@bash scripts/test-clock.sh $(BIN)/pytest $(CLOCK_DATES)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/cli.py
	$(BIN)/python bench/caseload.py
	$(BIN)/python bench/documents.py

# A clinic on PostgreSQL (127.0.0.1:5432 or HIPCOACH_TEST_POSTGRES_URL): app and job workers, two killed.
bench-clinic: $(STAMP)
	$(BIN)/python bench/clinic.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
