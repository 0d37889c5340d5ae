#!/usr/bin/env bash
# Quantising through the real binary: the file remembers the chip it was mapped for (run,
# check use it; another --hw is refused; nmx info shows it and the file's own version),
# large weight errors are warned about, the long commands show progress, and bench --modes
# prints a line per network.
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
echo '{"core": {"delay_slots": 32}}' > "$work/hw_d32.json"
echo '{"core": {"delay_slots": 32}, "clock_mhz": 200}' > "$work/hw_d32_200.json"
echo '{"core": {"delay_slots": 16}}' > "$work/hw_d16.json"

# 1. Delays up to 31 need D = 32: quantised for it, the network runs there without --hw.
"$nmx" generate -o "$work/q.h5" --layers 784,40,10 --max-delay 31 --quantize --hw "$work/hw_d32.json" >"$work/gen.out" 2>&1 ||
  { cat "$work/gen.out"; fail "generate --quantize for D = 32"; }
"$nmx" info "$work/q.h5" >"$work/info.out" 2>&1 || fail "info"
grep -q "(format v4, quantised)" "$work/info.out" || { cat "$work/info.out"; fail "info: format"; }
grep -q "chip N=256 A=1024 D=32 WB=2 L=8, 4x4 cores, 100 MHz (stored" "$work/info.out" || { cat "$work/info.out"; fail "info: chip"; }
ok "run on the stored chip"   "$nmx" run "$work/q.h5" --limit 5 --no-progress
ok "check on the stored chip" "$nmx" check "$work/q.h5" --levels fixed,systemc --samples 1 --no-progress
ok "same chip, other clock"   "$nmx" run "$work/q.h5" --limit 2 --hw "$work/hw_d32_200.json" --level systemc --no-progress
grep -q "L2 timing at 200 MHz" "$work/stdout" || { cat "$work/stdout"; fail "the --hw clock was not used"; }
expect "run, other chip"   "hw_d16.json: core.delay_slots = 16 differs from the chip .*q.h5 was quantised and mapped for \(core.delay_slots = 32\)" \
  "$nmx" run "$work/q.h5" --hw "$work/hw_d16.json" --json "$work/out.json"
expect "check, other chip" "hw_d16.json: core.delay_slots = 16 differs" "$nmx" check "$work/q.h5" --hw "$work/hw_d16.json"
# A file of an older format shows its own version.
"$nmx" info "$(dirname "$0")/../../examples/fmnist-delay-ternary.h5" >"$work/info1.out" 2>&1 || fail "info v1"
grep -q "(format v1, float)" "$work/info1.out" || { cat "$work/info1.out"; fail "info: the v1 file's version"; }

# 2. A fitted float readout squashed to ternary codes: warned, naming the projection and
#    what helps; the fit shows progress. 8-bit codes: no warning.
"$nmx" generate -o "$work/fit.h5" --layers 784,100,10 --fit-readout 200 --quantize >"$work/fit.out" 2>"$work/fit.err" ||
  { cat "$work/fit.err"; fail "generate --fit-readout --quantize"; }
grep -qE "^nmx: warning: projection 'p1_2': relative weight error 0\.[3-9][0-9]* at 2-bit codes .*--weight-bits 4" "$work/fit.err" ||
  { cat "$work/fit.err"; fail "no weight-error warning for the readout"; }
grep -q "^fit readout 200/200" "$work/fit.err" || { cat "$work/fit.err"; fail "no fit progress"; }
"$nmx" generate -o "$work/fit-f.h5" --layers 784,100,10 --fit-readout 200 --no-progress >/dev/null 2>&1 || fail "fit float"
echo '{"core": {"weight_bits": 8}}' > "$work/hw8.json"
"$nmx" quantize "$work/fit-f.h5" -o "$work/fit8.h5" --weight-bits 8 --hw "$work/hw8.json" >/dev/null 2>"$work/q8.err" || fail "quantize 8-bit"
grep -q "warning" "$work/q8.err" && { cat "$work/q8.err"; fail "8-bit codes warned"; }
"$nmx" quantize "$work/fit-f.h5" -o "$work/fit2.h5" >/dev/null 2>"$work/q2.err" || fail "quantize 2-bit"
grep -q "warning: projection 'p1_2'" "$work/q2.err" || { cat "$work/q2.err"; fail "nmx quantize did not warn"; }

# 3. Progress of the long commands (stderr is not a terminal: a line per 10%).
"$nmx" quantize "$work/fit-f.h5" -o "$work/fit3.h5" --eval 20 >/dev/null 2>"$work/eval.err" || fail "quantize --eval"
grep -q "^eval 80/80 (100%)" "$work/eval.err" || { cat "$work/eval.err"; fail "no --eval progress over 4 steps x 20 samples"; }
"$nmx" bench --seconds 0.05 --chip-samples 2 --chip-steps 5 --rtl-samples 1 --rtl-chip builtin >/dev/null 2>"$work/bench.err" || fail "bench"
grep -q "^bench 7/7 (100%)" "$work/bench.err" || { cat "$work/bench.err"; fail "no bench progress"; }
# bench --modes: the mode unit against its dense twin, generated and from a file, a line per network.
"$nmx" bench --modes --modes-sizes 20,40 --seconds 0.05 --json "$work/modes.json" >"$work/modes.out" 2>&1 ||
  { cat "$work/modes.out"; fail "bench --modes"; }
grep -q "^nmx bench --modes: L1, mode unit (WM 8) against the same W as a dense projection (WB 8)" "$work/modes.out" ||
  { cat "$work/modes.out"; fail "bench --modes: no header"; }
grep -Eq "^  N   20 P  3 \(100 inputs\): mode unit +[0-9]+ steps/s, dense W +[0-9]+ steps/s, ratio mode/dense +[0-9.]+ x" \
  "$work/modes.out" || { cat "$work/modes.out"; fail "bench --modes: no N = 20 line"; }
grep -q "^  N   40 P  3" "$work/modes.out" || { cat "$work/modes.out"; fail "bench --modes: no N = 40 line"; }
grep -q '"ratio_mode_over_dense"' "$work/modes.json" || fail "bench --modes: no JSON ratio"
"$nmx" generate -o "$work/lowrank.h5" --layers 50,30,4 --modes 2 >/dev/null 2>&1 || fail "generate --modes 2"
"$nmx" bench --modes --modes-network "$work/lowrank.h5" --seconds 0.05 >"$work/modes2.out" 2>&1 ||
  { cat "$work/modes2.out"; fail "bench --modes-network"; }
grep -q "^  N   30 P  2 (50 inputs): mode unit" "$work/modes2.out" || { cat "$work/modes2.out"; fail "bench --modes-network line"; }
"$nmx" train delay -o "$work/t.h5" --hidden 10 --limit 64 --batch 16 --eval 16 --epochs 2 >/dev/null 2>"$work/train.err" ||
  fail "train delay"
grep -q "^epoch 1/2, samples 64/64 (100%)" "$work/train.err" || { cat "$work/train.err"; fail "train: epoch 1 of 2 progress"; }
grep -q "^epoch 2/2, samples 16/64 (25%)" "$work/train.err" || { cat "$work/train.err"; fail "train: epoch 2 starts again"; }
t1=$(sed -n 's|^epoch 1/2, samples 64/64 (100%) \([0-9.]*\)s$|\1|p' "$work/train.err")
t2=$(sed -n 's|^epoch 2/2, samples 16/64 (25%) \([0-9.]*\)s$|\1|p' "$work/train.err")
awk -v a="$t1" -v b="$t2" 'BEGIN { exit !(a != "" && b != "" && b + 0 <= a + 0) }' || fail "train: the clock did not restart ($t1 s, $t2 s)"

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
