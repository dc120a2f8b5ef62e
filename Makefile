# crmsim — the two commands that do everything on a fresh machine:
#   make demo   set up .venv, run the default level comparison, write results/
#   make test   unit, property, CLI and behaviour tests, then the notebooks
# Other targets: make lab, make viz, make bench, make lint, make clean,
#   make editions (chapter editions from notebooks/src), make book (the website).

SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# notebooks run side by side, one kernel per worker, each notebook on one worker
NB_WORKERS ?= 2
EXTRAS ?= ui,dev,viz,zh,browser,clv,game

# Candidate interpreters, tried in order by *running* each one: a pyenv shim
# may exist on PATH and still fail ("command not found") when its version is
# not selected, so existence is not enough.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $$HOME/.pyenv)
CANDIDATES := $(PYTHON) python3.13 python3.12 \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.1[3-9]*/bin/python3.1[3-9])) \
	$(sort $(wildcard $(PYENV_ROOT)/versions/3.12*/bin/python3.12)) \
	$(wildcard /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]) \
	python3 python

define find_python
for c in $(CANDIDATES); do \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: demo test test-unit test-notebooks editions book lab viz bench lint format clean venv python

python:
	@( $(find_python) ) || { \
	  echo "crmsim needs Python >= 3.12 (Mesa 3.5 requires it) and none was found." >&2; \
	  echo "Install one, then run make again:" >&2; \
	  echo "  Debian/Ubuntu: apt-get install python3.12 python3.12-venv" >&2; \
	  echo "  pyenv:         pyenv install 3.12  (or: make PYTHON=/path/to/python3.12)" >&2; \
	  echo "  conda:         conda env create -f environment.yml && conda activate crmsim" >&2; \
	  exit 1; }

$(STAMP): pyproject.toml Makefile
	@PYBIN=$$($(find_python)) || { $(MAKE) --no-print-directory python; exit 1; }; \
	echo "Using $$PYBIN ($$($$PYBIN --version))"; \
	test -x $(PY) || "$$PYBIN" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[$(EXTRAS)]"
	$(PY) -m crmsim.model.warmup  # compile the week once (cached), not in a lecture
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/crmsim run --out results/demo

# The book is built first (about half a minute) so that its browser test runs.
test: book test-unit test-notebooks

test-unit: $(STAMP)
	$(PY) -m pytest tests --doctest-modules crmsim

# The kernels inherit the environment: a non-interactive MPLBACKEND (CI often
# sets Agg) would drop every figure from the cells whose outputs are compared.
test-notebooks: $(STAMP)
	MPLBACKEND=module://matplotlib_inline.backend_inline $(PY) -m pytest --nbval-lax --nbval-sanitize-with notebooks/sanitize.cfg notebooks -p no:cacheprovider \
	  -n $(NB_WORKERS) --dist loadfile

# Chinese, English and instructor editions of each chapter from notebooks/src.
editions: $(STAMP)
	$(PY) -m crmsim.course.editions

# The course website (book/_build/html): mystmd and katex pinned in
# book/package-lock.json, installed by npm; needs Node.js >= 18.
book: $(STAMP)
	@command -v npm >/dev/null || { echo "make book needs Node.js >= 18 and npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --prefix book --no-audit --no-fund --loglevel=error
	$(PY) -m crmsim.course.site

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

viz: $(STAMP)
	$(VENV)/bin/crmsim viz

bench: $(STAMP)
	$(PY) benchmarks/bench_engines.py

lint: $(STAMP)
	$(VENV)/bin/ruff check crmsim tests benchmarks notebooks
	$(VENV)/bin/ruff format --check crmsim tests benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format crmsim tests benchmarks
	$(VENV)/bin/ruff check --fix crmsim tests benchmarks

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache .hypothesis book/_build book/_chapters book/node_modules
