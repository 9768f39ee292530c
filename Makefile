# One entry point for the common tasks; CI runs `make test` (see .ci/run).
PYTHON ?= python3

.PHONY: install demo neo4j-launcher test lint check bench

install:
	$(PYTHON) -m pip install --quiet -e '.[dev]'

demo: install
	partnergraph demo

neo4j-launcher:
	bash tools/neo4j-launcher/build.sh

test: install neo4j-launcher
	$(PYTHON) -m pytest

lint: install
	ruff check .
	ruff format --check .

check: lint test

bench: install neo4j-launcher
	$(PYTHON) bench/ingest.py --companies 100000
