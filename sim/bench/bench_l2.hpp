// L2 (SystemC) speed against L1 on the 784-800-10 ternary-delay network (4+1 cores), the
// same samples through both levels in one run, single thread each.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace nmx::l2 {

struct BenchL2Options {
  uint32_t samples = 100, steps = 50;
  double input_rate = 0.05;  // fraction of the 784 inputs spiking per step
  uint64_t seed = 1;
};

struct BenchL2Result {
  uint32_t cores = 0;
  uint64_t steps = 0, cycles = 0, synaptic_events = 0;
  double l2_seconds = 0, l1_seconds = 0;
  double steps_per_second = 0, cycles_per_second = 0, core_cycles_per_second = 0;
  double ratio_l2_over_l1 = 0;  // wall time, same work
};

BenchL2Result bench_l2(const BenchL2Options& opt);
nlohmann::json to_json(const BenchL2Result& r, const BenchL2Options& opt);

}  // namespace nmx::l2
