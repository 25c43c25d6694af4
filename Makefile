# The two commands a newcomer runs: `make run` and `make test`. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: install run test lint format bench bench-import bench-web score-claims clean

$(INSTALLED): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(INSTALLED)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# One pytest worker per core; tests are handed out one by one (--dist load), so
# the ones that flush the database still run after the rest, as Django orders them.
test: install lint
	$(BIN)/pytest -n auto --dist load

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Importer throughput on DATABASE_URL (use a database of its own); BENCH_ARTICLES=N.
bench-import: install
	$(BIN)/python bench/bench_import.py

bench-web: install
	$(BIN)/python bench/bench_web.py

# Every benchmark in one run, then one table of figures and ratios.
bench: install
	$(BIN)/python bench/run_all.py

# The claim detector against ../shared/claims-dev on a fresh SQLite database: its
# RESULT line and detection time per article (SCORE_VERBOSE=1 lists every miss).
score-claims: install
	$(BIN)/python bench/score_claims.py

clean:
	rm -rf $(VENV) var/*.sqlite3 var/static .pytest_cache .ruff_cache
