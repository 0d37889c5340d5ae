# Shared by the CLI test scripts (sourced): scratch.sh, pass/fail counters, and the two
# checks. The caller sets nmx="$1" first.
. "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"
fails=0; passes=0

# expect NAME PATTERN CMD...: exit status 2, stderr matches PATTERN, no $work/out.* left.
expect() {
  local name="$1" pattern="$2"; shift 2
  "$@" >"$work/stdout" 2>"$work/stderr"
  local rc=$?
  if [ $rc -ne 2 ]; then echo "FAIL $name: exit $rc, expected 2"; cat "$work/stderr"; fails=$((fails+1)); return; fi
  if ! grep -qE -- "$pattern" "$work/stderr"; then
    echo "FAIL $name: stderr does not match /$pattern/:"; cat "$work/stderr"; fails=$((fails+1)); return
  fi
  if grep -q "Error: (E" "$work/stderr"; then echo "FAIL $name: a SystemC report reached the user"; fails=$((fails+1)); return; fi
  if ls "$work"/out.* >/dev/null 2>&1; then echo "FAIL $name: partial output left"; ls "$work"; fails=$((fails+1)); return; fi
  passes=$((passes+1))
}

# ok NAME CMD...: exit status 0.
ok() {
  local name="$1"; shift
  if "$@" >"$work/stdout" 2>"$work/stderr"; then passes=$((passes+1)); else
    echo "FAIL $name: exit $?"; cat "$work/stderr"; fails=$((fails+1)); fi
}
