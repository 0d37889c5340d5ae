#!/usr/bin/env python3
"""Learning curves of two sets of `nmx train gem --json` runs side by side (e.g. the float
model and the chip, docs/results.md "GEM"): the training bound per curve point, mean and
95% t-interval over seeds, one line per (set, training K), into a gnuplot PNG; prints the
table.

    scripts/gem-curves.py OUT.png LABEL_A DIR_A LABEL_B DIR_B
"""
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571}


def ci(xs):
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return m, float("nan")
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
    return m, T95.get(len(xs) - 1, 1.96) * sd / math.sqrt(len(xs))


def curves(d):
    by_k = defaultdict(list)
    for f in sorted(glob.glob(os.path.join(d, "k*-s*.json"))):
        j = json.load(open(f))
        by_k[j["compartments"]].append(j["epochs"][-1]["curve"])
    return by_k


def main():
    out, sets = sys.argv[1], list(zip(sys.argv[2::2], sys.argv[3::2]))
    base = os.path.join(tempfile.gettempdir(), os.path.splitext(os.path.basename(out))[0])
    dat = base + ".dat"
    series = []
    print("| level | K | " + " | ".join("after %d samples" % p[0] for p in next(iter(curves(sets[0][1]).values()))[0]) + " | seeds |")
    with open(dat, "w") as f:
        block = 0
        for label, d in sets:
            for k, cs in sorted(curves(d).items()):
                n = min(len(c) for c in cs)
                cells = []
                f.write("# %s K %d\n" % (label, k))
                for i in range(n):
                    m, h = ci([c[i][1] for c in cs])
                    f.write("%d %g %g\n" % (cs[0][i][0], m, h))
                    cells.append("%.1f ± %.1f" % (m, h))
                f.write("\n\n")
                print("| %s | %d | %s | %d |" % (label, k, " | ".join(cells), len(cs)))
                series.append("'%s' index %d using 1:2:3 with yerrorlines %s title '%s, K = %d'" %
                              (dat, block, "dt 2" if label == sets[1][0] else "", label, k))
                block += 1
    gp = base + ".gp"
    open(gp, "w").write("\n".join([
        "set terminal pngcairo size 960,480", "set output '%s'" % out, "set xlabel 'training samples'",
        "set ylabel 'training bound L_K (nats/sample, mean of the last 100)'", "set key outside right",
        "set title 'GEM learning curves: %s' " % " against ".join(l for l, _ in sets),
        "plot " + ", ".join(series)]) + "\n")
    subprocess.run(["gnuplot", gp], check=True)


if __name__ == "__main__":
    main()
