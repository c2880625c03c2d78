# The two set-up commands of README.md. Everything the project needs is installed here:
# Python packages into .venv, and for the tests the system pieces (headless Chromium,
# Graphviz for PDF) through the scripts under scripts/ when they are missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: examples test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# The main job: check every example journey.
examples: install
	$(BIN)/journeyctl validate examples/

# The whole test suite.
test: install-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
