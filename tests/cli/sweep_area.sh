#!/usr/bin/env bash
# `nmx sweep` with "area": true through the real binary: one core configuration is
# synthesised once (yosys, as `nmx synth`), cached in the database, and its area, cells
# and memory bits fill every row of that configuration; a rerun does not resynthesise.
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
"$nmx" generate -o "$work/net.h5" --layers 784,40,10 --max-delay 1 >/dev/null
# The smallest core a 784-input network maps onto (yosys takes about 30 s on it).
echo '{"core": {"neurons": 8, "axons": 1024, "delay_slots": 2, "lanes": 2}}' > "$work/hw.json"
cat > "$work/spec.json" <<SPEC
{"network": "$work/net.h5", "hw": "$work/hw.json", "area": true, "data": {"name": "mnist", "limit": 20},
 "axes": {"weight_bits": [2, 4]}}
SPEC
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" -j 2 > "$work/first.txt" 2>&1 || { cat "$work/first.txt"; fail "sweep"; }
[ "$(grep -c "synthesised core" "$work/first.txt")" -eq 1 ] || { cat "$work/first.txt"; fail "one synthesis expected"; }
[ "$(sqlite3 "$work/r.sqlite" "SELECT count(*) FROM areas")" -eq 1 ] || fail "area table"
# 8 neurons in 2 lanes: 4 words per axon row, 1024 x 4 x 2 slots x 27 bits; ring 2 x 8 x 24 bits.
sqlite3 "$work/r.sqlite" "SELECT cores, area_mm2, core_area_mm2, core_cells, core_memory_bits FROM points" > "$work/rows.txt"
[ "$(wc -l < "$work/rows.txt")" -eq 2 ] || fail "rows"
# cores: 40 hidden on five 8-neuron cores, 10 outputs on two; core area: mm^2 of OSU 0.18 um
# logic for an 8-neuron core; area = cores x core area.
awk -F'|' '{
  d = $2 - $1 * $3; if (d < 0) d = -d
  if (!($1 == 7 && $3 > 0.05 && $3 < 5 && d < 1e-9 * $2 && $4 > 1000 && $5 >= 1024 * 4 * 2 * 27 + 2 * 8 * 24)) {
    print "bad row " $0; bad = 1
  }
} END { exit bad }' "$work/rows.txt" || fail "rows"
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" > "$work/second.txt" 2>&1 || { cat "$work/second.txt"; fail "rerun"; }
grep -q "synthesised core" "$work/second.txt" && fail "the rerun synthesised again"
grep -q "^2 points: 0 run, 2 already" "$work/second.txt" || { cat "$work/second.txt"; fail "rerun summary"; }
# A configuration yosys cannot take (neurons not a power of two): refused before any work.
echo '{"core": {"neurons": 48}}' > "$work/hw48.json"
sed "s#$work/hw.json#$work/hw48.json#" "$work/spec.json" > "$work/bad.json"
set +e
"$nmx" sweep "$work/bad.json" --db "$work/bad.sqlite" > "$work/bad.txt" 2>&1
rc=$?
set -e
[ $rc -eq 2 ] && grep -q "powers of two" "$work/bad.txt" && [ ! -e "$work/bad.sqlite" ] || { cat "$work/bad.txt"; fail "bad core"; }
cat "$work/rows.txt"
echo "sweep area: one synthesis, cached, filled in both rows"
