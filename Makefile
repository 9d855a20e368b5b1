# The ward portal's commands. Every target sets up the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
STAMP := $(VENV)/.installed-stamp
OUTPUT ?= output
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: install html publish deploy serve devserver test lint format bench audit audit-deps check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

html: install
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT)

publish: install
	$(PELICAN) content -s publishconf.py -o $(OUTPUT)

# Upload the published site as a new release and switch to it in one step.
deploy: install
	$(PY) -m wardportal.deploy --output $(OUTPUT)

serve: html
	$(PELICAN) --listen --bind $(HOST) --port $(PORT) -o $(OUTPUT) -s pelicanconf.py

devserver: install
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) --autoreload --listen --bind $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/build_bench.py

check: install
	$(VENV)/bin/portal check

AUDIT_NODE := tests/audit/node_modules/.package-lock.json

# The gates' Node tools (vnu-jar, axe-core, Lighthouse, puppeteer-core), pinned in the lock file;
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
audit-deps: $(AUDIT_NODE)

$(AUDIT_NODE): tests/audit/package.json tests/audit/package-lock.json
	npm ci --prefix tests/audit --ignore-scripts --no-audit --no-fund
	touch $(AUDIT_NODE)

# Build the sample site into a temporary folder, serve it, run every quality gate.
audit: install $(AUDIT_NODE)
	$(PY) tests/audit/run.py

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).building-* bench/.work .pytest_cache
