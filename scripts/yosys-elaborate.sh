#!/usr/bin/env bash
# yosys elaborates the RTL at one configuration of tests/rtl/configurations.txt (proc, opt and
# memory inference, module by module) and must print no warning:
#   scripts/yosys-elaborate.sh NAME OUTDIR [LIMIT_SECONDS]
# Writes OUTDIR/NAME.ys and OUTDIR/NAME.log and prints one line. Exit status: 0 clean, 1 yosys
# warned (the warnings follow the line), 2 yosys failed or NAME is unknown, 124 over the limit.
# scripts/synth-matrix.sh runs it over the whole list; make test over a few (tests/CMakeLists.txt).
set -euo pipefail
name=$1; out=$2; limit=${3:-900}
root=$(cd "$(dirname "$0")/.." && pwd)
rtl="$root/rtl"
line=$(grep -E "^${name//./\\.}\|" "$root/tests/rtl/configurations.txt" || true)
[ -n "$line" ] || { echo "$name: not in tests/rtl/configurations.txt"; exit 2; }
IFS='|' read -r _ top params <<< "$line"
eval "set -- $params"  # the list's quoting: 1\'b1 is 1'b1
chparam=""
for g in "$@"; do
  g=${g#-G}
  chparam="$chparam -set ${g%%=*} ${g#*=}"
done
mkdir -p "$out"
script="$out/$name.ys"; log="$out/$name.log"
{
  echo "read_verilog -sv $rtl/nmx_pkg.sv $(ls "$rtl"/*.sv | grep -v '/nmx_pkg.sv$' | tr '\n' ' ')"
  [ -n "$chparam" ] && echo "chparam$chparam $top"
  echo "hierarchy -check -top $top"
  echo "proc; opt -full; memory -nomap; opt -full; check"
} > "$script"
t0=$(date +%s)
status=0; timeout "$limit" yosys -q "$script" > "$log" 2>&1 || status=$?
secs=$(( $(date +%s) - t0 ))
if [ "$status" = 124 ]; then
  echo "$name ($top): not checked, yosys ran over $limit s"; exit 124
elif [ "$status" != 0 ]; then
  echo "$name ($top): yosys failed (see $log)"; tail -5 "$log"; exit 2
fi
if grep -q '^Warning:' "$log"; then
  echo "$name ($top): $(grep -c '^Warning:' "$log") yosys warnings ($secs s, see $log):"
  grep '^Warning:' "$log" | sort -u | sed 's/^/    /'
  exit 1
fi
echo "$name ($top): no warnings ($secs s)"
