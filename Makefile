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

.PHONY: demo test lint rust-test python-test build bench fuzz quality clean

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
	for script in bench/bench_*.py; do $(BIN)/python "$$script" || exit 1; done
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

# Fuzzes the payload parsers for FUZZ_SECONDS seconds with atheris, in a virtual environment of
# its own (.fuzz/venv) that holds the extension built with libFuzzer's coverage hooks (sancov).
# The explicit --target keeps RUSTFLAGS off build scripts and proc macros, and the hooks resolve
# against a libFuzzer built from the archive that atheris ships. Not part of `make test`.
FUZZ_SECONDS ?= 60
FUZZ_VENV := .fuzz/venv
FUZZ_RUSTFLAGS := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=3 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
	-Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares
fuzz:
	test -x $(FUZZ_VENV)/bin/python || $(PYTHON) -m venv $(FUZZ_VENV)
	$(FUZZ_VENV)/bin/python -m pip install --quiet "maturin>=1.16,<2" -r requirements-fuzz.txt
	rm -rf .fuzz/wheels
	CARGO_TARGET_DIR=$(abspath target/fuzz) RUSTFLAGS="$(FUZZ_RUSTFLAGS)" \
		$(FUZZ_VENV)/bin/maturin build --release --quiet --out .fuzz/wheels \
		--target $$(rustc -vV | sed -n 's/^host: //p')
	$(FUZZ_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps .fuzz/wheels/*.whl
	cc -shared -o .fuzz/libfuzzer.so -Wl,--whole-archive \
		$$($(FUZZ_VENV)/bin/python -c 'import atheris, pathlib; \
		print(pathlib.Path(atheris.__file__).parents[1] / "libclang_rt.fuzzer_no_main.a")') \
		-Wl,--no-whole-archive -lstdc++ -lpthread
	mkdir -p .fuzz/corpus
	cd .fuzz && LD_PRELOAD=$(abspath .fuzz/libfuzzer.so) $(abspath $(FUZZ_VENV))/bin/python \
		../fuzz/fuzz_payload.py -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		corpus

clean:
	rm -rf $(VENV) target .demo .fuzz
