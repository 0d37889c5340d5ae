#!/usr/bin/env bash
# Teacher forcing through the real binary: `nmx run --clamp label` clamps the readout
# neuron of each sample's label to spike every step and the others silent, at every level
# (L0 beside L1; L2 and L3 in lockstep with L1), so the accuracy is the teacher's, 1.0;
# without it the random network guesses. A bad --clamp value is refused.
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }
field() { jq -r "$2" "$1"; }

"$nmx" generate -o "$work/net.h5" --layers 784,20,10 --quantize --steps 8 >/dev/null 2>&1 || fail "generate"
for level in fixed systemc rtl; do
  limit=12; [ "$level" = rtl ] && limit=2
  ok "run --clamp label ($level)" "$nmx" run "$work/net.h5" --level "$level" --limit "$limit" --clamp label \
    --no-progress --json "$work/$level.json"
  [ -s "$work/$level.json" ] || { fail "$level: no JSON"; continue; }
  [ "$(field "$work/$level.json" .clamp)" = label ] || fail "$level: clamp is $(field "$work/$level.json" .clamp)"
  [ "$(field "$work/$level.json" .accuracy)" = 1 ] || fail "$level: accuracy $(field "$work/$level.json" .accuracy), expected 1"
  [ "$(field "$work/$level.json" .accuracy_l0)" = 1 ] || fail "$level: L0 accuracy $(field "$work/$level.json" .accuracy_l0)"
  grep -q "readout clamped to the label" "$work/stdout" || fail "$level: the report does not say the readout was clamped"
done
ok "run free" "$nmx" run "$work/net.h5" --level fixed --limit 12 --no-progress --json "$work/free.json"
[ "$(field "$work/free.json" .clamp)" = none ] || fail "free: clamp is $(field "$work/free.json" .clamp)"
[ "$(field "$work/free.json" .accuracy)" != 1 ] || fail "free: a random network scored 1.0: the clamp test proves nothing"
expect "bad --clamp" "--clamp: teacher not in \{none,label\}|--clamp.*teacher" "$nmx" run "$work/net.h5" --clamp teacher

[ $fails -eq 0 ] || exit 1
echo "clamp: $passes checks passed"
