#!/usr/bin/env bash
# `nmx train gem` through the real binary: a tiny MNIST run whose JSON has the figures
# docs/formats.md lists; what the chip cannot hold (K beyond its compartments, a kernel
# that saturates a 16-bit trace, a third basis kernel) is refused before any work (exit 2,
# one error naming the option and its range, no JSON left).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"

tiny=(--limit 20 --eval 10 --hidden 4 --steps 10 --no-progress)
ok "mnist run" "$nmx" train gem "${tiny[@]}" -K 2 --eval-compartments 1,3 --json "$work/r.json"
for field in '"vote_ece"' '"log_likelihood"' '"learning_steps_per_second"'; do
  if grep -q "$field" "$work/r.json"; then passes=$((passes+1)); else echo "FAIL r.json lacks $field"; fails=$((fails+1)); fi
done
if [ "$(grep -c '"compartments": [13],' "$work/r.json")" -eq 2 ]; then passes=$((passes+1)); else
  echo "FAIL r.json: not one evaluation per --eval-compartments value"; cat "$work/r.json"; fails=$((fails+1)); fi

expect "K too large"      "compartments = 17 is out of range \(allowed: 1..16" "$nmx" train gem "${tiny[@]}" -K 17 --json "$work/out.json"
expect "K infer too large" "eval compartments = 20" "$nmx" train gem "${tiny[@]}" --eval-compartments 1,20 --json "$work/out.json"
expect "kernel saturates" "tau feedback = 20 is out of range.*saturate" "$nmx" train gem "${tiny[@]}" --tau-feedback 20 --json "$work/out.json"
expect "third basis"      "--basis: Value 3 not in range 1 to 2" "$nmx" train gem "${tiny[@]}" --basis 3 --json "$work/out.json"
expect "taus per basis"   "--tau-basis = 1 values is out of range \(allowed: 2" "$nmx" train gem "${tiny[@]}" --tau-basis 3 --json "$work/out.json"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
