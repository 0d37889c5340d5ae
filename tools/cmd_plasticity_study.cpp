// `nmx plasticity window|weights|drift|pattern`: the classic checks of a learning rule at
// L0 and L1 and the repeating-pattern example (models/study/plasticity, docs/plasticity.md).
// Only argument parsing and printing here.
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "commands.hpp"
#include "json_out.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "map/target_hw.hpp"
#include "net/network_io.hpp"
#include "plastic/presets.hpp"
#include "plastic/rule_compile.hpp"
#include "plasticity/plasticity_plots.hpp"
#include "record/input_rasters.hpp"
#include "rule_options.hpp"

namespace nmx::cli {
namespace {

using namespace nmx::plastic_study;

// The rule a probe runs: --rule TEXT or --preset NAME (default stdp), then --params.
struct ProbeRule {
  std::string rule, preset = "stdp", params;
  std::map<std::string, double> preset_values;
};

void add_probe_rule(CLI::App* sub, ProbeRule& r) {
  auto* rule = sub->add_option("--rule", r.rule, "rule text, e.g. 'dw = 2^-8*x1*post - 2^-8*y1*pre' (default: --preset stdp)");
  sub->add_option("--preset", r.preset, "stdp, three-factor or sdsp (docs/plasticity.md)")->excludes(rule);
  sub->add_option("--params,--rule-params", r.params,
                  "trace parameters: FILE.json or inline '{\"x1\": {\"tau\": 20, \"amp\": 2048}, ...}'; keys given "
                  "replace the preset's");
  add_preset_options(sub, r.preset_values);
}

plastic::GroupMicrocode probe_rule(const ProbeRule& r) {
  plastic::RuleSpec spec;
  if (r.rule.empty()) spec = plastic::make_preset(r.preset, r.preset_values);
  else if (!r.preset_values.empty()) throw InputError("--" + r.preset_values.begin()->first + ": preset parameters need --preset, not --rule");
  else spec.rule = r.rule;
  if (!r.params.empty()) {
    const JsonInput doc = r.params[0] == '{' ? JsonInput(r.params, "--params") : JsonInput::read(r.params, "plasticity parameters");
    spec.params = plastic::parse_rule_params(doc, "", spec.params);
  }
  return plastic::compile_rule(spec.rule, spec.params, r.rule.empty() ? "--preset " + r.preset : "--rule");
}

std::string tau_text(double tau) { return std::isfinite(tau) ? std::to_string(tau).substr(0, 6) : "inf"; }

void add_window(CLI::App* top) {
  static ProbeRule rule;
  static WindowOptions opt;
  static std::string plot, json;
  auto* sub = top->add_subcommand("window", "measure a pair-STDP rule's window (dw against dt) at L1 and L0");
  add_probe_rule(sub, rule);
  sub->add_option("--max-lag", opt.max_lag, "dt from -LAG to LAG steps")->check(CLI::Range(0, 300));
  sub->add_option("--replicas", opt.replicas, "synapses per dt (L1 averages its stochastic rounding over them)")
      ->check(CLI::Range(1, 64));
  sub->add_option("--plot", plot, "PNG of the window")->check(OutputFile);
  add_json_option(sub, json, "write the table as JSON");
  sub->callback([] {
    const WindowResult r = stdp_window(probe_rule(rule), opt, "nmx plasticity window");
    std::printf("rule: %s (%s rounding)\nA+ %.4g codes, tau+ %s steps; A- %.4g codes, tau- %s steps\n", r.rule.c_str(),
                plastic::rounding_name(r.rounding), r.window.a_plus, tau_text(r.window.tau_plus).c_str(), r.window.a_minus,
                tau_text(r.window.tau_minus).c_str());
    std::printf("%5s %10s %10s %10s %10s\n", "dt", "expected", "L1", "L0", "L1 bound");
    for (const WindowRow& w : r.rows)
      std::printf("%5d %10.4f %10.4f %10.4f %10.4f\n", w.dt, w.expected, w.l1, w.l0, w.l1_bound);
    std::printf("max |L1 - expected| %.4f codes (within the quantisation bound: %s), max |L0 - expected| %.2g\n",
                r.max_l1_error, r.l1_within_bound ? "yes" : "NO", r.max_l0_error);
    if (!plot.empty()) plot_window(r, plot), std::printf("plot: %s\n", plot.c_str());
    if (!json.empty()) write_json(json, to_json(r));
  });
}

void add_weights(CLI::App* top) {
  static ProbeRule rule;
  static WeightDependenceOptions opt;
  static std::string plot, json;
  auto* sub = top->add_subcommand("weights", "weight dependence and saturation of a rule at L1 and L0");
  add_probe_rule(sub, rule);
  sub->add_option("--w-step", opt.w_step, "grid of starting codes")->check(CLI::Range(1, 255));
  sub->add_option("--pairings", opt.pairings, "pairs per run")->check(CLI::Range(1, 10000));
  sub->add_option("--lag", opt.lag, "steps between pre and post in a pair")->check(CLI::Range(0, 1000));
  sub->add_option("--gap", opt.gap, "steps between pairs")->check(CLI::Range(2, 100000));
  sub->add_option("--plot", plot, "PNG")->check(OutputFile);
  add_json_option(sub, json, "write the table as JSON");
  sub->callback([] {
    const WeightDependenceResult r = weight_dependence(probe_rule(rule), opt, "nmx plasticity weights");
    std::printf("rule: %s; %u pairs at lag %u, %u steps apart; codes %d..%d\n", r.rule.c_str(), opt.pairings, opt.lag,
                opt.gap, r.wmin, r.wmax);
    std::printf("%6s %10s %10s %10s %10s\n", "w0", "up L1", "up L0", "down L1", "down L0");
    for (const WeightDependenceRow& w : r.rows)
      std::printf("%6d %10d %10.3f %10d %10.3f\n", w.w0, w.up_l1, w.up_l0, w.down_l1, w.down_l0);
    if (!plot.empty()) plot_weight_dependence(r, plot), std::printf("plot: %s\n", plot.c_str());
    if (!json.empty()) write_json(json, to_json(r));
  });
}

void add_drift(CLI::App* top) {
  static std::string network, input, hw, plot, json;
  static RuleOptions rules;
  static uint64_t every = 100, seed = 1;
  static uint32_t steps = 1000;
  static double rate = 0.1;
  auto* sub = top->add_subcommand("drift", "learn at L0 and L1 from the same spike trains; report the weight drift");
  sub->add_option("network", network, "quantised network with learning rules (.h5)")->required();
  sub->add_option("--input", input, "input spike rasters (HDF5, as nmx run --input); default: Poisson input");
  sub->add_option("--steps", steps, "without --input: steps of Poisson input")->check(CLI::Range(1u, 10000000u));
  sub->add_option("--rate", rate, "without --input: spike probability per input per step")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--seed", seed, "without --input: Poisson seed")->check(full_range<uint64_t>());
  sub->add_option("--every", every, "compare the weights every N steps")->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  sub->add_option("--hw", hw, "hardware configuration JSON (default: the network's)");
  add_rule_options(sub, rules);
  sub->add_option("--plot", plot, "PNG of the drift over time")->check(OutputFile);
  add_json_option(sub, json, "write the drift as JSON");
  sub->callback([] {
    Network net = read_network(network);
    apply_rule_options(net, rules, network);
    const Population& in = net.populations[net.input_population()];
    std::vector<std::vector<std::vector<uint32_t>>> samples;
    if (!input.empty()) {
      for (InputRaster& r : read_input_rasters(input, in.size, network + " input population '" + in.name + "'").samples)
        samples.push_back(std::move(r.steps));
    } else {
      std::mt19937_64 rng(seed);
      std::bernoulli_distribution fire(rate);
      samples.emplace_back(steps);
      for (auto& s : samples[0])
        for (uint32_t i = 0; i < in.size; ++i)
          if (fire(rng)) s.push_back(i);
    }
    const DriftResult r = plasticity_drift(net, target_hw(net, network, hw), samples, every, network);
    std::printf("%llu plastic synapses, L1 (integer codes) against L0 (continuous codes)\n",
                static_cast<unsigned long long>(r.synapses));
    std::printf("%10s %12s %12s %12s %12s %12s\n", "step", "mean |drift|", "max |drift|", "rms dw L1", "rms dw L0", "correlation");
    for (const DriftPoint& p : r.points)
      std::printf("%10llu %12.4f %12.4f %12.4f %12.4f %12.4f\n", static_cast<unsigned long long>(p.step), p.mean_abs_drift,
                  p.max_abs_drift, p.rms_change_l1, p.rms_change_l0, p.correlation);
    if (!plot.empty()) plot_drift(r, plot), std::printf("plot: %s\n", plot.c_str());
    if (!json.empty()) write_json(json, to_json(r));
  });
}

void add_pattern(CLI::App* top) {
  static PatternOptions opt;
  static uint32_t block = 10;
  static std::string plot, csv, json, save_network, save_input;
  auto* sub = top->add_subcommand("pattern", "unsupervised STDP finds a spike pattern hidden in Poisson noise (L1)");
  sub->add_option("--afferents", opt.afferents, "inputs")->check(CLI::Range(1u, 1024u));
  sub->add_option("--pattern-afferents", opt.pattern_afferents, "inputs that take part in the pattern (the first ones)")
      ->check(CLI::Range(0u, 1024u));
  sub->add_option("--pattern-steps", opt.pattern_steps, "pattern length (steps)")->check(CLI::Range(1u, 1000u));
  sub->add_option("--rate", opt.rate, "spike probability per input per step")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--pattern-fraction", opt.pattern_fraction, "share of segments that are a pattern copy")->check(CLI::Range(0.0, 0.5));
  sub->add_option("--segments", opt.segments, "run length in pattern-long segments")->check(CLI::Range(2u, 1000000u));
  sub->add_option("--seed", opt.seed, "input seed")->check(full_range<uint64_t>());
  sub->add_option("--block", block, "pattern copies per point of the learning curve")->check(CLI::Range(1u, 100000u));
  sub->add_option("--plot", plot, "PNG of the learning curve")->check(OutputFile);
  sub->add_option("--csv", csv, "the learning curve as CSV")->check(OutputFile);
  add_json_option(sub, json, "write the result as JSON");
  sub->add_option("--save-network", save_network, "the network before learning (.h5), for nmx run / nmx check")->check(OutputFile);
  sub->add_option("--save-input", save_input, "the input rasters (.h5, one sample), for --input")->check(OutputFile);
  sub->callback([] {
    const Network net = pattern_network(opt);
    const PatternInput in = pattern_input(opt);
    std::printf("%u afferents (%u in the pattern), rate %.3g per step, pattern %u steps, %zu copies in %zu steps, seed %llu\n",
                opt.afferents, opt.pattern_afferents, opt.rate, opt.pattern_steps, in.onsets.size(), in.raster.size(),
                static_cast<unsigned long long>(opt.seed));
    std::printf("rule: %s (%s)\n", pattern_rule(opt).c_str(), plastic::describe(pattern_rule_params(opt)).c_str());
    const PatternResult r = run_pattern_task(net, in, opt, block, "nmx plasticity pattern");
    std::printf("%8s %8s %14s %16s\n", "copies", "hits", "latency", "false alarms/1k");
    for (const PatternBlock& b : r.blocks)
      std::printf("%8u %8.2f %14.1f %16.2f\n", b.first_copy + b.copies, b.hit_rate, b.mean_latency, b.false_alarms);
    std::printf("last block: hit rate %.2f, latency %.1f steps, %.2f false alarms per 1000 noise steps; "
                "mean weight %.1f (pattern afferents), %.1f (others)\n",
                r.final_hit_rate, r.final_latency, r.final_false_alarms, r.mean_pattern_weight, r.mean_other_weight);
    if (!plot.empty()) plot_pattern(r, plot), std::printf("plot: %s\n", plot.c_str());
    if (!csv.empty()) write_pattern_csv(r, csv), std::printf("csv: %s\n", csv.c_str());
    if (!save_network.empty()) write_network(net, save_network), std::printf("network: %s\n", save_network.c_str());
    if (!save_input.empty()) {
      write_input_rasters(save_input, {in.raster}, opt.afferents, {});
      std::printf("input: %s\n", save_input.c_str());
    }
    if (!json.empty()) write_json(json, to_json(r, opt));
  });
}

}  // namespace

void add_plasticity_study(CLI::App* top) {
  add_window(top);
  add_weights(top);
  add_drift(top);
  add_pattern(top);
}

}  // namespace nmx::cli
