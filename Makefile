# Sextant — the two commands of the README, and the ones they stand on.
#
#   make demo    installs what is missing, builds, and runs the main job on the bundled inputs
#   make test    installs what is missing, checks formatting, builds without warnings, runs every test
#   make bench   release-build benchmarks, side by side with their Python peers (see BENCHMARKS.md)

SHELL      := /bin/bash
SWIFT      ?= swift
SUDO       := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
RELEASE    := .build/release/sextant
# The bundled scenarios (gate policies, *-policy.yaml, live beside them).
SCENARIOS  := $(filter-out %-policy.yaml,$(wildcard scenarios/*.yaml))

.PHONY: demo test deps build release lint bench clean

## Install GNU GSL (and pkg-config) through apt-get when they are missing.
deps:
	@if ! pkg-config --exists gsl zlib 2>/dev/null; then \
		echo "==> installing libgsl-dev, zlib1g-dev and pkg-config (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libgsl-dev zlib1g-dev pkg-config >/dev/null; \
	fi

release: deps
	$(SWIFT) build -c release --product sextant

## The main job on the bundled inputs: the sample log's weekly report, its Auto-Pilot gate, and every bundled scenario simulated.
demo: release
	@echo "==> sextant report samples/sessions.csv --by week"
	@$(RELEASE) report samples/sessions.csv --by week
	@echo
	@echo "==> sextant gate samples/sessions.csv --policy scenarios/gate-policy.yaml   (exit 1: not ready yet)"
	@$(RELEASE) gate samples/sessions.csv --policy scenarios/gate-policy.yaml || [ $$? -eq 1 ]
	@echo
	@echo "==> sextant validate $(SCENARIOS)"
	@$(RELEASE) validate $(SCENARIOS)
	@echo
	@for scenario in $(SCENARIOS); do \
		echo "==> sextant simulate $$scenario"; \
		$(RELEASE) simulate $$scenario --quiet; echo; \
	done
	@echo "==> sextant sample-size --ceiling 0.001   (reviews that, with no P0 seen, settle a 0.1 % P0 ceiling)"
	@$(RELEASE) sample-size --ceiling 0.001

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks/SextantBench

## Build everything (zero warnings from our own code), then run every test.
test: deps lint
	@$(SWIFT) build --build-tests 2>&1 | tee .build-log.txt; status=$${PIPESTATUS[0]}; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if grep -E "^$(CURDIR)/(Sources|Tests)/.*warning:" .build-log.txt; then \
		echo "error: the build has warnings (above); the project keeps zero"; exit 1; fi
	$(SWIFT) test --skip-build

bench: deps
	./Benchmarks/run

clean:
	rm -rf .build Benchmarks/.build .build-log.txt
