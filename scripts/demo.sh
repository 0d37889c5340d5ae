#!/usr/bin/env bash
# The main job on bundled defaults: the delay-trained Fashion-MNIST network shipped in
# examples/ (frozen ternary weights, trained per-synapse delays; docs/delay.md says how
# to regenerate it), quantised for the default chip with the cost of each quantisation
# step; the full test set at L0 and L1; 500 images on the cycle-accurate SystemC chip (L2)
# checked against L1 every step, with a VCD trace; 200 images through `nmx check`, L1 = L2
# = L3 (the Verilated RTL) bit for bit and L2 = L3 cycle for cycle; then one table.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)
nmx="$build/tools/nmx"
net="$here/examples/fmnist-delay-ternary.h5"
out="$build/demo"
mkdir -p "$out"
field() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([0-9.eE+-]*\).*/\1/'; }

echo "== the trained network: $net =="
"$nmx" info "$net"
echo
echo "== quantise for the default chip (N=256, A=1024, D=16, ternary), and what each step costs =="
"$nmx" quantize "$net" -o "$out/fmnist-delay-ternary.q.h5" --eval 2000
echo
echo "== the Fashion-MNIST test set at L0 (float) and L1 (bit-accurate chip) =="
"$nmx" run "$out/fmnist-delay-ternary.q.h5" --level fixed --data fashion-mnist --limit 0 --json "$out/run.json"
echo
echo "== 500 test images on the SystemC chip (L2), L1 = L2 checked every step =="
"$nmx" run "$out/fmnist-delay-ternary.q.h5" --level systemc --data fashion-mnist --limit 500 --state \
  --trace "$out/trace.vcd" --trace-steps 0:9 --json "$out/run-l2.json"
echo
echo "== 200 test images: L1 = L2 = L3 (the Verilated RTL), state and cycles =="
"$nmx" check "$out/fmnist-delay-ternary.q.h5" --levels fixed,systemc,rtl --samples 200 --state --no-progress \
  | tee "$out/check.txt"
echo

acc0=$(field "$out/run.json" accuracy_l0); acc1=$(field "$out/run.json" accuracy)
agree=$(field "$out/run.json" prediction)
cyc=$(field "$out/run-l2.json" cycles_per_sample); us=$(field "$out/run-l2.json" simulated_us_per_sample)
nj=$(field "$out/run-l2.json" total); ops=$(field "$out/run-l2.json" synaptic_ops)
check=$(grep -E "mismatches|MISMATCH" "$out/check.txt" | head -1)
awk -v a0="$acc0" -v a1="$acc1" -v ag="$agree" -v c="$cyc" -v us="$us" -v nj="$nj" -v ops="$ops" -v chk="$check" 'BEGIN {
  printf "== summary: delay-trained ternary network on the emulated chip ==\n"
  printf "  %-44s %10.2f%%\n", "accuracy, Fashion-MNIST test (10,000), L0", 100 * a0
  printf "  %-44s %10.2f%%   (L1 - L0: %+.2f pp)\n", "accuracy, L1 (bit-accurate chip)", 100 * a1, 100 * (a1 - a0)
  printf "  %-44s %10.2f%%\n", "prediction agreement L0/L1", 100 * ag
  printf "  %-44s %10.0f\n", "cycles per image (L2 = L3)", c
  printf "  %-44s %10.0f   (100 MHz)\n", "images per second at the clock", 1e6 / us
  printf "  %-44s %10.0f\n", "synaptic operations per image", ops
  printf "  %-44s %10.1f   (Loihi per-op figures)\n", "dynamic energy per image [nJ]", nj
  printf "  %-44s %10d   (2-bit code + 4-bit delay)\n", "memory per synapse [bits]", 6
  printf "  %-44s %s\n", "nmx check, 200 images", chk
}'
echo
echo "results: $out/run.json, $out/run-l2.json, $out/check.txt; waveform: $out/trace.vcd"
echo "  (from the repository root: gtkwave $out/trace.vcd docs/gtkwave/l2.gtkw)"
echo "on-chip learning: unsupervised STDP finds a spike pattern hidden in noise (docs/plasticity.md, worked example): $nmx plasticity pattern --plot $out/pattern.png"
