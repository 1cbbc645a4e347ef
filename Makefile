PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-all wrk eval lint demo clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pmbot serve

demo: $(STAMP)
	$(BIN)/pmbot demo

test: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# Headless Chromium and its chromedriver for the page tests, from Debian's packages when we may install them;
# where they cannot be had, those tests are skipped and say why.
browser:
	@{ command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; }; }; } || \
	  echo "chromium could not be installed: the browser tests will be skipped"

# One PNG per dashboard page in var/screenshots/.
screenshots: $(STAMP) browser
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/bot/test_dashboard_browser.py -k screenshots

bench: $(STAMP) wrk
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/audit.py
	$(BIN)/python bench/report.py

# Every benchmark: ingest, end to end, worker drain, scale-out on PostgreSQL (127.0.0.1:5432), and the rest.
bench-all: bench
	$(BIN)/python bench/e2e.py
	$(BIN)/python bench/drain.py
	$(BIN)/python bench/scaleout.py

# The ingest benchmark's load generator, from Debian's packages when we may install them.
wrk:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get install -y -q wrk >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q wrk >/dev/null 2>&1; }; }; } || \
	  echo "wrk could not be installed: bench/ingest.py will say so"

# Evaluation sets (one command per evaluation; each prints its scores and fails below its targets).
eval: $(STAMP)
	$(BIN)/python -m tests.eval.rules_eval
	$(BIN)/python -m tests.eval.answers_eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var .pytest_cache
