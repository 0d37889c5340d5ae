#!/usr/bin/env bash
# `nmx sweep` through the real binary: killed mid-way (SIGKILL), then re-run: finished
# points are kept and skipped, the rest run, nothing is duplicated; bad specs fail first.
set -u
nmx="$1"
. "$(dirname "$0")/scratch.sh"
"$nmx" generate -o "$work/net.h5" --layers 784,60,10 --max-delay 12 >/dev/null || fail "generate"
cat > "$work/spec.json" <<SPEC
{"network": "$work/net.h5", "data": {"name": "mnist", "limit": 300},
 "axes": {"weight_bits": [2, 4, 8], "delay_slots": [4, 8, 16, 32], "theta_bits": [8, 12]}}
SPEC
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" -j 1 > "$work/first.txt" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ "$(grep -c '^  \[' "$work/first.txt")" -ge 3 ] && break
  sleep 0.1
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
done_before=$(grep -c '^  \[' "$work/first.txt")
[ "$done_before" -ge 3 ] && [ "$done_before" -lt 24 ] || fail "the kill did not land mid-way ($done_before points)"
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" -j 2 > "$work/second.txt" 2>&1 || { cat "$work/second.txt"; fail "resume"; }
line=$(tail -1 "$work/second.txt")
ran=$(echo "$line" | sed -n 's/^24 points: \([0-9]*\) run, \([0-9]*\) already.*/\1/p')
kept=$(echo "$line" | sed -n 's/^24 points: \([0-9]*\) run, \([0-9]*\) already.*/\2/p')
[ -n "$ran" ] && [ $((ran + kept)) -eq 24 ] && [ "$kept" -ge "$done_before" ] || fail "resume counts: $line"
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" > "$work/third.txt" 2>&1
grep -q "^24 points: 0 run, 24 already" "$work/third.txt" || { cat "$work/third.txt"; fail "third run"; }

# Bad input: before any work, exit 2, no database created.
echo '{"network": "'"$work"'/net.h5", "axes": {"delay_slots": [6]}}' > "$work/bad.json"
"$nmx" sweep "$work/bad.json" --db "$work/bad.sqlite" > "$work/bad.txt" 2>&1
[ $? -eq 2 ] && grep -q "core.delay_slots = 6" "$work/bad.txt" && [ ! -e "$work/bad.sqlite" ] || { cat "$work/bad.txt"; fail "bad D"; }
"$nmx" sweep "$work/spec.json" --db /proc/nmx/r.sqlite > "$work/ro.txt" 2>&1
[ $? -eq 2 ] && grep -qE "/proc/nmx/r.sqlite.*(does not exist|cannot open the sweep database)" "$work/ro.txt" || { cat "$work/ro.txt"; fail "unwritable db"; }
# The report: tables and PNG plots.
"$nmx" report "$work/r.sqlite" --csv "$work/r.csv" --json "$work/r.json" --plots "$work/plots" > "$work/report.txt" 2>&1 ||
  { cat "$work/report.txt"; fail "report"; }
grep -q "^Pareto front" "$work/report.txt" || fail "no Pareto front"
[ "$(wc -l < "$work/r.csv")" -eq 25 ] || fail "CSV rows"
for png in accuracy_vs_bits accuracy_vs_delay cost_vs_accuracy; do
  [ "$(head -c 4 "$work/plots/$png.png" | tail -c 3)" = "PNG" ] || fail "$png.png is not a PNG"
done
echo "nmx sweep: killed after $done_before points, resumed ($ran run, $kept kept), bad input refused"
