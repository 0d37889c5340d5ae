# Sourced by the CLI test scripts: a scratch directory, removed on exit, and fail(), which
# stops the script (scripts that count failures instead define their own).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
