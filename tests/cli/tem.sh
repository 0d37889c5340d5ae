#!/usr/bin/env bash
# Time-encoding machines through the real binary: recovery from a synthetic teacher and
# from its observations file, quantised onto the chip, spike times against the continuous
# encoder, L1 = L2 = L3, the study's plots, and bad input (exit 2, a clear message, no output).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }

# 1. Synthetic 20 -> 5 teacher: exact recovery, and the same weights again from the file it wrote.
"$nmx" train tem -o "$work/tem.h5" --examples 6 --write-observations "$work/obs.json" >"$work/train.out" 2>&1 ||
  { cat "$work/train.out"; fail "train tem"; }
err=$(sed -n 's/^recovery error .* = //p' "$work/train.out")
awk -v e="$err" 'BEGIN { exit !(e != "" && e + 0 < 1e-9) }' || fail "recovery error '$err' not below 1e-9"
[ "$(grep -c 'rank 20 of 20' "$work/train.out")" = 5 ] || fail "not every neuron full rank"
"$nmx" train tem -o "$work/tem2.h5" --observations "$work/obs.json" >"$work/train2.out" 2>&1 || fail "train tem from file"
grep -q "6 examples" "$work/train2.out" || fail "observations file not read back"
# Without the biases in the file, --fit-bias estimates them (21 unknowns per neuron).
sed 's/"bias":\[[^]]*\],//' "$work/obs.json" > "$work/obs-nobias.json"
"$nmx" train tem -o "$work/tem3.h5" --observations "$work/obs-nobias.json" --fit-bias >"$work/train3.out" 2>&1 ||
  { cat "$work/train3.out"; fail "train tem --fit-bias"; }
[ "$(grep -c 'rank 21 of 21' "$work/train3.out")" = 5 ] || fail "--fit-bias: not every neuron full rank"

# 2. Onto an 8-bit chip: spike-time error table, and the three-level lockstep check.
echo '{"core": {"weight_bits": 8}}' > "$work/hw8.json"
"$nmx" quantize "$work/tem.h5" -o "$work/tem-q.h5" --weight-bits 8 --theta-bits 20 --hw "$work/hw8.json" >/dev/null ||
  fail "quantize"
"$nmx" tem compare "$work/tem-q.h5" --hw "$work/hw8.json" --examples 5 >"$work/cmp.out" || fail "tem compare"
grep -q "L1 vs continuous" "$work/cmp.out" || fail "compare table"
max=$(awk '/L0 vs continuous/ { print $6 }' "$work/cmp.out")
awk -v m="$max" 'BEGIN { exit !(m != "" && m + 0 < 2) }' || fail "L0 vs continuous max error '$max' >= 2 steps"
"$nmx" check "$work/tem-q.h5" --data tem --hw "$work/hw8.json" --samples 3 --state --no-progress >"$work/check.out" ||
  { cat "$work/check.out"; fail "check L1 = L2 = L3"; }
grep -q " 0 mismatches" "$work/check.out" || fail "check summary"
grep -q "L2 = L3 cycle for cycle" "$work/check.out" || fail "check cycles"
# The file remembers its 8-bit chip: no --hw needed, another chip refused.
"$nmx" tem compare "$work/tem-q.h5" --examples 2 >/dev/null 2>&1 || fail "tem compare without --hw (the stored chip)"
echo '{"core": {"weight_bits": 4}}' > "$work/hw4.json"
expect "tem compare, other chip" "hw4.json: core.weight_bits = 4 differs from the chip .*tem-q.h5 was quantised and mapped for \(core.weight_bits = 8\)" \
  "$nmx" tem compare "$work/tem-q.h5" --hw "$work/hw4.json"

# 3. The study writes its table and both plots.
"$nmx" tem study --help | grep -q 'K. Adam, "Training spiking neurons as time-encoding machines", ICASSP 2022 (arXiv 2110.06735)' ||
  fail "tem study --help does not name the paper"
"$nmx" tem study --out "$work/study" --trials 1 --no-progress >/dev/null || fail "tem study"
for f in tem-vs-examples.png tem-vs-noise.png tem-single-layer.tsv tem-single-layer.md tem-two-layer.png tem-two-layer.md; do
  [ -s "$work/study/$f" ] || fail "study did not write $f"
done

# 4. Bad input.
obs() { echo "{\"format\":\"nmx-tem-observations\",\"version\":1,\"inputs\":2,\"neurons\":1,\"bias\":[1],\"theta\":[1],\"examples\":[$1]}"; }
obs '{"signal":[[0.5,0.5],[0.5],[0.5,0.5]],"spikes":[[1.0]]}' > "$work/dim.json"
obs '{"signal":[[0.5,0.5],[0.5,0.5],[0.5,0.5]],"spikes":[[]]}' > "$work/silent.json"
obs '{"signal":[[0.5,0.5],[0.5,0.5],[0.5,0.5]],"spikes":[[0.8]]}' > "$work/under.json"
obs '{"signal":[[0.5,0.5],[0.5,0.5],[0.5,0.5]],"spikes":[[1.5, 1.0]]}' > "$work/order.json"
obs '{"signal":[[0.5,0.5],[0.5,0.5],[0.5,0.5]]}' > "$work/nospikes.json"
head -c 100 "$work/obs.json" > "$work/truncated.json"
expect wrong-dimension 'dim.json: examples\[0\]\.signal\[1\] = 1 values.*2 \(inputs\)' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/dim.json"
expect too-few-spikes 'neuron 0 never spiked in 1 examples: no spike interval' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/silent.json"
expect under-determined 'under-determined, 1 spike intervals give rank 1 for 2 unknown weights' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/under.json"
expect unordered 'order.json: examples\[0\]\.spikes\[0\]\[1\] = 1\.0+ is out of range \(allowed: ascending' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/order.json"
expect missing-field 'nospikes.json: examples\[0\]\.spikes = missing' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/nospikes.json"
expect no-bias 'obs-nobias.json: bias = 0 values' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/obs-nobias.json"
expect truncated 'truncated.json: not valid JSON' \
  "$nmx" train tem -o "$work/out.h5" --observations "$work/truncated.json"
expect too-few-examples 'under-determined' "$nmx" train tem -o "$work/out.h5" --examples 1
"$nmx" generate -o "$work/mlp.h5" --layers 20,5 --quantize >/dev/null
expect not-tem 'mlp.h5: not a time-encoding network' "$nmx" check "$work/mlp.h5" --data tem --levels fixed,systemc
expect not-quantised 'not quantised' "$nmx" tem compare "$work/tem.h5"

[ $fails -eq 0 ] && echo "tem: all passed"
exit $((fails > 0))
