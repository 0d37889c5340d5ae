#!/usr/bin/env bash
# Recording through the real binary: per-step spikes, v and u of chosen populations, steps
# and samples at L0, L1 and L2 (L1 = L2 bit for bit in the file), read back with h5py;
# `nmx report --raster` draws them; `nmx check --random --save` writes a network and inputs
# that `nmx run --input` replays; bad options name the option and what is allowed.
set -u
nmx="$1"
py=/usr/bin/python3
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }

"$nmx" generate -o "$work/net.h5" --layers 784,40,10 --quantize >/dev/null 2>&1 || { echo "FAIL: generate"; exit 1; }
rec=(--limit 3 --no-progress --record spikes,v,u --record-pops hidden1,output --record-steps 2:7 --record-samples 2)
for level in float fixed systemc; do
  "$nmx" run "$work/net.h5" --level $level "${rec[@]}" --record-out "$work/rec-$level.h5" >"$work/run-$level.out" 2>&1 ||
    { cat "$work/run-$level.out"; fail "run --level $level --record"; }
  grep -q "recording: .*rec-$level.h5 (2 samples, steps 2:7)" "$work/run-$level.out" || fail "$level: no recording line"
done
$py - "$work" >"$work/rec.out" 2>&1 <<'PY' || { cat "$work/rec.out"; fail "recording layout or content"; }
import sys, h5py, numpy as np
w = sys.argv[1]
files = {lv: h5py.File(f"{w}/rec-{lv}.h5", "r") for lv in ("float", "fixed", "systemc")}
for lv, f in files.items():
    assert f.attrs["format"] == "nmx-recording" and f.attrs["level"] == lv, lv
    assert list(f["steps"][()]) == [2, 3, 4, 5, 6, 7] and list(f["samples"][()]) == [0, 1]
    assert sorted(f["populations"]) == ["hidden1", "output"], list(f["populations"])
    for name, n in (("hidden1", 40), ("output", 10)):
        g = f["populations"][name]
        for q in ("spikes", "v", "u"):
            assert g[q].shape == (2, 6, n), (lv, name, q, g[q].shape)
        assert g["spikes"].dtype == np.uint8 and set(np.unique(g["spikes"][()])) <= {0, 1}
        assert g["v"].attrs["units"].startswith("membrane units")
a, b = files["fixed"], files["systemc"]
for name in ("hidden1", "output"):
    for q in ("spikes", "v", "u"):
        assert np.array_equal(a["populations"][name][q][()], b["populations"][name][q][()]), (name, q)
h = a["populations"]["hidden1"]
assert h["spikes"][()].sum() > 0 and np.abs(h["v"][()]).max() > 0 and np.abs(h["u"][()]).max() > 0
# L1 is the chip's arithmetic: its v in membrane units is a multiple of the population's lsb.
lsb = h.attrs["lsb"]
assert np.allclose(h["v"][()] / lsb, np.round(h["v"][()] / lsb))
print("L1 = L2 in the recording;", int(h["spikes"][()].sum()), "hidden spikes")
PY

# report --raster: a raster and membrane traces, PNGs.
mkdir -p "$work/plots"
"$nmx" report "$work/rec-fixed.h5" --raster --plots "$work/plots" >"$work/report.out" 2>&1 || { cat "$work/report.out"; fail "report --raster"; }
for png in rec-fixed.raster.png rec-fixed.membrane.png; do
  [ -s "$work/plots/$png" ] || { cat "$work/report.out"; fail "no $png"; }
  head -c 8 "$work/plots/$png" | grep -q PNG || fail "$png is not a PNG"
done
grep -q "level fixed, 2 samples, steps 2:7" "$work/report.out" || { cat "$work/report.out"; fail "report summary"; }

# check --random --save: the drawn network and inputs, replayed by run --input at L1 and L2.
"$nmx" check --random 5 --samples 3 --levels fixed,systemc --save "$work/drawn" --no-progress >"$work/check.out" 2>&1 ||
  { cat "$work/check.out"; fail "check --random --save"; }
grep -q "saved: .*drawn/network.h5, .*drawn/inputs.h5" "$work/check.out" || { cat "$work/check.out"; fail "no saved line"; }
for level in fixed systemc; do
  "$nmx" run "$work/drawn/network.h5" --input "$work/drawn/inputs.h5" --level $level --no-progress --record spikes \
    --record-samples 3 --record-out "$work/replay-$level.h5" >"$work/replay-$level.out" 2>&1 ||
    { cat "$work/replay-$level.out"; fail "replay at $level"; }
done
$py - "$work" >"$work/replay.out" 2>&1 <<'PY' || { cat "$work/replay.out"; fail "replay L1 != L2 or wrong inputs"; }
import sys, h5py, numpy as np
w = sys.argv[1]
with h5py.File(f"{w}/replay-fixed.h5") as a, h5py.File(f"{w}/replay-systemc.h5") as b, h5py.File(f"{w}/drawn/inputs.h5") as i:
    spikes = i["spikes"][()]
    assert spikes.ndim == 3 and spikes.shape[0] == 3
    inp = [n for n in a["populations"] if a["populations"][n].attrs["kind"] == "input"][0]
    assert np.array_equal(a["populations"][inp]["spikes"][()], spikes)  # the inputs replayed are the ones drawn
    for n in a["populations"]:
        assert np.array_equal(a["populations"][n]["spikes"][()], b["populations"][n]["spikes"][()]), n
    print("replayed", int(spikes.sum()), "input spikes")
PY

# Bad options and inputs: one message naming the option or file and what is allowed.
expect "unknown population" "--record-pops hidden1,nope: no population 'nope' \(allowed: input, hidden1, output\)" \
  "$nmx" run "$work/net.h5" --limit 1 --no-progress --record spikes --record-pops hidden1,nope --record-out "$work/out.h5"
expect "steps out of range" "--record-steps 5:50: step 50 is out of range \(allowed: 0..9, the sample's steps\)" \
  "$nmx" run "$work/net.h5" --limit 1 --no-progress --record v --record-steps 5:50 --record-out "$work/out.h5"
expect "steps reversed" "--record-steps 7:3: the last step is before the first" \
  "$nmx" run "$work/net.h5" --limit 1 --no-progress --record v --record-steps 7:3 --record-out "$work/out.h5"
expect "unknown quantity" "--record spikes,w: unknown quantity 'w' \(allowed: spikes, v, u\)" \
  "$nmx" run "$work/net.h5" --limit 1 --no-progress --record spikes,w --record-out "$work/out.h5"
expect "samples" "--record-samples 5 is out of range \(allowed: 1..2, the samples in the run\)" \
  "$nmx" run "$work/net.h5" --limit 2 --no-progress --record v --record-samples 5 --record-out "$work/out.h5"
expect "record without out" "--record and --record-out go together" "$nmx" run "$work/net.h5" --limit 1 --record v
$py - "$work/in5.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "w") as f:
    f["spikes"] = np.zeros((1, 4, 5), dtype=np.uint8)
PY
expect "input size" "in5.h5: /spikes: has 5 inputs per step, .*net.h5 input population 'input' has 784" \
  "$nmx" run "$work/net.h5" --input "$work/in5.h5" --no-progress --json "$work/out.json"
expect "save without random" "--save writes what --random draws" "$nmx" check "$work/net.h5" --save "$work/out.d"
expect "raster of a non-recording" "net.h5: not an nmx recording" "$nmx" report "$work/net.h5" --raster

[ "$fails" = 0 ] || exit 1
echo "record: L0, L1, L2 recorded ($(cat "$work/rec.out")); raster and membrane PNGs; check --save replayed ($(cat "$work/replay.out")); $passes bad options refused"
