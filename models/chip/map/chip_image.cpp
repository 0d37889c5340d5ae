#include "map/chip_image.hpp"

#include <cmath>

#include "core/error.hpp"
#include "map/mapping.hpp"
#include "map/plastic_fit.hpp"

namespace nmx {
namespace {

void check_fits(const Network& net, const HwConfig& hw, const std::string& source) {
  if (!net.quantised())
    throw InputError(source + ": network is not quantised (no fixed-point parameters); run `nmx quantize` first");
  const uint32_t d = hw.core.delay_slots;
  for (size_t k = 0; k < net.projections.size(); ++k) {
    const Projection& pr = net.projections[k];
    const std::string field = "projections[" + std::to_string(k) + "] '" + pr.name + "'";
    if (static_cast<uint32_t>(pr.weight_bits) > hw.core.weight_bits)
      throw InputError(source + ": " + field + " has " + std::to_string(pr.weight_bits) +
                       "-bit weights, the chip's core.weight_bits is " + std::to_string(hw.core.weight_bits) + " (" +
                       hw.source + ")");
    for (size_t s = 0; s < pr.delay.size(); ++s) {
      if (pr.delay[s] >= d)
        throw InputError(field_error(source, field + ".delay[" + std::to_string(s) + "]", std::to_string(pr.delay[s]),
                                     "0.." + std::to_string(d - 1) + ", D = core.delay_slots in " + hw.source));
    }
  }
  for (const Population& pop : net.populations) {
    if (pop.has_stochastic() && !hw.core.stochastic)
      throw InputError(source + ": population '" + pop.name + "' has stochastic neurons but the chip has no stochastic unit (" +
                       hw.source + ": core.stochastic = false)");
  }
}

void check_placement(const std::vector<CorePlacement>& placement, const HwConfig& hw, const std::string& source) {
  if (placement.size() > hw.cores())
    throw InputError(source + ": mapping uses " + std::to_string(placement.size()) + " cores, the chip has " +
                     std::to_string(hw.cores()) + " (" + hw.source + ": chip.mesh_x * chip.mesh_y)");
  for (size_t c = 0; c < placement.size(); ++c) {
    if (placement[c].count > hw.core.neurons)
      throw InputError(source + ": mapping[" + std::to_string(c) + "] places " + std::to_string(placement[c].count) +
                       " neurons on a core of N = " + std::to_string(hw.core.neurons) + " (" + hw.source +
                       ": core.neurons)");
  }
}

void fill_neurons(CoreImage& core, const Population& pop) {
  for (uint32_t i = 0; i < core.neurons; ++i) {
    const uint32_t n = core.first_neuron + i;
    neuron_fixed::Params p;
    p.du = pop.fixed.du[n];
    p.dv = pop.fixed.dv[n];
    p.theta = pop.fixed.theta[n];
    p.bias = pop.fixed.bias[n];
    p.refrac = pop.refrac[n];
    p.reset = pop.reset[n];
    p.spike = pop.spike[n];
    core.params.push_back(p);
    core.lfsr_seed.push_back(pop.lfsr_seed[n]);
  }
  core.sigmoid_lut = pop.sigmoid_lut;
  core.sigmoid_shift = pop.sigmoid_shift;
}

// Adds the row of presynaptic neuron `i` of projection `k` into `core`; returns false
// when the neuron has no synapse onto this core (no axon needed).
bool add_row(CoreImage& core, const Projection& pr, uint16_t k, uint32_t post_size, uint32_t i) {
  AxonRow row;
  row.projection = k;
  row.pre = i;
  const uint32_t lo = core.first_neuron, hi = core.first_neuron + core.neurons;
  if (pr.layout == Layout::Dense) {
    const size_t base = size_t{i} * post_size;
    row.dense = true;
    row.length = core.neurons;
    if (pr.weight_bits == 2) {
      row.packed = true;
      row.begin = static_cast<uint32_t>(core.packed.size());
      for (uint32_t j = lo; j < hi; ++j) core.packed.push_back(pack_ternary(pr.code[base + j], pr.delay[base + j]));
    } else {
      row.begin = static_cast<uint32_t>(core.entries.size());
      for (uint32_t j = lo; j < hi; ++j)
        core.entries.push_back({static_cast<uint16_t>(j - lo), pr.code[base + j], pr.delay[base + j]});
    }
  } else {
    row.begin = static_cast<uint32_t>(core.entries.size());
    for (uint32_t s = pr.row_ptr[i]; s < pr.row_ptr[i + 1]; ++s) {
      const uint32_t j = pr.post_index[s];
      if (j < lo || j >= hi) continue;
      core.entries.push_back({static_cast<uint16_t>(j - lo), pr.code[s], pr.delay[s]});
    }
    row.length = static_cast<uint32_t>(core.entries.size()) - row.begin;
    if (row.length == 0) return false;
  }
  core.axons.push_back(row);
  return true;
}

}  // namespace

size_t ChipImage::synapse_count() const {
  size_t n = 0;
  for (const auto& c : cores) n += c.packed.size() + c.entries.size();
  return n;
}

bool has_plastic_cores(const ChipImage& chip) {
  for (const CoreImage& c : chip.cores)
    if (!c.groups.empty()) return true;
  return false;
}

bool rtl_packed_row(const ChipImage& chip, const AxonRow& row) {
  return row.packed && !(row.projection < chip.plasticity.size() && chip.plasticity[row.projection]);
}

double ChipImage::memory_bits_per_synapse() const {
  size_t bits = 0, n = 0;
  const uint32_t post_bits = static_cast<uint32_t>(std::ceil(std::log2(std::max<uint32_t>(2, hw.core.neurons))));
  for (const auto& c : cores) {
    for (const auto& row : c.axons) {
      const uint32_t wb = static_cast<uint32_t>(weight_bits[row.projection]);
      const uint32_t per = wb + hw.delay_bits() + (row.dense ? 0 : post_bits);
      bits += size_t{per} * row.length;
      n += row.length;
    }
  }
  return n ? static_cast<double>(bits) / static_cast<double>(n) : 0.0;
}

ChipImage build_chip_image(const Network& net, const HwConfig& hw, const std::string& source) {
  check_fits(net, hw, source);
  const std::vector<CorePlacement> placement = net.mapping.empty() ? map_network(net, hw, source) : net.mapping;
  check_placement(placement, hw, source);
  check_plasticity_fits(net, hw, placement, source);

  ChipImage chip;
  chip.hw = hw;
  chip.input_population = net.input_population();
  for (const Projection& pr : net.projections) {
    chip.scales.push_back(pr.scale);
    chip.weight_bits.push_back(pr.weight_bits);
    chip.plasticity.push_back(pr.plasticity ? std::optional<plastic::GroupMicrocode>(pr.plasticity->code) : std::nullopt);
  }
  // Routes are collected per presynaptic neuron, then flattened into CSR.
  std::vector<std::vector<std::vector<Route>>> routes(net.populations.size());
  for (size_t p = 0; p < net.populations.size(); ++p) routes[p].resize(net.populations[p].size);

  for (size_t c = 0; c < placement.size(); ++c) {
    CoreImage core;
    core.population = placement[c].population;
    core.first_neuron = placement[c].first_neuron;
    core.neurons = placement[c].count;
    fill_neurons(core, net.populations[core.population]);
    if (!core.lfsr_seed.empty()) core.plastic_lfsr_seed = fx::plastic_lfsr_seed(core.lfsr_seed[0]);
    for (size_t k = 0; k < net.projections.size(); ++k) {
      const Projection& pr = net.projections[k];
      if (pr.post != core.population) continue;
      if (pr.plasticity) {
        core.groups.push_back(static_cast<uint16_t>(k));  // at most kMaxGroupsPerCore (check_plasticity_fits)
      }
      for (uint32_t i = 0; i < net.populations[pr.pre].size; ++i) {
        if (!add_row(core, pr, static_cast<uint16_t>(k), net.populations[pr.post].size, i)) continue;
        const size_t axon = core.axons.size() - 1;
        if (axon >= hw.core.axons)
          throw InputError(source + ": network does not fit the chip: core " + std::to_string(c) + " (population '" +
                           net.populations[core.population].name + "') needs more than " +
                           std::to_string(hw.core.axons) + " axons (" + hw.source + ": core.axons)");
        routes[pr.pre][i].push_back({static_cast<uint16_t>(c), static_cast<uint16_t>(axon)});
      }
    }
    chip.cores.push_back(std::move(core));
  }
  std::vector<std::optional<ModeCoreImage>> modes = build_mode_images(net, hw, placement, source);
  for (size_t c = 0; c < modes.size(); ++c) chip.cores[c].mode = std::move(modes[c]);
  for (auto& per_pop : routes) {
    std::vector<uint32_t> ptr{0};
    std::vector<Route> flat;
    for (auto& r : per_pop) {
      flat.insert(flat.end(), r.begin(), r.end());
      ptr.push_back(static_cast<uint32_t>(flat.size()));
    }
    chip.route_ptr.push_back(std::move(ptr));
    chip.routes.push_back(std::move(flat));
  }
  return chip;
}

}  // namespace nmx
