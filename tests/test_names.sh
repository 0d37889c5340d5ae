#!/usr/bin/env bash
# catch_discover_tests splits a test name at ';' (a CMake list), and the halves match no
# test case: ctest then reports "Passed" for a test that never ran. Refuse such names.
set -u
bad=$(grep -rnE 'TEST_CASE\("[^"]*;' "$1" --include=*.cpp)
[ -z "$bad" ] || { echo "FAIL: test names with ';' (ctest would skip them silently):"; echo "$bad"; exit 1; }
echo "test names: ok"
