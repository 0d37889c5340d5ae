// `nmx train gem --level fixed` (docs/gem.md, "Training on the chip"): GEM learned online
// by the bit-accurate chip (L1), its plasticity unit running the eligibility rule and the
// host (gem_chip.hpp) writing the importance weights, the clamps and the weight ties. The
// same data, options, figures and reports as the float trainer (gem_trainer.hpp), so the
// two learning curves sit side by side.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "gem/gem_chip.hpp"
#include "gem/gem_model.hpp"
#include "gem/gem_trainer.hpp"
#include "hw/hw_config.hpp"
#include "net/network.hpp"

namespace nmx {

struct GemChipOptions {
  int weight_bits = 8;       // WB of every projection, {4, 8}
  int headroom_bits = 2;     // codes span 2^h times the largest initial weight (room to learn), [0, 6]
  int sigma_shift = 8;       // l = sigma >> s (gem::ChipLearnerOptions), [0, 15]
  int32_t trace_amp = 256;   // the largest x1 increment on a presynaptic spike, [1, 4096]: a 16-bit
                             // trace fed every step by a kernel of tau <= 15.49 steps stays unsaturated
  uint32_t tie_every = 1;    // steps between the host's weight ties, [1, 100000]
};

// A projection's learning rate on the chip. Its rule is dw = 2^-lr_shift e l with x1 += amp
// on a spike, so a code moves by amp e sigma 2^(15 - sigma_shift - lr_shift) where the model
// moves a weight by lr sigma e: lr_shift (and amp, halved while lr_shift would pass 16) are
// chosen so the two agree in the model's units; `lr` is what they give after rounding.
struct GemChipRate {
  std::string projection;
  int32_t amp = 0;   // x1's increment, [1, trace_amp]
  int lr_shift = 0;  // s of dw = 2^-s e l, [0, 16]
  double lr = 0;     // the rate in the model's units
};

// What the chip trainer cannot follow, refused (InputError naming the option and range):
// a second basis kernel, learned feedback, an update other than every step, and the chip
// options out of range. The feedback kernel's time constant is not used.
void check_gem_chip_options(const GemTrainOptions& opt, const GemChipOptions& c);

// kappa = 1 - 2^-s: the eligibility decay the chip's rule can hold nearest to `kappa`.
int gem_chip_kappa_shift(double kappa);

// The one-compartment chip network of a GLM model: input -> hidden, input -> visible and
// hidden -> visible, dense; stochastic neurons with v = u every step (dv = 1) and u's
// decay the first basis kernel's (so u is the filtered input: the chip's synaptic current
// is the model's basis-1 trace). The initial biases are the neurons' own; since the chip
// has no plastic bias, their change is learned by synapses (from 0) from a bias neuron that
// spikes every step (a weight w settles u at w / du). Every
// projection learns the eligibility rule de = x1 post - 2^-16 p x1 - 2^-kappa_shift e,
// dw = 2^-lr_shift e l (epoch 1), x1 with the basis-1 decay, per projection as GemChipRate
// for `learn.lr`, kappa from `learn.kappa`. Not mapped: the second basis kernel and the
// feedback kernel. Quantised to `c.weight_bits`.
// The neurons' LFSR seeds are drawn from `seed`.
Network gem_chip_network(const gem::Params& p, const GemChipOptions& c, const gem::LearnOptions& learn, uint64_t seed,
                         std::vector<GemChipRate>* rates = nullptr);
// The rates of a run of `opt` (its initial network), for reports.
std::vector<GemChipRate> gem_chip_rates(const GemTrainOptions& opt, const GemChipOptions& c);

// A chip with room for `net` (axons for the input fan-in, cores for every population):
// the built-in defaults with plasticity on and the mesh grown to fit.
HwConfig gem_chip_hw(const Network& net, int weight_bits);

// GEM trained online at L1; figures as train_gem's. Evaluation runs the learned weights
// (compartment 0's, which the ties keep equal to every other's) at L1 with K_eval
// compartments, learning off: the class scores are the IW bound of the visible
// log-likelihood under the chip's own spike probabilities (its sigmoid table).
std::vector<GemEpochReport> train_gem_chip(const GemTrainOptions& opt, const GemChipOptions& c,
                                           const std::function<void(const GemEpochReport&)>& on_epoch = {});

// Class scores and votes of one sample on a running chip level (learning off) of a
// K-compartment network: score_c = log mean_k exp(Lambda_k(c)).
GemSampleScores gem_chip_scores(LevelModel& level, const gem::Compartments& c, uint32_t visible,
                                const InputRaster& in);

}  // namespace nmx
