#!/usr/bin/env bash
# `nmx report` on two small sweeps: one without a delay_slots axis draws the plots its
# axes support and names the one it skipped (no empty or temporary file left); one over
# D = 4, 8, 16 lists the rows in numeric order with integers printed as integers, the
# sample count and the 95% interval. PNGs are copied to $NMX_REPORT_PNG_DIR if set.
set -u
nmx="$1"
. "$(dirname "$0")/scratch.sh"
"$nmx" generate -o "$work/net.h5" --layers 784,30,10 --max-delay 12 --steps 10 >/dev/null || fail "generate"
sweep() {  # sweep NAME AXES
  echo '{"network": "'"$work"'/net.h5", "data": {"name": "mnist", "limit": 60}, "axes": '"$2"'}' > "$work/$1.json"
  "$nmx" sweep "$work/$1.json" --db "$work/$1.sqlite" -j 2 > "$work/$1.sweep.txt" 2>&1 || { cat "$work/$1.sweep.txt"; fail "sweep $1"; }
}
is_png() { [ -s "$1" ] && [ "$(head -c 4 "$1" | tail -c 3)" = "PNG" ]; }

sweep wb '{"weight_bits": [2, 4], "theta_bits": [8, 12]}'
"$nmx" report "$work/wb.sqlite" --plots "$work/wb" > "$work/wb.txt" 2>&1 || { cat "$work/wb.txt"; fail "report without delay_slots"; }
is_png "$work/wb/accuracy_vs_bits.png" || fail "accuracy_vs_bits.png"
is_png "$work/wb/cost_vs_accuracy.png" || fail "cost_vs_accuracy.png"
[ ! -e "$work/wb/accuracy_vs_delay.png" ] || fail "accuracy_vs_delay.png drawn for a sweep without delay_slots"
grep -q "^plot skipped: accuracy_vs_delay.png: the sweep does not vary delay_slots" "$work/wb.txt" || { cat "$work/wb.txt"; fail "skipped plot not named"; }
[ "$(ls -A "$work/wb" | sort | tr '\n' ' ')" = "accuracy_vs_bits.png cost_vs_accuracy.png " ] || fail "left in the plot folder: $(ls -A "$work/wb")"

sweep d '{"delay_slots": [16, 4, 8], "weight_bits": [2, 8]}'
"$nmx" report "$work/d.sqlite" --plots "$work/d" > "$work/d.txt" 2>&1 || { cat "$work/d.txt"; fail "report over D"; }
for png in accuracy_vs_bits accuracy_vs_delay cost_vs_accuracy; do is_png "$work/d/$png.png" || fail "$png.png"; done
order=$(grep -o "^delay_slots=[0-9]* weight_bits=[0-9]*" "$work/d.txt" | tr '\n' ' ')
[ "$order" = "delay_slots=4 weight_bits=2 delay_slots=4 weight_bits=8 delay_slots=8 weight_bits=2 delay_slots=8 weight_bits=8 delay_slots=16 weight_bits=2 delay_slots=16 weight_bits=8 " ] ||
  { cat "$work/d.txt"; fail "rows not in numeric order: $order"; }
if grep -qE "[a-z_]+=[0-9]+\.0\b|\":[0-9]+\.0[,}]" "$work/d.txt"; then cat "$work/d.txt"; fail "an integer printed as a real"; fi
grep -qE "^point +acc L1 +95% CI +n " "$work/d.txt" || fail "no CI and n columns"
grep -qE "^delay_slots=4 weight_bits=2 +[0-9.]+% +\[[0-9.]+, [0-9.]+\] +60 " "$work/d.txt" || { cat "$work/d.txt"; fail "row without n = 60 and its interval"; }
grep -q "^Pareto front (bits per synapse, accuracy, 95% CI" "$work/d.txt" || fail "Pareto front"
if [ -n "${NMX_REPORT_PNG_DIR:-}" ]; then mkdir -p "$NMX_REPORT_PNG_DIR"; cp -r "$work/wb" "$work/d" "$NMX_REPORT_PNG_DIR/"; cp "$work/d.txt" "$work/wb.txt" "$NMX_REPORT_PNG_DIR/"; fi
echo "report: plots for the sweep's axes, skipped ones named, numeric order, n and 95% CI"
