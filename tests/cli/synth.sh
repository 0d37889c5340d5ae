#!/usr/bin/env bash
# `nmx synth` through the real binary on a small core: yosys maps the logic to the OSU
# 0.18 um cells and keeps the memories; the report's figures must be consistent.
set -eu
nmx="$1"
. "$(dirname "$0")/scratch.sh"
# One run of the core, sized for a network (--net) and with the router (--chip): a dense
# ternary 64 -> 32 layer on a 2 x 2 mesh of N 32, A 64, D 8 cores fills the core's 64 rows
# of 4 packed words (2,048 synapses in 256 words x 8 lanes x 5 bits: 5.00 bits a synapse);
# the general memory shrinks to one word.
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8}, "chip": {"mesh_x": 2, "mesh_y": 2}}' > "$work/hw.json"
"$nmx" generate -o "$work/net.h5" --layers 64,32 --max-delay 7 --quantize --hw "$work/hw.json" >/dev/null 2>&1 \
  || fail "generate the dense ternary network"
"$nmx" synth --hw "$work/hw.json" --net "$work/net.h5" --chip --json "$work/synth.json" > "$work/out.txt" 2>&1 \
  || { cat "$work/out.txt"; fail "synth --net --chip"; }
cat "$work/out.txt"
grep -qE "logic +[0-9]+ cells, [0-9]+ flip-flops, [0-9]+ um\^2" "$work/out.txt" || fail "no logic figures"
# synapse memories: 8 lanes x (256 packed words x 5 bits + 1 general word x 27 bits);
# ring 8 slots x 32 x 24 bits.
grep -qE "synapse memory +10456 bits" "$work/out.txt" || fail "synapse memory bits"
grep -qE "accumulator ring +6144 bits" "$work/out.txt" || fail "accumulator ring bits"
grep -qE "per synapse: 5 memory bits in a packed ternary row \(2-bit code \+ log2 D delay\), 27 in a general slot" \
  "$work/out.txt" || fail "bits per synapse of each format"
grep -qE "the network .*net.h5: 2048 synapses on 1 cores in 256 packed ternary and 0 general words of 8 lanes: 5.00 memory bits per synapse" \
  "$work/out.txt" || fail "the network's bits per synapse"
tr -d ' \n' < "$work/synth.json" | grep -qE '"memory_bits_per_synapse":5(\.0+)?[,}]' || fail "bits per synapse in the JSON"
# Memories shaped like SRAM (docs/cycle-model.md, Memories): one bank a lane, every one 1R 1W,
# and every one reads synchronously.
[ "$(grep -cE "u_syn_mem\.mem +1 x +27  1R 1W synchronous read" "$work/out.txt")" = 8 ] || fail "8 synchronous synapse banks"
[ "$(grep -cE "u_tern_mem\.mem +256 x +5  1R 1W synchronous read" "$work/out.txt")" = 8 ] || fail "8 synchronous packed banks"
[ "$(grep -cE "u_bank\.mem +32 x +24  1R 1W synchronous read" "$work/out.txt")" = 8 ] || fail "8 synchronous accumulator banks"
for m in u_desc_mem u_state u_param_a u_param_b u_param_seed u_clamp u_route_mem u_lut_mem u_queue u_ptr_mem; do
  grep -qE "\.$m\.mem .* 1R 1W synchronous read" "$work/out.txt" || fail "$m not synchronous 1R 1W"
done
grep -qE "memories shaped like SRAM \(1R 1W, synchronous read\): ([0-9]+) of \1$" "$work/out.txt" || fail "a memory not SRAM-shaped"
if grep -E " [0-9]+R [0-9]+W " "$work/out.txt" | grep -qvE " 1R 1W "; then fail "a memory with more than one read or write port"; fi
# the router: 4 cores + the host port, a 32-entry queue of {arrival mod 64, 16-bit axon} a core
grep -qE "^router \(rtl/nmx_router.sv, 4 cores \+ the host port, 32-entry queue a destination" "$work/out.txt" || fail "router line"
grep -qE "^  logic +[1-9][0-9]* cells, [0-9]+ flip-flops, [1-9][0-9.]* um\^2" <(sed -n '/^router/,$p' "$work/out.txt") || fail "router logic"
grep -qE "memory +2816 bits: 4 queues of 32 x 22 bits .*1R 1W, synchronous read" "$work/out.txt" || fail "router queues"
grep -qE "^chip: 4 cores \+ router: logic [0-9.]+ mm\^2" "$work/out.txt" || fail "chip line"
tr -d ' \n' < "$work/synth.json" | grep -qE '"router":\{"area_um2":[1-9]' || fail "router in the JSON"
"$nmx" synth --net "$work/missing.h5" > "$work/missing.txt" 2>&1 && fail "a missing --net file was accepted"
grep -q "missing.h5" "$work/missing.txt" || fail "the missing file is not named"
tr -d ' \n' < "$work/synth.json" | grep -qE '"nand2_ge":[1-9][0-9]{3,}' || fail "NAND2 equivalents in the JSON"
# yosys printed no warning in either run (a warning is a width or an inference yosys got
# differently from Verilator); scripts/synth-matrix.sh checks every claimed configuration.
[ "$(grep -c "^  yosys warnings: none$" "$work/out.txt")" = 2 ] || fail "yosys warnings (core, router)"
[ "$(tr -d ' \n' < "$work/synth.json" | grep -oE '"yosys_warnings":\[\]' | wc -l)" = 2 ] || fail "yosys warnings in the JSON"
# Not here: the cores with core.plasticity (about 6 min of yosys, abc on the unit's
# multiplier) and core.modes (abc took over 13 min of CPU on N 32, P 4): too long for the
# suite. scripts/synth-matrix.sh maps the plasticity core; docs/performance.md has its result.
echo "nmx synth: ok"
