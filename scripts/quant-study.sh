#!/usr/bin/env bash
# The quantisation study (docs/results.md, its quant-study section; the rest of the file is
# kept, see scripts/doc-section.sh): the delay-trained network swept over
# weight bits {2, 4, 8}, delay slots D {4, 8, 16, 32}, threshold precision {4, 6, 12} bits
# and decay precision {4, 8, 12} fractional bits on 1,000 Fashion-MNIST test images at L1
# (L0 beside it), then the report and plots. About 4 minutes on 2 cores.
#   scripts/quant-study.sh [BUILD]        (run from the repository root; resumable)
set -euo pipefail
build=${1:-build}
nmx="$build/tools/nmx"
out="$build/quant-study"; mkdir -p "$out" docs/img
"$nmx" sweep examples/quant-study.json --db "$out/study.sqlite"
"$nmx" report "$out/study.sqlite" --csv "$out/study.csv" --plots "$out/plots" > "$out/report.txt"
cp "$out/plots/accuracy_vs_bits.png" docs/img/quant-study-accuracy-vs-bits.png
cp "$out/plots/accuracy_vs_delay.png" docs/img/quant-study-accuracy-vs-delay.png
cp "$out/plots/cost_vs_accuracy.png" docs/img/quant-study-cost-vs-accuracy.png
{
  echo "## Quantisation study: the delay-trained Fashion-MNIST network"
  echo
  echo "Regenerate with \`scripts/quant-study.sh\` (a sweep, \`examples/quant-study.json\`, then"
  echo "\`nmx report\`). Network: \`examples/fmnist-delay-ternary.h5\` (docs/delay.md). Each"
  echo "point quantises it for a chip with the point's weight bits, D, threshold precision"
  echo "(theta_bits: the largest threshold is 2^bits - 1 membrane LSBs) and decay precision"
  echo "(decay_bits: du and dv rounded to that many fractional bits; the hidden layer's 0.1"
  echo "becomes 2/16 at 4 bits, 26/256 at 8, 410/4096 at 12) and runs the first 1,000"
  echo "Fashion-MNIST test images at L1 with L0 (float, unrounded decays) beside it. Bits per"
  echo "synapse: weight code + log2(D). Cycles and energy per sample are estimated from L1's"
  echo "activity (closed-form cycle model, event counts x per-operation energies)."
  echo
  echo '![accuracy against bits per synapse](img/quant-study-accuracy-vs-bits.png)'
  echo
  echo '![accuracy against D](img/quant-study-accuracy-vs-delay.png)'
  echo
  echo '![estimated cycles and energy against accuracy](img/quant-study-cost-vs-accuracy.png)'
  echo
  echo '```'
  cat "$out/report.txt"
  echo '```'
} | "$(dirname "$0")/doc-section.sh" docs/results.md quant-study
echo "wrote the quant-study section of docs/results.md"
