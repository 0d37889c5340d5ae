#!/usr/bin/env bash
# Teacher forcing through the real binary: `nmx run --clamp label` clamps the readout
# neuron of each sample's label to spike every step and the others silent, at every level
# (L0 beside L1; L2 and L3 in lockstep with L1), so the accuracy is the teacher's, 1.0;
# without it the random network guesses. A bad --clamp value is refused.
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
field() { jq -r "$2" "$1"; }

"$nmx" generate -o "$work/net.h5" --layers 784,20,10 --quantize --steps 8 >/dev/null 2>&1 || fail "generate"
for level in fixed systemc rtl; do
  limit=12; [ "$level" = rtl ] && limit=2
  ok "run --clamp label ($level)" "$nmx" run "$work/net.h5" --level "$level" --limit "$limit" --clamp label \
    --no-progress --json "$work/$level.json"
  [ -s "$work/$level.json" ] || { fail "$level: no JSON"; continue; }
  [ "$(field "$work/$level.json" .clamp)" = label ] || fail "$level: clamp is $(field "$work/$level.json" .clamp)"
  [ "$(field "$work/$level.json" .accuracy)" = 1 ] || fail "$level: accuracy $(field "$work/$level.json" .accuracy), expected 1"
  [ "$(field "$work/$level.json" .accuracy_l0)" = 1 ] || fail "$level: L0 accuracy $(field "$work/$level.json" .accuracy_l0)"
  grep -q "readout clamped to the label" "$work/stdout" || fail "$level: the report does not say the readout was clamped"
done
ok "run free" "$nmx" run "$work/net.h5" --level fixed --limit 12 --no-progress --json "$work/free.json"
[ "$(field "$work/free.json" .clamp)" = none ] || fail "free: clamp is $(field "$work/free.json" .clamp)"
[ "$(field "$work/free.json" .accuracy)" != 1 ] || fail "free: a random network scored 1.0: the clamp test proves nothing"
# Supervised on-chip learning through the CLI, GEM's eligibility with one compartment
# (docs/gem.md): stochastic neurons, e follows (post - p) * x1 every step, dw = 2^-10 e l
# with l = 1 (Q1.15), the readout clamped to the label. L2 runs in lockstep with L1 (state
# and every plastic synapse compared each step); L1, L2 and L3 each save what they learned,
# and the three learned networks run identically (and differently from the untrained one).
echo '{"core": {"plasticity": true}}' > "$work/hw_pl.json"
"$nmx" generate -o "$work/st.h5" --layers 784,20,10 --quantize --steps 8 --stochastic 1 --hw "$work/hw_pl.json" \
  >/dev/null 2>&1 || fail "generate stochastic"
ok "set the GEM eligibility rule" "$nmx" plasticity set "$work/st.h5" -p p1_2 \
  --rule 'de = x1*post - 2^-16*p*x1 - 2^-3*e; dw = 2^-10*e*l' --params '{"x1": {"tau": 4, "amp": 4096}, "epoch": 1}' \
  -o "$work/gem.h5"
for level in fixed systemc rtl; do
  state=""; [ "$level" = systemc ] && state="--state"
  ok "learn with the teacher ($level)" "$nmx" run "$work/gem.h5" --level "$level" $state --limit 2 --clamp label \
    --learning-signal reward:32767 --no-progress --save-network "$work/learned_$level.h5" --json "$work/gem_$level.json"
  changed=$(jq -r .learning.weights_changed "$work/gem_$level.json" 2>/dev/null)
  [ "${changed:-0}" -gt 0 ] 2>/dev/null || fail "$level: the clamped readout learned nothing (weights_changed=$changed)"
done
# nmx check writes the same teacher and l at every level, state compared every step.
ok "check with the teacher" "$nmx" check "$work/gem.h5" --levels fixed,systemc --state --samples 3 --clamp label \
  --learning-signal reward:32767 --no-progress
grep -q "24 steps, .* 0 mismatches" "$work/stdout" || { cat "$work/stdout"; fail "check with the teacher: no clean 24 steps"; }
expect "check: neuron signal" "nmx check writes l once per sample \(allowed: none, reward:V, label:A\)" \
  "$nmx" check "$work/gem.h5" --levels fixed,systemc --samples 1 --learning-signal neuron:output:0:100 --no-progress
behaviour() {  # predictions and spikes of a network, learning off, at L1
  "$nmx" run "$1" --level fixed --limit 6 --learning off --no-progress --json "$work/b.json" >/dev/null 2>&1 &&
    jq -c '[.predictions, [.populations[].spikes_per_sample]]' "$work/b.json"
}
b1=$(behaviour "$work/learned_fixed.h5"); b0=$(behaviour "$work/gem.h5")
[ -n "$b1" ] && [ "$b1" != "$b0" ] || fail "the learned network runs as the untrained one: $b1"
for level in systemc rtl; do
  [ "$(behaviour "$work/learned_$level.h5")" = "$b1" ] || fail "$level learned another network than L1"
done
"$nmx" generate -o "$work/det.h5" --layers 784,20,10 --quantize --steps 8 --hw "$work/hw_pl.json" >/dev/null 2>&1 ||
  fail "generate deterministic"
expect "p needs stochastic neurons" "reads p, the post neuron's spike probability, but population 'output' has no sigmoid table \(populations\[2\]\.spike" \
  "$nmx" plasticity set "$work/det.h5" -p p1_2 --rule 'de = x1*post - 2^-16*p*x1' \
  --params '{"x1": {"tau": 4, "amp": 4096}, "epoch": 1}' -o "$work/out.h5"
expect "bad --clamp" "--clamp: teacher not in \{none,label\}|--clamp.*teacher" "$nmx" run "$work/net.h5" --clamp teacher

[ $fails -eq 0 ] || exit 1
echo "clamp: $passes checks passed"
