#!/usr/bin/env bash
# The SRM-alpha variant of delay training through the real binary: train a small network,
# run it at L0, quantise it (the datapath mapping reported and priced as a ladder step),
# L1 = L2 = L3 on the chip, and the exact-mapping case (bad input: train_srm.sh).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
small=(--hidden 48 --limit 1024 --eval 200 --epochs 2 --no-progress)

# 1. SLAYER's SRM-alpha (alpha refractory kernel, tau_ref 1, 2 theta): train, inspect, run at L0.
"$nmx" train delay --neuron srm-alpha -o "$work/srm.h5" "${small[@]}" >"$work/train.out" 2>&1 ||
  { cat "$work/train.out"; fail "train srm-alpha"; }
"$nmx" info "$work/srm.h5" >"$work/info.out" 2>&1 || fail "info"
grep -q "srm_alpha: tau 10, alpha refractory kernel tau_ref 1 x 2 theta" "$work/info.out" || { cat "$work/info.out"; fail "info: no SRM model line"; }
"$nmx" run "$work/srm.h5" --level float --limit 200 --no-progress >"$work/run.out" 2>&1 || { cat "$work/run.out"; fail "run at L0"; }
acc=$(grep -oE "accuracy[^0-9]*[0-9.]+%" "$work/run.out" | head -1 | grep -oE "[0-9.]+%" | tr -d %)
awk -v a="$acc" 'BEGIN { exit !(a != "" && a + 0 > 30) }' || { cat "$work/run.out"; fail "L0 accuracy '$acc' not above 30%"; }
expect "SRM at L1 unquantised" "srm.h5: network is not quantised.*nmx quantize" "$nmx" run "$work/srm.h5" --level fixed --limit 5 --no-progress

# 2. Quantise: the mapping is reported (approximate: the refractory kernel), and priced.
"$nmx" quantize "$work/srm.h5" -o "$work/srm-q.h5" --eval 200 >"$work/q.out" 2>&1 || { cat "$work/q.out"; fail "quantize"; }
grep -q "srm_alpha mapped onto the datapath: du = dv = 0.0951626, reset subtract" "$work/q.out" || { cat "$work/q.out"; fail "no mapping line"; }
grep -qE "[0-9]+ delays \+ 1 step \([0-9]+ clipped\); approximate: hidden: alpha refractory kernel" "$work/q.out" ||
  { cat "$work/q.out"; fail "mapping not reported approximate"; }
grep -qE "^  SRM-alpha float network \(L0\) +[0-9.]+%" "$work/q.out" || fail "ladder: no SRM step"
grep -qE "^  \+ mapped onto the datapath, approximate \(L0\) +[0-9.]+%" "$work/q.out" || fail "ladder: no mapping step"

# The datapath twin's refractory period is the number given (not the code of its character).
"$nmx" quantize "$work/srm.h5" -o "$work/srm-r.h5" --srm-refrac 2 >"$work/qr.out" 2>&1 || { cat "$work/qr.out"; fail "quantize --srm-refrac 2"; }
grep -q "reset subtract, refrac 2$" "$work/qr.out" || { cat "$work/qr.out"; fail "--srm-refrac 2 not applied"; }

# 3. On the chip: L1 = L2 = L3, state included.
"$nmx" check "$work/srm-q.h5" --samples 5 --state --no-progress >"$work/check.out" 2>&1 || { cat "$work/check.out"; fail "check"; }
grep -qE "words compared, 0 mismatches$" "$work/check.out" || { cat "$work/check.out"; fail "check summary"; }

# 4. The exponential kernel with tau_ref = tau and 1 theta is the datapath: mapping exact,
#    the ladder's first two steps equal.
"$nmx" train delay --neuron srm-alpha --ref-kernel exponential --tau-ref 10 --ref-scale 1 -o "$work/exp.h5" "${small[@]}" \
  >/dev/null 2>&1 || fail "train exponential"
"$nmx" quantize "$work/exp.h5" -o "$work/exp-q.h5" --eval 200 >"$work/qe.out" 2>&1 || { cat "$work/qe.out"; fail "quantize exp"; }
grep -qE "\(0 clipped\); exact$" "$work/qe.out" || { cat "$work/qe.out"; fail "exponential mapping not exact"; }
a0=$(sed -n 's/^  SRM-alpha float network (L0) *//p' "$work/qe.out")
a1=$(sed -n 's/^  + mapped onto the datapath, exact (L0) *//p' "$work/qe.out")
[ -n "$a0" ] && [ "$a0" = "$a1" ] || fail "exact mapping changed the accuracy ('$a0' -> '$a1')"

# 5. The SRM mapping options on a network without SRM-alpha neurons are refused, nothing written.
"$nmx" train delay -o "$work/dp.h5" --hidden 10 --limit 64 --eval 10 --no-progress >/dev/null 2>&1 || fail "datapath run"
expect "srm option, datapath net" "dp.h5: --srm-refrac applies to SRM-alpha populations, and this network has none" \
  "$nmx" quantize "$work/dp.h5" -o "$work/out.h5" --srm-refrac 2

[ "$fails" = 0 ] || exit 1
echo "srm-alpha: trained, run at L0, mapped ($(sed -n 's/^  + mapped onto the datapath, approximate (L0) *//p' "$work/q.out")), L1 = L2 = L3, exact case"
