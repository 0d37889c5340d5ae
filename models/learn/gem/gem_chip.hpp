// GEM with K compartments on a chip level (docs/gem.md, "On-chip learning with K
// compartments"). The chip has no notion of a compartment, so the host builds one:
// - replicate_compartments copies every neuron population K times (compartment k: its own
//   neurons and LFSR streams, the same initial weights; the input population is shared);
// - ChipLearner, before every step, writes each compartment's learning signal (the
//   importance weight sigma_k of gem_signal_fixed, from the visible neurons' log-likelihood
//   under that compartment), clamps the visible neurons to the target, and every
//   `tie_every` steps ties the copies' weights (shared weights): each copy learned its own
//   w_k <- w_k + 2^-s l_k e_k on chip, and the tied code is c0 + sum_k (c_k - c0), so the
//   K updates add up as GEM's sum_k sigma_k e_k does.
// It drives the chip levels (L1, L2, L3 alike: integer codes and membranes), and so runs
// inside the lockstep checker's before-step hook. (L0 would round its float codes at every
// tie and lose what moved less than half a code.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "level/level_model.hpp"
#include "net/network.hpp"

namespace nmx::gem {

struct Compartments {
  Network net;  // the K-compartment network
  uint32_t K = 1;
  std::vector<std::vector<uint32_t>> population;  // [base population][k]: its copy in net (input: itself)
  std::vector<std::vector<uint32_t>> projection;  // [base projection][k]: its copy in net
};

// K copies of every neuron population and projection of a quantised network; copy k of a
// projection joins copy k of its populations (input projections fan out to every copy).
// The readout is copy 0's. LFSR seeds of copy k: compartment_lfsr_seed. Refuses K outside
// [1, fx::kGemMaxCompartments], a network with mode projections or not quantised
// (InputError naming `source`).
Compartments replicate_compartments(const Network& base, uint32_t K, const std::string& source);

// Copy k's 16-bit LFSR seed of a neuron seeded `seed` (non-zero; copy 0 keeps it).
uint16_t compartment_lfsr_seed(uint16_t seed, uint32_t k);

// The host's tie: for every synapse of every plastic base projection, code = clamp(c0 +
// sum_k (c_k - c0)) into the projection's WB-bit range, c0 the code in `before` (the last
// tie) and c_k copy k's in `learned`; written to every copy of `learned` (code and real
// weight). Returns the synapses whose tied code differs from c0.
uint64_t tie_compartments(const Compartments& c, const Network& before, Network& learned);

struct ChipLearnerOptions {
  uint32_t visible = 0;      // base population clamped to the target (one neuron per class)
  int32_t signal_decay = 0;  // 12-bit decay of the signal v_k per step (0: none, kappa_v = 1)
  uint32_t tie_every = 1;    // steps between ties (0: never)
  // l = sigma_k >> sigma_shift (rounded): with the rule's 2^-16 the learning rate of
  // dw = 2^-s e l is 2^-(s + sigma_shift) in units of sigma; [0, 15].
  int sigma_shift = 0;
};

// The host of one level. Before step t of a sample (t = 0 starts it) with target `label`:
// - t = 0: v_k <- 0, every compartment's l <- 2^15 / K (importance weights of equal
//   signals), clamps: visible neuron `label` spikes, the others stay silent;
// - t > 0: v_k <- sat24(decay(v_k) + sum over visible neurons of log p(target | v)), v the
//   membrane after step t - 1 (a stochastic neuron keeps the v it fired with), then
//   l_k <- sigma_k = importance_weights(v)_k to every neuron of compartment k;
// - every tie_every-th step (K > 1): write_learned, tie_compartments, load_weights.
// The signal used in step t's plasticity phase is therefore step t - 1's: one step later
// than the L0 trainer's (docs/gem.md).
class ChipLearner {
 public:
  ChipLearner(const Compartments& c, const ChipLearnerOptions& o);
  ChipLearner(Compartments&&, const ChipLearnerOptions&) = delete;  // it keeps a reference
  void before_step(uint32_t t, uint32_t label, LevelModel& level);
  // After a sample's last step: its log-likelihood joins loglik() (the signal is left).
  void finish_sample(LevelModel& level) { observe(level); }
  // A tie now (the end of training: what the last steps learned joins the shared weights).
  void tie_now(LevelModel& level) { tie(level); }

  const std::vector<int32_t>& signal() const { return v_; }      // v_k, Q16.8 nats
  // Lambda_k of the sample so far: the visible log-likelihood, undecayed, Q.8 nats.
  const std::vector<int64_t>& loglik() const { return loglik_; }
  const std::vector<int32_t>& sigma() const { return sigma_; }   // sigma_k, Q1.15 (l_k = sigma_k >> sigma_shift)
  uint64_t steps() const { return steps_; }                      // before_step calls
  uint64_t ties() const { return ties_; }
  uint64_t tied_changes() const { return tied_changes_; }        // synapses a tie moved
  const Network& tied() const { return tied_; }                  // the weights as last tied

 private:
  void observe(LevelModel& level);  // step t - 1's log-likelihood into v_k and loglik
  void write_sigma(LevelModel& level);
  void tie(LevelModel& level);

  const Compartments& c_;
  ChipLearnerOptions o_;
  std::vector<uint16_t> log_lut_;
  int shift_ = 0;
  uint32_t label_ = 0;
  std::vector<int32_t> v_, sigma_;
  std::vector<int64_t> loglik_;
  uint64_t steps_ = 0, ties_ = 0, tied_changes_ = 0;
  Network tied_, learned_;
};

}  // namespace nmx::gem
