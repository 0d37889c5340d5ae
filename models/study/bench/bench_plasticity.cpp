#include "bench/bench_plasticity.hpp"

#include "bench/paired_timing.hpp"
#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "plastic/rule_compile.hpp"
#include "quant/quantize.hpp"

namespace nmx {
namespace {

// Pair STDP (docs/plasticity.md): dw = 2^-16 x1 post - 2^-16 y1 pre, traces of ~8 steps:
// a slow rate (stochastic rounding moves a code now and then).
plastic::GroupMicrocode pair_stdp() {
  plastic::GroupMicrocode g;
  constexpr int32_t kDecay = 512, kAmp = 2048;  // 1/8 per step; amp in trace units
  g.x1 = {kDecay, kAmp};
  g.y1 = {kDecay, kAmp};
  g.rounding = plastic::Rounding::Stochastic;
  plastic::Program& post = g.program[static_cast<int>(plastic::Event::Post)][static_cast<int>(plastic::Target::W)];
  post.terms = 1;
  post.term[0].shift = 16;
  post.term[0].factors = 1;
  post.term[0].factor[0].source = plastic::Source::X1;
  plastic::Program& pre = g.program[static_cast<int>(plastic::Event::Pre)][static_cast<int>(plastic::Target::W)];
  pre = post;
  pre.term[0].negative = true;
  pre.term[0].shift = 16;
  pre.term[0].factor[0].source = plastic::Source::Y1;
  return g;
}

}  // namespace

BenchPlasticityResult bench_plasticity(const BenchPlasticityOptions& opt) {
  GenerateOptions g;
  g.layers = {opt.inputs, opt.neurons};
  g.connectivity = opt.connectivity;
  g.recurrent_connectivity = opt.connectivity;
  g.max_delay = 7;
  g.weight_gain = 0.3;
  g.seed = opt.seed;
  g.encoder.kind = EncoderKind::Poisson;
  QuantizeOptions q;
  q.weight_bits = 8;
  Network net = quantize(generate_network(g), q);
  for (Projection& pr : net.projections) pr.plasticity = ProjectionPlasticity{plastic::rule_text_of(pair_stdp()), pair_stdp()};
  HwConfig hw = default_hw_config();
  hw.core.plasticity = true;
  hw.core.weight_bits = 8;
  hw.core.axons = opt.inputs + opt.neurons;
  const ChipImage image = build_chip_image(net, hw, "bench");

  const std::vector<std::vector<uint32_t>> inputs = random_input_steps(opt.inputs, opt.input_rate, opt.seed);

  ChipL1 on(image), off(image);
  off.set_learning(false);
  std::vector<CoreSpike> out;
  uint64_t spikes = 0, spikes_off = 0, evaluations = 0;
  const PairedTiming t = time_in_turn(opt.min_seconds, [&](int k, uint64_t n) {
    // Each pass over the inputs starts from the image's weights: learning on then runs
    // the activity learning off runs, and the two are timed on the same work.
    if (k == 0 && n % inputs.size() == 0) on.restore_weights();
    out.clear();
    (k == 0 ? on : off).step(inputs[n % inputs.size()], out);
    if (k == 1) spikes_off += out.size();
    if (k == 0) {
      spikes += out.size();
      for (uint32_t c = 0; c < image.cores.size(); ++c) evaluations += on.plasticity(c)->last_counts().evaluations;
    }
  });
  const uint64_t* steps = t.steps;
  BenchPlasticityResult r;
  r.on_steps_per_second = t.steps_per_second(0);
  r.off_steps_per_second = t.steps_per_second(1);
  r.ratio_on_over_off = r.on_steps_per_second / r.off_steps_per_second;
  r.spikes_per_step = static_cast<double>(spikes) / steps[0];
  r.spikes_per_step_off = static_cast<double>(spikes_off) / steps[1];
  r.plastic_evaluations_per_step = static_cast<double>(evaluations) / steps[0];
  r.synaptic_events_per_step = static_cast<double>(on.synaptic_events()) / steps[0];
  r.synapses = image.synapse_count();
  r.cores = static_cast<uint32_t>(image.cores.size());
  return r;
}

nlohmann::json to_json(const BenchPlasticityResult& r, const BenchPlasticityOptions& opt) {
  return {{"network", std::to_string(opt.inputs) + " inputs -> " + std::to_string(opt.neurons) +
                          " recurrent neurons, density " + std::to_string(opt.connectivity) + ", pair STDP, WB 8"},
          {"input_rate", opt.input_rate},
          {"threads", 1},
          {"cores", r.cores},
          {"synapses", r.synapses},
          {"learning_on_steps_per_second", r.on_steps_per_second},
          {"learning_off_steps_per_second", r.off_steps_per_second},
          {"ratio_on_over_off", r.ratio_on_over_off},
          {"spikes_per_step", r.spikes_per_step},
          {"spikes_per_step_learning_off", r.spikes_per_step_off},
          {"synaptic_events_per_step", r.synaptic_events_per_step},
          {"plastic_evaluations_per_step", r.plastic_evaluations_per_step}};
}

}  // namespace nmx
