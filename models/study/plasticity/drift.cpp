#include "plasticity/drift.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"

namespace nmx::plastic_study {
namespace {

// A projection's start codes in L0's continuous units (weight / (scale · lsb)).
double start_code(const Network& net, const Projection& pr, size_t s) {
  return pr.weight[s] / (pr.scale.mant * std::ldexp(1.0, pr.scale.exp) * net.populations[pr.post].lsb);
}

}  // namespace

DriftResult plasticity_drift(const Network& net, const HwConfig& hw,
                             const std::vector<std::vector<std::vector<uint32_t>>>& samples, uint64_t every,
                             const std::string& source) {
  if (every < 1) throw InputError(source + ": drift checkpoint period 0 (allowed: >= 1 steps)");
  std::vector<uint32_t> plastic;
  for (uint32_t k = 0; k < net.projections.size(); ++k)
    if (net.projections[k].plasticity) plastic.push_back(k);
  if (plastic.empty()) throw InputError(source + ": no projection has a learning rule (nmx plasticity set)");
  const ChipImage image = build_chip_image(net, hw, source);
  ChipL1 l1(image);
  NetworkL0 l0(net);
  DriftResult r;
  for (const uint32_t k : plastic) r.synapses += net.projections[k].code.size();
  DriftPoint now;
  const auto checkpoint = [&] {
    Network learned = net;
    l1.write_learned(learned);
    double sum = 0, max = 0, n1 = 0, n0 = 0, dot = 0;
    for (const uint32_t k : plastic) {
      const Projection& pr = net.projections[k];
      const plastic::PlasticityL0& p0 = *l0.plasticity(pr.post);
      uint32_t group = 0;
      while (p0.projection(group) != k) ++group;
      for (size_t s = 0; s < pr.code.size(); ++s) {
        const double w1 = learned.projections[k].code[s], w0 = p0.code(group, static_cast<uint32_t>(s));
        const double d1 = w1 - pr.code[s], d0 = w0 - start_code(net, pr, s);
        sum += std::abs(w1 - w0);
        max = std::max(max, std::abs(w1 - w0));
        n1 += d1 * d1, n0 += d0 * d0, dot += d1 * d0;
      }
    }
    const double n = static_cast<double>(r.synapses);
    now.mean_abs_drift = sum / n;
    now.max_abs_drift = max;
    now.rms_change_l1 = std::sqrt(n1 / n);
    now.rms_change_l0 = std::sqrt(n0 / n);
    now.correlation = n1 > 0 && n0 > 0 ? dot / std::sqrt(n1 * n0) : 0;
    r.points.push_back(now);
  };
  std::vector<CoreSpike> out;
  PopulationSpikes spikes;
  for (const auto& sample : samples) {
    l1.reset();
    l0.reset();
    for (const auto& in : sample) {
      out.clear();
      l1.step(in, out);
      l0.step(in, spikes);
      now.spikes_l1 += out.size();
      for (const auto& pop : spikes) now.spikes_l0 += pop.size();
      if (++now.step % every == 0) checkpoint();
    }
  }
  if (now.step % every != 0) checkpoint();
  return r;
}

nlohmann::json to_json(const DriftResult& r) {
  nlohmann::json points = nlohmann::json::array();
  for (const DriftPoint& p : r.points)
    points.push_back({{"step", p.step},
                      {"mean_abs_drift", p.mean_abs_drift},
                      {"max_abs_drift", p.max_abs_drift},
                      {"rms_change_l1", p.rms_change_l1},
                      {"rms_change_l0", p.rms_change_l0},
                      {"correlation", p.correlation},
                      {"spikes_l1", p.spikes_l1},
                      {"spikes_l0", p.spikes_l0}});
  return {{"plastic_synapses", r.synapses}, {"points", points}};
}

}  // namespace nmx::plastic_study
