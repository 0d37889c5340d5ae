#!/usr/bin/env bash
# `nmx run --level systemc` through the real binary: L1 = L2 lockstep reported, the same
# predictions as the fixed level, and a VCD trace that does not change the cycle counts.
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
# field FILE KEY: the compact JSON value of KEY (first occurrence) in FILE.
field() { tr -d ' \n' < "$1" | grep -o "\"$2\":[^]}]*[]}]\?" | head -1; }

"$nmx" generate -o "$work/net.h5" --layers 784,64,10 --steps 12 --quantize >/dev/null
"$nmx" run "$work/net.h5" --level fixed --limit 6 --no-progress --json "$work/l1.json" >/dev/null
"$nmx" run "$work/net.h5" --level systemc --limit 6 --no-progress --state --json "$work/l2.json" > "$work/l2.txt"
grep -q "lockstep L1 = L2 .* 72 steps, .* 0 mismatches" "$work/l2.txt" || { cat "$work/l2.txt"; fail "no lockstep summary"; }
grep -q "cycles / timestep" "$work/l2.txt" || fail "no cycle figures"
grep -q "energy / sample" "$work/l2.txt" || fail "no energy estimate"
[ "$(field "$work/l1.json" predictions)" = "$(field "$work/l2.json" predictions)" ] || fail "L1 and L2 predictions differ"
cycles=$(field "$work/l2.json" cycles_per_sample)
[ -n "$cycles" ] || fail "no cycles_per_sample in the JSON"

"$nmx" run "$work/net.h5" --level systemc --limit 6 --no-progress --json "$work/l2t.json" \
  --trace "$work/t.vcd" --trace-steps 2:4 --trace-sample 1 >/dev/null
[ -s "$work/t.vcd" ] || fail "no trace written"
grep -q 'scope module core0' "$work/t.vcd" || fail "trace has no core signals"
ls "$work" | grep -q part && fail "temporary trace file left behind"
[ "$(field "$work/l2t.json" cycles_per_sample)" = "$cycles" ] || fail "tracing changed the cycle count"
echo "systemc run: ok"
