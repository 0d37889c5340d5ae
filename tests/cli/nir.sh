#!/usr/bin/env bash
# NIR through the real binary: import the fixtures of tests/data/nir (nir.write's layout),
# run an imported graph on the user's own input rasters at L0 and, quantised, at L1; export
# the bundled trained network, read the file back the way nir.read does (h5py), import it
# again and compare the two networks' L0 spike rasters; bad graphs fail with one message.
set -u
nmx="$1"
data="$2/tests/data/nir"
py=/usr/bin/python3
. "$(dirname "$0")/expect.sh"
fail() { echo "FAIL $*"; fails=$((fails+1)); }

# 1. Import: populations, projections and the notes on dt and the encoder.
"$nmx" import "$data/chain.nir" -o "$work/chain.h5" --dt 1e-3 --steps 20 >"$work/imp.out" 2>&1 || { cat "$work/imp.out"; fail "import chain"; }
grep -q "imported .*chain.nir (NIR): 3 populations, 3 projections, 22 synapses" "$work/imp.out" || { cat "$work/imp.out"; fail "import summary"; }
grep -q "note: dt = 0.001 per step, exact discretisation" "$work/imp.out" || fail "no dt note"
"$nmx" info "$work/chain.h5" >"$work/info.out" 2>&1 || { cat "$work/info.out"; fail "info on the imported network"; }

# 2. The user's own rasters (any input size: here 4), written with h5py; labels optional.
$py - "$work/in4.h5" <<'PY'
import sys, h5py, numpy as np
rng = np.random.default_rng(1)
with h5py.File(sys.argv[1], "w") as f:
    f["spikes"] = (rng.random((3, 20, 4)) < 0.4).astype(np.uint8)
PY
"$nmx" run "$work/chain.h5" --level float --input "$work/in4.h5" --no-progress --json "$work/run.json" >"$work/run.out" 2>&1 ||
  { cat "$work/run.out"; fail "run the imported network on --input"; }
grep -q "accuracy .*n/a (no labels)" "$work/run.out" || { cat "$work/run.out"; fail "unlabelled run"; }
spikes=$(jq '[.populations[].spikes_per_sample] | add' "$work/run.json")
awk -v s="$spikes" 'BEGIN { exit !(s > 0) }' || { cat "$work/run.out"; fail "the imported network is silent ($spikes)"; }
"$nmx" quantize "$work/chain.h5" -o "$work/chain-q.h5" >"$work/q.out" 2>&1 || { cat "$work/q.out"; fail "quantize the imported network"; }
"$nmx" run "$work/chain-q.h5" --level fixed --input "$work/in4.h5" --no-progress >"$work/runq.out" 2>&1 ||
  { cat "$work/runq.out"; fail "run the imported network at L1"; }

# 3. Export the trained network; the file reads as nir.read reads it.
net="$2/examples/fmnist-delay-ternary.h5"
"$nmx" export "$net" -o "$work/fmnist.nir" --dt 1e-3 >"$work/exp.out" 2>&1 || { cat "$work/exp.out"; fail "export"; }
grep -q "exported .*: [0-9]* NIR nodes, [0-9]* edges (NIR 1.0.7)" "$work/exp.out" || { cat "$work/exp.out"; fail "export summary"; }
$py - "$work/fmnist.nir" >"$work/nirread.out" 2>&1 <<'PY' || { cat "$work/nirread.out"; fail "the exported file is not NIR as nir.read reads it"; }
import sys, h5py
neuron = {"LIF": ["tau", "r", "v_leak", "v_threshold"], "CubaLIF": ["tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "w_in"],
          "IF": ["r", "v_threshold"], "LI": ["tau", "r", "v_leak"], "Integrator": ["r"], "Threshold": ["threshold"],
          "Linear": ["weight"], "Affine": ["weight", "bias"], "Delay": ["delay"],
          "Input": ["shape"], "Output": ["shape"]}
with h5py.File(sys.argv[1], "r") as f:
    assert f["version"][()].decode("utf8") == "1.0.7"
    g = f["node"]
    assert g["type"][()] == b"NIRGraph"
    nodes = g["nodes"]
    for name, n in nodes.items():
        t = n["type"][()].decode("utf8")
        for field in neuron[t]:
            assert field in n, (name, t, field)
    edges = [(a.decode("utf8"), b.decode("utf8")) for a, b in g["edges"][()]]
    for a, b in edges:
        assert a in nodes and b in nodes, (a, b)
    types = sorted({n["type"][()].decode("utf8") for n in nodes.values()})
    print("types", types, "edges", len(edges))
PY
"$nmx" import "$work/fmnist.nir" -o "$work/back.h5" >"$work/imp2.out" 2>&1 || { cat "$work/imp2.out"; fail "import the export"; }
# The same rasters through both at L0: identical spikes in every population.
"$nmx" run "$net" --level float --limit 10 --no-progress --record spikes --record-samples 10 --record-out "$work/a.h5" >/dev/null 2>&1 ||
  fail "run the original"
"$nmx" run "$work/back.h5" --level float --limit 10 --no-progress --record spikes --record-samples 10 --record-out "$work/b.h5" >/dev/null 2>&1 ||
  fail "run the round trip"
$py - "$work/a.h5" "$work/b.h5" >"$work/cmp.out" 2>&1 <<'PY' || { cat "$work/cmp.out"; fail "round trip changed the L0 spikes"; }
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as a, h5py.File(sys.argv[2]) as b:
    total = 0
    for name in a["populations"]:
        x, y = a["populations"][name]["spikes"][()], b["populations"][name]["spikes"][()]
        assert x.shape == y.shape and np.array_equal(x, y), name
        total += int(x.sum())
    assert total > 1000, total
    print("identical spikes", total)
PY

# 4. Bad graphs: one message naming the file, the node and the field; nothing written.
expect "missing field"  "bad_missing_tau.nir: node 'lif1' \(LIF\): tau: missing" "$nmx" import "$data/bad_missing_tau.nir" -o "$work/out.h5" --dt 1e-3
expect "unknown node"   "bad_unknown_node.nir: node 'conv' has type 'Conv2d', which the chip cannot run" "$nmx" import "$data/bad_unknown_node.nir" -o "$work/out.h5" --dt 1e-3
expect "wrong shape"    "bad_shape.nir: node 'fc1' \(Linear\): weight: has 4 columns but its input has 5 values" "$nmx" import "$data/bad_shape.nir" -o "$work/out.h5" --dt 1e-3
expect "branching"      "bad_branch.nir: node 'fc2' \(Linear\) has 2 inputs" "$nmx" import "$data/bad_branch.nir" -o "$work/out.h5" --dt 1e-3
expect "delay vs dt"    "bad_delay.nir: the Delay on the path lif1 ... delay2 is 0.00249.* steps of dt = 0.001 \(allowed: whole steps" "$nmx" import "$data/bad_delay.nir" -o "$work/out.h5" --dt 1e-3
expect "no type"        "bad_no_type.nir: /node/nodes/input/type: missing" "$nmx" import "$data/bad_no_type.nir" -o "$work/out.h5" --dt 1e-3
expect "no dt"          "chain.nir: no step length: give --dt" "$nmx" import "$data/chain.nir" -o "$work/out.h5"
expect "not NIR"        "fmnist-delay-ternary.h5: /version: missing" "$nmx" import "$net" -o "$work/out.h5" --dt 1e-3
expect "euler tau < dt" "node 'lif1' \(LIF\): neuron 0: tau = 0.0099[0-9]* is below dt = 0.01 \(forward Euler needs tau >= dt" "$nmx" import "$data/chain.nir" -o "$work/out.h5" --dt 1e-2 --method euler
"$nmx" generate -o "$work/stoch.h5" --layers 20,8,3 --stochastic 0.5 >/dev/null 2>&1 || fail "generate stochastic"
expect "export stochastic" "stoch.h5: populations\[1\] 'hidden1' neuron [0-9]+: .spike = stochastic has no NIR form" "$nmx" export "$work/stoch.h5" -o "$work/out.nir"

[ "$fails" = 0 ] || exit 1
echo "nir: fixtures imported and run (L0, L1), trained network exported, read as NIR, re-imported with identical L0 spikes ($(cat "$work/cmp.out")); $passes bad inputs refused"
