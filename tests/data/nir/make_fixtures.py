#!/usr/bin/python3
"""Writes the NIR fixtures of tests/data/nir with h5py, in the layout of the NIR reference
implementation's nir.write (nir/serialization.py, NIR 1.0.7): root dataset `version`
(variable-length string), group `node` with `type` = "NIRGraph", `nodes/<name>` groups
(dataset `type` plus the node's parameters as arrays, gzip-compressed as nir.write does)
and `edges`, an E x 2 array of node names. Run it from anywhere: it writes beside itself.
Times are in seconds; the tests import them with --dt 1e-3."""
import os
import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
F = np.float32


def write(name, nodes, edges, version="1.0.7"):
    with h5py.File(os.path.join(HERE, name), "w") as f:
        f.create_dataset("version", data=version, dtype=h5py.string_dtype())
        g = f.create_group("node")
        g.create_dataset("type", data="NIRGraph", dtype=h5py.string_dtype())
        ns = g.create_group("nodes")
        for key, fields in nodes.items():
            n = ns.create_group(key)
            for k, v in fields.items():
                if isinstance(v, str):
                    n.create_dataset(k, data=v, dtype=h5py.string_dtype())
                elif isinstance(v, np.ndarray):
                    n.create_dataset(k, data=v, dtype=v.dtype, compression="gzip")
                else:
                    n.create_dataset(k, data=v)
        g.create_dataset("edges", data=edges)


def inp(n):
    return {"type": "Input", "shape": np.array([n], dtype=np.int64)}


def out(n):
    return {"type": "Output", "shape": np.array([n], dtype=np.int64)}


# Input(4) -> Linear -> LIF(3) -> Linear -> Delay(2 ms) -> CubaLIF(2) -> Output, with a
# recurrent Linear on the CubaLIF. The unit tests check the imported numbers.
W1 = np.array([[1.0, 0.5, 0.0, -0.5], [0.0, 2.0, 1.0, 0.0], [0.25, 0.0, 0.0, 1.0]], dtype=F)
W2 = np.array([[1.0, -1.0, 0.5], [0.0, 0.5, 2.0]], dtype=F)
WR = np.array([[0.0, 0.5], [-0.5, 0.0]], dtype=F)
chain = {
    "input": inp(4),
    "fc1": {"type": "Linear", "weight": W1},
    "lif1": {"type": "LIF", "tau": np.array([0.01, 0.02, 0.005], dtype=F), "r": np.array([10.0, 10.0, 10.0], dtype=F),
             "v_leak": np.array([0.0, 0.1, 0.0], dtype=F), "v_threshold": np.array([1.0, 1.0, 0.5], dtype=F),
             "v_reset": np.zeros(3, dtype=F)},
    "fc2": {"type": "Linear", "weight": W2},
    "delay2": {"type": "Delay", "delay": np.array([0.002, 0.002], dtype=F)},
    "cuba": {"type": "CubaLIF", "tau_syn": np.array([0.005, 0.005], dtype=F), "tau_mem": np.array([0.01, 0.02], dtype=F),
             "r": np.array([100.0, 100.0], dtype=F), "v_leak": np.zeros(2, dtype=F),
             "v_threshold": np.array([1.0, 2.0], dtype=F), "w_in": np.array([1.0, 0.5], dtype=F)},
    "rec": {"type": "Linear", "weight": WR},
    "output": out(2),
}
write("chain.nir", chain, [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "delay2"), ("delay2", "cuba"),
                           ("cuba", "rec"), ("rec", "cuba"), ("cuba", "output")])

# Input [1, 2] -> Flatten -> Affine (bias) -> IF(2) -> Output.
write("if_affine.nir", {
    "input": {"type": "Input", "shape": np.array([1, 2], dtype=np.int64)},
    "flat": {"type": "Flatten", "start_dim": 0, "end_dim": -1, "input_type": np.array([1, 2], dtype=np.int64)},
    "fc": {"type": "Affine", "weight": np.array([[1.0, 0.0], [0.5, 0.5]], dtype=F), "bias": np.array([0.1, -0.2], dtype=F)},
    "if1": {"type": "IF", "r": np.array([500.0, 1000.0], dtype=F), "v_threshold": np.array([1.0, 1.0], dtype=F)},
    "output": out(2),
}, [("input", "flat"), ("flat", "fc"), ("fc", "if1"), ("if1", "output")])

# Bad inputs: one problem each.
lif = {k: v for k, v in chain["lif1"].items()}
del lif["tau"]
write("bad_missing_tau.nir", {"input": inp(4), "fc1": chain["fc1"], "lif1": lif, "output": out(3)},
      [("input", "fc1"), ("fc1", "lif1"), ("lif1", "output")])
write("bad_unknown_node.nir", {"input": inp(4), "conv": {"type": "Conv2d", "weight": np.ones((1, 1, 3, 3), dtype=F)},
                               "output": out(4)}, [("input", "conv"), ("conv", "output")])
write("bad_shape.nir", {"input": inp(5), "fc1": chain["fc1"], "lif1": chain["lif1"], "output": out(3)},
      [("input", "fc1"), ("fc1", "lif1"), ("lif1", "output")])
write("bad_branch.nir", {"input": inp(4), "fc1": chain["fc1"], "lif1": chain["lif1"], "lif1b": chain["lif1"],
                         "fc2": {"type": "Linear", "weight": np.eye(3, dtype=F)}, "output": out(3)},
      [("input", "fc1"), ("fc1", "lif1"), ("fc1", "lif1b"), ("lif1", "fc2"), ("lif1b", "fc2"), ("fc2", "lif1"),
       ("lif1", "output")])
d = {k: v for k, v in chain.items()}
d["delay2"] = {"type": "Delay", "delay": np.array([0.0025, 0.002], dtype=F)}
write("bad_delay.nir", d, [("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "delay2"), ("delay2", "cuba"),
                           ("cuba", "output")])
with h5py.File(os.path.join(HERE, "bad_no_type.nir"), "w") as f:
    f.create_dataset("version", data="1.0.7", dtype=h5py.string_dtype())
    g = f.create_group("node")
    g.create_dataset("type", data="NIRGraph", dtype=h5py.string_dtype())
    g.create_group("nodes").create_group("input").create_dataset("shape", data=np.array([2]))
    g.create_dataset("edges", data=[("input", "input")])

# Input(3) -> Linear -> Threshold(3) -> Linear -> LI(2) -> Output: the stateless threshold
# and the non-spiking leaky integrator (readout by membrane).
WT = np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 1.0], [0.5, 0.5, 0.5]], dtype=F)
WL = np.array([[1.0, -0.5, 0.25], [0.0, 2.0, 1.0]], dtype=F)
li_threshold = {
    "input": inp(3),
    "fc1": {"type": "Linear", "weight": WT},
    "thr": {"type": "Threshold", "threshold": np.array([0.5, 1.5, 1.0], dtype=F)},
    "fc2": {"type": "Linear", "weight": WL},
    "li": {"type": "LI", "tau": np.array([0.01, 0.02], dtype=F), "r": np.array([1.0, 2.0], dtype=F),
           "v_leak": np.array([0.0, 0.1], dtype=F)},
    "output": out(2),
}
write("li_threshold.nir", li_threshold, [("input", "fc1"), ("fc1", "thr"), ("thr", "fc2"), ("fc2", "li"),
                                         ("li", "output")])

# Input(2) -> Affine (bias) -> Integrator(2) -> Output.
write("integrator.nir", {
    "input": inp(2),
    "fc": {"type": "Affine", "weight": np.array([[1.0, -1.0], [0.5, 0.0]], dtype=F),
           "bias": np.array([0.1, 0.0], dtype=F)},
    "int1": {"type": "Integrator", "r": np.array([500.0, 1000.0], dtype=F)},
    "output": out(2),
}, [("input", "fc"), ("fc", "int1"), ("int1", "output")])

# A Threshold at 0 (it would fire without input) and an LI with a negative time constant.
t = dict(li_threshold)
t["thr"] = {"type": "Threshold", "threshold": np.array([0.5, 0.0, 1.0], dtype=F)}
write("bad_threshold.nir", t, [("input", "fc1"), ("fc1", "thr"), ("thr", "fc2"), ("fc2", "li"), ("li", "output")])
t = dict(li_threshold)
t["li"] = dict(li_threshold["li"], tau=np.array([0.01, -0.02], dtype=F))
write("bad_li_tau.nir", t, [("input", "fc1"), ("fc1", "thr"), ("thr", "fc2"), ("fc2", "li"), ("li", "output")])
