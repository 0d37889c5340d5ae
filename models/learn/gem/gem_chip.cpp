#include "gem/gem_chip.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "gem/gem_signal_fixed.hpp"

namespace nmx::gem {

uint16_t compartment_lfsr_seed(uint16_t seed, uint32_t k) {
  if (k == 0) return seed;
  // An odd multiplier spreads k over all 16 bits; a zero seed would lock the LFSR.
  const auto s = static_cast<uint16_t>(seed ^ static_cast<uint16_t>(k * 0x9E37u));
  return s == 0 ? uint16_t{1} : s;
}

Compartments replicate_compartments(const Network& base, uint32_t K, const std::string& source) {
  if (K < 1 || K > static_cast<uint32_t>(fx::kGemMaxCompartments))
    throw InputError(source + ": compartments K = " + std::to_string(K) + " is outside [1, " +
                     std::to_string(fx::kGemMaxCompartments) + "] (the hardware's 4-bit compartment index)");
  if (!base.quantised()) throw InputError(source + ": the network is not quantised (run nmx quantize first)");
  if (!base.mode_projections.empty())
    throw InputError(source + ": mode_projections: a network with a mode unit cannot be split into compartments");
  Compartments c;
  c.K = K;
  c.net = base;
  c.net.populations.clear();
  c.net.projections.clear();
  c.net.mapping.clear();  // K times the neurons: placed anew
  for (const Population& p : base.populations) {
    std::vector<uint32_t> copies;
    for (uint32_t k = 0; k < (p.is_input() ? 1u : K); ++k) {
      copies.push_back(static_cast<uint32_t>(c.net.populations.size()));
      Population q = p;
      if (!p.is_input()) {
        q.name = p.name + "/c" + std::to_string(k);
        for (uint16_t& s : q.lfsr_seed) s = compartment_lfsr_seed(s, k);
      }
      c.net.populations.push_back(std::move(q));
    }
    if (p.is_input()) copies.assign(K, copies.front());
    c.population.push_back(copies);
  }
  for (const Projection& pr : base.projections) {
    std::vector<uint32_t> copies;
    for (uint32_t k = 0; k < K; ++k) {
      copies.push_back(static_cast<uint32_t>(c.net.projections.size()));
      Projection q = pr;
      q.name = pr.name + "/c" + std::to_string(k);
      q.pre = c.population[pr.pre][k];
      q.post = c.population[pr.post][k];
      c.net.projections.push_back(std::move(q));
    }
    c.projection.push_back(copies);
  }
  c.net.readout.population = c.population[base.readout.population][0];
  return c;
}

uint64_t tie_compartments(const Compartments& c, const Network& before, Network& learned) {
  uint64_t moved = 0;
  for (const auto& copies : c.projection) {
    const Projection& first = before.projections[copies.front()];
    if (!first.plasticity) continue;
    const int32_t lo = fx::weight_code_min(first.weight_bits), hi = fx::weight_code_max(first.weight_bits);
    const double lsb = before.populations[first.post].lsb;
    for (size_t s = 0; s < first.code.size(); ++s) {
      const int32_t c0 = first.code[s];
      int64_t sum = c0;
      for (const uint32_t j : copies) sum += learned.projections[j].code[s] - c0;
      const auto tied = static_cast<int8_t>(std::clamp<int64_t>(sum, lo, hi));
      moved += tied != c0;
      for (const uint32_t j : copies) {
        Projection& q = learned.projections[j];
        q.code[s] = tied;
        q.weight[s] = fx::effective_weight(tied, q.scale) * lsb;
      }
    }
  }
  return moved;
}

ChipLearner::ChipLearner(const Compartments& c, const ChipLearnerOptions& o)
    : c_(c), o_(o), v_(c.K, 0), sigma_(c.K, 0), loglik_(c.K, 0), tied_(c.net), learned_(c.net) {
  if (o.visible >= c.population.size() || c.net.populations[c.population[o.visible][0]].is_input())
    throw InputError("GEM on chip: the visible population " + std::to_string(o.visible) + " is not a neuron population");
  if (o.sigma_shift < 0 || o.sigma_shift > fx::kGemExpFracBits)
    throw InputError("GEM on chip: sigma shift " + std::to_string(o.sigma_shift) + " is outside [0, 15]");
  const Population& vis = c.net.populations[c.population[o.visible][0]];
  if (vis.sigmoid_lut.empty())
    throw InputError("GEM on chip: populations[" + std::to_string(o.visible) + "].spike: the visible neurons must be stochastic (their log-likelihood needs the sigmoid)");
  log_lut_ = make_log_sigmoid_lut(vis.lsb, vis.sigmoid_shift);
  shift_ = vis.sigmoid_shift;
}

void ChipLearner::write_sigma(LevelModel& level) {
  for (size_t p = 0; p < c_.population.size(); ++p) {
    if (c_.net.populations[c_.population[p][0]].is_input()) continue;
    for (uint32_t k = 0; k < c_.K; ++k) {
      const uint32_t pop = c_.population[p][k];
      const auto l = static_cast<int32_t>(fx::rshift_round(sigma_[k], o_.sigma_shift));
      for (uint32_t n = 0; n < c_.net.populations[pop].size; ++n) level.set_learning_signal(pop, n, l);
    }
  }
}

void ChipLearner::tie(LevelModel& level) {
  level.write_learned(learned_);
  tied_changes_ += tie_compartments(c_, tied_, learned_);
  level.load_weights(learned_);
  // learned_ is rewritten whole (every plastic code, weight and delay) by the next
  // write_learned, so the old tie can take its place: no copy of the network.
  std::swap(tied_, learned_);
  ++ties_;
}

void ChipLearner::observe(LevelModel& level) {
  const uint32_t visible = c_.net.populations[c_.population[o_.visible][0]].size;
  for (uint32_t k = 0; k < c_.K; ++k) {
    int32_t ll = 0;
    for (uint32_t n = 0; n < visible; ++n) {
      const auto v = static_cast<int32_t>(std::lround(level.membrane(c_.population[o_.visible][k], n)));
      ll += log_likelihood_q8(log_lut_, v, shift_, n == label_);
    }
    v_[k] = signal_step(v_[k], o_.signal_decay, ll);
    loglik_[k] += ll;
  }
}

void ChipLearner::before_step(uint32_t t, uint32_t label, LevelModel& level) {
  const uint32_t visible = c_.net.populations[c_.population[o_.visible][0]].size;
  if (t == 0) {
    if (label >= visible)
      throw InputError("GEM on chip: target class " + std::to_string(label) + " has no visible neuron (there are " +
                       std::to_string(visible) + ")");
    label_ = label;
    std::fill(v_.begin(), v_.end(), 0);
    std::fill(loglik_.begin(), loglik_.end(), 0);
    for (uint32_t k = 0; k < c_.K; ++k)
      for (uint32_t n = 0; n < visible; ++n)
        level.set_clamp(c_.population[o_.visible][k], n, n == label ? fx::kClampSpike : fx::kClampSilent);
  } else {
    observe(level);
  }
  sigma_ = importance_weights(v_);
  write_sigma(level);
  ++steps_;
  // One compartment has nothing to tie (tie_now still reads its weights back).
  if (c_.K > 1 && o_.tie_every > 0 && steps_ % o_.tie_every == 0) tie(level);
}

}  // namespace nmx::gem
