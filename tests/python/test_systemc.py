#!/usr/bin/python3
"""The nmx Python module at L2 (SystemC), in its own process: L2 = L1 bit for bit on numpy
rasters, the timing figures come back, and a second SystemC use in the process is refused
with a clear error (SystemC elaborates once per process)."""
import unittest

import numpy as np

import nmx


class SystemC(unittest.TestCase):
    def test_systemc_equals_fixed_then_refuses_a_second_use(self):
        net = nmx.quantize(nmx.generate([12, 8, 4], seed=3, weight_gain=3.0, max_delay=3))
        x = (np.random.default_rng(7).random((2, 10, 12)) < 0.3).astype(np.uint8)
        l1 = nmx.run(net, x, level="fixed")
        l2 = nmx.run(net, x, level="systemc")
        for name, got in l2["populations"].items():
            for what in got:
                np.testing.assert_array_equal(got[what], l1["populations"][name][what], err_msg=name + " " + what)
        self.assertGreater(sum(int(p["spikes"].sum()) for p in l2["populations"].values()), int(x.sum()))
        timing = l2["report"]["l2"]
        self.assertGreater(timing["cycles_per_step"], 0)
        self.assertEqual(timing["lockstep_l1"]["steps"], 20)
        with self.assertRaisesRegex(ValueError, "SystemC elaborates once per process"):
            nmx.run(net, x, level="systemc")
        with self.assertRaisesRegex(ValueError, "SystemC elaborates once per process"):
            nmx.check(net, x, levels=["systemc"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
