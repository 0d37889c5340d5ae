#!/usr/bin/env bash
# `nmx check` through the real binary: a passing three-way run, a fault the checker must
# report (exit 1, the MISMATCH line, the last agreeing step, an FST around it), and a
# bounded randomized regression (`--random SEED`).
set -u
nmx="$1"
seeds="${2:-12}"
. "$(dirname "$0")/scratch.sh"

"$nmx" generate -o "$work/net.h5" --layers 784,64,10 --steps 12 --quantize >/dev/null || fail "generate"
"$nmx" check "$work/net.h5" --samples 3 --state --no-progress > "$work/ok.txt" 2>&1 || { cat "$work/ok.txt"; fail "clean check"; }
grep -qE "^36 steps, [0-9]+ spikes, [0-9]+ words compared, 0 mismatches$" "$work/ok.txt" || { cat "$work/ok.txt"; fail "summary"; }
grep -q "L2 = L3 cycle for cycle" "$work/ok.txt" || fail "no cycle comparison"

"$nmx" check "$work/net.h5" --samples 3 --fault delay --trace "$work/fault.fst" --no-progress > "$work/bad.txt" 2>&1
rc=$?
[ $rc -eq 1 ] || { cat "$work/bad.txt"; fail "a fault must exit 1 (got $rc)"; }
grep -qE "^MISMATCH step=[0-9]+ core=[0-9]+ neuron=[0-9]+ field=[a-z_]+ L1=-?[0-9]+ L3=-?[0-9]+$" "$work/bad.txt" ||
  { cat "$work/bad.txt"; fail "mismatch line"; }
grep -q "^last agreeing step: " "$work/bad.txt" || fail "no last agreeing step"
[ -s "$work/fault.fst" ] || fail "no waveform around the mismatch"

# The trained Fashion-MNIST network of `make demo` (examples/), quantised for the default
# chip: its dense ternary rows sit in the RTL's packed ternary memory; L1 = L2 = L3.
"$nmx" quantize "$(dirname "$0")/../../examples/fmnist-delay-ternary.h5" -o "$work/trained.h5" >/dev/null \
  || fail "quantise the trained network"
"$nmx" check "$work/trained.h5" --levels fixed,systemc,rtl --data fashion-mnist --samples 3 --state --no-progress \
  > "$work/trained.txt" 2>&1 || { cat "$work/trained.txt"; fail "the trained network, three levels"; }
grep -qE "^30 steps, [0-9]+ spikes, [0-9]+ words compared, 0 mismatches$" "$work/trained.txt" || { cat "$work/trained.txt"; fail "trained: summary"; }
grep -q "L2 = L3 cycle for cycle" "$work/trained.txt" || fail "trained: no cycle comparison"

# Without systemc, samples run on threads, one L1 and L3 chip each: the same totals as on one
# thread, and a fault's first MISMATCH the same.
for j in 1 2; do
  "$nmx" check "$work/trained.h5" --levels fixed,rtl --data fashion-mnist --samples 4 --state -j $j --no-progress \
    > "$work/j$j.txt" 2>&1 || { cat "$work/j$j.txt"; fail "fixed,rtl -j $j"; }
  "$nmx" check "$work/net.h5" --levels fixed,rtl --samples 3 --fault delay -j $j --no-progress > "$work/fj$j.txt" 2>&1
done
grep -qE "^40 steps, [1-9][0-9]* spikes, [0-9]+ words compared, 0 mismatches$" "$work/j2.txt" || { cat "$work/j2.txt"; fail "-j 2: summary"; }
[ "$(tail -1 "$work/j1.txt")" = "$(tail -1 "$work/j2.txt")" ] || { cat "$work/j1.txt" "$work/j2.txt"; fail "-j 2: other totals than -j 1"; }
grep -q "^MISMATCH" "$work/fj2.txt" && cmp -s "$work/fj1.txt" "$work/fj2.txt" ||
  { cat "$work/fj1.txt" "$work/fj2.txt"; fail "a fault on two threads is reported differently"; }

n=0
for seed in $(seq 1 "$seeds"); do
  "$nmx" check --random "$seed" --samples 2 --state --no-progress > "$work/r.txt" 2>&1 || { cat "$work/r.txt"; fail "random seed $seed"; }
  n=$((n+1))
done
echo "nmx check: clean run, fault caught, $n random seeds passed"
