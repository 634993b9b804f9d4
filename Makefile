# Kansrijk: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.installed
CATALOG   := build/catalog.db
CATALOG_SOURCES := $(shell find data/catalog -type f 2>/dev/null) $(wildcard bot/catalog/*.py) $(wildcard bench/relevance/cases_*.yml)
MODEL     := models/kansrijk.tar.gz
MODEL_SOURCES := config.yml domain.yml $(shell find data/nlu data/rules data/stories -name '*.yml' 2>/dev/null)
RASA      := $(VENV)/bin/rasa

export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export ACTION_PORT ?= 5055
export TRACKER_DB ?= $(CURDIR)/build/tracker.db

.PHONY: help venv catalog model run demo shell lint test bench bench-counsellor bench-relevance bench-chat nlu-compare lock clean web browser proxy texts cluster test-cluster

help:
	@echo "make run    - set up everything (venv, catalogue, model) and start the chatbot on localhost"
	@echo "make shell  - chat with the running bot in this terminal"
	@echo "make lint   - ruff (lint and format check) and mypy (strict on bot/); make test runs it first"
	@echo "make test   - set up everything and run all tests"
	@echo "make test-cluster - only the several-server tests: three servers behind nginx on PostgreSQL and Redis, and the shared stores"
	@echo "make demo   - the advice engine on three example people (no chatbot)"
	@echo "make bench  - benchmark the advice engine on a national-size catalogue"
	@echo "make bench-counsellor - live updates and reports with 30 pupils of one class chatting at once"
	@echo "make bench-relevance - hit@3, NDCG@5 and false fit claims on 1,682 graded interest texts (nl, en)"
	@echo "make bench-chat - latency and throughput of the chatbot against a stock rasa init bot"
	@echo "make sim    - 600 simulated people of every kind and style talk to the bot; prints where they get stuck"
	@echo "make texts  - write the responses of domain.yml from the text catalogue (texts/*/domain.yml)"

# The project's .venv gets everything: the server set, the action server's and the test, lint and benchmark tools
# (requirements/dev.txt). Every file is checked against its SHA-256 in the lock, pip 24.0 itself included.
LOCKS := requirements/dev.txt requirements/server.txt requirements/actions.txt
venv: $(STAMP)
$(STAMP): $(LOCKS) scripts/find-python310.sh
	@py=$$(scripts/find-python310.sh) || exit 1; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $(STAMP)

# texts: domain.yml's responses are generated from texts/<language>/domain.yml (tests/test_texts_domain.py checks).
texts: $(STAMP)
	$(PY) -m bot.texts_domain --write

catalog: $(CATALOG)
$(CATALOG): $(STAMP) $(CATALOG_SOURCES)
	$(PY) -m bot catalog build
	@touch $(CATALOG)

model: $(MODEL)
$(MODEL): $(STAMP) $(MODEL_SOURCES)
	$(RASA) data validate --fail-on-warnings
	$(RASA) train --fixed-model-name kansrijk --out models
	$(PY) -m bot.preflight --model $(MODEL) --write-digest
	@touch $(MODEL)

# Web widget: rasa-webchat and axe-core pinned in web/package-lock.json (npm ci again only when the lock changes).
# browser: Debian's headless Chromium and its driver for tests/browser (installed once, when missing).
WEB_STAMP := web/node_modules/.installed
web: $(WEB_STAMP)
$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "make web needs Node.js and npm: apt-get install nodejs npm" >&2; exit 1; }
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	@touch $(WEB_STAMP)

browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -x /usr/bin/pdftotext ]; then \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "Installing Debian's chromium, chromium-driver and poppler-utils (pdftotext) for the browser and report tests"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium chromium-driver poppler-utils; \
	fi

# proxy: Debian's nginx and Caddy for tests/proxy, which run the README's snippets in front of the bot (once, when
# missing; the packages' own services are not needed: the tests start each with a temporary configuration).
proxy:
	@if [ ! -x /usr/sbin/nginx ] || [ ! -x /usr/bin/caddy ]; then \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "Installing Debian's nginx-light and caddy for the reverse proxy tests"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq nginx-light caddy; \
	fi

# cluster: Debian's PostgreSQL 15 and Redis for the multi-server tests (tests/services.py starts throwaway
# instances on free loopback ports; the packages' own services are not needed).
cluster:
	@if [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -x /usr/bin/redis-server ]; then \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "Installing Debian's postgresql-15 and redis-server for the multi-server tests"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq postgresql-15 redis-server; \
	fi

run: catalog model web
	scripts/serve.sh

shell:
	$(PY) scripts/chat.py --url http://127.0.0.1:$${RASA_PORT:-5005}/webhooks/rest/webhook

# Experiment: the same NLU with spaCy's Dutch tokenizer and lemmas, scored on the held-out sets.
nlu-compare: model
	$(PY) -m pip install --quiet --disable-pip-version-check spacy-lookups-data==1.0.3
	$(PY) scripts/build_spacy_nl.py
	$(RASA) train nlu --config config_nlu_spacy.yml --fixed-model-name nlu-spacy --out build/models
	$(PY) scripts/nlu_report.py --target 0 --model build/models/nlu-spacy.tar.gz --tag spacy
	$(PY) scripts/nlu_report.py --target 0 --tag main

demo: catalog
	$(PY) -m bot demo

# Checks (configured in pyproject.toml): ruff lint, ruff format check, mypy (strict on bot/, checked on actions/,
# channels/, rasa_patches/, scripts/ and bench/). `make test` runs them first, before the slow set-up and tests.
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint catalog model web browser proxy cluster
	$(RASA) data validate --fail-on-warnings
	$(PY) -m pytest -q tests
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --endpoints endpoints.yml \
	  --fail-on-prediction-errors --out build/results/core
	$(PY) scripts/nlu_report.py

# Three Rasa servers behind nginx (deploy/cluster/nginx.conf) on a throwaway PostgreSQL and Redis (README,
# "Several servers"), and the parts each server shares through them (stores, journal, codes, erasure, rate limits,
# lock store, live pages); `make test` runs them too.
CLUSTER_TESTS = tests/cluster tests/test_cluster_storage.py tests/test_state_store.py tests/test_rate_limit_redis.py \
	tests/test_lock_store.py tests/test_live_redis.py
test-cluster: catalog model proxy cluster
	$(PY) -m pytest -q $(CLUSTER_TESTS)

bench: catalog
	$(PY) bench/bench_advise.py

# 30 pupils of one class chat at once while the counsellor's pages follow them (README, "Guided sessions").
bench-counsellor: catalog model
	$(PY) bench/bench_counsellor.py --json build/results/bench_counsellor.json $(ARGS)

bench-relevance: catalog
	$(PY) bench/relevance.py --json build/results/relevance.json $(ARGS)

# Our bot against a stock `rasa init` bot trained on this machine (kept in build/stockbot between runs).
bench-chat: catalog model
	$(PY) bench/bench_chat.py --stock-dir build/stockbot --json build/results/bench_chat.json

# Reliability and load (README "Reliability and load"); not part of `make test`. Each starts its own bot on free
# loopback ports. Options after ARGS=, e.g. `make load ARGS="--duration 60"`.
.PHONY: fuzz-long load bench-length sim
fuzz-long: catalog model
	$(PY) bench/fuzz_long.py $(ARGS)
load: catalog model
	$(PY) bench/load_test.py --json build/results/load.json $(ARGS)
bench-length: catalog model
	$(PY) bench/conversation_length.py --json build/results/conversation_length.json $(ARGS)
# Simulated users (issue 10): 600 seeded people, every style and kind, table and worst transcripts in
# build/results/sim/. E.g. `make sim ARGS="--n 800 --seed 7"`; add --strict to fail when the bar is not met.
sim: catalog model
	$(PY) bench/sim.py $(ARGS)

# Regenerate the hashed locks requirements/*.txt from requirements/*.in (scripts/lock.sh: pip-compile from a pinned,
# hash-checked pip-tools in build/lock-venv; existing pins are kept). Move one package with
# `make lock ARGS="--upgrade-package NAME"`; then review `git diff requirements/` and run `make venv`.
lock:
	scripts/lock.sh $(ARGS)

clean:
	rm -rf build $(VENV)
