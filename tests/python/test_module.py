#!/usr/bin/python3
"""The nmx Python module (python/): networks, runs at L0, L1 and L3 on numpy rasters, the
lockstep check, bad input. L2 has its own process (test_systemc.py: SystemC elaborates once).
Run by ctest with PYTHONPATH at the built module and NMX_BIN at the CLI."""
import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np

import nmx


def small_network():
    return nmx.quantize(nmx.generate([12, 8, 4], seed=3, weight_gain=3.0, max_delay=3))


def rasters(samples=3, steps=10, inputs=12, seed=7):
    return (np.random.default_rng(seed).random((samples, steps, inputs)) < 0.3).astype(np.uint8)


class Networks(unittest.TestCase):
    def test_generate_quantize_save_load(self):
        net = small_network()
        self.assertTrue(net.quantised)
        self.assertEqual([p["size"] for p in net.populations], [12, 8, 4])
        self.assertEqual(net.input_size, 12)
        with tempfile.TemporaryDirectory() as d:
            net.save(d + "/net.h5")
            back = nmx.load(d + "/net.h5")
        self.assertEqual(back.populations, net.populations)
        self.assertEqual(back.synapses, net.synapses)
        self.assertTrue(back.quantised)

    def test_nir_load_and_save(self):
        data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "nir")
        net = nmx.load(os.path.join(data, "li_threshold.nir"), dt=1e-3, steps=12)
        self.assertEqual([(p["name"], p["size"]) for p in net.populations], [("input", 3), ("thr", 3), ("li", 2)])
        self.assertEqual(net.steps, 12)
        with tempfile.TemporaryDirectory() as d:
            net.save(d + "/back.nir", dt=1e-3)
            back = nmx.load(d + "/back.nir")  # dt and steps from the file's metadata
        self.assertEqual(back.populations, net.populations)
        self.assertEqual(back.steps, 12)
        with self.assertRaisesRegex(ValueError, "no step length"):
            nmx.load(os.path.join(data, "chain.nir"))


class Runs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.net = small_network()
        cls.x = rasters()
        cls.l1 = nmx.run(cls.net, cls.x, level="fixed")

    def test_shapes_and_inputs(self):
        pops = self.l1["populations"]
        names = [p["name"] for p in self.net.populations]
        self.assertEqual(names, ["input", "hidden1", "output"])
        self.assertEqual(sorted(pops), sorted(names))
        self.assertNotIn("v", pops["input"])  # an input population has no state
        np.testing.assert_array_equal(pops[names[0]]["spikes"], self.x)  # the input raster comes back as given
        self.assertEqual(pops[names[1]]["v"].shape, (3, 10, 8))
        self.assertEqual(pops[names[2]]["spikes"].dtype, np.uint8)
        self.assertEqual(self.l1["predictions"].shape, (3,))
        self.assertGreater(int(pops[names[1]]["spikes"].sum()), 0)  # the hidden layer is active

    def test_rtl_is_bit_exact_with_fixed(self):
        l3 = nmx.run(self.net, self.x, level="rtl")
        for name, got in l3["populations"].items():
            for what in got:
                np.testing.assert_array_equal(got[what], self.l1["populations"][name][what], err_msg=name + " " + what)
        np.testing.assert_array_equal(l3["predictions"], self.l1["predictions"])

    def test_one_sample_as_two_dimensions(self):
        one = nmx.run(self.net, self.x[1], level="fixed", record=["v"])
        for name, got in one["populations"].items():
            if "v" in got:
                np.testing.assert_array_equal(got["v"][0], self.l1["populations"][name]["v"][1])

    def test_float_level_agrees_with_fixed(self):
        l0 = nmx.run(self.net, self.x, level="float", record=["spikes"])
        out = self.net.populations[-1]["name"]
        s0, s1 = l0["populations"][out]["spikes"], self.l1["populations"][out]["spikes"]
        both = int((s0 & s1).sum())
        dice = 2.0 * both / max(1, int(s0.sum() + s1.sum()))
        self.assertGreater(dice, 0.8)

    def test_same_as_cli_recording(self):
        with tempfile.TemporaryDirectory() as d:
            self.net.save(d + "/net.h5")
            with h5py.File(d + "/in.h5", "w") as f:
                f["spikes"] = self.x
            subprocess.run([os.environ["NMX_BIN"], "run", d + "/net.h5", "--input", d + "/in.h5", "--no-l0",
                            "--no-progress", "--record", "spikes,v,u", "--record-samples", "3",
                            "--record-out", d + "/rec.h5"], check=True, stdout=subprocess.DEVNULL)
            with h5py.File(d + "/rec.h5") as f:
                for name, got in self.l1["populations"].items():
                    for what in got:
                        np.testing.assert_array_equal(got[what], f["populations"][name][what][()])


class Checks(unittest.TestCase):
    def test_random_network_checks_at_rtl(self):
        net, x = nmx.random_network(5, samples=2)
        r = nmx.check(net, x, levels=["rtl"], state=True)
        self.assertTrue(r["ok"], r["mismatch"])
        self.assertEqual(r["samples"], 2)
        self.assertEqual(r["steps"], x.shape[0] * x.shape[1])
        self.assertGreater(r["words"], 0)
        self.assertGreater(r["spikes"], 0)
        # Samples on two threads (an L1 and L3 chip each): the same totals.
        r2 = nmx.check(net, x, levels=["rtl"], state=True, threads=2)
        for key in ("ok", "samples", "steps", "words", "spikes"):
            self.assertEqual(r2[key], r[key], key)


class BadInput(unittest.TestCase):
    def test_errors_name_the_field(self):
        net = small_network()
        x = rasters()
        x[0, 2, 5] = 2
        with self.assertRaisesRegex(ValueError, r"spikes\[0\]\[2\]\[5\] = 2 \(allowed: 0 or 1\)"):
            nmx.run(net, x)
        with self.assertRaisesRegex(ValueError, "13 inputs per step.*has 12"):
            nmx.run(net, np.zeros((2, 5, 13), np.uint8))
        with self.assertRaisesRegex(ValueError, "not quantised"):
            nmx.run(nmx.generate([12, 4]), rasters(), level="fixed")
        with self.assertRaisesRegex(ValueError, "unknown level"):
            nmx.run(net, rasters(), level="l9")
        with self.assertRaisesRegex(ValueError, "record: unknown quantity 'w'"):
            nmx.run(net, rasters(), record=["w"])
        with self.assertRaisesRegex(ValueError, "trace writes an L3 waveform"):
            nmx.check(net, rasters(), levels=["systemc"], trace="/tmp/x.fst")
        with self.assertRaises(ValueError):
            nmx.load("/nonexistent/net.h5")


if __name__ == "__main__":
    unittest.main(verbosity=2)
