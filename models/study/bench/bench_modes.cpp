#include "bench/bench_modes.hpp"

#include <algorithm>

#include "bench/paired_timing.hpp"
#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "net/mode_dense.hpp"
#include "quant/quantize.hpp"

namespace nmx {
namespace {

// One chip for both twins: a core holds the largest population, its axons every
// presynaptic neuron, its mode unit the most modes.
HwConfig chip_for(const Network& net, const BenchModesOptions& opt) {
  HwConfig hw = default_hw_config();
  uint32_t largest = 0, all = 0, modes = 0;
  for (const Population& p : net.populations) {
    if (!p.is_input()) largest = std::max(largest, p.size);
    all += p.size;
  }
  for (const ModeProjection& mp : net.mode_projections) modes = std::max(modes, mp.modes);
  hw.core.neurons = std::max(hw.core.neurons, largest);
  hw.core.axons = std::min(kMaxCoreAxons, std::max(hw.core.axons, all));
  hw.core.weight_bits = static_cast<uint32_t>(opt.weight_bits);
  hw.core.modes = modes;
  return hw;
}

}  // namespace

BenchModesResult bench_modes(const Network& float_net, const BenchModesOptions& opt) {
  const HwConfig hw = chip_for(float_net, opt);
  QuantizeOptions q;
  q.weight_bits = opt.weight_bits;
  q.mode_bits = opt.mode_bits;
  QuantizeReport mode_rep, dense_rep;
  const Network mode_net = quantize_for_chip(float_net, q, hw, &mode_rep);
  const Network dense_float = with_dense_recurrences(float_net);
  const Network dense_net = quantize_for_chip(dense_float, q, hw, &dense_rep);
  const ChipImage mode_image = build_chip_image(mode_net, hw, "bench (mode unit)");
  const ChipImage dense_image = build_chip_image(dense_net, hw, "bench (dense W)");

  const uint32_t inputs = float_net.populations[float_net.input_population()].size;
  const std::vector<std::vector<uint32_t>> in = random_input_steps(inputs, opt.input_rate, opt.seed);

  ChipL1 mode_chip(mode_image), dense_chip(dense_image);
  std::vector<CoreSpike> out;
  uint64_t spikes[2] = {0, 0};
  const PairedTiming t = time_in_turn(opt.min_seconds, [&](int k, uint64_t n) {
    out.clear();
    (k == 0 ? mode_chip : dense_chip).step(in[n % in.size()], out);
    spikes[k] += out.size();
  });
  const uint64_t* steps = t.steps;
  BenchModesResult r;
  r.inputs = inputs;
  if (!float_net.mode_projections.empty()) {
    const ModeProjection& mp = float_net.mode_projections[0];
    r.neurons = float_net.populations[mp.population].size;
    r.modes = mp.modes;
  }
  r.mode_steps_per_second = t.steps_per_second(0);
  r.dense_steps_per_second = t.steps_per_second(1);
  r.ratio_mode_over_dense = r.mode_steps_per_second / r.dense_steps_per_second;
  r.mode_spikes_per_step = static_cast<double>(spikes[0]) / steps[0];
  r.dense_spikes_per_step = static_cast<double>(spikes[1]) / steps[1];
  r.dense_synaptic_events_per_step = static_cast<double>(dense_chip.synaptic_events()) / steps[1];
  // The materialised projections are the last ones (with_dense_recurrences appends them).
  const size_t first_dense = float_net.projections.size();
  double worst = 0;
  for (size_t k = first_dense; k < dense_rep.projections.size(); ++k)
    worst = std::max(worst, dense_rep.projections[k].weight_rel_error);
  r.dense_weight_rel_error = worst;
  for (const ModeQuantReport& m : mode_rep.modes) r.mode_matrix_rel_error = std::max(r.mode_matrix_rel_error, m.rel_error);
  return r;
}

std::vector<BenchModesResult> bench_modes(const BenchModesOptions& opt) {
  std::vector<BenchModesResult> rows;
  for (const uint32_t n : opt.sizes) {
    GenerateOptions g;
    g.layers = {opt.inputs, n};
    g.ternary = false;
    g.connectivity = opt.connectivity;
    g.max_delay = 7;
    g.weight_gain = opt.weight_gain;
    g.modes = opt.modes;
    g.mode_gain = opt.mode_gain;
    g.rate_decay = 1.0;  // r = the spikes: the dense twin is the same network
    g.seed = opt.seed;
    g.encoder.kind = EncoderKind::Poisson;
    rows.push_back(bench_modes(generate_network(g), opt));
  }
  return rows;
}

nlohmann::json to_json(const BenchModesResult& r, const BenchModesOptions& opt) {
  return {{"inputs", r.inputs},
          {"neurons", r.neurons},
          {"modes", r.modes},
          {"input_rate", opt.input_rate},
          {"weight_bits", opt.weight_bits},
          {"mode_bits", opt.mode_bits},
          {"threads", 1},
          {"mode_steps_per_second", r.mode_steps_per_second},
          {"dense_steps_per_second", r.dense_steps_per_second},
          {"ratio_mode_over_dense", r.ratio_mode_over_dense},
          {"mode_spikes_per_step", r.mode_spikes_per_step},
          {"dense_spikes_per_step", r.dense_spikes_per_step},
          {"dense_synaptic_events_per_step", r.dense_synaptic_events_per_step},
          {"dense_weight_rel_error", r.dense_weight_rel_error},
          {"mode_matrix_rel_error", r.mode_matrix_rel_error}};
}

}  // namespace nmx
