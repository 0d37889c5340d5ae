#include "bench/bench_l1.hpp"

#include <chrono>
#include <functional>
#include <random>

#include "gen/generate.hpp"
#include "bench/plain_loop.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "quant/quantize.hpp"

namespace nmx {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::vector<uint32_t>> random_inputs(const BenchL1Options& opt, size_t steps) {
  std::mt19937_64 rng(opt.seed);
  std::bernoulli_distribution fire(opt.input_rate);
  std::vector<std::vector<uint32_t>> in(steps);
  for (auto& s : in)
    for (uint32_t i = 0; i < opt.pre; ++i)
      if (fire(rng)) s.push_back(i);
  return in;
}

// Runs the contestants in rounds of 64 steps each, in turn, until each has run
// min_seconds: on a shared machine every contestant sees the same load, so the ratios hold
// even when the absolute figures move. Returns seconds per contestant.
std::vector<double> time_interleaved(const std::vector<std::vector<uint32_t>>& inputs, double min_seconds,
                                     const std::vector<std::function<void(const std::vector<uint32_t>&)>>& steps) {
  std::vector<double> seconds(steps.size(), 0.0);
  std::vector<size_t> t(steps.size(), 0);
  bool done = false;
  while (!done) {
    done = true;
    for (size_t k = 0; k < steps.size(); ++k) {
      const auto start = Clock::now();
      for (int s = 0; s < 64; ++s, ++t[k]) steps[k](inputs[t[k] % inputs.size()]);
      seconds[k] += std::chrono::duration<double>(Clock::now() - start).count();
      done = done && seconds[k] >= min_seconds;
    }
  }
  return seconds;
}

}  // namespace

BenchL1Result bench_l1(const BenchL1Options& opt) {
  GenerateOptions g;
  g.layers = {opt.pre, opt.post};
  g.max_delay = opt.delay_slots - 1;
  g.seed = opt.seed;
  g.encoder.kind = EncoderKind::Poisson;
  const Network net = quantize(generate_network(g), QuantizeOptions{});
  HwConfig hw = default_hw_config();
  hw.core.neurons = opt.post;  // one core holds the whole projection
  hw.core.axons = std::max(opt.pre, 1u);
  hw.core.delay_slots = opt.delay_slots;
  const ChipImage image = build_chip_image(net, hw, "bench");
  const auto inputs = random_inputs(opt, 256);

  const CoreImage& core = image.cores[0];
  const fx::Scale scale = image.scales[core.axons[0].projection];
  PlainLoop plain(net.projections[0], opt.pre, opt.post, opt.delay_slots,
                  {0, fx::effective_weight(1, scale), 0, fx::effective_weight(-1, scale)});

  BenchL1Result r;
  ChipL1 l1(image), l1_clamped(image);
  l1_clamped.set_fast_path(false);
  NetworkL0 l0(net);
  std::vector<CoreSpike> out1;
  std::vector<std::vector<uint32_t>> out0;
  const std::vector<double> s = time_interleaved(inputs, opt.min_seconds,
                                                 {[&](const auto& in) { out1.clear(); l1.step(in, out1); },
                                                  [&](const auto& in) { l0.step(in, out0); },
                                                  [&](const auto& in) { plain.step(in); },
                                                  [&](const auto& in) { out1.clear(); l1_clamped.step(in, out1); }});
  r.l1_events = l1.synaptic_events();
  r.l0_events = l0.synaptic_events();
  r.plain_events = plain.synaptic_events();
  r.l1_events_per_second = r.l1_events / s[0];
  r.l0_events_per_second = r.l0_events / s[1];
  r.plain_events_per_second = r.plain_events / s[2];
  r.l1_clamped_events_per_second = l1_clamped.synaptic_events() / s[3];
  if (opt.progress) opt.progress(1, 1);
  r.ratio_l1_over_l0 = r.l1_events_per_second / r.l0_events_per_second;
  r.ratio_l1_over_plain = r.l1_events_per_second / r.plain_events_per_second;
  r.l1_fast_fraction = static_cast<double>(l1.fast_phases()) / static_cast<double>(l1.fast_phases() + l1.saturating_phases());
  r.plain_checksum = plain.checksum();
  r.packed_bytes_per_synapse = static_cast<double>(image.cores[0].packed.size()) / static_cast<double>(image.synapse_count());
  r.hardware_bits_per_synapse = image.memory_bits_per_synapse();
  return r;
}

nlohmann::json to_json(const BenchL1Result& r, const BenchL1Options& opt) {
  return {{"projection", std::to_string(opt.pre) + "x" + std::to_string(opt.post) + " dense ternary"},
          {"delay_slots", opt.delay_slots},
          {"input_rate", opt.input_rate},
          {"threads", 1},
          {"l1_synaptic_events_per_second", r.l1_events_per_second},
          {"l0_synaptic_events_per_second", r.l0_events_per_second},
          {"plain_loop_synaptic_events_per_second", r.plain_events_per_second},
          {"l1_always_saturating_synaptic_events_per_second", r.l1_clamped_events_per_second},
          {"ratio_l1_over_l0", r.ratio_l1_over_l0},
          {"ratio_l1_over_plain_loop", r.ratio_l1_over_plain},
          {"l1_fast_path_fraction", r.l1_fast_fraction},
          {"l1_packed_bytes_per_synapse", r.packed_bytes_per_synapse},
          {"hardware_bits_per_synapse", r.hardware_bits_per_synapse}};
}

}  // namespace nmx
