# Two commands do everything on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The install stamp changes with pyproject.toml, so a changed pin reinstalls by itself.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8501

.PHONY: run dev test lint check-chromium bench load install clean

run: $(STAMP)
	$(BIN)/samspill init
	@# The demo region is loaded the first time only; delete data/.demo-loaded to load it again.
	@test -f data/.demo-loaded || ($(BIN)/samspill demo && touch data/.demo-loaded)
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Like run, but reloads pages when their files change (slower per click: development only).
dev: $(STAMP)
	$(BIN)/samspill init
	@test -f data/.demo-loaded || ($(BIN)/samspill demo && touch data/.demo-loaded)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true

test: $(STAMP) check-chromium lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

# Browser tests drive Debian's chromium (Playwright cannot download its own browser here);
# the deployment test puts Debian's nginx in front of two app processes.
check-chromium:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing from Debian:$$missing (browser and deployment tests) ..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing and not installable here (not root):$$missing. The tests that need them say so."; \
	  fi; \
	fi

bench: $(STAMP)
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# 300 people at once through the real server, SQLite then PostgreSQL (database samspill_load).
# `make load QUICK=1` is a short run; LOAD_ARGS passes options (see bench/load.py --help).
load: $(STAMP) check-chromium
	$(BIN)/python bench/load.py $(if $(QUICK),--quick) $(LOAD_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
