# Two commands on a fresh machine with Python 3.11+:  make run  (the dashboard on the demo data)  and  make test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast test-browser bench demo lint clean-venv

$(BIN)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false

# Every test. Browser tests need Debian's chromium (/usr/bin/chromium); without it they are skipped with a
# clear message, unless REQUIRE_BROWSER=1 (as in CI), which makes a missing browser a failure.
test: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -q -rs -n 2

test-fast: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -q -m "not browser"

# Only the browser tests (about 3-4 minutes on two cores); screenshots in build/screenshots/<time>/.
test-browser: $(BIN)/.installed-dev
	$(BIN)/python -m pytest -q -m browser tests/e2e

bench: $(BIN)/.installed-dev
	$(BIN)/python -m tests.bench

demo: $(BIN)/.installed
	$(BIN)/python -m lib.demo --seed 2021 --out data/demo.xlsx

# Lint with the rules in pyproject.toml [tool.ruff.lint] (pyflakes, pycodestyle, import order, bugbear, pyupgrade).
lint: $(BIN)/.installed-dev
	$(BIN)/ruff check app.py pages lib tests
