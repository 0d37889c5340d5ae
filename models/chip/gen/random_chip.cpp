#include "gen/random_chip.hpp"

#include <random>
#include <sstream>

#include "gen/generate.hpp"
#include "quant/quantize.hpp"

namespace nmx {

RandomChip random_chip(uint64_t seed, uint32_t samples, const RandomChipLimits& lim) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + 1);
  auto pick = [&](uint32_t lo, uint32_t hi) { return std::uniform_int_distribution<uint32_t>(lo, hi)(rng); };
  auto unit = [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); };

  RandomChip r;
  HwConfig& hw = r.hw;
  hw = default_hw_config();
  hw.source = "random chip, seed " + std::to_string(seed);
  hw.mesh_x = pick(1, 4);
  hw.mesh_y = pick(1, std::max<uint32_t>(1, lim.cores / hw.mesh_x));
  hw.core.delay_slots = 1u << pick(0, 6);
  hw.core.neurons = 8u << pick(0, 5);  // 8..256

  GenerateOptions g;
  g.seed = seed;
  g.ternary = unit() < 0.7;
  hw.core.weight_bits = g.ternary ? 2 : 8;
  g.connectivity = unit() < 0.6 ? 1.0 : 0.2 + 0.3 * unit();
  g.max_delay = pick(0, hw.core.delay_slots - 1);
  g.weight_gain = 1.0 + 2.0 * unit();
  g.stochastic_fraction = unit() < 0.3 ? 0.3 : 0.0;
  g.refrac = pick(0, 3);
  g.reset = unit() < 0.5 ? ResetMode::Zero : ResetMode::Subtract;
  g.du = 0.05 + 0.5 * unit();
  g.dv = 0.05 + 0.5 * unit();
  // Layers: every population must fit the mesh. Sparse rows take one word per synapse, so
  // sparse chips get cores of at most 64 neurons: 300 rows x 64 x 0.5 stays far below the
  // synapse memory.
  if (g.connectivity < 1.0) hw.core.neurons = std::min<uint32_t>(hw.core.neurons, 64);
  const uint32_t cores = hw.cores();
  const uint32_t inputs = pick(8, std::min<uint32_t>(lim.max_inputs, g.connectivity < 1.0 ? 300 : lim.max_inputs));
  g.layers = {inputs};
  uint32_t used = 0;
  const uint32_t layers = pick(1, 3);
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t left = cores - used;
    if (left == 0) break;
    const uint32_t max_size = std::min<uint32_t>(left * hw.core.neurons, 300);
    const uint32_t size = pick(std::min<uint32_t>(4, max_size), max_size);
    used += (size + hw.core.neurons - 1) / hw.core.neurons;
    if (used > cores) break;
    g.layers.push_back(size);
  }
  if (g.layers.size() < 2) g.layers.push_back(std::min<uint32_t>(hw.core.neurons, 8));
  QuantizeOptions q;
  q.weight_bits = static_cast<int>(hw.core.weight_bits);
  q.delay_slots = hw.core.delay_slots;
  r.network = quantize(generate_network(g), q);
  r.network.name = "random-" + std::to_string(seed);

  const uint32_t steps = pick(8, 30);
  const double rate = 0.02 + 0.25 * unit();
  std::bernoulli_distribution fire(rate);
  r.samples.resize(samples);
  for (auto& s : r.samples) {
    s.resize(steps);
    for (auto& step : s)
      for (uint32_t i = 0; i < inputs; ++i)
        if (fire(rng)) step.push_back(i);
  }
  std::ostringstream os;
  os << "layers";
  for (size_t l = 0; l < g.layers.size(); ++l) os << (l ? "-" : " ") << g.layers[l];
  os << ", N=" << hw.core.neurons << ", mesh " << hw.mesh_x << "x" << hw.mesh_y << ", D=" << hw.core.delay_slots
     << ", WB=" << hw.core.weight_bits << (g.connectivity < 1 ? ", sparse" : ", dense")
     << (g.stochastic_fraction > 0 ? ", stochastic" : "") << ", refrac " << g.refrac << ", "
     << (g.reset == ResetMode::Zero ? "zero" : "subtract") << " reset, " << steps << " steps at rate " << rate;
  r.summary = os.str();
  return r;
}

}  // namespace nmx
