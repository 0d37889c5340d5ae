// The paper's synthetic experiment (docs/tem.md): a random teacher layer of TEM neurons
// (20 inputs -> 5 neurons by default) encodes band-limited signals; a learner that sees the
// signals (optionally noisy) and the spike times recovers the weights by least squares.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "tem/signal.hpp"
#include "tem/tem_encoder.hpp"
#include "tem/tem_fit.hpp"

namespace nmx::tem {

struct TeacherSpec {
  uint32_t inputs = 20, neurons = 5;
  SignalSpec signal;                 // signal.channels is set to inputs
  double spikes_per_example = 8;     // θ is set so a neuron fires about this often per example
  double min_drive = 0.5;            // b keeps w·x + b >= this for any x in [0, 1]^inputs
  uint64_t seed = 1;
};

// The teacher: weights uniform in [-1, 1], b and θ from the spec.
using Teacher = Layer;

Teacher make_teacher(const TeacherSpec& spec);

// `examples` signals drawn from (seed, example index); spikes from the clean signals; the
// learner's copy of each signal carries Gaussian noise of std `noise` (0 = clean).
Observations observe(const Teacher& teacher, const TeacherSpec& spec, uint32_t examples, double noise,
                     uint64_t seed);

// Spike times of every teacher neuron for one signal: [neuron][k].
std::vector<std::vector<double>> encode_all(const Teacher& teacher, const Signal& x);

}  // namespace nmx::tem
