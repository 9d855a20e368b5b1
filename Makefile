# The ward portal's commands. Every target sets up the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.installed-test-stamp
OUTPUT ?= output
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2


install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $(STAMP)

# The tools for tests and linting, only where they are needed (not on the officer's machine).
$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(TEST_STAMP)

html: install
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT)

publish: install
	$(PELICAN) content -s publishconf.py -o $(OUTPUT)

# Upload the published site as a new release and switch to it in one step.
deploy: install
	$(PY) -m wardportal.deploy --output $(OUTPUT)

# Serve the release before the live one again, in one step (a bad deploy undone).
rollback: install
	$(PY) -m wardportal.deploy --rollback

serve: html
	$(PY) -m wardportal.serve --root $(OUTPUT) --host $(HOST) --port $(PORT)

devserver: install
	$(PY) -m wardportal.devserver --host $(HOST) --port $(PORT)

test: $(TEST_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP) typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy over wardportal/: strict for the counter and the honours code (pyproject.toml [tool.mypy]).
typecheck: $(TEST_STAMP)
	$(VENV)/bin/mypy

format: $(TEST_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/build_bench.py

# "Duyệt và đăng" until the article is served, against a full build: the sample site and the
# 3,000-article corpus, min/median/max of 3 rounds.
bench-newsroom: install
	$(PY) bench/newsroom_bench.py

# Counter load test: hits/s against a trivial endpoint, p99, then kill -9 and count lost hits.
bench-counter: install
	$(PY) bench/counter_bench.py

check: install
	$(VENV)/bin/portal check

# make new TITLE="Phường ra quân dọn vệ sinh": a new draft article, its path printed.
new: install
	@test -n "$(TITLE)" || { echo 'Hãy ghi tiêu đề: make new TITLE="Tiêu đề bài viết"'; exit 2; }
	$(VENV)/bin/portal new "$(TITLE)"

AUDIT_NODE := tests/audit/node_modules/.package-lock.json

# The gates' Node tools (vnu-jar, axe-core, Lighthouse, puppeteer-core), pinned in the lock file;
# --ignore-scripts: vnu-jar's install script would try to download a Java runtime.
audit-deps: $(AUDIT_NODE)

$(AUDIT_NODE): tests/audit/package.json tests/audit/package-lock.json
	npm ci --prefix tests/audit --ignore-scripts --no-audit --no-fund
	touch $(AUDIT_NODE)

# Build the sample site into a temporary folder, serve it, run every quality gate.
audit: $(TEST_STAMP) $(AUDIT_NODE)
	$(PY) -m tests.audit.run

clean:
	rm -rf $(OUTPUT) .$(OUTPUT).building-* .$(OUTPUT).removing-* .$(OUTPUT).spare .$(OUTPUT).search bench/.work .pytest_cache
