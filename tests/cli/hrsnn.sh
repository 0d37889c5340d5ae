#!/usr/bin/env bash
# `nmx train hrsnn` and `nmx tune` through the real binary: a tiny reservoir's metrics are
# printed and written as JSON, the same numbers both ways; a 4-evaluation tune writes its rows
# to SQLite and, two rows deleted, resumes them to the same rows, and asked for one more
# iteration continues it; out-of-range options, a reservoir that does not fit
# the chip and an unknown option are refused (exit 2, the option and range named, nothing
# written).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }

tiny=(-N 24 --learn-steps 200 --washout 20 --train-steps 200 --test-steps 100 --mc-delays 10 --tasks mc)

# 1. A tiny reservoir: the printed line and the JSON carry the same memory capacity.
ok "train hrsnn" "$nmx" train hrsnn "${tiny[@]}" -o "$work/r.h5" --json "$work/r.json" --check-input "$work/in.h5" --check-steps 50
grep -q "19 E + 5 I neurons, 16 inputs" "$work/stdout" || { cat "$work/stdout"; fail "train: no population line"; }
mc=$(sed -n 's/^L1: MC \([0-9.]*\),.*/\1/p' "$work/stdout")
jmc=$(/usr/bin/python3 -c "import json,sys; print('%.3f' % json.load(open(sys.argv[1]))['memory_capacity'])" "$work/r.json")
if [ -n "$mc" ] && [ "$mc" = "$jmc" ] && [ "$mc" != "0.000" ]; then passes=$((passes+1)); else
  fail "train: printed MC '$mc', JSON '$jmc'"; cat "$work/stdout"; fi
ok "info of the reservoir" "$nmx" info "$work/r.h5"
grep -q "plasticity" "$work/stdout" || fail "info: the learned network has no plasticity rule"
# The same seed gives the same numbers.
ok "train hrsnn again" "$nmx" train hrsnn "${tiny[@]}"
grep -q "^L1: MC $mc," "$work/stdout" || { cat "$work/stdout"; fail "train: not deterministic"; }

# 2. A 4-evaluation tune (3 design points, 1 proposed); two rows deleted, as by an
# interrupted run, and the same command resumes them: the same rows again.
tune_base=(-N 24 --learn-steps 100 --washout 20 --train-steps 150 --test-steps 80 --mc-delays 8 --tasks mc
           --initial 3 --batch 1 -j 1)
tune=("${tune_base[@]}" --iterations 1)
ok "tune" "$nmx" tune --db "$work/t.sqlite" "${tune[@]}"
grep -q "^4 evaluations: 4 run" "$work/stdout" || { cat "$work/stdout"; fail "tune: not 4 evaluations"; }
rows=$(sqlite3 "$work/t.sqlite" "select count(*) from evaluations")
[ "$rows" = 4 ] && passes=$((passes+1)) || fail "tune: $rows rows, expected 4"
[ "$(sqlite3 "$work/t.sqlite" "select iteration from evaluations where idx = 3")" = 1 ] && passes=$((passes+1)) ||
  fail "tune: row 3 is not iteration 1"
best=$(sqlite3 "$work/t.sqlite" "select printf('%.5f', min(objective)) from evaluations where ok = 1")
grep -q "best: evaluation [0-3], objective $best" "$work/stdout" || { cat "$work/stdout"; fail "tune: best '$best' not printed"; }
before=$(sqlite3 "$work/t.sqlite" "select idx, params, ok, objective from evaluations order by idx")
sqlite3 "$work/t.sqlite" "delete from evaluations where idx >= 2"
ok "tune resumed" "$nmx" tune --db "$work/t.sqlite" "${tune[@]}"
grep -q "^4 evaluations: 2 run (.*), 2 already in" "$work/stdout" || { cat "$work/stdout"; fail "tune: not resumed"; }
after=$(sqlite3 "$work/t.sqlite" "select idx, params, ok, objective from evaluations order by idx")
[ "$before" = "$after" ] && passes=$((passes+1)) || fail "tune: resumed rows differ: $before / $after"
expect "another tune's db" "t.sqlite: this database belongs to another tune" \
  "$nmx" tune --db "$work/t.sqlite" "${tune[@]}" --seed 9
# The finished tune asked for one more iteration continues it: one new row, iteration 2.
ok "tune continued" "$nmx" tune --db "$work/t.sqlite" "${tune_base[@]}" --iterations 2
grep -q "^5 evaluations: 1 run (.*), 4 already in" "$work/stdout" || { cat "$work/stdout"; fail "tune: not continued"; }
[ "$(sqlite3 "$work/t.sqlite" "select count(*) || ' ' || max(iteration) from evaluations")" = "5 2" ] &&
  passes=$((passes+1)) || fail "tune: continued rows are not 5 up to iteration 2"

# 3. Refusals: exit 2, the option and its range, nothing written.
expect "gamma shape" "--gamma-shape: Value -1 not in range 0(\.0+)? to 100" \
  "$nmx" train hrsnn "${tiny[@]}" --gamma-shape -1 -o "$work/out.h5"
expect "gamma scale" "--gamma-scale: Value 2000 not in range 0(\.0+)? to 1000" \
  "$nmx" tune --db "$work/out.sqlite" "${tune[@]}" --gamma-scale 2000
expect "does not fit" "hrsnn: the reservoir does not fit the chip: a core receives up to 2L \+ N = 70016 axons" \
  "$nmx" train hrsnn -N 70000 -o "$work/out.h5" --json "$work/out.json"
expect "unknown option" "The following argument was not expected: --gama-shape|--gama-shape" \
  "$nmx" train hrsnn "${tiny[@]}" --gama-shape 3 -o "$work/out.h5"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
