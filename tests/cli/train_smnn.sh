#!/usr/bin/env bash
# `nmx train smnn` through the real binary: a tiny MNIST run whose network `nmx run --level
# float` scores exactly as the trainer did (same test samples, same encoder); a tiny
# selective-integration run that `nmx report` plots; the MNIST network quantised for and run
# on the mode unit and swept over its code width; a trained N = 30, P = 3 network at
# L1 = L2 = L3 (`nmx check --state`);
# bad options and a bad network file are refused (exit 2, one error naming
# the option / file and field, no output left).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"

mnist=(--task mnist -N 12 -P 2 --steps 20 --limit 64 --eval 40 --batch 16 --no-progress)
ok "mnist run" "$nmx" train smnn -o "$work/m.h5" --epochs 2 --checkpoint "$work/m.ckpt" "${mnist[@]}"
trainer=$(sed -n 's/.*epoch   2 .*test acc *\([0-9.]*\)%.*/\1/p' "$work/stdout")
ok "mnist run at L0" "$nmx" run "$work/m.h5" --level float --data mnist --limit 40
l0=$(sed -n 's/.*accuracy[^0-9]*\([0-9.]*\)%.*/\1/p' "$work/stdout" | head -1)
if [ -n "$trainer" ] && [ "$trainer" = "$l0" ]; then passes=$((passes+1)); else
  echo "FAIL trainer test accuracy '$trainer' != L0 accuracy '$l0'"; cat "$work/stdout"; fails=$((fails+1)); fi
ok "mnist resume" "$nmx" train smnn -o "$work/m3.h5" --epochs 3 --checkpoint "$work/m.ckpt" "${mnist[@]}"
if grep -q "resumed from epoch 2" "$work/stdout"; then passes=$((passes+1)); else
  echo "FAIL mnist resume: not resumed"; cat "$work/stdout"; fails=$((fails+1)); fi
expect "ckpt of another P" "m.ckpt: checkpoint is of mnist, 784 inputs, N = 12, P = 2" \
  "$nmx" train smnn -o "$work/out.h5" --epochs 3 --checkpoint "$work/m.ckpt" -N 12 -P 3 --steps 20 --limit 64 --eval 40 --no-progress

ok "selective run" "$nmx" train smnn -o "$work/si.h5" --task selective -N 10 -P 3 --trials 8 --eval-trials 8 --epochs 1 --no-progress
ok "selective info" "$nmx" info "$work/si.h5"
if command -v gnuplot >/dev/null; then
  ok "selective plots" "$nmx" report "$work/si.h5" --plots "$work/plots" --trials 2
  for f in modes_context_A modes_context_B mode_space; do
    if [ -s "$work/plots/$f.png" ]; then passes=$((passes+1)); else echo "FAIL no $f.png"; fails=$((fails+1)); fi
  done
fi
# The trained network on the chip's mode unit: quantised with --mode-bits for a chip with
# core.modes, run at L1 (the mode unit's cost reported); without the unit, refused.
echo '{"core": {"modes": 4}}' > "$work/hw_modes.json"
ok "mnist quantised for the mode unit" "$nmx" quantize "$work/m.h5" -o "$work/mq.h5" --mode-bits 10 --hw "$work/hw_modes.json"
ok "mnist at L1 on the mode unit" "$nmx" run "$work/mq.h5" --level fixed --data mnist --limit 10
if grep -q "mode unit, core .* N=12 P=2 WM=10: 52 cycles / step" "$work/stdout"; then passes=$((passes+1)); else
  echo "FAIL no mode unit cost in nmx run"; cat "$work/stdout"; fails=$((fails+1)); fi
# Lockstep on a trained network: N = 30, P = 3 trained on 64 digits, quantised for the mode
# unit, then L1 = L2 = L3 bit for bit with every neuron's state and the unit's r and m
# (`--state`) on three test digits; the network must spike and the check compare words.
ok "mnist N = 30, P = 3" "$nmx" train smnn -o "$work/l.h5" --task mnist -N 30 -P 3 --steps 20 --limit 64 --eval 16 --batch 16 --epochs 1 --no-progress
echo '{"core": {"modes": 4, "weight_bits": 8}}' > "$work/hw_modes8.json"
ok "N = 30 quantised" "$nmx" quantize "$work/l.h5" -o "$work/lq.h5" --mode-bits 8 --weight-bits 8 --hw "$work/hw_modes8.json"
ok "trained network in lockstep" "$nmx" check "$work/lq.h5" --data mnist --samples 3 --state --no-progress
if grep -qE "^60 steps, [1-9][0-9]* spikes, [1-9][0-9]* words compared, 0 mismatches$" "$work/stdout" &&
   grep -q "L2 = L3 cycle for cycle" "$work/stdout"; then passes=$((passes+1)); else
  echo "FAIL lockstep on the trained network"; cat "$work/stdout"; fails=$((fails+1)); fi
# The mode code width as a sweep axis: one row per WM, each with its sample count, and
# the accuracy-against-WM plot.
echo '{"network": "'"$work"'/m.h5", "hw": "'"$work"'/hw_modes.json", "axes": {"mode_bits": [3]}}' > "$work/bad_modes.json"
cat > "$work/modes.json" <<SPEC
{"network": "$work/l.h5", "hw": "$work/hw_modes8.json", "data": {"name": "mnist", "limit": 10},
 "axes": {"mode_bits": [4, 12]}}
SPEC
ok "sweep over mode bits" "$nmx" sweep "$work/modes.json" --db "$work/modes.sqlite" -j 1
ok "report of the mode-bit sweep" "$nmx" report "$work/modes.sqlite" --csv "$work/modes.csv"
if [ "$(grep -c '"mode_bits=4",.*,10,fixed,' "$work/modes.csv")" = 1 ] &&
   [ "$(grep -c '"mode_bits=12",.*,10,fixed,' "$work/modes.csv")" = 1 ]; then passes=$((passes+1)); else
  echo "FAIL mode-bit sweep rows"; cat "$work/modes.csv"; fails=$((fails+1)); fi
if command -v gnuplot >/dev/null; then
  ok "mode-bit plot" "$nmx" report "$work/modes.sqlite" --plots "$work/mplots"
  if [ -s "$work/mplots/accuracy_vs_mode_bits.png" ]; then passes=$((passes+1)); else
    echo "FAIL no accuracy_vs_mode_bits.png"; cat "$work/stdout"; fails=$((fails+1)); fi
fi
expect "mode bits out of range" "mode_bits = 3.*4\.\.12" "$nmx" sweep "$work/bad_modes.json" --db "$work/out.sqlite"
expect "no mode unit on the chip" "'recurrent' needs a mode unit.*core.modes = 0" "$nmx" quantize "$work/si.h5" -o "$work/out.h5"

expect "P too large"      "--modes: Value 17 not in range 1 to 16" "$nmx" train smnn -o "$work/out.h5" -P 17 --no-progress
expect "trials with mnist" "--trials applies to --task selective only" "$nmx" train smnn -o "$work/out.h5" --trials 5 --no-progress
expect "steps with selective" "--steps applies to --task mnist only" "$nmx" train smnn -o "$work/out.h5" --task selective --steps 5 --no-progress
expect "report needs plots" "si.h5: a network file is reported by its plots" "$nmx" report "$work/si.h5"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
