# Each target sets up what it needs: a virtual environment in .venv with the packages from
# requirements-dev.txt and the extension built into it by maturin.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# maturin installs into the environment named here.
MATURIN := VIRTUAL_ENV=$(abspath $(VENV)) $(BIN)/maturin
# pyo3's build script reads the interpreter from here; one interpreter for clippy and maturin
# keeps cargo from rebuilding pyo3 each time it switches between them.
export PYO3_PYTHON := $(abspath $(BIN)/python)

.PHONY: demo test lint rust-test python-test build bench quality clean

demo: build
	$(BIN)/python examples/demo.py

test: lint rust-test python-test

lint: $(VENV)/.installed
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --features python -- -D warnings
	$(BIN)/ruff check python tests examples bench
	$(BIN)/ruff format --check python tests examples bench
	$(BIN)/mypy

rust-test:
	cargo test

python-test: build
	$(BIN)/python -m mypy.stubtest custombooks_guard._core
	$(BIN)/python -m pytest

# Precision and recall of the redactor per entity; reads the shared PII corpus when present.
quality: build
	$(BIN)/python bench/quality.py

# Benchmarks compare our code with its peers in one process; see docs/benchmarks.md.
bench: build $(VENV)/.bench-installed
	$(BIN)/python bench/bench_signature.py
	$(BIN)/python bench/bench_signature.py --detach
	$(BIN)/python bench/redaction_peers.py

$(VENV)/.bench-installed: requirements-bench.txt | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	touch $@

build: $(VENV)/.installed
	$(MATURIN) develop --release --quiet

# Debian's own python3 needs the python3-venv package for `-m venv`; install it when missing.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { \
		apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

clean:
	rm -rf $(VENV) target .demo
