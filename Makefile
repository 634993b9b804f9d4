# Kansrijk: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
CATALOG   := build/catalog.db
CATALOG_SOURCES := $(shell find data/catalog -type f 2>/dev/null) $(wildcard bot/catalog/*.py)

export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help venv catalog run demo test unit bench lock clean

help:
	@echo "make run    - set up everything (venv, catalogue) and run the advisor demo"
	@echo "make test   - set up everything and run all tests"
	@echo "make bench  - benchmark the advice engine on a national-size catalogue"

venv: $(STAMP)
$(STAMP): requirements.txt scripts/find-python310.sh
	@py=$$(scripts/find-python310.sh) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

catalog: $(CATALOG)
$(CATALOG): $(STAMP) $(CATALOG_SOURCES)
	$(PY) -m bot catalog build
	@touch $(CATALOG)

run: catalog
	$(PY) -m bot demo
	@echo
	@echo "Try it yourself:  $(PY) -m bot advise --age 16 --education vmbo_kb --vmbo-profile PIE --interests 'lassen en auto' --place Utrecht"

test: catalog
	$(PY) -m pytest -q tests

bench: catalog
	$(PY) bench/bench_advise.py

lock:
	$(PY) -m pip freeze | grep -v -E '^(pip|setuptools|wheel)==' > requirements.lock.new && echo "review requirements.lock.new"

clean:
	rm -rf build $(VENV)
