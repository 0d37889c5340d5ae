#!/usr/bin/env bash
# Bring your own core (docs/core-interface.md): nmx's own rtl/nmx_core.sv goes through
# `nmx check --rtl` (Verilated at run time into a one-core chip, loaded as a library) and
# passes L1 = L2 = L3 with --state on the STDP pattern network, learning on; a copy with
# one altered line (every delay + 1) fails with the MISMATCH line; a syntax error, a core
# without an interface port and a wrong --top get their errors (exit 2); Ctrl-C during the
# build leaves no folder behind.
set -u
nmx="$1"
rtl="$2"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
has() { grep -qE -- "$2" "$1" || { cat "$1"; fail "$3: no /$2/"; }; }
export TMPDIR="$work/tmp"  # where the build folders go: none may be left
mkdir -p "$TMPDIR"
left() { [ -z "$(ls -d "$TMPDIR"/nmx-rtl-* 2>/dev/null)" ] || { ls "$TMPDIR"; fail "$1: a temporary build folder was left"; }; }

"$nmx" plasticity pattern --segments 6 --save-network "$work/net.h5" --save-input "$work/in.h5" >/dev/null 2>&1 ||
  fail "plasticity pattern"

# 1. The project's own core through the user path: bit-exact, state and cycles.
"$nmx" check "$work/net.h5" --input "$work/in.h5" --state --no-progress --rtl "$rtl/nmx_core.sv" --top nmx_core \
  >"$work/own.out" 2>&1 || fail "own core: exit $?"
has "$work/own.out" "verilating nmx_chip around core 'nmx_core' \(1 core," "own core: build line"
has "$work/own.out" "^300 steps, [0-9]+ spikes, [0-9]+ words compared, 0 mismatches" "own core: lockstep"
has "$work/own.out" "^L2 = L3 cycle for cycle: [0-9]+ cycles over 1 samples" "own core: cycles"
left "own core"

# 2. One altered line: the delay fault hook wired on. The checker names the first divergence.
sed 's/assign fault_delay = FaultsEnabled \&\& fault_i == nmx_pkg::FaultDelay;/assign fault_delay = 1'"'"'b1;/' \
  "$rtl/nmx_core.sv" >"$work/altered_core.sv"
grep -q "assign fault_delay = 1'b1;" "$work/altered_core.sv" || fail "altered copy: the sed did not apply"
"$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,rtl --no-progress \
  --rtl "$work/altered_core.sv" --top nmx_core --rtl-build "$work/altered_build" >"$work/alt.out" 2>&1
rc=$?
[ $rc -eq 1 ] || { cat "$work/alt.out"; fail "altered core: exit $rc, expected 1"; }
has "$work/alt.out" "^MISMATCH step=[0-9]+ core=0 " "altered core: MISMATCH line"
[ -f "$work/altered_build/verilator.log" ] || fail "altered core: --rtl-build did not keep the log"

# 3. Bad RTL: a syntax error (file and line), a missing interface port, a top that is no module.
sed '0,/assign fault_delay/s/assign fault_delay/assign fault_delay = = /' "$rtl/nmx_core.sv" >"$work/broken.sv"
expect "syntax error" "Verilator could not build the chip around core 'nmx_core'.*|broken.sv:[0-9]+" \
  "$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,rtl --rtl "$work/broken.sv" --top nmx_core
grep -qE "broken.sv:[0-9]+" "$work/stderr" || { cat "$work/stderr"; fail "syntax error: no file:line"; }
# the port under another name (the mode unit's own dbg_m_o stays)
sed -e 's/\([^.]\)dbg_m_o/\1dbg_mm_o/g' -e 's/\.dbg_m_o$/.dbg_m_o (dbg_mm_o)/' "$rtl/nmx_core.sv" >"$work/no_port.sv"
expect "missing port" "core 'nmx_core' lacks the interface port 'dbg_m_o'" \
  "$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,rtl --rtl "$work/no_port.sv" --top nmx_core
expect "wrong top" "--top my_core: no module of that name" \
  "$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,rtl --rtl "$rtl/nmx_core.sv" --top my_core
expect "no top" "--rtl needs --top" "$nmx" check "$work/net.h5" --input "$work/in.h5" --rtl "$rtl/nmx_core.sv"
expect "no rtl level" "add rtl to --levels" \
  "$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,systemc --rtl "$rtl/nmx_core.sv" --top nmx_core

left "bad RTL"

# 4. Ctrl-C during the build: Verilator stops, the folder goes, "interrupted" (exit 130).
timeout -s INT --preserve-status 4 "$nmx" check "$work/net.h5" --input "$work/in.h5" --levels fixed,rtl \
  --rtl "$rtl/nmx_core.sv" --top nmx_core >"$work/int.out" 2>"$work/int.err"
rc=$?
[ $rc -eq 130 ] || { cat "$work/int.out" "$work/int.err"; fail "interrupt: exit $rc, expected 130"; }
grep -q "interrupted" "$work/int.err" || { cat "$work/int.err"; fail "interrupt: not said"; }
left "interrupt"

# 5. A network the built-in chip is too small for (a reservoir whose core 0 has more plastic
# synapses than the built-in column table): --rtl-chip builtin names the limit; auto
# Verilates nmx's own core at the network's sizes (the table grown to 16384), caches it and
# passes L1 = L2 = L3 with --state, learning on; a second run loads the cached chip.
export NMX_CACHE_DIR="$work/cache"
"$nmx" train hrsnn -N 300 --connectivity 0.15 --tasks mc -o "$work/res.h5" --check-input "$work/res_in.h5" \
  --check-steps 40 >"$work/res.out" 2>&1 || { cat "$work/res.out"; fail "train hrsnn"; }
expect "builtin too small" "core 0 column table entries needs [0-9]+, the RTL build has 8192" \
  "$nmx" check "$work/res.h5" --input "$work/res_in.h5" --levels fixed,rtl --rtl-chip builtin
"$nmx" check "$work/res.h5" --input "$work/res_in.h5" --state --no-progress >"$work/sized.out" 2>&1 || fail "sized: exit $?"
has "$work/sized.out" "using a chip Verilated for the network instead" "sized: why"
has "$work/sized.out" "verilating nmx_chip around core 'nmx_core' \([0-9]+ cores, 16384 column entries" "sized: sizes"
has "$work/sized.out" "^40 steps, [1-9][0-9]* spikes, [0-9]+ words compared, 0 mismatches" "sized: lockstep"
has "$work/sized.out" "^L2 = L3 cycle for cycle: [1-9][0-9]* cycles" "sized: cycles"
"$nmx" check "$work/res.h5" --input "$work/res_in.h5" --levels fixed,rtl --rtl-chip sized --no-progress \
  >"$work/cached.out" 2>&1 || fail "cached: exit $?"
has "$work/cached.out" "\(cached\)" "cached: loaded, not built"
has "$work/cached.out" "^40 steps, [1-9][0-9]* spikes, [0-9]+ words compared, 0 mismatches" "cached: lockstep"
[ -z "$(ls -d "$NMX_CACHE_DIR"/rtl/.build-* "$NMX_CACHE_DIR"/rtl/.stage-* 2>/dev/null)" ] || fail "cache: a build folder was left"

echo "check_rtl: $passes passed, $fails failed"
[ $fails -eq 0 ]
