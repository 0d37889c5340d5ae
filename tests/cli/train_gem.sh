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

# On the chip (L1): the plasticity unit learns, the host ties the compartments. Without
# learning the chip's network is the float model's (one basis kernel, no feedback): the
# same figures up to quantisation.
ok "chip run" "$nmx" train gem "${tiny[@]}" --level fixed -K 2 --tie-every 3 --json "$work/c.json"
if [ "$(jq -r '.level + " " + (.chip.projections | length | tostring) + " " + (.feedback | tostring)' "$work/c.json")" = "fixed 5 false" ]; then
  passes=$((passes+1)); else echo "FAIL c.json: level, chip projections or feedback"; fails=$((fails+1)); fi
ok "chip, 1 thread"  "$nmx" train gem "${tiny[@]}" --level fixed -K 2 --tie-every 3 --threads 1 --json "$work/c1.json"
ok "chip, 2 threads" "$nmx" train gem "${tiny[@]}" --level fixed -K 2 --tie-every 3 --threads 2 --json "$work/c2.json"
figures() { jq -c '.epochs[0] | del(.seconds, .learning_steps_per_second) | .eval |= map(del(.seconds))' "$1"; }
if [ "$(figures "$work/c1.json")" = "$(figures "$work/c2.json")" ]; then passes=$((passes+1)); else
  echo "FAIL chip figures depend on the thread count"; fails=$((fails+1)); fi
ok "float, no learning" "$nmx" train gem "${tiny[@]}" --basis 1 --feedback off --lr 0 --json "$work/f0.json"
ok "chip, no learning" "$nmx" train gem "${tiny[@]}" --level fixed --lr 0 --json "$work/c0.json"
f0=$(jq '.epochs[0].eval[0].log_likelihood' "$work/f0.json"); c0=$(jq '.epochs[0].eval[0].log_likelihood' "$work/c0.json")
if python3 -c "import sys; f, c = $f0, $c0; sys.exit(0 if f < -1 and abs(c - f) < 0.01 * abs(f) else 1)"; then passes=$((passes+1)); else
  echo "FAIL untrained log-likelihood: float $f0, chip $c0 (more than 1% apart)"; fails=$((fails+1)); fi
expect "chip, two kernels" "--basis = 2 is out of range \(allowed: 1 with --level fixed" "$nmx" train gem "${tiny[@]}" --level fixed --basis 2 --json "$work/out.json"
expect "chip, feedback"    "--feedback = on is out of range \(allowed: off with --level fixed" "$nmx" train gem "${tiny[@]}" --level fixed --feedback on --json "$work/out.json"
expect "chip, update every 4" "--update-every = 4 is out of range \(allowed: 1 with --level fixed" "$nmx" train gem "${tiny[@]}" --level fixed --update-every 4 --json "$work/out.json"
expect "chip option at float" "--tie-every = given is out of range \(allowed: only with --level fixed" "$nmx" train gem "${tiny[@]}" --tie-every 4 --json "$work/out.json"
expect "chip, K too large" "compartments = 17 is out of range" "$nmx" train gem "${tiny[@]}" --level fixed -K 17 --json "$work/out.json"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
