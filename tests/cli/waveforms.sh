#!/usr/bin/env bash
# The waveforms nmx writes, read back as a viewer would: the FST of `nmx check --trace` and
# of `nmx run --level rtl --trace` (through GTKWave's fst2vcd) and the VCD of `nmx run
# --level systemc --trace`. Each header must declare the chip's signals, and value changes
# must follow, over the traced steps only. Also: `nmx run --level rtl` predicts as L1 does.
set -u
nmx="$1"
. "$(dirname "$0")/scratch.sh"
# vars FILE: "SCOPE.NAME" of every $var in a VCD header, one a line.
vars() {
  awk '$1 == "$scope" { scope[++d] = $3 } $1 == "$upscope" { d-- }
       $1 == "$var" { s = ""; for (i = 1; i <= d; i++) s = s scope[i] "."; print s $5 }
       $1 == "$enddefinitions" { exit }' "$1"
}
# has FILE NAME...: every NAME is a declared signal (a suffix of SCOPE.NAME).
has() {
  f="$1"; shift
  for want in "$@"; do vars "$f" | grep -qE "(^|\.)$want\$" || { vars "$f" | head -40; fail "$f declares no signal $want"; }; done
}
# times FILE: the number of timestamps after the header.
times() { awk '/^\$enddefinitions/ { body = 1; next } body && /^#[0-9]+$/ { n++ } END { print n + 0 }' "$1"; }

"$nmx" check --random 7 --samples 2 --save "$work/r" --no-progress --trace "$work/check.fst" --trace-steps 0:2 \
  > "$work/check.txt" 2>&1 || { cat "$work/check.txt"; fail "nmx check --random 7"; }
grep -q "^waveform: $work/check.fst (L3, sample 0, steps 0..2)" "$work/check.txt" || { cat "$work/check.txt"; fail "no waveform line"; }
fst2vcd "$work/check.fst" > "$work/check.vcd" 2>/dev/null || fail "fst2vcd cannot read the check waveform"
has "$work/check.vcd" clk_i rst_ni run_i busy_o cycle_o spike_o phase_o
[ "$(times "$work/check.vcd")" -gt 10 ] || fail "the check waveform has no value changes"

net="$work/r/network.h5" in="$work/r/inputs.h5"
"$nmx" run "$net" --input "$in" --level fixed --no-progress --no-l0 --json "$work/l1.json" >/dev/null || fail "run fixed"
"$nmx" run "$net" --input "$in" --level rtl --no-progress --no-l0 --json "$work/l3.json" \
  --trace "$work/run.fst" --trace-steps 1:2 --trace-sample 1 > "$work/l3.txt" || { cat "$work/l3.txt"; fail "run rtl"; }
grep -q "trace: $work/run.fst (steps 1:2 of sample 1)" "$work/l3.txt" || { cat "$work/l3.txt"; fail "no trace line"; }
pred() { tr -d ' \n' < "$1" | grep -o '"predictions":\[[^]]*\]'; }
[ -n "$(pred "$work/l1.json")" ] && [ "$(pred "$work/l1.json")" = "$(pred "$work/l3.json")" ] || fail "L1 and L3 predict differently"
# L3 gives each worker thread its own chip: two threads predict as one; with --trace, one chip.
"$nmx" run "$net" --input "$in" --level rtl --no-progress --no-l0 -j 2 --json "$work/l3j2.json" >/dev/null || fail "run rtl -j 2"
[ "$(pred "$work/l3j2.json")" = "$(pred "$work/l3.json")" ] || fail "L3 on two threads predicts differently"
threads() { tr -d ' \n' < "$1" | grep -o '"threads":[0-9]*'; }
[ "$(threads "$work/l3j2.json")" = '"threads":2' ] || fail "run rtl -j 2: $(threads "$work/l3j2.json")"
[ "$(threads "$work/l3.json")" = '"threads":1' ] || fail "run rtl --trace: $(threads "$work/l3.json")"
fst2vcd "$work/run.fst" > "$work/run.vcd" 2>/dev/null || fail "fst2vcd cannot read the run waveform"
has "$work/run.vcd" clk_i busy_o spike_o phase_o
# Steps 1 and 2 of sample 1 only: fewer timestamps than steps 0..2 of the same sample.
"$nmx" run "$net" --input "$in" --level rtl --no-progress --no-l0 --trace "$work/run02.fst" --trace-steps 0:2 \
  --trace-sample 1 >/dev/null || fail "run rtl, steps 0:2"
fst2vcd "$work/run02.fst" > "$work/run02.vcd" 2>/dev/null || fail "fst2vcd cannot read the second run waveform"
a=$(times "$work/run.vcd") b=$(times "$work/run02.vcd")
[ "$a" -gt 10 ] && [ "$a" -lt "$b" ] || fail "run waveform of steps 1:2: $a timestamps (steps 0:2: $b)"
ls "$work" | grep -q part && fail "temporary waveform left behind"

SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$nmx" run "$net" --input "$in" --level systemc --no-progress --no-l0 \
  --trace "$work/run2.vcd" --trace-steps 0:2 >/dev/null || fail "run systemc"
has "$work/run2.vcd" core0.phase core0.spikes_out core0.events_in router.events_sent chip.step
grep -q '^\$timescale' "$work/run2.vcd" || fail "the VCD has no timescale"
[ "$(times "$work/run2.vcd")" -gt 10 ] || fail "the VCD has no value changes"
echo "waveforms: check FST, run rtl FST, run systemc VCD: headers and signals ok; L3 predicts as L1"
