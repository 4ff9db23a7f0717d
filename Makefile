# Everything a developer runs. Each target sets up what it needs: a .venv with pinned packages and the CDK CLI.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1
export PYTHONDONTWRITEBYTECODE := 1
LOCAL_API_PORT ?= 3000
LOCAL_AWS_PORT ?= 4566
ROLE ?= business
ORG ?= 2048631263
FN ?= api
EVENT ?= events/api-get-public-lgs.json

.PHONY: help setup demo test test-fast serve token invoke synth bench conformance openapi lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

setup: $(STAMP) $(NODE_STAMP) ## create .venv and node_modules from the pinned sets

demo: setup ## run the whole scenario on a local stack; reports in out/
	$(PY) -m infra.local.demo

test: setup ## ruff (lint and format) and mypy (strict on shared/), then every test: unit, integration (moto), infra, end-to-end, conformance, API fuzzing; coverage of shared/ and functions/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(PY) -m pytest -n 2 --dist loadgroup -q --cov=shared --cov=functions --cov-report=term:skip-covered

test-fast: setup ## unit and integration tests only
	$(PY) -m pytest -q tests/unit tests/integration

serve: setup ## the local stack in the foreground (LOCAL_API_PORT, LOCAL_AWS_PORT)
	$(PY) -m infra.local.serve --api-port $(LOCAL_API_PORT) --aws-port $(LOCAL_AWS_PORT)

token: setup ## a bearer token: make token ROLE=business|official ORG=<BRN or LG code>; ROLE=national (ORG ignored)
	@$(PY) -m infra.local.tokens --role $(ROLE) $(if $(filter national,$(ROLE)),,--org $(ORG))

invoke: setup ## one handler with one event against the local stack: make invoke FN=api EVENT=events/x.json
	$(PY) -m infra.local.invoke --function $(FN) --event $(EVENT) --aws-url http://127.0.0.1:$(LOCAL_AWS_PORT)

synth: setup ## synthesise the CDK app into cdk.out/ (no AWS account, no Docker)
	npx --no-install cdk synth --quiet --output cdk.out > /dev/null && echo "cdk.out/ written"

bench: setup ## the performance table
	$(PY) -m bench

conformance: setup ## every EN 16931 unit-test assertion through the validator; agreement per rule family
	$(PY) -m tests.conformance.runner --json out/conformance.json

openapi: setup ## regenerate openapi.json from the API routes
	$(PY) -m infra.local.openapi --write

lint: setup ## ruff lint and format check, mypy strict on shared/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

clean: ## remove generated files (keeps .venv)
	rm -rf cdk.out build out .pytest_cache .hypothesis
