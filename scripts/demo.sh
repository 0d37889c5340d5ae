#!/usr/bin/env bash
# The main job on bundled defaults: a generated 784-800-10 ternary-delay network with a
# ridge-fitted readout, quantised for the default chip, run on the full Fashion-MNIST
# test set at L0 and L1, with the agreement table; then the first 500 images on the
# cycle-accurate SystemC chip (L2), checked against L1 every step, with a VCD trace; and a
# three-way check L1 = L2 = L3 (the Verilated RTL) on the first 5 images.
set -euo pipefail
build=${1:-build}
nmx="$build/tools/nmx"
out="$build/demo"
mkdir -p "$out"
echo "== nmx demo: generate a 784-800-10 ternary-delay network, fit its readout, quantise, map =="
"$nmx" generate -o "$out/fmnist-ternary.h5" --layers 784,800,10 --seed 1 \
  --fit-readout 3000 --ridge 300 --data fashion-mnist --quantize
"$nmx" info "$out/fmnist-ternary.h5"
echo
echo "== run on the Fashion-MNIST test set at L0 (float) and L1 (bit-accurate chip) =="
"$nmx" run "$out/fmnist-ternary.h5" --level fixed --data fashion-mnist --limit 0 --json "$out/run.json"
echo
echo "== the first 500 test images on the SystemC chip (L2), L1 = L2 checked every step =="
"$nmx" run "$out/fmnist-ternary.h5" --level systemc --data fashion-mnist --limit 500 --state \
  --trace "$out/trace.vcd" --trace-steps 0:9 --json "$out/run-l2.json"
echo
echo "== L1 = L2 = L3: the SystemC chip and the RTL in lockstep with L1, cycle for cycle =="
"$nmx" check "$out/fmnist-ternary.h5" --levels fixed,systemc,rtl --samples 5 --state --no-progress
echo
echo "results: $out/run.json, $out/run-l2.json; waveform: $out/trace.vcd (gtkwave)"
