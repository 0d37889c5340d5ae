// Shared by the L2 tests: random input rasters and an L1 = L2 lockstep run. Each TEST_CASE
// elaborates one SystemC chip, and ctest runs every case in its own process.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <catch2/catch.hpp>

#include "bench/paired_timing.hpp"
#include "gen/generate.hpp"
#include "l2/chip_model_l2.hpp"
#include "quant/quantize.hpp"

namespace nmx::test {

using Raster = std::vector<std::vector<uint32_t>>;

// Each input neuron active with probability p in each step (ascending indices).
inline Raster random_raster(uint32_t inputs, uint32_t steps, double p, uint64_t seed) {
  return random_input_steps(inputs, p, seed, steps);
}

struct LockstepResult {
  l2::L2Totals totals;
  std::vector<StepCycles> steps;  // every timestep of every sample, in order
  uint64_t spikes = 0;
};

// Runs the samples through L2 with L1 in lockstep (spikes and every neuron's state, every
// step); a divergence fails the test with the checker's MISMATCH line.
using OnStep = std::function<void(const ChipModel& l2, uint32_t step)>;

inline LockstepResult run_lockstep(const ChipImage& chip, const std::vector<Raster>& samples,
                                   const OnStep& on_step = {}, const l2::TraceOptions& trace = {},
                                   l2::L2Options opt = {}) {
  opt.compare_state = true;
  opt.trace = trace;
  l2::ChipModelL2 model(chip, opt);
  LockstepResult r;
  static const std::vector<uint32_t> none;
  try {
    for (const Raster& raster : samples) {
      model.reset();
      for (size_t t = 0; t < raster.size(); ++t) {
        std::vector<CoreSpike> out;
        model.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : none, out);
        r.spikes += out.size();
        r.steps.push_back(model.chip().last_step());
        if (on_step) on_step(model, static_cast<uint32_t>(t));
      }
    }
  } catch (const LockstepError& e) {
    FAIL(e.what());
  }
  model.chip().finish_trace();
  r.totals = model.totals();
  CHECK(r.totals.lockstep_steps == r.steps.size());
  return r;
}

inline Network generated(GenerateOptions g, QuantizeOptions q = {}) { return quantize(generate_network(g), q); }

}  // namespace nmx::test
