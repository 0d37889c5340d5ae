// Closed-form readout training for generated reservoirs: ridge regression of one-hot
// targets on the L0 spike counts of the readout's presynaptic population. The readout
// population becomes a bank of perfect integrators (du = 1, dv = 0, no spikes) read out by
// max membrane, so v is the linear readout of the counts that arrived in the window.
#pragma once

#include <functional>

#include <cstddef>

#include "data/dataset.hpp"
#include "net/network.hpp"

namespace nmx {

struct ReadoutFitOptions {
  double ridge = 1.0;  // L2 penalty
  std::function<void(size_t done, size_t total)> progress;  // samples run so far
};

struct ReadoutFitReport {
  size_t samples = 0;
  double train_accuracy = 0;  // of the float linear readout on the fitted counts
};

// Rewrites the projection into net.readout.population (delays 0) and that population's
// parameters. Throws InputError if the readout has no single presynaptic projection.
ReadoutFitReport fit_readout(Network& net, const Dataset& train, const ReadoutFitOptions& opt);

}  // namespace nmx
