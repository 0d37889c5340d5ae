#!/usr/bin/env python3
"""The HRSNN table of docs/results.md from scripts/results-hrsnn.sh's JSON files:
per level and configuration the mean and 95% t-interval half-width over the seeds."""
import glob
import json
import statistics
import sys

T95 = {2: 12.706, 3: 4.303, 4: 3.182, 5: 2.776, 6: 2.571, 7: 2.447, 8: 2.365, 9: 2.306, 10: 2.262}
CONFIGS = [("homog-nostdp", "equal τ_m, no STDP"), ("homog-homstdp", "equal τ_m, homogeneous STDP"),
           ("homog-hetstdp", "equal τ_m, heterogeneous STDP"), ("gamma-nostdp", "Gamma τ_m, no STDP"),
           ("gamma-homstdp", "Gamma τ_m, homogeneous STDP"), ("gamma-hetstdp", "Gamma τ_m, heterogeneous STDP")]
# (JSON field, scale, decimals) per column
COLUMNS = [("memory_capacity", 1, 3), ("nrmse_mackey_glass", 1, 3), ("nrmse_lorenz", 1, 3), ("accuracy", 100, 1),
           ("spikes_per_neuron_step", 1, 3)]


def cell(values, decimals):
    mean = statistics.mean(values)
    if len(values) < 2:
        return f"{mean:.{decimals}f}"
    half = T95.get(len(values), 1.96) * statistics.stdev(values) / len(values) ** 0.5
    return f"{mean:.{decimals}f} ± {half:.{decimals}f}"


def main(out):
    print("| level | neurons, STDP | MC | NRMSE Mackey-Glass | NRMSE Lorenz | accuracy [%] | spikes / neuron / step |")
    print("|---|---|---|---|---|---|---|")
    for level in ("l0", "l1"):
        for name, label in CONFIGS:
            rows = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/{level}-{name}-s*.json"))]
            if rows:
                cells = [cell([r[k] * s for r in rows], d) for k, s, d in COLUMNS]
                print(f"| {level.upper()} | {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/results/hrsnn")
