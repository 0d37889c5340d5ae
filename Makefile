# Thin front door: install what is missing, configure CMake (Release), build, run.
BUILD ?= build
JOBS  ?= $(shell nproc)
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE = 1
MAKEFLAGS += --no-print-directory

.PHONY: all deps configure build demo test bench sanitize clean

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

# AddressSanitizer + UndefinedBehaviorSanitizer: the unit, SystemC (L2) and CLI tests built in
# their own directory; the first report fails its test (docs/performance.md: how long it takes).
# Not the Python module (python.*): a sanitised module does not load into an unsanitised python3.
SANITIZE_BUILD ?= build-sanitize
SANITIZE_FLAGS  = -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
sanitize: deps
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Sanitize "-DCMAKE_CXX_FLAGS=$(SANITIZE_FLAGS)" >/dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS) --target nmx nmx_unit_tests nmx_sim_tests
	@cd $(SANITIZE_BUILD) && ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -E 'NOT_BUILT|^package\.|^rtl\.|^python\.'

bench: build
	@$(BUILD)/tools/nmx bench

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD)
