// L0 against L1 learning from the same spike trains: both levels run the samples (each
// starts with reset(), so traces clear and weights carry on, as `nmx run --learning`
// does), and every `every` steps the learned weights of every plastic synapse are compared
// in code units: L1's integer code against L0's continuous one.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx::plastic_study {

struct DriftPoint {
  uint64_t step = 0;               // steps run so far (over all samples)
  double mean_abs_drift = 0;       // mean |w_L1 − w_L0| over plastic synapses (codes)
  double max_abs_drift = 0;
  double rms_change_l1 = 0, rms_change_l0 = 0;  // rms of w − w_start
  double correlation = 0;          // of the two levels' changes (0 when either is all zero)
  uint64_t spikes_l1 = 0, spikes_l0 = 0;  // so far
};

struct DriftResult {
  uint64_t synapses = 0;  // plastic synapses compared
  std::vector<DriftPoint> points;
};

// `samples`: per sample, per step, the input neurons that spike. The network must be
// quantised with at least one plastic projection; `hw` the chip it runs on at L1.
DriftResult plasticity_drift(const Network& net, const HwConfig& hw,
                             const std::vector<std::vector<std::vector<uint32_t>>>& samples, uint64_t every,
                             const std::string& source);

nlohmann::json to_json(const DriftResult& r);

}  // namespace nmx::plastic_study
