#!/usr/bin/env bash
# Numeric options through the real binary: every numeric option of every subcommand (found
# by walking `--help`) refuses a negative value with exit 2 and its range, before any work;
# then one case per option type (size_t, uint64_t, unsigned, int, double).
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"
: > "$work/db.sqlite"
echo '{}' > "$work/spec.json"

# The arguments each subcommand requires, so the option under test is what fails.
declare -A required=(
  [run]="$work/x.h5" [generate]="-o $work/out.h5" [quantize]="$work/x.h5 -o $work/out.h5" [info]="$work/x.h5"
  [bench]="" ["train delay"]="-o $work/out.h5" ["train tem"]="-o $work/out.h5" [check]="$work/x.h5"
  [sweep]="$work/spec.json --db $work/out.sqlite" [report]="$work/db.sqlite" [synth]="" ["tem study"]="--out $work/out.d"
  ["tem compare"]="$work/x.h5")
checked=0
for cmd in "${!required[@]}"; do
  # shellcheck disable=SC2086
  opts=$("$nmx" $cmd --help | grep -oE '^ +(-[a-z],)?--[a-z-]+ (UINT|INT|FLOAT)' | grep -oE -- '--[a-z-]+')
  for opt in $opts; do
    # shellcheck disable=SC2086
    expect "$cmd $opt -1" "^$opt: .*(-1 .*(range|allowed)|not in)" "$nmx" $cmd $opt -1 ${required[$cmd]}
    checked=$((checked+1))
  done
done
[ "$checked" -ge 40 ] || { echo "FAIL: only $checked numeric options found in --help"; fails=$((fails+1)); }

# One per type: the range is in the message.
expect "size_t"   "--limit: Value -5 not in range 0 to 60000"            "$nmx" run "$work/x.h5" --limit -5
expect "uint64_t" "--seed: -1 is out of range \(allowed: UINT in \[0 - 18446744073709551615\]\)" \
  "$nmx" generate -o "$work/out.h5" --seed -1
expect "uint64_t, hex" "--seed: 0x10 is not a whole number"            "$nmx" generate -o "$work/out.h5" --seed 0x10
expect "unsigned" "--threads: Value 5000 not in range 0 to 1024"         "$nmx" run "$work/x.h5" --threads 5000
expect "unsigned, fraction" "--trace-sample: Value 1.5 not in range"     "$nmx" run "$work/x.h5" --trace-sample 1.5
expect "int"      "--max-delay: Value 64 not in range 0 to 63"           "$nmx" generate -o "$work/out.h5" --max-delay 64
expect "double"   "--gain: nan is not a finite number \(allowed: FLOAT in \[0 - 1e\+06\]\)" "$nmx" generate -o "$work/out.h5" --gain nan
expect "double, infinite" "--lr: .*inf .*(not in range|not a finite number)" "$nmx" train delay -o "$work/out.h5" --lr inf
echo "$passes passed, $fails failed ($checked numeric options walked)"
[ $fails -eq 0 ]
