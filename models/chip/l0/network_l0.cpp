#include "l0/network_l0.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "l0/mode_float.hpp"

namespace nmx {
namespace {

// A dense projection with at most 256 distinct weights (ternary, or trained delays over
// fixed weights) as a byte per synapse into a table of the weights themselves: the same
// doubles are added, so the sums are unchanged, from 2 bytes per synapse instead of 9.
// Distinct means a distinct bit pattern (0.0 and -0.0 stay apart). When values x slots
// fit a byte too, delay and index share one byte (code = delay * values + index).
NetworkL0::WeightTable weight_table(const Projection& pr, uint32_t slots) {
  NetworkL0::WeightTable wt;
  if (pr.layout != Layout::Dense || pr.plasticity) return wt;  // a learning projection's weights change
  std::unordered_map<uint64_t, uint8_t> seen;
  wt.index.reserve(pr.weight.size());
  for (const double w : pr.weight) {
    uint64_t bits;
    std::memcpy(&bits, &w, sizeof bits);
    auto it = seen.find(bits);
    if (it == seen.end()) {
      if (wt.value.size() == 256) return {};
      it = seen.emplace(bits, static_cast<uint8_t>(wt.value.size())).first;
      wt.value.push_back(w);
    }
    wt.index.push_back(it->second);
  }
  if (wt.value.size() * slots <= 256) {
    wt.code.reserve(wt.index.size());
    for (size_t s = 0; s < wt.index.size(); ++s)
      wt.code.push_back(static_cast<uint8_t>(pr.delay[s] * wt.value.size() + wt.index[s]));
    wt.index.clear();
  }
  return wt;
}

}  // namespace

NetworkL0::NetworkL0(const Network& net)
    : net_(net), slots_(net.max_delay() + 1), slot_of_delay_(slots_), code_offset_(256), code_weight_(256) {
  pops_.resize(net.populations.size());
  for (size_t p = 0; p < pops_.size(); ++p) {
    const Population& pop = net.populations[p];
    if (pop.is_input()) continue;
    pops_[p].clamp.assign(pop.size, fx::kClampFree);
    if (pop.model == NeuronModel::SrmAlpha) {
      for (uint32_t n = 0; n < pop.size; ++n) pops_[p].srm_params.push_back(neuron_srm::Params::of(pop.srm, pop.real.theta[n]));
      pops_[p].srm_neurons.resize(pop.size);
      pops_[p].ring.assign(size_t{slots_} * pop.size, 0.0);
      continue;
    }
    for (uint32_t n = 0; n < pop.size; ++n) {
      pops_[p].params.push_back({pop.real.du[n], pop.real.dv[n], pop.real.theta[n], pop.real.bias[n], pop.refrac[n],
                                 pop.reset[n], pop.spike[n]});
    }
    pops_[p].neurons.resize(pop.size);
    pops_[p].ring.assign(size_t{slots_} * pop.size, 0.0);
  }
  plastic_.resize(pops_.size());
  group_of_.assign(net.projections.size(), -1);
  delivered_.assign(net.projections.size(), nullptr);
  const uint32_t d_slots = net.hw ? net.hw->core.delay_slots : static_cast<uint32_t>(fx::kMaxDelaySlots);
  for (uint32_t k = 0; k < net.projections.size(); ++k) {
    const uint32_t post = net.projections[k].post;
    if (!net.projections[k].plasticity) continue;
    if (!plastic_[post]) plastic_[post] = std::make_unique<plastic::PlasticityL0>(net, post, d_slots);
    for (uint32_t g = 0; g < plastic_[post]->groups(); ++g)
      if (plastic_[post]->projection(g) == k) group_of_[k] = static_cast<int>(g);
    learning_ = true;
    if (plastic_[post]->delays_learn() && slots_ < d_slots) {  // a learned delay may reach D - 1
      slots_ = d_slots;
      slot_of_delay_.resize(slots_);
      for (PopState& ps : pops_)
        if (!ps.ring.empty()) ps.ring.assign(size_t{slots_} * net.populations[&ps - pops_.data()].size, 0.0);
    }
  }
  for (const Projection& pr : net.projections) weight_tables_.push_back(weight_table(pr, slots_));
  for (const ModeProjection& mp : net.mode_projections) {
    const uint32_t n = net.populations[mp.population].size;
    ModeState ms;
    ms.r.assign(n, 0.0), ms.s.assign(n, 0.0), ms.c.assign(n, 0.0);
    ms.m.assign(mp.modes, 0.0), ms.q.assign(mp.modes, 0.0);
    mode_states_.push_back(std::move(ms));
  }
  reset();
}

void NetworkL0::set_learning(bool on) {
  learning_ = false;
  for (const auto& p : plastic_) learning_ = learning_ || (on && p);
}

void NetworkL0::set_learning_signal(uint32_t population, uint32_t n, int32_t l) {
  if (plastic_[population]) plastic_[population]->set_l(n, fx::sat(l, fx::kLearnSignalBits));
}

void NetworkL0::set_clamp(uint32_t population, uint32_t n, uint8_t clamp) {
  if (!pops_[population].clamp.empty()) pops_[population].clamp[n] = clamp;
}

void NetworkL0::restore_weights() {
  for (auto& p : plastic_)
    if (p) p->restore();
}

void NetworkL0::write_learned(Network& net) const {
  for (const auto& p : plastic_) {
    if (!p) continue;
    for (uint32_t g = 0; g < p->groups(); ++g) {
      Projection& pr = net.projections[p->projection(g)];
      pr.weight = p->weights(g);
      pr.delay = p->delays(g);
      for (size_t s = 0; s < pr.code.size(); ++s) pr.code[s] = static_cast<int8_t>(std::lround(p->code(g, static_cast<uint32_t>(s))));
    }
  }
}

void NetworkL0::load_weights(const Network& net) {
  for (auto& p : plastic_)
    if (p) p->load(net, false);
}

void NetworkL0::reset() {
  for (size_t p = 0; p < pops_.size(); ++p) {
    const Population& pop = net_.populations[p];
    for (uint32_t n = 0; n < pops_[p].neurons.size(); ++n) pops_[p].neurons[n] = {0.0, 0.0, 0, pop.lfsr_seed[n]};
    std::fill(pops_[p].srm_neurons.begin(), pops_[p].srm_neurons.end(), neuron_srm::State{});
    std::fill(pops_[p].ring.begin(), pops_[p].ring.end(), 0.0);
    std::fill(pops_[p].clamp.begin(), pops_[p].clamp.end(), fx::kClampFree);
    pops_[p].last_spikes.clear();
    if (plastic_[p]) plastic_[p]->reset();
  }
  for (ModeState& ms : mode_states_)
    for (auto* v : {&ms.r, &ms.s, &ms.m, &ms.q, &ms.c}) std::fill(v->begin(), v->end(), 0.0);
  t_ = 0;
  synaptic_events_ = 0;
}

void NetworkL0::deliver(size_t k, const std::vector<uint32_t>& pre_spikes) {
  if (pre_spikes.empty()) return;
  const Projection& pr = net_.projections[k];
  const uint32_t post_size = net_.populations[pr.post].size;
  double* ring = pops_[pr.post].ring.data();
  // Base of the ring slot a synapse of delay d writes this step: no modulo per synapse.
  for (uint32_t d = 0; d < slots_; ++d) slot_of_delay_[d] = ring + size_t{(t_ + d) % slots_} * post_size;
  double* const* slot = slot_of_delay_.data();
  const plastic::PlasticityL0* unit = group_of_[k] >= 0 ? plastic_[pr.post].get() : nullptr;
  const uint8_t* delay = unit ? unit->delays(static_cast<uint32_t>(group_of_[k])).data() : pr.delay.data();
  const WeightTable& wt = weight_tables_[k];
  const uint8_t* index = wt.index.data();
  const double* value = wt.value.data();
  const double* weight = unit ? unit->weights(static_cast<uint32_t>(group_of_[k])).data() : pr.weight.data();
  const uint8_t* code = wt.code.empty() ? nullptr : wt.code.data();
  const size_t* code_offset = code_offset_.data();
  const double* code_weight = code_weight_.data();
  if (code) {  // this step's ring offset and weight of every (delay, weight) byte
    const size_t nv = wt.value.size();
    for (uint32_t d = 0; d < slots_; ++d) {
      for (size_t v = 0; v < nv; ++v) {
        code_offset_[d * nv + v] = size_t{(t_ + d) % slots_} * post_size;
        code_weight_[d * nv + v] = wt.value[v];
      }
    }
  }
  for (uint32_t i : pre_spikes) {
    if (pr.layout == Layout::Dense) {
      const size_t base = size_t{i} * post_size;
      if (code) {
        for (uint32_t j = 0; j < post_size; ++j) ring[code_offset[code[base + j]] + j] += code_weight[code[base + j]];
      } else if (index) {
        for (uint32_t j = 0; j < post_size; ++j) slot[delay[base + j]][j] += value[index[base + j]];
      } else {
        for (uint32_t j = 0; j < post_size; ++j) slot[delay[base + j]][j] += weight[base + j];
      }
      synaptic_events_ += post_size;
    } else {
      for (size_t s = pr.row_ptr[i]; s < pr.row_ptr[i + 1]; ++s) slot[delay[s]][pr.post_index[s]] += weight[s];
      synaptic_events_ += pr.row_ptr[i + 1] - pr.row_ptr[i];
    }
  }
}

void NetworkL0::step(const std::vector<uint32_t>& inputs, PopulationSpikes& spikes) {
  spikes.assign(pops_.size(), {});
  for (const Projection& pr : net_.projections) {
    const bool from_input = net_.populations[pr.pre].is_input();
    const size_t k = static_cast<size_t>(&pr - net_.projections.data());
    deliver(k, from_input ? inputs : pops_[pr.pre].last_spikes);
    delivered_[k] = from_input ? &inputs : &pops_[pr.pre].last_spikes;
  }
  for (size_t p = 0; p < pops_.size(); ++p) {
    PopState& ps = pops_[p];
    if (net_.populations[p].is_input()) continue;
    const uint32_t size = net_.populations[p].size;
    double* slot = ps.ring.data() + size_t{t_ % slots_} * size;
    for (uint32_t n = 0; n < size; ++n) {
      const double a = slot[n];
      slot[n] = 0.0;
      const bool spike = ps.srm_neurons.empty() ? neuron_float::step(ps.neurons[n], ps.params[n], a, ps.clamp[n])
                                                : neuron_srm::step(ps.srm_neurons[n], ps.srm_params[n], a, ps.clamp[n]);
      if (spike) spikes[p].push_back(n);
    }
  }
  if (learning_) {
    for (size_t p = 0; p < pops_.size(); ++p) {
      if (!plastic_[p]) continue;
      std::vector<const std::vector<uint32_t>*> events;
      for (uint32_t g = 0; g < plastic_[p]->groups(); ++g) events.push_back(delivered_[plastic_[p]->projection(g)]);
      plastic_[p]->plasticity_phase(t_, events, spikes[p], pops_[p].neurons.data());
    }
  }
  for (size_t p = 0; p < pops_.size(); ++p) pops_[p].last_spikes = spikes[p];
  update_modes(spikes);
  ++t_;
}

// After the neuron phase (docs/chip-spec.md §6): each mode projection filters its
// population's spikes and adds its feedback into the accumulator slot of step t + 1, before
// any synaptic event of that step (several on one population in file order).
void NetworkL0::update_modes(const PopulationSpikes& spikes) {
  for (size_t k = 0; k < mode_states_.size(); ++k) {
    const ModeProjection& mp = net_.mode_projections[k];
    ModeState& ms = mode_states_[k];
    const size_t n = ms.r.size();
    std::fill(ms.s.begin(), ms.s.end(), 0.0);
    for (uint32_t i : spikes[mp.population]) ms.s[i] = 1.0;
    mode_float::filter(ms.r.data(), ms.s.data(), n, mp.rate_decay);
    mode_float::project(mp.xi_in.data(), mp.xi_out.data(), mp.lambda.data(), n, mp.modes, ms.r.data(), ms.m.data(),
                        ms.q.data(), ms.c.data());
    double* slot = pops_[mp.population].ring.data() + size_t{(t_ + 1) % slots_} * n;
    for (size_t i = 0; i < n; ++i) slot[i] += ms.c[i];
    synaptic_events_ += 2 * n * mp.modes;
  }
}

}  // namespace nmx
