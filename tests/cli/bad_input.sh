#!/usr/bin/env bash
# Bad input through the real `nmx` binary: each case must exit 2, print one error naming
# the file/field/range, and leave no output file behind.
set -u
nmx="$1"
. "$(dirname "$0")/expect.sh"

"$nmx" generate -o "$work/net.h5" --layers 784,40,10 --quantize >/dev/null || { echo "FAIL: generate"; exit 1; }
"$nmx" generate -o "$work/float.h5" --layers 784,40,10 >/dev/null || { echo "FAIL: generate float"; exit 1; }
head -c 3000 "$work/net.h5" > "$work/truncated.h5"
head -c 5000 /dev/urandom > "$work/garbage.h5"
echo '{"core": {"delay_slots": 12}}' > "$work/hw_d12.json"
echo '{"core": {"lanes": 0}}' > "$work/hw_lanes0.json"
echo '{"core": {"neuronz": 8}}' > "$work/hw_typo.json"
echo '{"core": {"neurons": 8}, "chip": {"mesh_x": 1, "mesh_y": 1}}' > "$work/hw_small.json"
echo '{"core": {"axons": 100}}' > "$work/hw_axons.json"
echo '{"core": {"delay_slots": 4}}' > "$work/hw_d4.json"
echo '{"core": ' > "$work/hw_broken.json"
echo '{"chip": {"mesh_x": 1, "mesh_y": 1}}' > "$work/hw_mesh1.json"
mkdir -p "$work/fake-fmnist"
for f in train-images-idx3 t10k-images-idx3 train-labels-idx1 t10k-labels-idx1; do
  printf 'not an idx file at all, definitely' | gzip > "$work/fake-fmnist/$f-ubyte.gz"
done

expect "unknown option"        "--bogus"                         "$nmx" run "$work/net.h5" --bogus
expect "unknown subcommand"    "unknown subcommand .frobnicate."         "$nmx" frobnicate
expect "import missing file"   "model.nir: cannot open"          "$nmx" import model.nir -o "$work/imp.h5"
expect "check without L1"      "L1 \(fixed\) is the reference"  "$nmx" check "$work/net.h5" --levels systemc,rtl
expect "check trace needs rtl" "add rtl to --levels"             "$nmx" check "$work/net.h5" --levels fixed,systemc --trace "$work/out.fst"
expect "bench chips need sized" "they need --rtl-chip both"       "$nmx" bench --rtl-chip builtin --rtl-chips 2
expect "check net and random"  "give no network file"            "$nmx" check "$work/net.h5" --random 3
expect "check unknown level"   "unknown level 'gpu'"             "$nmx" check "$work/net.h5" --levels fixed,gpu
expect "missing network"       "nope.h5"                         "$nmx" run "$work/nope.h5" --json "$work/out.json"
expect "truncated network"     "truncated.h5"                    "$nmx" run "$work/truncated.h5" --json "$work/out.json"
expect "garbage network"       "garbage.h5"                      "$nmx" info "$work/garbage.h5"
expect "float net at L1"       "not quantised"                   "$nmx" run "$work/float.h5" --level fixed --json "$work/out.json"
expect "D not power of two"    "core.delay_slots = 12.*power of two" "$nmx" run "$work/net.h5" --hw "$work/hw_d12.json" --json "$work/out.json"
expect "zero lanes"            "core.lanes = 0"                  "$nmx" run "$work/net.h5" --hw "$work/hw_lanes0.json"
expect "hw typo"               "unknown key 'core.neuronz'"      "$nmx" run "$work/net.h5" --hw "$work/hw_typo.json"
expect "hw broken json"        "hw_broken.json: not valid JSON"  "$nmx" run "$work/net.h5" --hw "$work/hw_broken.json"
expect "too many neurons"      "does not fit the chip.*cores"    "$nmx" quantize "$work/float.h5" -o "$work/out.h5" --hw "$work/hw_small.json"
# Mode projections (docs/chip-spec.md §6): a chip without the unit, too few modes, a bad WM.
"$nmx" generate -o "$work/modes.h5" --layers 16,20 --modes 4 >/dev/null || { echo "FAIL: generate --modes"; exit 1; }
echo '{"core": {"modes": 2}}' > "$work/hw_modes2.json"
echo '{"core": {"modes": 17}}' > "$work/hw_modes17.json"
expect "no mode unit"          "mode_projections\[0\] 'modes1' needs a mode unit.*core.modes = 0" "$nmx" quantize "$work/modes.h5" -o "$work/out.h5"
expect "too many modes"        "mode_projections\[0\] 'modes1'.modes = 4 is out of range \(allowed: 1..2, core.modes in .*hw_modes2.json\)" "$nmx" quantize "$work/modes.h5" -o "$work/out.h5" --hw "$work/hw_modes2.json"
expect "core.modes range"      "core.modes = 17 is out of range \(allowed: 0..16\)" "$nmx" quantize "$work/modes.h5" -o "$work/out.h5" --hw "$work/hw_modes17.json"
expect "mode bits range"       "--mode-bits"                     "$nmx" quantize "$work/modes.h5" -o "$work/out.h5" --mode-bits 13
expect "too many axons"        "quantize: network does not fit the chip: core 0 .*more than 100 axons.*hw_axons.json: core.axons" "$nmx" quantize "$work/float.h5" -o "$work/out.h5" --hw "$work/hw_axons.json"
expect "hidden too wide"       "quantize: network does not fit the chip: core 5 \(population 'output'\) needs more than 1024 axons" "$nmx" generate -o "$work/out.h5" --layers 784,1100,10 --quantize
expect "hw not the stored one" "hw_d4.json: core.delay_slots = 4 differs from the chip .*net.h5 was quantised and mapped for \(core.delay_slots = 16\)" "$nmx" run "$work/net.h5" --hw "$work/hw_d4.json" --json "$work/out.json"
expect "bad level"             "level"                           "$nmx" run "$work/net.h5" --level L9
expect "bad dataset"           "data"                            "$nmx" run "$work/net.h5" --data cifar
expect "wrong IDX magic"       "fake-fmnist.*(magic|header|truncated)" "$nmx" run "$work/net.h5" --data-dir "$work/fake-fmnist" --json "$work/out.json"
expect "weight bits"           "weight-bits"                     "$nmx" quantize "$work/float.h5" -o "$work/out.h5" --weight-bits 3
# L2 (SystemC): configurations it cannot elaborate fail before elaboration, with no trace left.
expect "L2 D not power of two" "core.delay_slots = 12.*power of two" "$nmx" run "$work/net.h5" --level systemc --hw "$work/hw_d12.json" --trace "$work/out.vcd"
expect "L2 zero lanes"         "core.lanes = 0 is out of range"  "$nmx" run "$work/net.h5" --level systemc --hw "$work/hw_lanes0.json" --trace "$work/out.vcd"
expect "L2 mesh not stored one" "hw_mesh1.json: chip.mesh_x = 1 differs" "$nmx" run "$work/net.h5" --level systemc --hw "$work/hw_mesh1.json" --trace "$work/out.vcd"
expect "L2 bad trace window"   "trace-steps"                     "$nmx" run "$work/net.h5" --level systemc --trace "$work/out.vcd" --trace-steps 9:3
expect "trace needs systemc"   "need --level systemc"            "$nmx" run "$work/net.h5" --level fixed --trace "$work/out.vcd"
# Training: corrupt data, a checkpoint of another shape, a damaged checkpoint; nothing written.
expect "train corrupt data"    "fake-fmnist.*(magic|header|truncated)" "$nmx" train delay -o "$work/out.h5" --data-dir "$work/fake-fmnist" --no-progress
"$nmx" train delay -o "$work/small.h5" --hidden 20 --limit 64 --eval 16 --epochs 1 --checkpoint "$work/small.ckpt" --no-progress >/dev/null 2>&1 ||
  { echo "FAIL: small training run"; fails=$((fails+1)); }
expect "train other shape"     "784-20-10.*this run is 784-30-10" "$nmx" train delay -o "$work/out.h5" --hidden 30 --limit 64 --eval 16 --checkpoint "$work/small.ckpt" --no-progress
head -c 4000 "$work/small.ckpt" > "$work/cut.ckpt"
expect "train truncated ckpt"  "cut.ckpt: checkpoint is (truncated|damaged)" "$nmx" train delay -o "$work/out.h5" --hidden 20 --limit 64 --eval 16 --checkpoint "$work/cut.ckpt" --no-progress
expect "train garbage ckpt"    "garbage.h5: not an nmx delay-training checkpoint" "$nmx" train delay -o "$work/out.h5" --hidden 20 --limit 64 --checkpoint "$work/garbage.h5" --no-progress
# Sweeps: trainer options, seeds, area and L2 points checked before any work; no database (out.sqlite) left.
sweep_spec() { echo "{\"data\": {\"name\": \"mnist\", \"limit\": 5}, $2}" > "$work/$1.json"; }
printf '{"network": "%s/float.h5",\n "data": {"name": "mnist", "limt": 5},\n "axes": {"lanes": [8]}}\n' "$work" > "$work/sw_data_key.json"
printf '{"format": "nmx-tem-observations", "version": 1, "inputs": 1, "neurons": 1, "theta": [1],\n  "exmaples": []}\n' > "$work/obs_key.json"
sweep_spec sw_train_key  '"train": {"method": "delay", "epoch": 1}, "axes": {"seed": [1]}'
sweep_spec sw_train_lr   '"train": {"method": "delay", "lr": -1}, "axes": {"seed": [1]}'
sweep_spec sw_train_data '"train": {"method": "delay", "data": "cifar"}, "axes": {"seed": [1]}'
sweep_spec sw_seed       '"network": "'"$work"'/float.h5", "axes": {"seed": [-3]}'
sweep_spec sw_area_type  '"network": "'"$work"'/float.h5", "area": "yes", "axes": {"lanes": [8]}'
sweep_spec sw_area_core  '"network": "'"$work"'/float.h5", "area": true, "axes": {"lanes": [8], "neurons": [48]}'
sweep_spec sw_l2_lanes   '"network": "'"$work"'/float.h5", "level": "systemc", "axes": {"lanes": [0]}'
expect "sweep train key"       "sw_train_key.json:1:[0-9]+: unknown key 'train.epoch' \(allowed: .*epochs" "$nmx" sweep "$work/sw_train_key.json" --db "$work/out.sqlite"
expect "sweep data key"        "sw_data_key.json:2:28: unknown key 'data.limt' \(allowed: dir, limit, name, split\)" "$nmx" sweep "$work/sw_data_key.json" --db "$work/out.sqlite"
expect "observations key"      "obs_key.json:2:3: unknown key 'exmaples' \(allowed: bias, examples, format, inputs, neurons, theta, version\)" "$nmx" train tem --observations "$work/obs_key.json" -o "$work/out.h5"
expect "sweep train lr"        "sw_train_lr.json: train: lr = -1.*\(0, 10\]" "$nmx" sweep "$work/sw_train_lr.json" --db "$work/out.sqlite"
expect "sweep train data"      "train: data = cifar.*fashion-mnist, mnist" "$nmx" sweep "$work/sw_train_data.json" --db "$work/out.sqlite"
expect "sweep seed"            "axes.seed = -3.*whole number" "$nmx" sweep "$work/sw_seed.json" --db "$work/out.sqlite"
expect "sweep area type"       "area must be true or false" "$nmx" sweep "$work/sw_area_type.json" --db "$work/out.sqlite"
expect "sweep area core"       "powers of two.*N=48"         "$nmx" sweep "$work/sw_area_core.json" --db "$work/out.sqlite"
expect "sweep L2 lanes"        "core.lanes = 0 is out of range" "$nmx" sweep "$work/sw_l2_lanes.json" --db "$work/out.sqlite"
expect "train shift range"     "--augment-shift: Value 5 not in range 0 to 4" "$nmx" train delay -o "$work/out.h5" --augment-shift 5 --no-progress
expect "train schedule"        "lr-schedule.*(constant|cosine)"  "$nmx" train delay -o "$work/out.h5" --lr-schedule step --no-progress
expect "train decay on delays" "weight-decay applies to --learn weights only" "$nmx" train delay -o "$work/out.h5" --weight-decay 0.01 --hidden 20 --limit 64 --no-progress

# And the good path writes its output.
if "$nmx" run "$work/net.h5" --limit 5 --no-progress --json "$work/good.json" >/dev/null 2>&1 && [ -s "$work/good.json" ]; then
  passes=$((passes+1))
else
  echo "FAIL good run did not write its JSON"; fails=$((fails+1))
fi
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
