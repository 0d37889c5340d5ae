# Thin front door: install what is missing, configure CMake (Release), build, run.
BUILD ?= build
JOBS  ?= $(shell nproc)
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE = 1
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build demo test bench clean

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/tools/nmx bench

clean:
	rm -rf $(BUILD)
