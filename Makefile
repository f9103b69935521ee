# One command each, on a fresh machine: `make demo` solves the bundled Dalian scenario,
# `make test` runs the test suite. Both create the virtual environment first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# annealing's compiled kernels into numba's cache (about 12 s, once)
	$(BIN)/python -c "from solver.anneal import precompile; precompile('scenarios/tiny.json')"
	touch $(STAMP)

install: $(STAMP)

DEMO := scenarios/dalian-cnc-consortium.json

demo: $(STAMP)
	mkdir -p out
	$(BIN)/trainshare solve $(DEMO) -o out/dalian-schedule.json
	$(BIN)/trainshare check $(DEMO) out/dalian-schedule.json
	$(BIN)/trainshare report $(DEMO) out/dalian-schedule.json -o out/report
	$(BIN)/trainshare export ics $(DEMO) out/dalian-schedule.json -o out/dalian.ics
	$(BIN)/trainshare export csv $(DEMO) out/dalian-schedule.json -o out/dalian.csv
	$(BIN)/trainshare export xlsx $(DEMO) out/dalian-schedule.json -o out/dalian.xlsx

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy scheduler solver api benchmarks tests

test: lint
	$(BIN)/python -m pytest

# greedy and CP-SAT side by side on the generated tiers (benchmarks/README.md)
bench: $(STAMP)
	$(BIN)/trainshare bench --suite tiers --tiers S,M --seeds 1 --time-limit 120 --workers 2

clean:
	rm -rf $(VENV) out
