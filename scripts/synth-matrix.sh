#!/usr/bin/env bash
# The synthesis matrix (docs/performance.md, its synth-matrix section; the rest of the file is
# kept, see scripts/doc-section.sh):
#  1. yosys elaborates the RTL at every configuration it claims (tests/rtl/configurations.txt,
#     the list the rtl.lint.* tests lint) through proc, opt and memory inference, module by
#     module (a chip's cores are one module), and must print no warning;
#  2. `nmx synth` maps the core with the plasticity unit (N 32, A 64, D 8, as tests/cli/synth.sh's
#     core) to cells: about 5 minutes of yosys (most of it abc on the unit's multiplier),
#     which is why it is here and not in `make test` (tests/cli/synth.sh maps the plain core
#     and the router).
# A configuration whose elaboration runs over SYNTH_MATRIX_LIMIT seconds (default 900) is
# reported as not checked, not as clean (the largest, core.max and core.plastic_max, take
# 4 to 5 minutes). A warning or a failure names the configuration, keeps its log and makes the
# script exit 1.
#   scripts/synth-matrix.sh [BUILD]        (run from the repository root; about 20 minutes)
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

# 2. the core with the plasticity unit, mapped to cells: the unit's logic reported apart, its
# memories (e one bank a lane, 256 words x 16 bits) and every other one SRAM-shaped, no warning
plastic_checks() {
  local txt="$out/plastic.txt" m
  grep -q "yosys warnings: none" "$txt" || { echo "yosys warned"; return 1; }
  grep -qE "memories shaped like SRAM \(1R 1W, synchronous read\): ([0-9]+) of \1$" "$txt" || { echo "a memory not SRAM-shaped"; return 1; }
  grep -qE "synapse memory +65536 bits" "$txt" || { echo "synapse memories not at full size"; return 1; }
  grep -qE "plasticity unit \(core.plasticity, in the figures above\): logic [1-9][0-9]* cells, [0-9]+ flip-flops, [1-9][0-9]* um\^2" "$txt" \
    || { echo "no plasticity unit logic figures"; return 1; }
  grep -qE "^ +plasticity unit +[1-9][0-9]* bits" "$txt" || { echo "no plasticity unit memory bits"; return 1; }
  [ "$(grep -cE "u_e_mem\.mem +256 x +16  1R 1W synchronous read" "$txt")" = 8 ] || { echo "not 8 synchronous e banks"; return 1; }
  for m in u_x_mem u_y_mem u_l_mem u_rule_mem u_colptr_mem u_column_mem; do
    grep -qE "u_plasticity\.$m\.mem .* 1R 1W synchronous read" "$txt" || { echo "$m not synchronous 1R 1W"; return 1; }
  done
  tr -d ' \n' < "$out/plastic.json" | grep -qE '"plasticity_unit":\{[^}]*"nand2_ge":[1-9]' || { echo "no plasticity unit in the JSON"; return 1; }
}
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8, "plasticity": true}}' > "$out/hw_plastic.json"
if "$nmx" synth --hw "$out/hw_plastic.json" --json "$out/plastic.json" --keep "$out/plastic" > "$out/plastic.txt" 2>&1; then
  if ! why=$(plastic_checks); then
    echo "core with the plasticity unit: $why (see $out/plastic.txt)" | tee -a "$summary"; failed=1
  fi
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
