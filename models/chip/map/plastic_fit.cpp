#include "map/plastic_fit.hpp"

#include "core/error.hpp"

namespace nmx {
namespace {

std::string describe(const Projection& pr, size_t k) {
  return "projections[" + std::to_string(k) + "] '" + pr.name + "' (rule '" + pr.plasticity->rule + "')";
}

bool reads(const plastic::GroupMicrocode& code, plastic::Source source) {
  for (int ev = 0; ev < plastic::kEvents; ++ev)
    if ((plastic::sources_read(code, static_cast<plastic::Event>(ev)) >> static_cast<int>(source)) & 1u) return true;
  return false;
}

bool changes_delays(const plastic::GroupMicrocode& code) {
  for (const auto& per_event : code.program)
    if (per_event[static_cast<int>(plastic::Target::D)].terms != 0) return true;
  return false;
}

// Whether projection `pr` has a synapse onto neurons [lo, hi) of its post population.
bool reaches(const Projection& pr, uint32_t lo, uint32_t hi) {
  if (pr.layout == Layout::Dense) return hi > lo;
  for (uint32_t j : pr.post_index)
    if (j >= lo && j < hi) return true;
  return false;
}

}  // namespace

void check_plasticity_fits(const Network& net, const HwConfig& hw, const std::vector<CorePlacement>& placement,
                           const std::string& source) {
  for (size_t k = 0; k < net.projections.size(); ++k) {
    const Projection& pr = net.projections[k];
    if (!pr.plasticity) continue;
    if (!hw.core.plasticity)
      throw InputError(source + ": " + describe(pr, k) + " learns on chip, but the chip has no plasticity unit (" +
                       hw.source + ": core.plasticity = false)");
    if (changes_delays(pr.plasticity->code) && hw.core.delay_slots < 2)
      throw InputError(source + ": " + describe(pr, k) + " changes delays (dd), but every delay is 0 on a chip with D = " +
                       std::to_string(hw.core.delay_slots) + " (" + hw.source + ": core.delay_slots, allowed: 2..64)");
    const Population& post = net.populations[pr.post];
    if (reads(pr.plasticity->code, plastic::Source::P) && post.sigmoid_lut.empty())
      throw InputError(source + ": " + describe(pr, k) + " reads p, the post neuron's spike probability, but population '" +
                       post.name + "' has no sigmoid table (populations[" + std::to_string(pr.post) +
                       "].spike: p needs stochastic neurons)");
  }
  for (size_t c = 0; c < placement.size(); ++c) {
    const CorePlacement& cp = placement[c];
    std::string names;
    int groups = 0;
    for (const Projection& pr : net.projections) {
      if (!pr.plasticity || pr.post != cp.population || !reaches(pr, cp.first_neuron, cp.first_neuron + cp.count)) continue;
      ++groups;
      names += (names.empty() ? "" : ", ") + ("'" + pr.name + "'");
    }
    if (groups > plastic::kMaxGroupsPerCore)
      throw InputError(source + ": core " + std::to_string(c) + " (population '" + net.populations[cp.population].name +
                       "') receives " + std::to_string(groups) + " plastic projections (" + names +
                       "), a core holds at most " + std::to_string(plastic::kMaxGroupsPerCore) +
                       " synapse groups (kMaxGroupsPerCore)");
  }
}

}  // namespace nmx
