# Counteroffer: `make run` opens the app, `make test` runs the whole suite headless.
# Both set up what is missing first (Debian/Ubuntu packages, then .venv) and
# are quick when everything is already there.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SYSTEM := $(VENV)/.system-packages

# Qt offscreen/xcb, QtMultimedia (FFmpeg backend) and pyttsx3's espeak-ng driver.
DEB_PACKAGES := libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 \
	libpulse0 libxrandr2 libespeak-ng1 \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-shape0 libxkbcommon-x11-0 poppler-utils

.PHONY: run test test-fast lint fix setup clean bench train dist test-dist install-desktop

run: setup
	$(PY) -m app

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The inner loop: everything but the tests marked slow (subprocesses, the real speech engine, a wheel build).
test-fast: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not slow"

# Style and types, as CI checks them; `make fix` rewrites what ruff can fix by itself.
LINTED := app tests bench docs/screenshots

lint: setup
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/mypy

fix: setup
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

# Re-learn the respect weights (resources/models/respect.yaml) from resources/training/politeness.
train: setup
	$(PY) -m app.training.respect

# A standalone one-folder bundle (PyInstaller) in dist/counteroffer/, and a .tar.gz of it.
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' app/__init__.py)
BUNDLE := dist/counteroffer/counteroffer

dist: $(BUNDLE)

$(BUNDLE): $(shell git ls-files app scenarios resources 2>/dev/null) | setup
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dist]'
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		resources/packaging/counteroffer.spec
	tar -czf dist/counteroffer-$(VERSION)-linux-$(shell uname -m).tar.gz -C dist counteroffer
	@du -sh dist/counteroffer dist/counteroffer-$(VERSION)-linux-$(shell uname -m).tar.gz

# The bundle's smoke test: --version, validate, score and the window, run as a user would, without Python.
test-dist: dist
	QT_QPA_PLATFORM=offscreen COUNTEROFFER_BUNDLE=$(BUNDLE) $(PY) -m pytest tests/test_bundle.py

# Add Counteroffer to your desktop's application menu, with its icon (just for you, no root needed).
# It starts the bundle when `make dist` has built it, else this checkout's .venv/bin/counteroffer.
install-desktop: setup
	$(PY) -m app.desktop

bench: setup
	for b in bench/*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

setup: $(STAMP)

# Debian/Ubuntu: install missing system packages with apt-get when root or
# sudo can; otherwise print the one command that would.
$(SYSTEM):
	@set -e; \
	if ! command -v dpkg >/dev/null 2>&1; then \
		echo "Not a Debian/Ubuntu system: skipping system packages (see README)."; \
	else \
		need=""; \
		command -v python3 >/dev/null 2>&1 || need="python3"; \
		python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need="$$need python3-venv"; \
		for p in $(DEB_PACKAGES); do \
			dpkg -s $$p >/dev/null 2>&1 || need="$$need $$p"; \
		done; \
		if [ -n "$$need" ]; then \
			cmd="apt-get update && apt-get install -y --no-install-recommends$$need"; \
			if [ "$$(id -u)" = 0 ]; then sudo=""; \
			elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
			else echo "Counteroffer needs some system packages. Please run:"; \
				echo "  sudo sh -c '$$cmd'"; exit 1; fi; \
			echo "Installing system packages:$$need"; \
			$$sudo apt-get update -qq; \
			DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$need; \
		fi; \
	fi; \
	mkdir -p $(VENV); touch $@

$(STAMP): pyproject.toml | $(SYSTEM)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

clean:
	rm -rf $(VENV) build dist *.egg-info
