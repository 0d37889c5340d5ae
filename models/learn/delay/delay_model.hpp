// Delay-only learning (docs/delay.md, after Grappolini & Subramoney): a two-layer network
// (inputs -> spiking hidden layer -> integrating output layer) whose weights are frozen
// and whose per-synapse delays are trained. The forward pass is L0's timestep semantics
// exactly (docs/architecture.md): an input spike of step tau through delay d is
// integrated at tau + d, a hidden spike of step t at t + 1 + d; hidden neurons are the
// chip's datapath in floating point (u, v decays du, dv; threshold; subtractive reset);
// output neurons integrate (du = 1, dv = 0) and the loss is softmax cross-entropy on their
// final membrane. With NeuronConfig::model = SrmAlpha the hidden neurons are the paper's
// SRM-alpha model instead (train/srm_hidden.hpp; same input current, same delay rule).
//
// Delays are real during training and truncated in the forward pass; the backward pass
// takes d/dd s(t - d) = -(s(t - n) - s(t - n - 1)), n = floor(d) — the negative finite
// difference of the shifted presynaptic signal. Two modes share one backward pass:
//   Hard:   binary spikes, integer delays, a fast-sigmoid surrogate for the spike
//           derivative (training);
//   Smooth: sigmoid spikes, delays linearly interpolated between n and n + 1, so the
//           backward pass is the exact gradient (the finite-difference tests).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/network.hpp"

namespace nmx::delay {

enum class Mode { Hard, Smooth };

struct Shape {
  uint32_t inputs = 784, hidden = 800, outputs = 10, steps = 10;
};

struct NeuronConfig {
  // Hidden neurons: the chip's datapath (du, dv), or the paper's SRM-alpha model (srm;
  // neuron/srm_kernel.hpp), which nmx quantize maps onto the datapath.
  NeuronModel model = NeuronModel::Datapath;
  SrmParams srm;                  // model == SrmAlpha only
  double du = 0.1, dv = 0.1;      // model == Datapath only. Equal: the alpha (t e^-t/tau) response, tau = 1/du steps
  double theta = 1.0;             // both models
  double surrogate_width = 0.5;   // fast sigmoid: 1 / (1 + |v - theta| / width)^2
  double smooth_gain = 4.0;       // Smooth mode: s = sigmoid(gain * (v - theta) / theta)
  double logit_scale = 0.03;      // logits = scale * output membrane
};

// A hidden spike of pre-activation membrane v, and ds/dv (Hard: the fast-sigmoid
// surrogate; Smooth: the sigmoid's exact derivative, given the spike s). Both models.
inline double spike_of(double v, const NeuronConfig& c, Mode mode) {
  if (mode == Mode::Hard) return v >= c.theta ? 1.0 : 0.0;
  return 1.0 / (1.0 + std::exp(-(c.smooth_gain * (v - c.theta) / c.theta)));
}
inline double spike_slope(double v, double s, const NeuronConfig& c, Mode mode) {
  if (mode == Mode::Smooth) return c.smooth_gain / c.theta * s * (1.0 - s);
  const double q = 1.0 + std::fabs(v - c.theta) / c.surrogate_width;
  return 1.0 / (q * q);
}

// Frozen weights and trainable delays, row-major [pre][post].
struct Params {
  Shape shape;
  std::vector<double> w1, d1;  // inputs x hidden
  std::vector<double> w2, d2;  // hidden x outputs
};

// One input sample: the step of each input's (single) spike, or -1 for none.
using InputTimes = std::vector<int32_t>;

// dL/d(delay) always; dL/d(weight) too when `weights` is set (the weight-training
// baseline of the comparison).
struct Gradients {
  std::vector<double> d1, d2, w1, w2;
  void resize(const Shape& s, bool weights = false) {
    d1.assign(size_t{s.inputs} * s.hidden, 0.0);
    d2.assign(size_t{s.hidden} * s.outputs, 0.0);
    w1.assign(weights ? d1.size() : 0, 0.0);
    w2.assign(weights ? d2.size() : 0, 0.0);
  }
};

struct SampleResult {
  double loss = 0;
  int prediction = -1;
  std::vector<double> logits;
  uint64_t hidden_spikes = 0;
};

// Work buffers reused across samples by one thread.
class Workspace {
 public:
  explicit Workspace(const Shape& s);
  // Forward pass (and, when grad is non-null, backward pass adding dL/dd into *grad).
  SampleResult run(const Params& p, const NeuronConfig& cfg, Mode mode, const InputTimes& in, int label,
                   Gradients* grad);

 private:
  Shape s_;
  // [t][hidden]: input current, datapath u, membrane before the spike (datapath vpre, SRM u),
  // spikes, dL/ds (output path), dL/d(input current); SRM only: dL/du.
  std::vector<double> a1_, u_, vpre_, sp_, a2_, dlds_, g_, delta_;
  std::vector<double> eps_, nu_;  // SRM kernel tables, 0..steps
};

}  // namespace nmx::delay
