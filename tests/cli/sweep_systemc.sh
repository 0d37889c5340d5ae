#!/usr/bin/env bash
# `nmx sweep` at level systemc: each point runs L2 in a child process of its own; the
# row's cycles are L2's measurement (timing "measured") and equal `nmx run --level
# systemc` on the same point's quantised network and hardware.
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
# same A B: equal numbers (sqlite3 prints 15 significant digits, jq 17).
same() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; m = b < 0 ? -b : b; exit !((d < 0 ? -d : d) <= 1e-12 * (m > 1 ? m : 1)) }'; }
"$nmx" generate -o "$work/net.h5" --layers 784,48,10 --max-delay 6 >/dev/null
cat > "$work/spec.json" <<SPEC
{"network": "$work/net.h5", "data": {"name": "mnist", "limit": 4}, "level": "systemc",
 "axes": {"lanes": [4, 8], "weight_bits": [4]}}
SPEC
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" -j 2 > "$work/sweep.txt" 2>&1 || { cat "$work/sweep.txt"; fail "sweep"; }
grep -q "^2 points: 2 run, 0 already" "$work/sweep.txt" || { cat "$work/sweep.txt"; fail "summary"; }
for lanes in 4 8; do
  echo "{\"core\": {\"lanes\": $lanes, \"weight_bits\": 4}}" > "$work/hw$lanes.json"
  "$nmx" quantize "$work/net.h5" -o "$work/q$lanes.h5" --weight-bits 4 --theta-bits 12 --hw "$work/hw$lanes.json" >/dev/null
  "$nmx" run "$work/q$lanes.h5" --level systemc --data mnist --limit 4 --hw "$work/hw$lanes.json" --no-progress \
    --json "$work/run$lanes.json" >/dev/null
  want=$(jq '.l2.cycles_per_sample' "$work/run$lanes.json")
  row=$(sqlite3 "$work/r.sqlite" "SELECT cycles_per_sample, timing, level, accuracy FROM points WHERE params LIKE '%\"lanes\":$lanes.0%'")
  got=$(echo "$row" | cut -d'|' -f1)
  [ "$(echo "$row" | cut -d'|' -f2,3)" = "measured|systemc" ] || fail "lanes $lanes: row $row is not an L2 measurement"
  [ "$want" != null ] && same "$got" "$want" && awk -v x="$got" 'BEGIN { exit !(x + 0 > 0) }' ||
    fail "lanes $lanes: sweep cycles $got, nmx run --level systemc $want"
  same "$(echo "$row" | cut -d'|' -f4)" "$(jq '.accuracy' "$work/run$lanes.json")" || fail "lanes $lanes: accuracy differs"
  echo "lanes $lanes: $got cycles/sample (sweep) = $want (nmx run --level systemc)"
done
a=$(sqlite3 "$work/r.sqlite" "SELECT count(DISTINCT cycles_per_sample) FROM points")
[ "$a" -eq 2 ] || fail "4 and 8 lanes measured the same cycles"
echo "systemc sweep: ok"
