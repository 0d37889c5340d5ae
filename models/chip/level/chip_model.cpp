#include "level/chip_model.hpp"

#include <algorithm>

namespace nmx {

const std::vector<std::vector<ChipModel::Site>>& ChipModel::sites() const {
  if (!sites_.empty()) return sites_;
  const ChipImage& chip = image();
  sites_.resize(chip.route_ptr.size());  // one routing table per population
  for (size_t c = 0; c < chip.cores.size(); ++c) {
    const CoreImage& ci = chip.cores[c];
    auto& pop = sites_[ci.population];
    if (pop.size() < ci.first_neuron + ci.neurons) pop.resize(ci.first_neuron + ci.neurons);
    for (uint32_t i = 0; i < ci.neurons; ++i)
      pop[ci.first_neuron + i] = {static_cast<uint16_t>(c), static_cast<uint16_t>(i)};
  }
  return sites_;
}

void ChipModel::step_populations(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                                 PopulationSpikes& spikes) {
  spikes.resize(image().route_ptr.size());
  for (auto& s : spikes) s.clear();
  core_spikes_.clear();
  step(inputs, next_inputs, core_spikes_);
  const ChipImage& chip = image();
  for (const CoreSpike& cs : core_spikes_) {
    const CoreImage& ci = chip.cores[cs.core];
    spikes[ci.population].push_back(ci.first_neuron + cs.neuron);
  }
  for (auto& s : spikes) std::sort(s.begin(), s.end());
}

double ChipModel::membrane(uint32_t population, uint32_t n) const {
  const Site s = sites()[population][n];
  return neuron(s.core, s.local).v;
}

double ChipModel::current(uint32_t population, uint32_t n) const {
  const Site s = sites()[population][n];
  return neuron(s.core, s.local).u;
}

void ChipModel::set_learning_signal(uint32_t population, uint32_t n, int32_t l) {
  const auto& s = sites();
  if (population < s.size() && n < s[population].size()) set_core_learning_signal(s[population][n].core, s[population][n].local, l);
}

void ChipModel::set_clamp(uint32_t population, uint32_t n, uint8_t clamp) {
  const auto& s = sites();
  if (population < s.size() && n < s[population].size()) set_core_clamp(s[population][n].core, s[population][n].local, clamp);
}

std::vector<size_t> row_synapses(const Network& net, const CoreImage& ci, uint32_t axon) {
  const AxonRow& row = ci.axons[axon];
  const Projection& pr = net.projections[row.projection];
  std::vector<size_t> index;
  index.reserve(row.length);
  if (pr.layout == Layout::Dense) {
    const uint32_t post_size = net.populations[pr.post].size;
    for (uint32_t p = 0; p < row.length; ++p) index.push_back(size_t{row.pre} * post_size + ci.first_neuron + p);
  } else {
    for (uint32_t s = pr.row_ptr[row.pre]; s < pr.row_ptr[row.pre + 1]; ++s)
      if (pr.post_index[s] >= ci.first_neuron && pr.post_index[s] < ci.first_neuron + ci.neurons) index.push_back(s);
  }
  return index;
}

void write_learned_row(Network& net, const CoreImage& ci, uint32_t axon, const std::vector<int32_t>& codes,
                       const std::vector<int32_t>& delays) {
  const AxonRow& row = ci.axons[axon];
  Projection& pr = net.projections[row.projection];
  const double lsb = net.populations[pr.post].lsb;
  const std::vector<size_t> index = row_synapses(net, ci, axon);
  for (uint32_t p = 0; p < row.length; ++p) {
    const size_t s = index[p];
    pr.code[s] = static_cast<int8_t>(codes[p]);
    pr.delay[s] = static_cast<uint8_t>(delays[p]);
    pr.weight[s] = fx::effective_weight(pr.code[s], pr.scale) * lsb;
  }
}

void ChipModel::load_weights(const Network& net) {
  const ChipImage& chip = image();
  std::vector<int32_t> codes;
  for (uint32_t c = 0; c < chip.cores.size(); ++c) {
    const CoreImage& ci = chip.cores[c];
    if (ci.groups.empty()) continue;
    for (uint32_t a = 0; a < ci.axons.size(); ++a) {
      const AxonRow& row = ci.axons[a];
      if (!chip.plasticity[row.projection]) continue;
      const std::vector<int8_t>& code = net.projections[row.projection].code;
      codes.clear();
      for (const size_t s : row_synapses(net, ci, a)) codes.push_back(code[s]);
      write_core_weights(c, a, codes);
    }
  }
}

}  // namespace nmx
