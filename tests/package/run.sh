#!/usr/bin/env bash
# Installs the built project into a temp prefix, then builds and runs the consumer project
# of examples/consumer with find_package(nmx): L1, and L2 with L1 and L3 beside it.
set -euo pipefail
build="$1"; src="$(cd "$(dirname "$0")/../../examples/consumer" && pwd)"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer" -j2 >/dev/null
"$work/consumer/consumer"
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$work/consumer/consumer_sc_main"
