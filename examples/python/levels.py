#!/usr/bin/python3
# %% [markdown]
# # nmx from Python: one network at every level
# Generate a small network, quantise it for the default chip, run numpy input rasters at
# L0 (float), L1 (bit-accurate) and L3 (the Verilated RTL), compare what they record, and
# check L1 against L3 in lockstep. Run it as a script (`make` builds the module into
# build/python):  PYTHONPATH=build/python python3 examples/python/levels.py
# Each `# %%` starts a cell for editors that run scripts as notebooks.

# %%
import numpy as np

import nmx

net = nmx.quantize(nmx.generate([16, 12, 4], seed=2, weight_gain=3.0, max_delay=4))
print(net)

# %% Input rasters: [samples][steps][inputs] of 0/1
rng = np.random.default_rng(0)
spikes = (rng.random((4, net.steps, net.input_size)) < 0.25).astype(np.uint8)

# %% Run at three levels; each returns spikes, v and u per population, [samples][steps][neurons]
runs = {level: nmx.run(net, spikes, level=level) for level in ("float", "fixed", "rtl")}
for level, r in runs.items():
    counts = {name: int(p["spikes"].sum()) for name, p in r["populations"].items()}
    print(f"{level:6s} spikes per population {counts}  predictions {r['predictions'].tolist()}")

# %% L1 and L3 are the same chip: equal bit for bit. L0 is the float network they approximate.
hidden = net.populations[1]["name"]
same = all(np.array_equal(runs["fixed"]["populations"][n][k], runs["rtl"]["populations"][n][k])
           for n in runs["fixed"]["populations"] for k in runs["fixed"]["populations"][n])
rmse = float(np.sqrt(np.mean((runs["fixed"]["populations"][hidden]["v"] - runs["float"]["populations"][hidden]["v"]) ** 2)))
print(f"L1 = L3 bit for bit: {same};  membrane RMSE L1 vs L0 in '{hidden}': {rmse:.4f}")

# %% The lockstep check (as `nmx check`): L1 against L3, state included
result = nmx.check(net, spikes, levels=["rtl"], state=True)
print(f"check: ok={result['ok']}  {result['steps']} steps, {result['words']} words compared")
assert same and result["ok"]
