#include "plasticity/pattern_task.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "plastic/presets.hpp"
#include "plastic/rule_compile.hpp"
#include "plasticity/probe_net.hpp"

namespace nmx::plastic_study {
namespace {

// The input population's size: at most one core's axons' worth of afferents.
constexpr uint32_t kMaxAfferents = 4096;

void check_options(const PatternOptions& o) {
  const auto bad = [](const std::string& what) { throw InputError("pattern task: " + what); };
  if (o.afferents < 1 || o.afferents > kMaxAfferents)
    bad("afferents " + std::to_string(o.afferents) + " (allowed: 1.." + std::to_string(kMaxAfferents) + ")");
  if (o.pattern_afferents > o.afferents) bad("pattern afferents > afferents");
  if (o.pattern_steps < 1 || o.pattern_steps > 1000) bad("pattern steps (allowed: 1..1000)");
  if (!(o.rate >= 0 && o.rate <= 1)) bad("rate (allowed: 0..1)");
  if (!(o.pattern_fraction >= 0 && o.pattern_fraction <= 0.5)) bad("pattern fraction (allowed: 0..0.5)");
  if (o.segments < 2) bad("segments (allowed: >= 2)");
}

}  // namespace

PatternInput pattern_input(const PatternOptions& opt) {
  check_options(opt);
  std::mt19937_64 rng(opt.seed);
  std::bernoulli_distribution fire(opt.rate), copy(opt.pattern_fraction);
  // The frozen pattern first, then segment by segment: whether it is a copy, then its
  // noise; each from the one stream in that order, so a shorter run is a prefix of a longer one.
  std::vector<std::vector<uint32_t>> pattern(opt.pattern_steps);
  for (auto& s : pattern)
    for (uint32_t i = 0; i < opt.pattern_afferents; ++i)
      if (fire(rng)) s.push_back(i);
  PatternInput in;
  in.raster.resize(size_t{opt.segments} * opt.pattern_steps);
  bool previous = true;  // the first segment is never a copy
  for (uint32_t k = 0; k < opt.segments; ++k) {
    const bool is_copy = !previous && copy(rng);
    previous = is_copy;
    if (is_copy) in.onsets.push_back(k * opt.pattern_steps);
    for (uint32_t t = 0; t < opt.pattern_steps; ++t) {
      std::vector<uint32_t>& s = in.raster[size_t{k} * opt.pattern_steps + t];
      if (is_copy) s = pattern[t];
      for (uint32_t i = is_copy ? opt.pattern_afferents : 0; i < opt.afferents; ++i)
        if (fire(rng)) s.push_back(i);
    }
  }
  return in;
}

std::string pattern_rule(const PatternOptions& opt) {
  const plastic::ScaledAmp p = plastic::scaled_amp(opt.a_plus, "pattern task", "a_plus");
  const plastic::ScaledAmp m = plastic::scaled_amp(opt.a_minus, "pattern task", "a_minus");
  return "dw = 2^-" + std::to_string(p.shift) + "*x1*post - 2^-" + std::to_string(m.shift) + "*y1*[w >= " +
         std::to_string(opt.floor) + "]*pre";
}

plastic::RuleParams pattern_rule_params(const PatternOptions& opt) {
  plastic::RuleParams r;
  r.x1 = {plastic::decay_from_tau(opt.tau_plus, "pattern task", "tau_plus"),
          plastic::scaled_amp(opt.a_plus, "pattern task", "a_plus").amp};
  r.y1 = {plastic::decay_from_tau(opt.tau_minus, "pattern task", "tau_minus"),
          plastic::scaled_amp(opt.a_minus, "pattern task", "a_minus").amp};
  r.rounding = plastic::Rounding::Stochastic;
  return r;
}

Network pattern_network(const PatternOptions& opt) {
  check_options(opt);
  const int32_t dv = plastic::decay_from_tau(opt.tau_m, "pattern task", "tau_m");
  const plastic::GroupMicrocode rule = plastic::compile_rule(pattern_rule(opt), pattern_rule_params(opt), "pattern task");
  Network net = probe_network("stdp-pattern", std::vector<int8_t>(opt.afferents, opt.w_init), 1,
                              lif_population("post", 1, fx::kDecayOne, dv, opt.theta, opt.refrac), rule);
  net.description = "unsupervised STDP finds a repeating spike pattern (nmx plasticity pattern)";
  net.encoder.steps = opt.segments * opt.pattern_steps;
  net.hw = probe_hw(opt.afferents);  // the chip it runs on, saved with it (8-bit codes, plasticity unit)
  return net;
}

PatternResult run_pattern_task(const Network& net, const PatternInput& in, const PatternOptions& opt, uint32_t block,
                               const std::string& source) {
  if (block < 1) throw InputError(source + ": block of 0 pattern copies (allowed: >= 1)");
  const ChipImage image = build_chip_image(net, probe_hw(opt.afferents), source);  // ChipL1 keeps a reference
  ChipL1 chip(image);
  PatternResult r;
  std::vector<CoreSpike> out;
  for (uint32_t t = 0; t < in.raster.size(); ++t) {
    out.clear();
    chip.step(in.raster[t], out);
    if (!out.empty()) r.post_spikes.push_back(t);
  }
  r.steps = in.raster.size();
  // Per copy: its first spike inside [onset, onset + pattern_steps). Outside copies: spikes and steps.
  std::vector<uint8_t> in_copy(r.steps, 0);
  for (const uint32_t o : in.onsets) std::fill(in_copy.begin() + o, in_copy.begin() + o + opt.pattern_steps, 1);
  for (uint32_t b = 0; b < in.onsets.size(); b += block) {
    PatternBlock pb;
    pb.first_copy = b;
    const uint32_t last = std::min<uint32_t>(b + block, static_cast<uint32_t>(in.onsets.size()));
    pb.copies = last - b;
    uint32_t hits = 0;
    double latency = 0;
    for (uint32_t c = b; c < last; ++c) {
      const uint32_t o = in.onsets[c];
      const auto it = std::lower_bound(r.post_spikes.begin(), r.post_spikes.end(), o);
      if (it != r.post_spikes.end() && *it < o + opt.pattern_steps) ++hits, latency += *it - o;
    }
    // Noise time of the block: from its first copy's onset (the start for the first block)
    // to the next block's first onset (the end for the last).
    const uint32_t from = b == 0 ? 0 : in.onsets[b];
    const uint32_t to = last < in.onsets.size() ? in.onsets[last] : static_cast<uint32_t>(r.steps);
    uint64_t noise_steps = 0, noise_spikes = 0;
    for (uint32_t t = from; t < to; ++t) noise_steps += !in_copy[t];
    for (const uint32_t t : r.post_spikes)
      if (t >= from && t < to && !in_copy[t]) ++noise_spikes;
    pb.hit_rate = static_cast<double>(hits) / pb.copies;
    pb.mean_latency = hits ? latency / hits : -1;
    pb.false_alarms = noise_steps ? 1000.0 * noise_spikes / noise_steps : 0;
    r.blocks.push_back(pb);
  }
  if (!r.blocks.empty()) {
    r.final_hit_rate = r.blocks.back().hit_rate;
    r.final_false_alarms = r.blocks.back().false_alarms;
    r.final_latency = r.blocks.back().mean_latency;
  }
  Network learned = net;
  chip.write_learned(learned);
  const std::vector<int8_t>& w = learned.projections[0].code;
  for (uint32_t i = 0; i < opt.afferents; ++i) (i < opt.pattern_afferents ? r.mean_pattern_weight : r.mean_other_weight) += w[i];
  if (opt.pattern_afferents) r.mean_pattern_weight /= opt.pattern_afferents;
  if (opt.afferents > opt.pattern_afferents) r.mean_other_weight /= opt.afferents - opt.pattern_afferents;
  return r;
}

nlohmann::json to_json(const PatternResult& r, const PatternOptions& opt) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const PatternBlock& b : r.blocks)
    blocks.push_back({{"first_copy", b.first_copy}, {"copies", b.copies}, {"hit_rate", b.hit_rate},
                      {"mean_latency", b.mean_latency}, {"false_alarms_per_1000_steps", b.false_alarms}});
  return {{"afferents", opt.afferents},
          {"pattern_afferents", opt.pattern_afferents},
          {"pattern_steps", opt.pattern_steps},
          {"rate", opt.rate},
          {"pattern_fraction", opt.pattern_fraction},
          {"seed", opt.seed},
          {"steps", r.steps},
          {"rule", pattern_rule(opt)},
          {"rule_params", nlohmann::json::parse(plastic::rule_params_to_json(pattern_rule_params(opt)))},
          {"post_spikes", r.post_spikes.size()},
          {"final_hit_rate", r.final_hit_rate},
          {"final_false_alarms_per_1000_steps", r.final_false_alarms},
          {"final_latency", r.final_latency},
          {"mean_pattern_weight", r.mean_pattern_weight},
          {"mean_other_weight", r.mean_other_weight},
          {"blocks", blocks}};
}

}  // namespace nmx::plastic_study
