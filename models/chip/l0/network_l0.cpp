#include "l0/network_l0.hpp"

#include <algorithm>

namespace nmx {

NetworkL0::NetworkL0(const Network& net) : net_(net), slots_(net.max_delay() + 1) {
  pops_.resize(net.populations.size());
  for (size_t p = 0; p < pops_.size(); ++p) {
    const Population& pop = net.populations[p];
    if (pop.is_input()) continue;
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
  reset();
}

void NetworkL0::reset() {
  for (size_t p = 0; p < pops_.size(); ++p) {
    const Population& pop = net_.populations[p];
    for (uint32_t n = 0; n < pops_[p].neurons.size(); ++n) pops_[p].neurons[n] = {0.0, 0.0, 0, pop.lfsr_seed[n]};
    std::fill(pops_[p].srm_neurons.begin(), pops_[p].srm_neurons.end(), neuron_srm::State{});
    std::fill(pops_[p].ring.begin(), pops_[p].ring.end(), 0.0);
    pops_[p].last_spikes.clear();
  }
  t_ = 0;
  synaptic_events_ = 0;
}

void NetworkL0::deliver(const Projection& pr, const std::vector<uint32_t>& pre_spikes) {
  const uint32_t post_size = net_.populations[pr.post].size;
  double* ring = pops_[pr.post].ring.data();
  for (uint32_t i : pre_spikes) {
    const size_t begin = pr.layout == Layout::Dense ? size_t{i} * post_size : pr.row_ptr[i];
    const size_t end = pr.layout == Layout::Dense ? begin + post_size : pr.row_ptr[i + 1];
    for (size_t s = begin; s < end; ++s) {
      const uint32_t j = pr.layout == Layout::Dense ? static_cast<uint32_t>(s - begin) : pr.post_index[s];
      ring[size_t{(t_ + pr.delay[s]) % slots_} * post_size + j] += pr.weight[s];
    }
    synaptic_events_ += end - begin;
  }
}

void NetworkL0::step(const std::vector<uint32_t>& inputs, PopulationSpikes& spikes) {
  spikes.assign(pops_.size(), {});
  for (const Projection& pr : net_.projections) {
    const bool from_input = net_.populations[pr.pre].is_input();
    deliver(pr, from_input ? inputs : pops_[pr.pre].last_spikes);
  }
  for (size_t p = 0; p < pops_.size(); ++p) {
    PopState& ps = pops_[p];
    if (net_.populations[p].is_input()) continue;
    const uint32_t size = net_.populations[p].size;
    double* slot = ps.ring.data() + size_t{t_ % slots_} * size;
    for (uint32_t n = 0; n < size; ++n) {
      const double a = slot[n];
      slot[n] = 0.0;
      const bool spike = ps.srm_neurons.empty() ? neuron_float::step(ps.neurons[n], ps.params[n], a)
                                                : neuron_srm::step(ps.srm_neurons[n], ps.srm_params[n], a);
      if (spike) spikes[p].push_back(n);
    }
  }
  for (size_t p = 0; p < pops_.size(); ++p) pops_[p].last_spikes = spikes[p];
  ++t_;
}

}  // namespace nmx
