#!/usr/bin/env bash
# docs/gtkwave/l2.gtkw in the real GTKWave (under Xvfb): an `nmx run --level systemc`
# trace opens with its signals, and each core's phase reads idle / synaptic / neuron
# through the translate filter. gtkwave and xvfb-run come from scripts/install-deps.sh.
set -eu
nmx="$1" src="$2"
. "$(dirname "$0")/scratch.sh"
"$nmx" generate -o "$work/net.h5" --layers 784,32,10 --steps 8 --quantize >/dev/null
"$nmx" run "$work/net.h5" --level systemc --limit 1 --no-progress --trace "$work/t.vcd" --trace-steps 0:7 >/dev/null
# Every value a core's phase takes, as GTKWave shows it (through the filter, with its radix
# prefix), and the step marker's rises.
cat > "$work/probe.tcl" <<'TCL'
puts "DISPLAYED [gtkwave::getDisplayedSignals]"
set phase {SystemC.chip.core0.phase[2:0]}
set seen {}
foreach {t v} [gtkwave::signalChangeList $phase] { lappend seen [string map {0x {}} $v] }
puts "PHASES [lsort -unique $seen]"
set rises 0
foreach {t v} [gtkwave::signalChangeList SystemC.chip.step_start] { if {$v == 1} { incr rises } }
puts "RISES $rises"
gtkwave::/File/Quit
TCL
cd "$src"
timeout 120 xvfb-run -a gtkwave "$work/t.vcd" docs/gtkwave/l2.gtkw -S "$work/probe.tcl" > "$work/out.txt" 2>&1 || true
grep -q "^DISPLAYED .*SystemC.chip.step_start .*SystemC.chip.core0.phase\[2:0\]" "$work/out.txt" ||
  { cat "$work/out.txt"; fail "the save file's signals are not displayed"; }
grep -q "^PHASES idle neuron synaptic$" "$work/out.txt" || { cat "$work/out.txt"; fail "phases not named"; }
grep -q "^RISES 8$" "$work/out.txt" || { cat "$work/out.txt"; fail "no step marker at each of the 8 traced steps"; }
echo "gtkwave save file: ok"
