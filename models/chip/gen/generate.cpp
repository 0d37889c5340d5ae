#include "gen/generate.hpp"

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "gen/low_rank.hpp"

namespace nmx {
namespace {

Population make_input(uint32_t size) {
  Population p;
  p.name = "input";
  p.kind = PopulationKind::Input;
  p.size = size;
  return p;
}

Population make_layer(const std::string& name, uint32_t size, const GenerateOptions& opt, std::mt19937_64& rng) {
  Population p;
  p.name = name;
  p.size = size;
  std::uniform_real_distribution<double> spread(0.5, 1.5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  for (uint32_t n = 0; n < size; ++n) {
    // Decays on the 12-bit grid, so quantisation of the dynamics is exact.
    p.real.du.push_back(std::round(std::min(1.0, opt.du * spread(rng)) * fx::kDecayOne) / fx::kDecayOne);
    p.real.dv.push_back(std::round(std::min(1.0, opt.dv * spread(rng)) * fx::kDecayOne) / fx::kDecayOne);
    p.real.theta.push_back(opt.theta);
    p.real.bias.push_back(0.0);
    p.refrac.push_back(static_cast<uint8_t>(opt.refrac));
    p.reset.push_back(opt.reset);
    p.spike.push_back(unit(rng) < opt.stochastic_fraction ? SpikeMode::Stochastic : SpikeMode::Deterministic);
    p.lfsr_seed.push_back(static_cast<uint16_t>(seed16(rng)));
  }
  return p;
}

Projection make_projection(uint32_t pre, uint32_t post, uint32_t pre_size, uint32_t post_size,
                           const GenerateOptions& opt, std::mt19937_64& rng) {
  Projection pr;
  pr.name = "p" + std::to_string(pre) + "_" + std::to_string(post);
  pr.pre = pre;
  pr.post = post;
  pr.layout = opt.connectivity >= 1.0 ? Layout::Dense : Layout::Sparse;
  const double fan_in = pre_size * opt.connectivity * opt.input_activity * (opt.ternary ? 1.0 - opt.zero_fraction : 1.0);
  const double s = opt.weight_gain * opt.theta / std::sqrt(std::max(1.0, fan_in));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::uniform_int_distribution<int> delay(0, static_cast<int>(opt.max_delay));
  auto weight = [&] {
    if (!opt.ternary) return s * gauss(rng);
    const double u = unit(rng);
    return u < opt.zero_fraction ? 0.0 : (u < opt.zero_fraction + (1 - opt.zero_fraction) / 2 ? s : -s);
  };
  if (pr.layout == Layout::Sparse) pr.row_ptr.push_back(0);
  for (uint32_t i = 0; i < pre_size; ++i) {
    for (uint32_t j = 0; j < post_size; ++j) {
      if (pr.layout == Layout::Sparse) {
        if (unit(rng) >= opt.connectivity) continue;
        pr.post_index.push_back(j);
      }
      pr.weight.push_back(weight());
      pr.delay.push_back(static_cast<uint8_t>(delay(rng)));
    }
    if (pr.layout == Layout::Sparse) pr.row_ptr.push_back(static_cast<uint32_t>(pr.weight.size()));
  }
  return pr;
}

}  // namespace

Network generate_network(const GenerateOptions& opt) {
  if (opt.layers.size() < 2) throw InputError("generate: --layers needs at least an input and one neuron layer");
  if (opt.max_delay >= static_cast<uint32_t>(fx::kMaxDelaySlots))
    throw InputError("generate: --max-delay " + std::to_string(opt.max_delay) + " is out of range (allowed: 0..63)");
  std::mt19937_64 rng(opt.seed);
  Network net;
  net.name = "generated";
  net.description = std::string("generated ") + (opt.ternary ? "ternary" : "gaussian") + "-weight delay network, seed " +
                    std::to_string(opt.seed);
  net.populations.push_back(make_input(opt.layers[0]));
  for (size_t l = 1; l < opt.layers.size(); ++l) {
    const std::string name = l + 1 == opt.layers.size() ? "output" : "hidden" + std::to_string(l);
    net.populations.push_back(make_layer(name, opt.layers[l], opt, rng));
    net.projections.push_back(make_projection(static_cast<uint32_t>(l - 1), static_cast<uint32_t>(l), opt.layers[l - 1],
                                              opt.layers[l], opt, rng));
    if (opt.recurrent_connectivity > 0) {
      GenerateOptions rec = opt;
      rec.connectivity = opt.recurrent_connectivity;
      net.projections.push_back(make_projection(static_cast<uint32_t>(l), static_cast<uint32_t>(l), opt.layers[l],
                                                opt.layers[l], rec, rng));
    }
  }
  if (opt.modes > static_cast<uint32_t>(fx::kModeMax))
    throw InputError("generate: --modes " + std::to_string(opt.modes) + " is out of range (allowed: 0.." +
                     std::to_string(fx::kModeMax) + ")");
  if (opt.modes > 0)
    net.mode_projections.push_back(random_mode_projection(1, opt.layers[1], opt.modes, opt.mode_gain, opt.theta,
                                                          opt.rate_decay, rng));
  net.encoder = opt.encoder;
  net.readout = {ReadoutKind::SpikeCount, static_cast<uint32_t>(opt.layers.size() - 1)};
  validate(net, "generate");
  return net;
}

}  // namespace nmx
