# quizapp: `make run` to use it, `make test` to check it. Nothing else is needed on a
# fresh machine with Python 3.11+; both targets create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test
# pytest-xdist workers for make test (one per core here; each has its own database, instance folder and
# gunicorn). `--dist loadgroup` keeps the tests of one xdist_group on one worker. TEST_WORKERS=0 runs in-process.
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup

.PHONY: run test lint test-browser test-postgres bench banks check-banks clean help

help:
	@echo "make run    - install into .venv, set up the database, load the banks, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test extras into .venv and run the whole suite"
	@echo "make bench  - run the benchmarks and rewrite bench/RESULTS.md"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(STAMP_RUN)

# `quizapp run` serves through gunicorn (gthread workers) and prints the URL once it answers;
# the task queue's consumer (`quizapp worker`, huey on SQLite in instance/) runs beside it and
# stops with it.
run: $(STAMP_RUN)
	$(BIN)/quizapp init
	$(BIN)/quizapp worker & W=$$!; trap 'kill $$W 2>/dev/null' EXIT INT TERM; \
	$(BIN)/quizapp run --host $(HOST) --port $(PORT)

test: $(STAMP_TEST)
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# ruff (pyflakes, pycodestyle errors, isort, bugbear, pyupgrade) over the tree and mypy over the pure
# modules, both configured in pyproject.toml.
lint: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/mypy

test-browser: $(STAMP_TEST)
	QUIZAPP_REQUIRE_BROWSER=1 $(BIN)/python -m pytest $(XDIST) tests/browser $(PYTEST_ARGS)

# Run the database tests against PostgreSQL, e.g.
#   make test-postgres QUIZAPP_TEST_DATABASE_URL=postgresql+psycopg://quizapp:quizapp@127.0.0.1/quizapp_test
# Each worker makes its own database beside the given one (quizapp_test_gw0, ...), so the role needs CREATEDB.
test-postgres: $(STAMP_TEST)
	@test -n "$(QUIZAPP_TEST_DATABASE_URL)" || (echo "set QUIZAPP_TEST_DATABASE_URL" && exit 2)
	QUIZAPP_TEST_DATABASE_URL=$(QUIZAPP_TEST_DATABASE_URL) $(BIN)/python -m pytest $(XDIST) -m db $(PYTEST_ARGS)

bench: $(STAMP_TEST)
	$(BIN)/python bench/run_all.py

banks: $(STAMP_RUN)
	$(BIN)/quizapp banks build

check-banks: $(STAMP_RUN)
	$(BIN)/quizapp banks check

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache test-artifacts
