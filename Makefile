# Every target sets itself up on a fresh machine: only python3 (3.11+) and make are needed.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench bench-scale bench-extract bench-places bench-load lint eval check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/rolecall run

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Cold start from stored postings vs from scratch, re-syncs, memory (docs/knowledge.md); 10k postings.
bench-scale: $(STAMP)
	$(BIN)/python -m benchmarks.scale

bench-extract: $(STAMP)
	$(BIN)/python -m benchmarks.extract

bench-places: $(STAMP)
	$(BIN)/python -m benchmarks.places

bench-load: $(STAMP)
	$(BIN)/python -m benchmarks.load

check: $(STAMP)
	$(BIN)/rolecall check

eval: $(STAMP)
	$(BIN)/rolecall eval ../shared/data/dev/qa.jsonl --knowledge ../shared/data/dev/knowledge

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
