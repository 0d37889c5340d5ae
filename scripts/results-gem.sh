#!/usr/bin/env bash
# The GEM table (docs/results.md, "GEM: compartments K"): for each seed and training K,
# `nmx train gem` with evaluation at K_eval = 1, 2, 5, 10; then scripts/gem-summary.py
# prints the mean and 95% t-interval over seeds and writes the plots docs/img/gem-*.png.
# Long (tens of minutes): run it by hand, not in `make test`.
#
#   scripts/results-gem.sh [BUILD] [DATASET] [LIMIT] [EVAL] [SEEDS...]
#
# GEM_ARGS adds options to every run and GEM_TAG names its results and plots, e.g. on the
# chip: GEM_TAG=l1 GEM_ARGS="--level fixed --tie-every 10"; the float run to compare it
# with: GEM_TAG=l0-nofb GEM_ARGS="--basis 1 --feedback off".
set -euo pipefail
build=${1:-build}; data=${2:-mnist}; limit=${3:-1000}; eval=${4:-500}; shift $(( $# > 4 ? 4 : $# ))
seeds=("$@"); [ ${#seeds[@]} -eq 0 ] && seeds=(1 2 3)
tag="$data${GEM_TAG:+-$GEM_TAG}"
out="$build/results/gem-$tag"; mkdir -p "$out"
read -r -a extra <<< "${GEM_ARGS:-}"
for seed in "${seeds[@]}"; do
  for k in 1 2 5 10; do
    f="$out/k$k-s$seed.json"
    [ -f "$f" ] && { echo "done already: $f"; continue; }
    "$build/tools/nmx" train gem --dataset "$data" --limit "$limit" --eval "$eval" -K "$k" \
      --eval-compartments 1,2,5,10 --seed "$seed" --curve-every 100 --threads 1 --no-progress ${extra[@]+"${extra[@]}"} --json "$f"
  done
done
python3 scripts/gem-summary.py "$out" "$tag"
