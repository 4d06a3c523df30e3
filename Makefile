# Every target builds .venv with the machine's python3 and installs hipcoach with its dev tools first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-js test-clock lint bench bench-clinic bench-video clean system system-test

# The video tests' real input (issue 19): the demo clip the sports2d wheel ships (BSD-3-Clause; two people
# filmed side-on), fetched once into .cache/ with its licence; never committed, never needed to run hipcoach.
DEMO_VIDEO := .cache/video/demo.mp4
SPORTS2D_VERSION := 0.8.34

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

test: system-test lint test-js $(DEMO_VIDEO)
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
test-clock: $(STAMP) $(DEMO_VIDEO)
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

# Video decoding and pose estimation per model size on the demo clip at 720p and 1080p portrait: about 25 s,
# a minute the first time (it writes its inputs to bench/.cache/); not in `bench`, which has no video.
bench-video: $(STAMP) $(DEMO_VIDEO)
	$(BIN)/python bench/video.py

$(DEMO_VIDEO): | $(STAMP)
	$(BIN)/pip download --quiet --no-deps "sports2d==$(SPORTS2D_VERSION)" -d .cache/video/wheel
	$(BIN)/python -c 'import zipfile, pathlib; \
	  wheel = zipfile.ZipFile(next(pathlib.Path(".cache/video/wheel").glob("sports2d-$(SPORTS2D_VERSION)-*.whl"))); \
	  out = pathlib.Path(".cache/video"); \
	  (out / "LICENSE").write_bytes(wheel.read("sports2d-$(SPORTS2D_VERSION).dist-info/licenses/LICENSE")); \
	  (out / "demo.mp4.partial").write_bytes(wheel.read("Sports2D/Demo/demo.mp4")); \
	  (out / "demo.mp4.partial").replace(out / "demo.mp4")'

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
