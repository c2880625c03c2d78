# The two set-up commands of README.md. Everything the project needs is installed here:
# Python packages into .venv, and for the tests the system pieces (headless Chromium,
# Graphviz for PDF, Java for Spark) through the scripts under scripts/ when they are missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: examples test install install-test system-test-deps docs-images screenshots rules-doc clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[analytics]'

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench,analytics,spark]'

# The main job on the examples: check and lint them, then draw each one as a flow
# (SVG, PNG, DOT) and as a service blueprint (SVG), and build the HTML site; then
# measure the retail map against its sample event log (the report, and JSON, CSV and
# the measured-map page into out/analysis/).
examples: install
	$(BIN)/journeyctl validate examples/
	$(BIN)/journeyctl render examples/ --format svg -o $(OUT)/
	$(BIN)/journeyctl render examples/ --format png -o $(OUT)/
	$(BIN)/journeyctl render examples/ --format dot -o $(OUT)/
	$(BIN)/journeyctl render examples/ --view blueprint -o $(OUT)/
	$(BIN)/journeyctl render examples/ --format html -o $(OUT)/site/
	$(BIN)/journeyctl analyze examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv
	$(BIN)/journeyctl analyze examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv --format json -o $(OUT)/analysis/retail-first-purchase.json
	$(BIN)/journeyctl analyze examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv --format csv -o $(OUT)/analysis/retail-first-purchase/
	$(BIN)/journeyctl analyze examples/retail-first-purchase.journey.yaml --events examples/data/retail-events.csv --feedback examples/data/retail-feedback.csv --format html -o $(OUT)/analysis/report.html
	@echo "Open $(OUT)/site/index.html in a browser."

# What the tests need beyond Python packages: headless Chromium for the page tests,
# Graphviz's dot for PDF, a Java 17 runtime for the Spark parity test, the real
# Mermaid parser (npm packages, pinned) for the convert tests.
# Each script does nothing when its program is there.
system-test-deps:
	sh scripts/ensure-chromium.sh
	sh scripts/ensure-graphviz.sh
	sh scripts/ensure-java.sh
	sh scripts/ensure-mermaid.sh

# The whole test suite.
test: install-test system-test-deps
	$(BIN)/python -m pytest

# Regenerate what docs/ shows: diagrams, page screenshots, the rules reference.
docs-images: install
	sh scripts/render-docs-images.sh

screenshots: install-test system-test-deps
	$(BIN)/python scripts/screenshot-docs.py

rules-doc: install
	$(BIN)/python scripts/generate-rules-doc.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .hypothesis
