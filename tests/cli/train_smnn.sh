#!/usr/bin/env bash
# `nmx train smnn` through the real binary: a tiny MNIST run whose network `nmx run --level
# float` scores exactly as the trainer did (same test samples, same encoder); a tiny
# selective-integration run that `nmx report` plots; the MNIST network quantised for and run
# on the mode unit; bad options and a bad network file are refused (exit 2, one error naming
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
expect "no mode unit on the chip" "'recurrent' needs a mode unit.*core.modes = 0" "$nmx" quantize "$work/si.h5" -o "$work/out.h5"

expect "P too large"      "--modes: Value 17 not in range 1 to 16" "$nmx" train smnn -o "$work/out.h5" -P 17 --no-progress
expect "trials with mnist" "--trials applies to --task selective only" "$nmx" train smnn -o "$work/out.h5" --trials 5 --no-progress
expect "steps with selective" "--steps applies to --task mnist only" "$nmx" train smnn -o "$work/out.h5" --task selective --steps 5 --no-progress
expect "report needs plots" "si.h5: a network file is reported by its plots" "$nmx" report "$work/si.h5"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
