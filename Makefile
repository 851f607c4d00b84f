# akhbar: the targets a developer and CI run. Each creates or reuses .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.bench-installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_DB ?= demo-data/akhbar.db

.PHONY: demo test check eval bench venv clean

$(STAMP):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) -m akhbar.demo --db $(DEMO_DB) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

check: $(STAMP)
	$(VENV)/bin/ruff check src tests training bench
	$(VENV)/bin/mypy src

eval: $(STAMP)
	@for f in bench/eval_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

$(BENCH_STAMP): $(STAMP)
	$(PY) -m pip install -q spacy urduhack-lite || echo "bench extras unavailable: side-by-side rows will be skipped"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) demo-data .pytest_cache .mypy_cache .ruff_cache
