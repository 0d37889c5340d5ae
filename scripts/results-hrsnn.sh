#!/usr/bin/env bash
# The HRSNN table (docs/results.md, "Heterogeneous recurrent reservoirs"): for each seed,
# level and configuration one `nmx train hrsnn -N 500 --seed S --task-seed S --level LV
# [--homogeneous] [--homogeneous-stdp | --no-stdp] --json F`; then scripts/hrsnn-summary.py
# prints the table (mean and 95% t-interval over the seeds). 60 runs, about 70 s of CPU in
# all: run it by hand, not in `make test`.
#
#   scripts/results-hrsnn.sh [BUILD] [SEEDS...]
set -euo pipefail
build=${1:-build}; shift $(( $# > 1 ? 1 : $# ))
seeds=("$@"); [ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3 4 5)
out="$build/results/hrsnn"; mkdir -p "$out"
configs=("homog-nostdp:--homogeneous --no-stdp" "homog-homstdp:--homogeneous --homogeneous-stdp"
         "homog-hetstdp:--homogeneous" "gamma-nostdp:--no-stdp" "gamma-homstdp:--homogeneous-stdp" "gamma-hetstdp:")
for seed in "${seeds[@]}"; do
  for level in l0 l1; do
    for c in "${configs[@]}"; do
      f="$out/$level-${c%%:*}-s$seed.json"
      [ -f "$f" ] && { echo "done already: $f"; continue; }
      # shellcheck disable=SC2086  # the configuration's options are words
      "$build/tools/nmx" train hrsnn -N 500 --seed "$seed" --task-seed "$seed" --level "$level" ${c#*:} --json "$f" >/dev/null
    done
  done
done
python3 scripts/hrsnn-summary.py "$out"
