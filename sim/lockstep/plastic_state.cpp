#include "lockstep/plastic_state.hpp"

#include <string>

namespace nmx {

PlasticSnapshot plastic_snapshot(const CoreL1& core) {
  PlasticSnapshot s;
  const plastic::PlasticityL1* p = core.plasticity();
  if (!p) return s;
  const CoreImage& img = core.image();
  s.groups = p->groups();
  s.y1.resize(img.neurons), s.y2.resize(img.neurons);
  for (uint32_t i = 0; i < img.neurons; ++i)
    for (uint32_t g = 0; g < s.groups; ++g) s.y1[i][g] = p->y1(g, i), s.y2[i][g] = p->y2(g, i);
  for (const uint32_t a : p->plastic_axons()) {
    s.axons.push_back(a);
    s.x1.push_back(p->x1(a));
    s.x2.push_back(p->x2(a));
    for (uint32_t k = 0; k < img.axons[a].length; ++k)
      s.synapses.push_back({a, p->post(a, k), p->e(a, k), p->code(a, k), static_cast<int32_t>(p->delay(a, k))});
  }
  return s;
}

void write_learned(const ChipImage& chip, uint32_t core, const PlasticSnapshot& s, Network& net) {
  size_t k = 0;  // the snapshot lists every synapse of each plastic axon, in row order
  for (const uint32_t a : s.axons) {
    std::vector<int32_t> codes, delays;
    for (; k < s.synapses.size() && s.synapses[k].axon == a; ++k) {
      codes.push_back(s.synapses[k].w);
      delays.push_back(s.synapses[k].d);
    }
    write_learned_row(net, chip.cores[core], a, codes, delays);
  }
}

std::optional<Mismatch> compare_plastic(uint32_t step, uint32_t core, const PlasticSnapshot& a, const PlasticSnapshot& b) {
  auto at = [&](const std::string& site, const std::string& field, int64_t x, int64_t y) -> std::optional<Mismatch> {
    if (x == y) return std::nullopt;
    Mismatch m{step, core, 0, field, x, y};
    m.site = site;
    return m;
  };
  if (auto m = at("axon=*", "plastic_axons", int64_t(a.axons.size()), int64_t(b.axons.size()))) return m;
  for (size_t k = 0; k < a.axons.size(); ++k) {
    const std::string site = "axon=" + std::to_string(a.axons[k]);
    if (auto m = at(site, "x1", a.x1[k], b.x1[k])) return m;
    if (auto m = at(site, "x2", a.x2[k], b.x2[k])) return m;
  }
  for (size_t n = 0; n < a.y1.size() && n < b.y1.size(); ++n)
    for (uint32_t g = 0; g < a.groups; ++g) {
      const std::string site = "neuron=" + std::to_string(n);
      if (auto m = at(site, "y1.g" + std::to_string(g), a.y1[n][g], b.y1[n][g])) return m;
      if (auto m = at(site, "y2.g" + std::to_string(g), a.y2[n][g], b.y2[n][g])) return m;
    }
  if (auto m = at("synapse=*", "plastic_synapses", int64_t(a.synapses.size()), int64_t(b.synapses.size()))) return m;
  for (size_t k = 0; k < a.synapses.size(); ++k) {
    const PlasticSynapse &p = a.synapses[k], &q = b.synapses[k];
    const std::string site = "synapse=" + std::to_string(p.axon) + "->" + std::to_string(p.post);
    if (auto m = at(site, "post", p.post, q.post)) return m;
    if (auto m = at(site, "w", p.w, q.w)) return m;
    if (auto m = at(site, "e", p.e, q.e)) return m;
    if (auto m = at(site, "d", p.d, q.d)) return m;
  }
  return std::nullopt;
}

}  // namespace nmx
