#!/usr/bin/env bash
# Output paths are checked before any work, by every subcommand that writes one: exit 2
# naming the path, nothing printed by the work itself (no run report, no yosys), and no
# output left. `--json -` writes the JSON, and only it, to standard output.
set -u
nmx="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"  # absolute: one case runs in $work
. "$(dirname "$0")/expect.sh"

"$nmx" generate -o "$work/net.h5" --layers 784,40,10 --steps 8 --quantize >/dev/null || fail "generate"
"$nmx" generate -o "$work/float.h5" --layers 784,40,10 >/dev/null || fail "generate float"
echo '{"core": {"neurons": 32, "axons": 64, "delay_slots": 8}}' > "$work/hw.json"
echo x > "$work/file.txt"
bad="$work/no-such-folder/out.json"
# expect_early NAME PATTERN CMD...: as expect, and the command printed nothing on stdout.
expect_early() {
  local name="$1"; expect "$@"
  if [ -s "$work/stdout" ]; then echo "FAIL $name: work was done before the path was checked:"; head -3 "$work/stdout"; fails=$((fails+1)); fi
}
expect_early "run --json"        "no-such-folder/out.json.*does not exist" "$nmx" run "$work/net.h5" --limit 300 --json "$bad"
expect_early "run --trace"       "no-such-folder/out.vcd.*does not exist"  "$nmx" run "$work/net.h5" --level systemc --limit 3 --trace "$work/no-such-folder/out.vcd"
expect_early "run --json dir"    "is a folder"                             "$nmx" run "$work/net.h5" --limit 300 --json "$work"
expect_early "check --trace"     "no-such-folder/out.fst"                  "$nmx" check "$work/net.h5" --levels fixed,rtl --trace "$work/no-such-folder/out.fst"
expect_early "synth --json"      "no-such-folder/out.json"                 "$nmx" synth --hw "$work/hw.json" --json "$bad"
expect_early "synth --keep"      "file.txt is not a folder"                "$nmx" synth --hw "$work/hw.json" --keep "$work/file.txt/keep"
expect_early "bench --json"      "no-such-folder/out.json"                 "$nmx" bench --seconds 0.05 --chip-samples 1 --rtl-samples 1 --rtl-chip builtin --json "$bad"
expect_early "generate -o"       "no-such-folder/out.h5"                   "$nmx" generate --layers 784,40,10 -o "$work/no-such-folder/out.h5"
expect_early "quantize -o"       "no-such-folder/out.h5"                   "$nmx" quantize "$work/float.h5" -o "$work/no-such-folder/out.h5"
expect_early "train -o"          "no-such-folder/out.h5"                   "$nmx" train delay --data mnist --epochs 1 -o "$work/no-such-folder/out.h5"
expect_early "train --checkpoint" "no-such-folder/out.ckpt"                "$nmx" train delay --data mnist --epochs 1 -o "$work/out.h5" --checkpoint "$work/no-such-folder/out.ckpt"
expect_early "train tem -o"      "no-such-folder/out.h5"                   "$nmx" train tem -o "$work/no-such-folder/out.h5"
expect_early "tem study --out"   "file.txt is not a folder"                "$nmx" tem study --out "$work/file.txt/study"
echo '{"network": "'"$work"'/net.h5", "data": {"name": "mnist", "limit": 20}, "axes": {"weight_bits": [2]}}' > "$work/spec.json"
expect_early "sweep --db"        "no-such-folder/out.sqlite"               "$nmx" sweep "$work/spec.json" --db "$work/no-such-folder/out.sqlite"
"$nmx" sweep "$work/spec.json" --db "$work/r.sqlite" >/dev/null 2>&1 || fail "sweep"
expect_early "report --csv"      "no-such-folder/out.csv"                  "$nmx" report "$work/r.sqlite" --csv "$work/no-such-folder/out.csv"
expect_early "report --json"     "no-such-folder/out.json"                 "$nmx" report "$work/r.sqlite" --json "$bad"
expect_early "report --plots"    "file.txt/plots.*file.txt is not a folder" "$nmx" report "$work/r.sqlite" --plots "$work/file.txt/plots"
expect_early "report --plots /proc" "/proc/nmx-plots.*cannot create the folder" "$nmx" report "$work/r.sqlite" --plots /proc/nmx-plots
expect_early "report --plots file" "file.txt: exists and is not a folder"  "$nmx" report "$work/r.sqlite" --plots "$work/file.txt"

# --json -: the JSON alone on standard output, the text report on stderr; no file named -.
json_only() {
  local name="$1"; shift
  (cd "$work" && "$@" > "$work/json.out" 2> "$work/json.err")
  if [ $? -ne 0 ]; then echo "FAIL $name: exit status"; cat "$work/json.err"; fails=$((fails+1)); return; fi
  if ! jq empty "$work/json.out" 2>/dev/null; then
    echo "FAIL $name: standard output is not JSON:"; head -5 "$work/json.out"; fails=$((fails+1)); return; fi
  if [ -e "$work/-" ]; then echo "FAIL $name: wrote a file named -"; fails=$((fails+1)); return; fi
  passes=$((passes+1))
}
json_only "run --json -"    "$nmx" run "$work/net.h5" --limit 20 --no-progress --json -
grep -q "accuracy" "$work/json.err" || { echo "FAIL run --json -: the text report is not on stderr"; fails=$((fails+1)); }
json_only "report --json -" "$nmx" report "$work/r.sqlite" --json -

echo "output paths: $passes passed, $fails failed"
[ $fails -eq 0 ]
