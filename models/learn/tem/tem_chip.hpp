// Time-encoding layers on the chip (docs/chip-spec.md §2): the integrate-and-fire time encoder
// is the core's datapath with du = 1 (u = this step's input), dv = 0 (no leak), bias b per
// step and subtractive reset at θ. Inputs reach the chip through the direct-current
// encoder driven by each step's mean signal value (one spike carries the charge of one
// step at intensity 1), so with time in steps the chip's weights, bias and θ are the
// continuous neuron's w, b and θ = 2κδ/dt unchanged. docs/tem.md derives the mapping and
// the error the discretisation adds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "hw/hw_config.hpp"
#include "net/network.hpp"
#include "tem/signal.hpp"
#include "tem/tem_encoder.hpp"

namespace nmx::tem {

// A float network: inputs -> TEM population (dense, delays 0), `steps` steps per sample,
// direct-current encoder with gain 1, spike-count readout.
Network make_network(const Layer& layer, uint32_t steps, const std::string& name);

// The layer a TEM network holds (real parameters); InputError naming `source` and the field
// if the network is not one input population feeding one du = 1, dv = 0, subtract-reset
// population.
Layer layer_of(const Network& net, const std::string& source);

// The signals a TEM network is exercised with: band-limited, one channel per input neuron,
// as long as the network's sample; example e of `seed` is the same at every level.
Signal test_signal(const Network& net, uint64_t seed, uint32_t example);

// The chip's input raster for a signal (the direct-current encoder on the step means).
std::vector<std::vector<uint32_t>> chip_raster(const Network& net, const Signal& x);

// Spike-time error between levels, in timesteps (= dt). A spike in step t of a discrete
// level is placed at t + 1, the end of the step in which v crossed θ; spikes are matched
// in order per neuron; unmatched spikes are counted.
struct TimeError {
  size_t matched = 0, unmatched = 0;
  double mean_abs = 0, rms = 0, max_abs = 0, mean_signed = 0;
};

struct TimingReport {
  uint32_t examples = 0, steps = 0;
  size_t spikes_continuous = 0, spikes_l0 = 0, spikes_l1 = 0;
  TimeError l0_vs_continuous;  // time discretisation and input encoding
  TimeError l1_vs_continuous;  // all of it
  TimeError l1_vs_l0;          // fixed-point quantisation alone
};

// Runs the continuous encoder (the recovered weights), L0 (the float network's discrete
// equations) and L1 (the quantised network on `hw`) on `examples` test signals. `source`
// (the file) starts every error message.
TimingReport compare_levels(const Network& quantised, const HwConfig& hw, uint32_t examples, uint64_t seed,
                            const std::string& source);

}  // namespace nmx::tem
