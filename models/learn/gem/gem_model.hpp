// Multi-compartment probabilistic SNN trained by GEM (docs/gem.md): GLM neurons whose
// membrane u is a sum of exponential-basis feedforward kernels on presynaptic spikes, a
// feedback kernel on the neuron's own spikes and a bias; a neuron spikes with probability
// sigmoid(u) each step. Exogenous inputs feed the hidden and the visible (output) neurons,
// hidden neurons feed the visible ones. Hidden neurons have K compartments: K independent
// samples sharing the weights. Visible neurons are clamped to their target.
//
// Learning (one three-factor rule for every parameter): per compartment k an eligibility
// e_k = kappa e_k + (s - sigmoid(u)) x (x the filtered presynaptic activity; s the sampled
// hidden spike or the visible target), a learning signal v_k = kappa_v v_k + the visible
// log-likelihood of step t under compartment k, importance weights sigma = softmax_k(v),
// and every `update_every` steps theta += lr * sum_k sigma_k e_k. With kappa = kappa_v = 1
// and one update at the end of the sample this is exactly the gradient of the GEM
// objective Q = sum_k sigma_k (log q(h_k) + Lambda_k) (sigma held fixed), whose visible
// part is the gradient of the bound L_K = log mean_k exp(Lambda_k): tests/unit/test_gem.cpp
// checks both against finite differences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "encode/encoder.hpp"

namespace nmx::gem {

constexpr uint32_t kMaxBasis = 2;
constexpr uint32_t kVoteStream = 1u << 16;  // compartment index offset of the visible streams at inference  // the plasticity unit's pre traces x1, x2 (docs/gem.md)

struct Shape {
  uint32_t inputs = 1352, hidden = 16, visible = 10, basis = 2, steps = 80;
  uint32_t input_dim() const { return inputs * basis; }           // filtered inputs
  uint32_t visible_dim() const { return (inputs + hidden) * basis; }  // visible fan-in
};

// Kernels as 12-bit decay fractions d (docs/plasticity.md's trace decay): a trace is
// x <- x (1 - d / 4096) + s each step. Build them with kernel_decay (gem_hw.hpp checks the
// time constants fit the chip's 16-bit traces).
struct Kernels {
  int32_t basis_decay[kMaxBasis] = {1993, 481};  // kernel_decay(1.5), kernel_decay(8): tau in steps
  int32_t feedback_decay = 906;                  // kernel_decay(4)
};

// Flat parameter vector: w_h[i * input_dim + j * basis + b], fb_h[i], b_h[i],
// w_v[i * visible_dim + (input or inputs + hidden neuron) * basis + b], fb_v[i], b_v[i].
struct Layout {
  explicit Layout(const Shape& s);
  size_t w_h, fb_h, b_h, w_v, fb_v, b_v, total;
};

struct Params {
  Shape shape;
  Kernels kernels;
  std::vector<double> v;
};

// Initial parameters: weights ~ N(0, (gain / sqrt(fan-in))^2), feedback 0, hidden bias
// `hidden_bias`, visible bias `visible_bias`.
Params init_params(const Shape& s, const Kernels& k, uint64_t seed, double gain = 1.0, double hidden_bias = -1.0,
                   double visible_bias = -2.0);

struct LearnOptions {
  double lr = 0.0;             // 0: no update (evaluation, gradient tests read `update`)
  double kappa = 1.0;          // eligibility decay per step
  double kappa_v = 1.0;        // learning-signal decay per step
  uint32_t update_every = 0;   // steps between updates; 0 = once, at the end of the sample
  bool feedback = true;        // false: the feedback weights stay as they are (the chip's network has none)
};

// Hidden spikes of one sample: [k][t][i], 0/1.
using HiddenSpikes = std::vector<uint8_t>;

struct SampleResult {
  std::vector<double> lambda;   // [k] visible log-likelihood of the target (sum over steps)
  std::vector<double> log_q;    // [k] log-probability of the hidden samples
  std::vector<double> sigma;    // [k] importance weights at the last step
  double bound = 0;             // log mean_k exp(lambda_k)
  uint64_t hidden_spikes = 0;
};

// Compartment k's hidden-sampling stream for sample `sample_id` of a run seeded `seed`.
uint64_t compartment_seed(uint64_t seed, uint64_t sample_id, uint32_t k);

class Workspace {
 public:
  Workspace(const Shape& s, uint32_t compartments);
  uint32_t compartments() const { return K_; }

  // Runs one sample with the visible neurons clamped to `target` ([t][i], 0/1; size
  // steps * visible, else InputError). Hidden spikes are sampled (streams compartment_seed)
  // unless `forced` gives them; `record` receives them. With o.lr != 0 the parameters
  // change online; with `update` (size Layout.total) the sum of all updates / lr (o.lr = 0:
  // the updates that would have been made) is accumulated into it.
  SampleResult run(Params& p, const InputRaster& in, const std::vector<uint8_t>& target, uint64_t seed,
                   uint64_t sample_id, const LearnOptions& o, std::vector<double>* update = nullptr,
                   const HiddenSpikes* forced = nullptr, HiddenSpikes* record = nullptr);

  // Inference: hidden neurons sampled freely (visible neurons do not feed them), then the
  // visible log-likelihood of every class pattern c (neuron c spikes every step, the others
  // never) under each compartment: score[c] = log mean_k exp(Lambda_k(c)), the IW bound on
  // log p(pattern c | input).
  // With `votes` (size visible), also the free-running decision: each compartment samples
  // its visible neurons too (streams compartment_seed(seed, sample_id, kVoteStream + k)) and
  // votes for the class whose neuron spiked most (ties share the vote); votes[c] is the
  // fraction of compartments voting c.
  std::vector<double> class_scores(const Params& p, const InputRaster& in, uint64_t seed, uint64_t sample_id,
                                   std::vector<double>* votes = nullptr);

 private:
  void check_input(const Params& p, const InputRaster& in) const;
  void step_inputs(const Params& p, const InputRaster& in, uint32_t t);
  void advance_traces(const InputRaster& in, uint32_t t, const std::vector<uint8_t>& spk, const double* a, double a_fb);

  Shape s_;
  uint32_t K_;
  std::vector<double> x_;       // input traces [input_dim]
  std::vector<double> h_;       // hidden traces [k][hidden * basis]
  std::vector<double> yh_;      // hidden feedback traces [k][hidden]
  std::vector<double> yv_;      // visible feedback traces [visible]
  std::vector<double> uh_in_, uv_in_, g_h_, g_v_, v_sig_, sigma_;
  std::vector<double> e_;       // eligibility [k][Layout.total]
};

// The target raster of label `label`: neuron `label` spikes every step, the others never.
std::vector<uint8_t> label_target(const Shape& s, int label);

double log_sigmoid(double u);
double log_mean_exp(const std::vector<double>& x);

}  // namespace nmx::gem
