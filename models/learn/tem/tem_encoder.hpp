// The perfect (non-leaky) integrate-and-fire time-encoding machine in continuous time
// (docs/tem.md): v(0) = 0, dv/dt = w·x(t) + b; a spike at every t where v reaches θ,
// then v -= θ. Between consecutive spikes t_k < t_k+1 therefore
//   ∫ (w·x(u) + b) du over [t_k, t_k+1] = θ          (θ = 2κδ in the paper's terms)
// which is the linear constraint tem_fit.hpp solves. Time is in timesteps; the chip's
// discrete version of the same neuron is du = 1, dv = 0, bias b, subtractive reset at θ
// (docs/tem.md gives the mapping and the discretisation error).
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "tem/signal.hpp"

namespace nmx::tem {

struct TemNeuron {
  std::vector<double> w;  // one weight per input channel
  double bias = 0;        // b, per timestep
  double theta = 1;       // θ = 2κδ, > 0
};

// A layer of TEM neurons sharing one input signal.
struct Layer {
  Eigen::MatrixXd w;  // neurons x inputs
  std::vector<double> bias, theta;
  TemNeuron neuron(uint32_t j) const;
};

// Exact spike times for the piecewise-linear signal: within a step the integral is a
// quadratic in time, so each threshold crossing is the first root of a quadratic.
std::vector<double> spike_times(const Signal& x, const TemNeuron& n);

}  // namespace nmx::tem
