#!/usr/bin/env bash
# Ctrl-C, sent as SIGINT by `timeout -s INT` (to nmx and its children, as a terminal
# would): exit status 130, "nmx: interrupted", and nothing left behind — no partial VCD
# from `nmx run --level systemc --trace`, no yosys scratch folder from `nmx synth`.
set -u
nmx="$1"
. "$(dirname "$0")/scratch.sh"
fails=0
# watch PATTERN: in the background, touches $work/marks/PATTERN once a file matching it
# appears in $work or $work/tmp (so the test knows the signal landed mid-run).
mkdir -p "$work/marks"
watch() {
  ( for _ in $(seq 1 1200); do
      if ls "$work" "$work/tmp" 2>/dev/null | grep -q -- "$1"; then touch "$work/marks/$1"; exit 0; fi
      sleep 0.05
    done ) &
}
# interrupted NAME SECONDS CMD...: SIGINT after SECONDS; exit 130 and the message.
interrupted() {
  local name="$1" secs="$2"; shift 2
  timeout -s INT --preserve-status "$secs" "$@" > "$work/out.txt" 2> "$work/err.txt"
  local rc=$?
  if [ $rc -ne 130 ] || ! grep -q "^nmx: interrupted$" "$work/err.txt"; then
    echo "FAIL $name: exit $rc, expected 130 and 'nmx: interrupted':"; tail -3 "$work/err.txt"; fails=$((fails+1)); return 1
  fi
}

# 1. An L2 run with a trace, stopped while the trace file is open.
"$nmx" generate -o "$work/net.h5" --layers 784,64,10 --steps 12 --quantize >/dev/null || fail "generate"
watch "x.vcd.part"
interrupted "run --trace" 8 "$nmx" run "$work/net.h5" --level systemc --split train --limit 0 --no-progress \
  --trace "$work/x.vcd" --trace-steps 0:9
wait
[ -e "$work/marks/x.vcd.part" ] || { echo "FAIL run --trace: the trace file never appeared before the signal"; fails=$((fails+1)); }
if ls "$work" | grep -q "x.vcd"; then echo "FAIL run --trace: left $(ls "$work" | grep x.vcd)"; fails=$((fails+1)); fi

# 2. nmx synth, stopped while yosys runs in its scratch folder.
mkdir -p "$work/tmp"
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8}}' > "$work/hw.json"
watch "nmx-synth-"
TMPDIR="$work/tmp" interrupted "synth" 6 "$nmx" synth --hw "$work/hw.json"
wait
[ -e "$work/marks/nmx-synth-" ] || { echo "FAIL synth: yosys's folder never appeared before the signal"; fails=$((fails+1)); }
if [ -n "$(ls -A "$work/tmp")" ]; then echo "FAIL synth: left $(ls -A "$work/tmp")"; fails=$((fails+1)); fi
if grep -q "kept\|yosys failed" "$work/err.txt"; then echo "FAIL synth: reported as a yosys failure"; fails=$((fails+1)); fi

[ $fails -eq 0 ] || exit 1
echo "interrupt: run --trace and synth stopped cleanly (exit 130, nothing left)"
