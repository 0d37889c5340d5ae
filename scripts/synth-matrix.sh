#!/usr/bin/env bash
# The synthesis matrix (docs/performance.md, its synth-matrix section; the rest of the file is
# kept, see scripts/doc-section.sh):
#  1. yosys elaborates the RTL at every configuration it claims (tests/rtl/configurations.txt,
#     the list the rtl.lint.* tests lint) through proc, opt and memory inference, module by
#     module (a chip's cores are one module), and must print no warning;
#  2. `nmx synth` maps the core with the plasticity unit (N 32, A 64, D 8, as tests/cli/synth.sh's
#     core) to cells: about 6 minutes of yosys (abc on the unit's multiplier, proc on its
#     next-state logic), which is why it is here and not in `make test` (tests/cli/synth.sh
#     maps the plain core and the router).
# A configuration whose elaboration runs over SYNTH_MATRIX_LIMIT seconds (default 900) is
# reported as not checked, not as clean (the largest, core.plastic_max, takes about 6
# minutes). A warning or a failure names the configuration, keeps its log and makes the
# script exit 1.
#   scripts/synth-matrix.sh [BUILD]        (run from the repository root; about 40 minutes)
set -euo pipefail
build=${1:-build}
nmx="$build/tools/nmx"
out="$build/synth-matrix"; rm -rf "$out"; mkdir -p "$out"
[ -x "$nmx" ] || { echo "synth-matrix: $nmx not built (make build)" >&2; exit 1; }
summary="$out/summary.txt"; : > "$summary"
limit=${SYNTH_MATRIX_LIMIT:-900}
failed=0; unchecked=0
started=$(date +%s)

# 1. elaboration warnings, configuration by configuration (scripts/yosys-elaborate.sh)
while IFS='|' read -r name top _; do
  case "$name" in ''|'#'*) continue ;; esac
  case "$top" in nmx_core|nmx_chip) ;; *) continue ;; esac  # the package probes are test benches
  status=0; "$(dirname "$0")/yosys-elaborate.sh" "$name" "$out" "$limit" > "$out/$name.txt" < /dev/null || status=$?
  tee -a "$summary" < "$out/$name.txt"
  case "$status" in 0) ;; 124) unchecked=$((unchecked + 1)) ;; *) failed=1 ;; esac
done < tests/rtl/configurations.txt

# 2. the core with the plasticity unit, mapped to cells
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8, "plasticity": true}}' > "$out/hw_plastic.json"
if "$nmx" synth --hw "$out/hw_plastic.json" --json "$out/plastic.json" --keep "$out/plastic" > "$out/plastic.txt" 2>&1; then
  grep -q "yosys warnings: none" "$out/plastic.txt" || failed=1
  sram=$(grep -oE "memories shaped like SRAM \(1R 1W, synchronous read\): [0-9]+ of [0-9]+" "$out/plastic.txt")
  echo "core with the plasticity unit (N 32, A 64, D 8, mapped to cells): $sram; $(grep -E 'yosys warnings' "$out/plastic.txt" | sed 's/^ *//')" \
    | tee -a "$summary"
else
  echo "core with the plasticity unit: nmx synth failed (see $out/plastic.txt)" | tee -a "$summary"; failed=1
fi
minutes=$(( ($(date +%s) - started + 59) / 60 ))

{
  echo "## The synthesis matrix"
  echo
  echo "Regenerate with \`scripts/synth-matrix.sh\` (about $minutes minutes on one core of the"
  echo "machine it last ran on, $(date -u +%Y-%m-%d), yosys $(yosys -V | awk '{print $2}'))."
  echo "Part 1: yosys elaborates the RTL (\`proc; opt -full; memory -nomap; opt -full; check\`)"
  echo "at every configuration in tests/rtl/configurations.txt, the list the \`rtl.lint.*\` tests"
  echo "lint with Verilator; any \`Warning:\` line fails it; a configuration yosys does not"
  echo "elaborate within $limit s is listed as not checked ($unchecked this run). Part 2: \`nmx synth\` maps the core"
  echo "with the plasticity unit to cells, which takes too long for \`make test\`;"
  echo "tests/cli/synth.sh maps the plain core and the router there and requires no warning,"
  echo "and the \`rtl.yosys.*\` tests run part 1's check on two of the configurations."
  echo
  echo '```'
  cat "$summary"
  echo '```'
  if [ -f "$out/plastic.txt" ]; then
    echo
    echo "The plasticity core's report:"
    echo
    echo '```'
    grep -vE '^    \\' "$out/plastic.txt"
    echo '```'
  fi
} | "$(dirname "$0")/doc-section.sh" docs/performance.md synth-matrix
echo "wrote the synth-matrix section of docs/performance.md"
[ "$failed" = 0 ] || { echo "synth-matrix: a configuration failed (above)" >&2; exit 1; }
