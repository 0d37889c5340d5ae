#!/usr/bin/env python3
"""Summarises `nmx train gem --json` runs (scripts/results-gem.sh): mean and 95% t-interval
over seeds of every evaluation figure, per (training K, inference K), as Markdown tables, and
plots (gnuplot) of accuracy, log-likelihood and ECE against K into docs/img/gem-<data>-*.png.

    scripts/gem-summary.py DIR DATASET
"""
import glob
import json
import math
import os
import subprocess
import sys
from collections import defaultdict

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def ci(xs):
    n = len(xs)
    m = sum(xs) / n
    if n < 2:
        return m, float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (n - 1))
    return m, T95.get(n - 1, 1.96) * sd / math.sqrt(n)


def main():
    d, data = sys.argv[1], sys.argv[2]
    runs = defaultdict(list)  # (k_train, k_eval) -> [eval dict]
    speed = defaultdict(list)
    curves = defaultdict(list)
    seeds = set()
    seeds_of = defaultdict(list)
    for f in sorted(glob.glob(os.path.join(d, "k*-s*.json"))):
        j = json.load(open(f))
        last = j["epochs"][-1]
        seeds.add(j["seed"])
        speed[j["compartments"]].append(last["learning_steps_per_second"])
        curves[j["compartments"]].append(last["curve"])
        for e in last["eval"]:
            runs[(j["compartments"], e["compartments"])].append(e)
            seeds_of[(j["compartments"], e["compartments"])].append(j["seed"])
    keys = [("accuracy", 100, "%.1f"), ("log_likelihood", 1, "%.1f"), ("ece", 1, "%.3f"),
            ("vote_accuracy", 100, "%.1f"), ("vote_log_prob", 1, "%.3f"), ("vote_ece", 1, "%.3f")]
    print("| K train | K infer | acc (likelihood) % | test log-lik (nats) | ECE (likelihood) | acc (vote) % | "
          "log vote prob | ECE (vote) | seeds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (kt, ke) in sorted(runs):
        rs = runs[(kt, ke)]
        cells = []
        for key, scale, fmt in keys:
            m, h = ci([r[key] * scale for r in rs])
            cells.append((fmt % m) + " ± " + (fmt % h))
        print("| %d | %d | %s | %d |" % (kt, ke, " | ".join(cells), len(rs)))
    print()
    # paired by seed (same initial weights and sample order): change against K = 1
    by_seed = defaultdict(dict)
    for (kt, ke), rs in runs.items():
        for r, f in zip(rs, seeds_of[(kt, ke)]):
            by_seed[(kt, ke)][f] = r
    print("| change against K = 1 (paired by seed) | acc (likelihood) pt | test log-lik | ECE (likelihood) | "
          "acc (vote) pt | log vote prob | ECE (vote) |")
    print("|---|---|---|---|---|---|---|")
    for label, pick in (("K train = K infer = %d vs 1", lambda k: ((k, k), (1, 1))),
                        ("K train = %d vs 1, K infer = 1", lambda k: ((k, 1), (1, 1))),
                        ("K infer = %d vs 1, K train = 1", lambda k: ((1, k), (1, 1)))):
        for k in (2, 5, 10):
            a, b = pick(k)
            if a not in by_seed or b not in by_seed:
                continue
            common = sorted(set(by_seed[a]) & set(by_seed[b]))
            cells = []
            for key, scale, fmt in keys:
                m, h = ci([(by_seed[a][c][key] - by_seed[b][c][key]) * scale for c in common])
                cells.append(("%+" + fmt[1:]) % m + " ± " + (fmt % h))
            print("| " + (label % k) + " | " + " | ".join(cells) + " |")
    print()
    print("| K train | learning steps/s |")
    print("|---|---|")
    for k in sorted(speed):
        m, h = ci(speed[k])
        print("| %d | %.0f ± %.0f |" % (k, m, h))
    # plots: metric against K, training K = inference K (solid) and inference K with training K = 1
    img = os.path.join("docs", "img")
    os.makedirs(img, exist_ok=True)
    dat = os.path.join(d, "summary.dat")
    with open(dat, "w") as f:
        for sel, name in ((lambda kt, ke: kt == ke, "train=infer"), (lambda kt, ke: kt == 1, "train=1"),
                          (lambda kt, ke: ke == 1, "infer=1")):
            f.write("# %s\n" % name)
            for (kt, ke) in sorted(runs, key=lambda p: (p[1], p[0]) if name != "infer=1" else p):
                if not sel(kt, ke):
                    continue
                x = ke if name != "infer=1" else kt
                row = [x]
                for key, scale, _ in keys:
                    row += list(ci([r[key] * scale for r in runs[(kt, ke)]]))
                f.write(" ".join("%g" % v for v in row) + "\n")
            f.write("\n\n")
    cols = {"acc": (2, "accuracy (%)", 11), "ll": (4, "test log-likelihood (nats/sample)", None),
            "ece": (6, "expected calibration error", 12)}
    for name, (c, label, vote_c) in cols.items():
        png = os.path.join(img, "gem-%s-%s.png" % (data, name))
        plot = ["set terminal pngcairo size 640,420", "set output '%s'" % png, "set logscale x 2",
                "set xlabel 'K (compartments)'", "set ylabel '%s'" % label, "set key outside bottom center horizontal",
                "set xtics (1,2,5,10)", "set title '%s, mean and 95%% CI over %d seeds'" % (data, len(seeds))]
        series = ["'%s' index 0 using 1:%d:%d with yerrorlines title 'likelihood, K train = K infer'" % (dat, c, c + 1),
                  "'%s' index 1 using 1:%d:%d with yerrorlines title 'likelihood, K train = 1'" % (dat, c, c + 1),
                  "'%s' index 2 using 1:%d:%d with yerrorlines title 'likelihood, K infer = 1 (x = K train)'" % (dat, c, c + 1)]
        if vote_c:
            series += ["'%s' index 0 using 1:%d:%d with yerrorlines dt 2 title 'vote, K train = K infer'" % (dat, vote_c, vote_c + 1),
                       "'%s' index 2 using 1:%d:%d with yerrorlines dt 2 title 'vote, K infer = 1 (x = K train)'" % (dat, vote_c, vote_c + 1)]
        plot.append("plot " + ", ".join(series))
        gp = os.path.join(d, "plot-%s.gp" % name)
        open(gp, "w").write("\n".join(plot) + "\n")
        subprocess.run(["gnuplot", gp], check=True)
    # learning curves (mean over seeds) per training K
    png = os.path.join(img, "gem-%s-curve.png" % data)
    cd = os.path.join(d, "curve.dat")
    with open(cd, "w") as f:
        for k in sorted(curves):
            f.write("# K %d\n" % k)
            n = min(len(c) for c in curves[k])
            for i in range(n):
                f.write("%d %g\n" % (curves[k][0][i][0], sum(c[i][1] for c in curves[k]) / len(curves[k])))
            f.write("\n\n")
    gp = os.path.join(d, "plot-curve.gp")
    ks = sorted(curves)
    open(gp, "w").write("\n".join([
        "set terminal pngcairo size 640,420", "set output '%s'" % png, "set xlabel 'training samples'",
        "set ylabel 'training bound L_K (nats/sample, mean of 100)'", "set key bottom right",
        "set title '%s: learning curves (mean over seeds)'" % data,
        "plot " + ", ".join("'%s' index %d using 1:2 with lines title 'K = %d'" % (cd, i, k) for i, k in enumerate(ks))]) + "\n")
    subprocess.run(["gnuplot", gp], check=True)


if __name__ == "__main__":
    main()
