// The spiking mode-based network (docs/smnn.md): one recurrent LIF population of N neurons
// whose recurrence is the rank-P product W = xi_in diag(lambda) xi_out^T, applied as two
// thin products per step (l0/mode_float.hpp), a dense input projection and a readout of K
// output integrators. Forward pass and hand-derived backpropagation through time.
//
// The forward pass is the network's own L0 arithmetic (neuron_float, mode_float, the same
// summation order as l0/network_l0.cpp), so a saved network runs at L0 with the same bits.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace nmx::smnn {

struct Shape {
  uint32_t inputs = 784, neurons = 100, modes = 3, outputs = 10, steps = 100;
};

// The LIF population and the rate filter (defaults: dt = 2 ms, tau_s = 10 ms,
// tau_m = 20 ms, tau_d = 30 ms; each decay is the exact 1 - e^(-dt / tau)).
inline double decay_of(double dt_over_tau) { return 1.0 - std::exp(-dt_over_tau); }

struct NeuronConfig {
  double du = decay_of(2.0 / 10.0), dv = decay_of(2.0 / 20.0), rate_decay = decay_of(2.0 / 30.0);
  double theta = 1.0;
  uint32_t refrac = 5;   // steps
  double slope = 10.0;   // surrogate (hard) / sigmoid (smooth) steepness, per unit of membrane
  bool detach_reset = true;  // hard mode: no gradient through the reset (v = v~ (1 - s))
};

// Hard: Heaviside spikes, fast-sigmoid surrogate derivative 1 / (slope |v - theta| + 1)^2.
// Smooth: s = sigmoid(slope (v - theta)) in the forward pass and its exact derivative in the
// backward pass (refractory periods still start when v >= theta), so that the gradient is
// the true derivative of the forward function: what the finite-difference tests check.
enum class Mode { Hard, Smooth };

// Offsets of each trained block in the flat parameter (and gradient) vector.
struct ParamLayout {
  explicit ParamLayout(const Shape& s);
  size_t w_in, xi_in, xi_out, lambda, w_out, bias, total;
};

// w_in[j * N + i] (input j -> neuron i), xi_in/xi_out[i * P + p], lambda[p],
// w_out[i * K + k] (neuron i -> output k), bias[k].
struct Params {
  Shape shape;
  std::vector<double> v;  // ParamLayout(shape).total values
  const double* block(size_t offset) const { return v.data() + offset; }
};

// One sample's input: per step, the active inputs (ascending) and their values (1 for a
// spike, a real value for an analog input).
struct InputSeq {
  std::vector<uint32_t> step_begin;  // steps + 1 offsets into index/value
  std::vector<uint32_t> index;
  std::vector<double> value;
  uint32_t steps() const { return step_begin.empty() ? 0 : static_cast<uint32_t>(step_begin.size() - 1); }
};

// What the loss is: softmax cross-entropy on the max over time of each output (class
// `label`), or the mean squared error of output 0 against `target` over steps
// [window_begin, steps).
struct Target {
  enum Kind { Classify, Regress } kind = Classify;
  int label = 0;
  double target = 0;
  uint32_t window_begin = 0;
};

struct Result {
  double loss = 0;
  int prediction = -1;         // Classify: argmax of the logits (first on ties)
  double response_mean = 0;    // Regress: output 0 averaged over the window
  uint64_t hidden_spikes = 0;  // hard mode; smooth mode: sum of s rounded down
};

// Per-step record of a forward pass, kept for the backward pass and for plots.
struct Trace {
  std::vector<double> v_pre;        // [t][N] membrane before the spike test
  std::vector<double> s;            // [t][N] spike (0/1, or the smooth value)
  std::vector<uint8_t> active;      // [t][N] 1 = not refractory (v was updated)
  std::vector<double> r;            // [t][N] filtered trace after step t
  std::vector<double> m;            // [t][P] mode activities after step t
  std::vector<double> out;          // [t][K] output membrane (the readout) in step t
};

class Workspace {
 public:
  explicit Workspace(const Shape& s);
  // Runs one sample; with grad (size ParamLayout.total, accumulated into) also the backward pass.
  Result run(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in, const Target& target,
             std::vector<double>* grad);
  const Trace& trace() const { return tr_; }

 private:
  void forward(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in);
  Result loss(const Target& target);
  void backward(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in, std::vector<double>& grad);

  Shape s_;
  ParamLayout lay_;
  Trace tr_;
  std::vector<double> g_out_;       // [t][K] dL/d out(t)
  std::vector<double> acc_, cur_, c_, q_, m_, r_, out_acc_;
};

// The fast-sigmoid surrogate derivative at v (theta the threshold).
double surrogate(double v, double theta, double slope);

}  // namespace nmx::smnn
