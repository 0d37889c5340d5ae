#include "l1/plasticity_cycles.hpp"

namespace nmx::plastic {

PlasticPhaseCounts phase_counts(const CoreL1& core, uint32_t t) {
  PlasticPhaseCounts c;
  const PlasticityL1* p = core.plasticity();
  if (!p || !core.learning()) return c;
  const CoreImage& img = core.image();
  c.groups = p->groups();
  c.neurons = img.neurons;
  c.axons = static_cast<uint32_t>(img.axons.size());
  c.spikes = static_cast<uint32_t>(core.step_spikes().size());
  const auto& events = core.step_events();
  auto cost = [&](uint32_t g, Event ev) { return evaluation_cycles(p->microcode(g), ev); };
  for (const uint32_t a : p->plastic_axons()) {
    const auto g = static_cast<uint32_t>(p->group_of_axon(a));
    if ((events[a >> 6] >> (a & 63)) & 1u) c.evaluation_cycles += uint64_t{img.axons[a].length} * cost(g, Event::Pre);
  }
  for (const uint32_t j : core.step_spikes())
    for (const ColumnEntry* e = p->column_begin(j); e != p->column_end(j); ++e) {
      const uint32_t ec = cost(static_cast<uint32_t>(p->group_of_axon(e->axon)), Event::Post);
      if (ec == 0) continue;  // the RTL column table lists only synapses with a post program
      ++c.post_events;
      c.evaluation_cycles += ec;
    }
  for (uint32_t g = 0; g < c.groups; ++g) {
    const GroupMicrocode& m = p->microcode(g);
    if (m.epoch == 0 || (t + 1) % m.epoch != 0 || cost(g, Event::Epoch) == 0) continue;
    ++c.epoch_passes;
    for (const uint32_t a : p->plastic_axons())
      if (static_cast<uint32_t>(p->group_of_axon(a)) == g)
        c.evaluation_cycles += uint64_t{img.axons[a].length} * cost(g, Event::Epoch);
  }
  return c;
}

}  // namespace nmx::plastic
