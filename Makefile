# Park: `make run` serves the demo park, `make test` runs the whole suite. Both are safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
STAMP := $(VENV)/.installed
CATALOGS := $(wildcard park/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test api-fuzz load-test bench install translations extract-messages db-upgrade seed lint check-migrations clean

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= -n auto

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Schemathesis against the API's OpenAPI document on a seeded demo park (DATABASE_URL picks
# the database; a throwaway SQLite file otherwise).
api-fuzz: install
	scripts/api-fuzz

# Page timings and query counts on the small and the large park, SQLite and PostgreSQL
# (builds both parks the first time; BENCH_ARGS="--reuse" keeps them).
BENCH_ARGS ?=
bench: install
	$(BIN)/python benchmarks/pages.py --database both $(BENCH_ARGS)

# Locust against gunicorn + PostgreSQL + Redis for 60 s (benchmarks/RESULTS.md has the figures).
load-test: install
	$(BIN)/python -m pip install --quiet -e '.[dev,load]'
	benchmarks/load-test

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Park needs Python 3.11 or newer (set PYTHON=python3.11)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Catalogs are compiled at install, never committed.
park/translations/%/LC_MESSAGES/messages.mo: park/translations/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel -q compile -d park/translations -l $*

translations: $(COMPILED)

# Refresh the catalogs after adding strings: extract, then merge into en and zh_CN.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o messages.pot --sort-by-file --no-wrap --no-location .
	$(BIN)/pybabel update -i messages.pot -d park/translations --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(BIN)/python -m park.core.catalogs fill-english
	rm -f messages.pot

db-upgrade: install
	$(FLASK) db upgrade

seed: db-upgrade
	$(FLASK) seed-demo

lint: install
	$(BIN)/ruff check .

check-migrations: install
	$(FLASK) db check

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find park -name '*.mo' -delete
