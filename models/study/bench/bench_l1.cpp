#include "bench/bench_l1.hpp"

#include <chrono>
#include <random>

#include "gen/generate.hpp"
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

// Runs `sim` over the input steps (cycling) until min_seconds have passed; returns
// synaptic events and seconds.
template <typename StepFn, typename EventsFn>
std::pair<uint64_t, double> time_level(const std::vector<std::vector<uint32_t>>& inputs, double min_seconds,
                                       StepFn step, EventsFn events) {
  const auto start = Clock::now();
  double elapsed = 0;
  size_t t = 0;
  do {
    for (int k = 0; k < 64; ++k, ++t) step(inputs[t % inputs.size()]);
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  return {events(), elapsed};
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

  BenchL1Result r;
  ChipL1 l1(image);
  NetworkL0 l0(net);
  std::vector<CoreSpike> out1;
  std::vector<std::vector<uint32_t>> out0;
  const auto [e1, s1] = time_level(inputs, opt.min_seconds, [&](const auto& in) { out1.clear(); l1.step(in, out1); },
                                   [&] { return l1.synaptic_events(); });
  if (opt.progress) opt.progress(1, 2);
  const auto [e0, s0] = time_level(inputs, opt.min_seconds, [&](const auto& in) { l0.step(in, out0); },
                                   [&] { return l0.synaptic_events(); });
  if (opt.progress) opt.progress(2, 2);
  r.l1_events = e1;
  r.l0_events = e0;
  r.l1_events_per_second = e1 / s1;
  r.l0_events_per_second = e0 / s0;
  r.ratio_l1_over_l0 = r.l1_events_per_second / r.l0_events_per_second;
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
          {"ratio_l1_over_l0", r.ratio_l1_over_l0},
          {"l1_packed_bytes_per_synapse", r.packed_bytes_per_synapse},
          {"hardware_bits_per_synapse", r.hardware_bits_per_synapse}};
}

}  // namespace nmx
