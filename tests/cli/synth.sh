#!/usr/bin/env bash
# `nmx synth` through the real binary on a small core: yosys maps the logic to the OSU
# 0.18 um cells and keeps the memories; the report's figures must be consistent.
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8}}' > "$work/hw.json"
"$nmx" synth --hw "$work/hw.json" --json "$work/synth.json" > "$work/out.txt" 2>&1 || { cat "$work/out.txt"; fail "synth"; }
cat "$work/out.txt"
grep -qE "logic +[0-9]+ cells, [0-9]+ flip-flops, [0-9]+ um\^2" "$work/out.txt" || fail "no logic figures"
# 64 axons x 4 words (32 neurons / 8 lanes) x 8 lanes x 27 bits; ring 8 slots x 32 x 24 bits.
grep -qE "synapse memory +55296 bits" "$work/out.txt" || fail "synapse memory bits"
grep -qE "accumulator ring +6144 bits" "$work/out.txt" || fail "accumulator ring bits"
# Memories shaped like SRAM (docs/cycle-model.md, Memories): one bank a lane, every one 1R 1W,
# and these read synchronously.
[ "$(grep -cE "u_syn_mem\.mem +256 x +27  1R 1W synchronous read" "$work/out.txt")" = 8 ] || fail "8 synchronous synapse banks"
[ "$(grep -cE "u_bank\.mem +32 x +24  1R 1W synchronous read" "$work/out.txt")" = 8 ] || fail "8 synchronous accumulator banks"
for m in u_desc_mem u_state u_param_a u_param_b u_param_seed u_route_mem; do
  grep -qE "\.$m\.mem .* 1R 1W synchronous read" "$work/out.txt" || fail "$m not synchronous 1R 1W"
done
if grep -E " [0-9]+R [0-9]+W " "$work/out.txt" | grep -qvE " 1R 1W "; then fail "a memory with more than one read or write port"; fi
tr -d ' \n' < "$work/synth.json" | grep -qE '"nand2_ge":[1-9][0-9]{3,}' || fail "NAND2 equivalents in the JSON"
# A core with a mode unit of P <= 4 (docs/chip-spec.md §6): its area on its own, its four
# memories (xi_in, xi_out 32 x 4 x 12 bits, lambda 4 x 12, r 32 x 16) inside the core too.
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8, "modes": 4}}' > "$work/hw_modes.json"
"$nmx" synth --hw "$work/hw_modes.json" --json "$work/synth_modes.json" > "$work/out_modes.txt" 2>&1 ||
  { cat "$work/out_modes.txt"; fail "synth with a mode unit"; }
cat "$work/out_modes.txt"
grep -qE "mode unit \(P <= 4, included above\): [0-9]+ cells, [0-9]+ flip-flops, [0-9]+ um\^2, [0-9]+ NAND2; 3632 memory bits" \
  "$work/out_modes.txt" || fail "the mode unit's own figures"
grep -qE "mode unit +3632 bits" "$work/out_modes.txt" || fail "the mode unit's memories in the core"
for m in u_xi_in u_xi_out u_lambda u_rate; do
  grep -qE "\.$m\.mem .* 1R 1W synchronous read" "$work/out_modes.txt" || fail "$m not synchronous 1R 1W"
done
tr -d ' \n' < "$work/synth_modes.json" | grep -qE '"mode_unit":\{' || fail "mode_unit in the JSON"
echo "nmx synth: ok"
