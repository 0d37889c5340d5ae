#!/usr/bin/env bash
# `nmx train delay --neuron srm-alpha` through the real binary: a short run writes its
# network (described as srm-alpha); a checkpoint refuses a run of the other neuron model or
# other SRM parameters, and SRM-only options are refused with the datapath (exit 2, one
# error naming the file / option, no output file left).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"

small=(--data mnist --hidden 20 --limit 64 --eval 16 --no-progress)
ok "srm-alpha run" "$nmx" train delay -o "$work/srm.h5" --neuron srm-alpha --epochs 1 --checkpoint "$work/srm.ckpt" "${small[@]}"
if [ -s "$work/srm.h5" ] && grep -q "input->hidden delays in \[0, 14\]" "$work/stdout"; then passes=$((passes+1)); else
  echo "FAIL srm-alpha run: no network written, or no srm-alpha line"; cat "$work/stdout"; fails=$((fails+1)); fi
ok "datapath run" "$nmx" train delay -o "$work/dp.h5" --epochs 1 --checkpoint "$work/dp.ckpt" "${small[@]}"

# The written network reads back and says what it is.
ok "srm-alpha info" "$nmx" info "$work/srm.h5"
if grep -q "srm-alpha hidden neurons: tau 10, alpha refractory kernel, tau_ref 1, scale 2" "$work/stdout"; then
  passes=$((passes+1)); else echo "FAIL srm-alpha info: description"; cat "$work/stdout"; fails=$((fails+1)); fi

# Resuming with another neuron model or other parameters is refused, naming the file and field.
expect "srm ckpt, datapath run" "srm.ckpt: checkpoint has neuron model = srm-alpha, this run datapath \(--neuron\)" \
  "$nmx" train delay -o "$work/out.h5" --epochs 2 --checkpoint "$work/srm.ckpt" "${small[@]}"
expect "datapath ckpt, srm run" "dp.ckpt: checkpoint has neuron model = datapath, this run srm-alpha \(--neuron\)" \
  "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --epochs 2 --checkpoint "$work/dp.ckpt" "${small[@]}"
expect "srm ckpt, other tau"    "srm.ckpt: checkpoint has neuron.srm.tau = 10, this run 5 \(--srm-tau\)" \
  "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --srm-tau 5 --epochs 2 --checkpoint "$work/srm.ckpt" "${small[@]}"
expect "srm ckpt, other kernel" "neuron.srm.ref_kernel = alpha, this run exponential \(--ref-kernel\)" \
  "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --ref-kernel exponential --epochs 2 --checkpoint "$work/srm.ckpt" "${small[@]}"
# The same options resume.
ok "srm resume" "$nmx" train delay -o "$work/srm2.h5" --neuron srm-alpha --epochs 2 --checkpoint "$work/srm.ckpt" "${small[@]}"
if grep -q "resumed from epoch 1" "$work/stdout"; then passes=$((passes+1)); else
  echo "FAIL srm resume: not resumed"; cat "$work/stdout"; fails=$((fails+1)); fi

# Each model's options are refused with the other.
expect "srm option, datapath"  "--ref-scale applies to --neuron srm-alpha only" "$nmx" train delay -o "$work/out.h5" --ref-scale 1 --no-progress
expect "tau with srm"          "--tau is the datapath's decay.*--srm-tau" "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --tau 0.2 --no-progress
expect "srm max delay 0"       "--max-delay 0 leaves no input delay" "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --max-delay 0 "${small[@]}"
expect "bad ref kernel"        "ref-kernel.*(alpha|exponential)" "$nmx" train delay -o "$work/out.h5" --neuron srm-alpha --ref-kernel step --no-progress

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
