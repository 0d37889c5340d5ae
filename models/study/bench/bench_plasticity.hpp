// L1 with learning on against L1 with learning off: a recurrent network of 1,000 neurons,
// 10% recurrent connectivity, pair STDP on every projection, one thread, interleaved on
// the same inputs (docs/performance.md).
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

namespace nmx {

struct BenchPlasticityOptions {
  uint32_t inputs = 100, neurons = 1000;
  double connectivity = 0.1;   // recurrent (and input) density
  double input_rate = 0.05;    // fraction of inputs spiking per step
  double min_seconds = 1.0;    // per contestant
  uint64_t seed = 1;
};

struct BenchPlasticityResult {
  double on_steps_per_second = 0, off_steps_per_second = 0;
  double ratio_on_over_off = 0;
  double spikes_per_step = 0;               // learning on
  double spikes_per_step_off = 0;           // learning off
  double plastic_evaluations_per_step = 0;  // (synapse, event) evaluations, learning on
  double synaptic_events_per_step = 0;      // learning on
  uint64_t synapses = 0;
  uint32_t cores = 0;
};

BenchPlasticityResult bench_plasticity(const BenchPlasticityOptions& opt);
nlohmann::json to_json(const BenchPlasticityResult& r, const BenchPlasticityOptions& opt);

}  // namespace nmx
