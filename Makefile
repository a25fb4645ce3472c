# Sextant — the two commands of the README, and the ones they stand on.
#
#   make demo    installs what is missing, builds, and runs the main job on the bundled inputs
#   make test    installs what is missing, checks formatting, builds without warnings, runs every test
#                (the engines `sextant sql` is tested on, too: see `make engines`)
#   make bench   release-build benchmarks, side by side with their Python peers (see BENCHMARKS.md)
#   make fuzz    every reader under libFuzzer for 10 minutes each (docs/fuzzing.md); `make test`
#                runs each for a few seconds

SHELL      := /bin/bash
SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
RELEASE    := .build/release/sextant
# The bundled scenarios (gate policies, *-policy.yaml, live beside them).
SCENARIOS  := $(filter-out %-policy.yaml,$(wildcard scenarios/*.yaml))
# Where `make demo` writes the reports to share.
OUT        := demo-output

# The Python environment of the engine tests (DuckDB, pyspark, sqlglot; scripts/engine-check.py).
ENGINE_VENV := .build/engine-venv

.PHONY: demo test deps engines build release lint bench fuzz clean

## Install GNU GSL (and pkg-config) through apt-get when they are missing.
deps:
	@if ! pkg-config --exists gsl zlib 2>/dev/null; then \
		echo "==> installing libgsl-dev, zlib1g-dev and pkg-config (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgsl-dev zlib1g-dev pkg-config >/dev/null; \
	fi

## The engines `sextant sql` is tested on: DuckDB, pyspark (Spark in local mode, on Java 17 or later)
## and sqlglot from PyPI, in a virtual environment under .build; python3-venv and a Java runtime
## through apt-get when they are missing. Installed once, again when the requirements change.
engines: $(ENGINE_VENV)/.installed

$(ENGINE_VENV)/.installed: scripts/engine-requirements.txt
	@echo "==> installing DuckDB, pyspark and sqlglot into $(ENGINE_VENV) (pip)"
	@rm -rf $(ENGINE_VENV); \
	if ! python3 -m venv $(ENGINE_VENV) >/dev/null 2>&1; then \
		echo "==> installing python3, python3-venv and python3-pip (apt-get)"; rm -rf $(ENGINE_VENV); \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3 python3-venv python3-pip >/dev/null && \
		python3 -m venv $(ENGINE_VENV) || exit 1; \
	fi
	@if ! command -v java >/dev/null 2>&1; then \
		echo "==> installing a Java runtime for Spark (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; \
	fi
	@$(ENGINE_VENV)/bin/python -m pip install -q --disable-pip-version-check -r scripts/engine-requirements.txt
	@touch $@

release: deps
	$(SWIFT) build -c release --product sextant

## The main job on the bundled inputs: the sample log's weekly review and confidence reports (HTML
## and Markdown, written to $(OUT)/), its Auto-Pilot gate, a scenario calibrated on it and planned,
## and every bundled scenario validated and simulated.
demo: release
	@mkdir -p $(OUT)
	@echo "==> sextant review samples/sessions.csv --changes samples/changes.yaml"
	@$(RELEASE) review samples/sessions.csv --changes samples/changes.yaml
	@$(RELEASE) review samples/sessions.csv --changes samples/changes.yaml -o $(OUT)/review.html
	@$(RELEASE) review samples/sessions.csv --changes samples/changes.yaml -o $(OUT)/review.md
	@echo
	@echo "==> sextant report samples/sessions.csv --by week"
	@$(RELEASE) report samples/sessions.csv --by week
	@$(RELEASE) report samples/sessions.csv --by week -o $(OUT)/report.html
	@echo
	@echo "==> sextant gate samples/sessions.csv --policy scenarios/gate-policy.yaml   (exit 1: not ready yet)"
	@$(RELEASE) gate samples/sessions.csv --policy scenarios/gate-policy.yaml || [ $$? -eq 1 ]
	@$(RELEASE) gate samples/sessions.csv --policy scenarios/gate-policy.yaml -o $(OUT)/gate.html || [ $$? -eq 1 ]
	@echo
	@echo "==> sextant calibrate samples/sessions.csv --reasons samples/reason-mapping.yaml -o $(OUT)/calibrated.yaml"
	@$(RELEASE) calibrate samples/sessions.csv --reasons samples/reason-mapping.yaml -o $(OUT)/calibrated.yaml
	@echo
	@echo "==> sextant plan $(OUT)/calibrated.yaml --policy scenarios/gate-policy.yaml"
	@$(RELEASE) plan $(OUT)/calibrated.yaml --policy scenarios/gate-policy.yaml --quiet
	@$(RELEASE) plan $(OUT)/calibrated.yaml --policy scenarios/gate-policy.yaml --quiet -o $(OUT)/plan.html
	@echo
	@echo "==> sextant validate $(SCENARIOS)"
	@$(RELEASE) validate $(SCENARIOS)
	@echo
	@for scenario in $(SCENARIOS); do \
		echo "==> sextant simulate $$scenario"; \
		$(RELEASE) simulate $$scenario --quiet; echo; \
	done
	@$(RELEASE) simulate scenarios/service-ecommerce.yaml --quiet -o $(OUT)/simulation.html
	@echo "==> sextant sample-size --ceiling 0.001   (reviews that, with no P0 seen, settle a 0.1 % P0 ceiling)"
	@$(RELEASE) sample-size --ceiling 0.001
	@echo
	@echo "==> The files to share are in $(OUT)/:"
	@echo "    $(OUT)/review.html       the weekly review of the sample log (open it in a browser; review.md for a wiki)"
	@echo "    $(OUT)/report.html       the sample log's confidence report, week by week"
	@echo "    $(OUT)/gate.html         its Auto-Pilot readiness gate"
	@echo "    $(OUT)/calibrated.yaml   a scenario fitted to the sample log, and $(OUT)/plan.html, the plan on it"
	@echo "    $(OUT)/simulation.html   the simulation of scenarios/service-ecommerce.yaml"

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks/SextantBench Fuzz/Package.swift Fuzz/Sources

## Build everything (zero warnings from our own code), then run every test.
test: deps lint engines
	@$(SWIFT) build --build-tests 2>&1 | tee .build-log.txt; status=$${PIPESTATUS[0]}; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if grep -E "^$(CURDIR)/(Sources|Tests)/.*warning:" .build-log.txt; then \
		echo "error: the build has warnings (above); the project keeps zero"; exit 1; fi
	$(SWIFT) test --skip-build
	./scripts/fuzz.sh --smoke

## Every reader under libFuzzer with the address sanitizer (docs/fuzzing.md): FUZZ_SECONDS each.
FUZZ_SECONDS ?= 600
fuzz: deps
	./scripts/fuzz.sh --time $(FUZZ_SECONDS)

bench: deps
	./Benchmarks/run

clean:
	rm -rf .build Benchmarks/.build .build-log.txt demo-output
