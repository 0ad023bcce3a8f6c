# The two commands a newcomer needs: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

ASSETS := node_modules/.installed

.PHONY: run test lint typecheck pytest clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end packages (package.json). Without npm the site still works; the
# console just draws no maps.
$(ASSETS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the console will show no maps (install Node.js and npm)"; \
	fi

run: $(BIN)/.installed $(ASSETS)
	DEBUG=1 $(BIN)/civic311 compile_translations
	DEBUG=1 $(BIN)/civic311 migrate --noinput
	DEBUG=1 $(BIN)/civic311 load_demo
	DEBUG=1 $(BIN)/civic311 serve --bind 127.0.0.1:$(PORT)

test: lint typecheck pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	DEBUG=1 $(BIN)/mypy civic311

pytest: $(BIN)/.installed $(ASSETS)
	DEBUG=1 $(BIN)/civic311 compile_translations
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info node_modules
