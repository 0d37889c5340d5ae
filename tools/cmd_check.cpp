#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>

#include "check/check_run.hpp"
#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "data/dataset.hpp"
#include "tem/tem_chip.hpp"
#include "encode/encoder.hpp"
#include "gen/random_chip.hpp"
#include "hw/hw_config.hpp"
#include "l2/chip_l2.hpp"
#include "map/target_hw.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "record/input_rasters.hpp"
#include "rule_options.hpp"
#include "rtl_chip_option.hpp"
#include "rtl_user/user_core.hpp"
#include "l3/rtl_image.hpp"

namespace nmx::cli {
namespace {

struct CheckArgs {
  std::string network, levels = "fixed,systemc,rtl", data = "fashion-mnist", split = "test", data_dir, hw, trace;
  std::string trace_steps = "0:4", fault = "none", save, input, top, rtl_build, rtl_chip = "auto";
  std::string signal = "none", clamp = "none";
  std::vector<std::string> rtl;
  size_t samples = 10;
  unsigned threads = 0;
  uint64_t signal_seed = 2;
  std::optional<uint64_t> random;
  bool state = false, no_progress = false;
  RuleOptions rules;
};

void parse_levels(const std::string& text, CheckRunOptions& o) {
  o.systemc = o.rtl = false;
  bool fixed = false;
  std::stringstream ss(text);
  for (std::string level; std::getline(ss, level, ',');) {
    if (level == "fixed" || level == "L1") fixed = true;
    else if (level == "systemc" || level == "L2") o.systemc = true;
    else if (level == "rtl" || level == "L3") o.rtl = true;
    else throw InputError("--levels " + text + ": unknown level '" + level + "' (allowed: fixed, systemc, rtl)");
  }
  if (!fixed) throw InputError("--levels " + text + ": L1 (fixed) is the reference and must be listed");
  if (!o.systemc && !o.rtl) throw InputError("--levels " + text + ": name at least one of systemc, rtl besides fixed");
}

}  // namespace

void add_check(CLI::App& app) {
  static CheckArgs a;
  auto* sub = app.add_subcommand("check", "run levels in lockstep and stop at the first divergence");
  sub->add_option("network", a.network, "network file (.h5); not with --random");
  sub->add_option("--levels", a.levels, "fixed (the reference) and any of systemc, rtl");
  sub->add_option("--samples", a.samples, "samples to run")->check(CLI::Range(size_t{1}, size_t{1000000}));
  sub->add_option("--data", a.data, "dataset; tem = band-limited test signals for a time-encoding network")
      ->check(CLI::IsMember({"fashion-mnist", "mnist", "tem"}));
  sub->add_option("--input", a.input, "check these input spike rasters (HDF5 spikes[samples][steps][inputs], as nmx "
                                      "run --input) instead of --data; every sample")
      ->check(CLI::ExistingFile);
  sub->add_option("--signal-seed", a.signal_seed, "with --data tem: test-signal seed (as nmx tem compare --seed)")
      ->check(full_range<uint64_t>());
  sub->add_option("--split", a.split, "train or test")->check(CLI::IsMember({"train", "test"}));
  sub->add_option("--data-dir", a.data_dir, "dataset directory (default: the installed one)");
  sub->add_option("--hw", a.hw, "hardware configuration JSON (default: the one the network was quantised for, else built-in)");
  sub->add_option("--random", a.random, "check a random network within chip limits drawn from SEED instead")
      ->check(full_range<uint64_t>());
  sub->add_option("--save", a.save, "with --random: write the drawn network (DIR/network.h5) and inputs (DIR/inputs.h5)")
      ->check(OutputDir);
  sub->add_flag("--state", a.state, "also compare u, v, ref, lfsr of every neuron every step, and on learning "
                                    "cores every trace and plastic synapse (x1 x2 y1 y2 e w d)");
  sub->add_option("--trace", a.trace, "write an FST waveform of L3 around the first mismatch (or of --trace-steps)")
      ->check(OutputFile);
  sub->add_option("--trace-steps", a.trace_steps, "steps of sample 0 traced when nothing diverges, FIRST:LAST");
  sub->add_option("--fault", a.fault, "test-only RTL fault hook, to see the checker catch it: every delay + 1, "
                                      "the decay's rounding constant off by one, or the plasticity unit adding "
                                      "every rule term with a + sign")
      ->check(CLI::IsMember({"none", "delay", "rounding", "plasticity"}));
  sub->add_option("--rtl", a.rtl, "check your own core at L3: its SystemVerilog files, Verilated into the chip in "
                                  "place of nmx_core (docs/core-interface.md); needs --top")
      ->expected(1, -1)
      ->check(CLI::ExistingFile);
  sub->add_option("--top", a.top, "with --rtl: the core's module name");
  sub->add_option("--rtl-build", a.rtl_build, "with --rtl: keep the Verilator build in DIR (default: a temporary folder, removed)");
  add_rtl_chip_option(sub, a.rtl_chip);
  sub->add_option("--learning-signal", a.signal,
                  "l of the learning neurons, written at each sample's start at every level: none, reward:V, label:A "
                  "(as nmx run)");
  sub->add_option("--clamp", a.clamp, "none; label: each sample clamps the readout neuron of its label to spike every "
                                      "step and the others silent, at every level (as nmx run)")
      ->check(CLI::IsMember({"none", "label"}));
  sub->add_option("--threads,-j", a.threads,
                  "worker threads, each with its own L1 and L3 chip, when systemc is not among the levels, "
                  "nothing learns and there is no --learning-signal or --clamp (0 = every core); the result "
                  "does not depend on it")
      ->check(CLI::Range(0u, 1024u));
  sub->add_flag("--no-progress", a.no_progress, "no progress bar");
  add_rule_options(sub, a.rules);
  sub->callback([] {
    CheckRunOptions o;
    parse_levels(a.levels, o);
    o.state = a.state;
    o.threads = a.threads;
    o.fault = a.fault == "delay"        ? l3::Fault::DelayPlusOne
              : a.fault == "rounding"   ? l3::Fault::DecayRounding
              : a.fault == "plasticity" ? l3::Fault::PlasticSign
                                        : l3::Fault::None;
    if (o.fault != l3::Fault::None && !o.rtl) throw InputError("--fault is an RTL hook: add rtl to --levels");
    if (!a.trace.empty() && !o.rtl) throw InputError("--trace writes an L3 waveform: add rtl to --levels");
    o.fst_path = a.trace;
    parse_step_window(a.trace_steps, o.trace_first, o.trace_last);

    Network net;
    HwConfig hw;
    std::vector<std::vector<std::vector<uint32_t>>> samples;
    std::string source;
    if (a.random) {
      if (!a.network.empty()) throw InputError("--random draws its own network: give no network file");
      if (!a.input.empty()) throw InputError("--input replays a network file's inputs: not with --random");
      if (!a.rules.rules.empty() || !a.rules.params.empty())
        throw InputError("--rule and --rule-params change a network file's rules: not with --random");
      RandomChip rc = random_chip(*a.random, static_cast<uint32_t>(a.samples));
      std::printf("nmx check --random %llu: %s\n", static_cast<unsigned long long>(*a.random), rc.summary.c_str());
      net = std::move(rc.network);
      hw = rc.hw;
      samples = std::move(rc.samples);
      source = "random network " + std::to_string(*a.random);
      if (!a.save.empty()) {
        // The chip it was drawn for goes with it, so `nmx run DIR/network.h5 --input DIR/inputs.h5` replays it.
        Network saved = net;
        saved.hw = hw;
        std::filesystem::create_directories(a.save);
        write_network(saved, a.save + "/network.h5");
        write_input_rasters(a.save + "/inputs.h5", samples, net.populations[net.input_population()].size, {});
        std::printf("saved: %s/network.h5, %s/inputs.h5\n", a.save.c_str(), a.save.c_str());
      }
    } else {
      if (a.network.empty()) throw InputError("nmx check: give a network file (.h5) or --random SEED");
      if (!a.input.empty() && a.data == "tem") throw InputError("--input gives the inputs: not with --data tem");
      if (!a.save.empty()) throw InputError("--save writes what --random draws: add --random SEED");
      net = read_network(a.network);
      apply_rule_options(net, a.rules, a.network);
      hw = target_hw(net, a.network, a.hw);
      source = a.network;
      if (!a.input.empty()) {
        const Population& in = net.populations[net.input_population()];
        InputRasters rasters = read_input_rasters(a.input, in.size, a.network + " input population '" + in.name + "'");
        for (InputRaster& r : rasters.samples) samples.push_back(std::move(r.steps));
        o.labels = rasters.labels;
      } else if (a.data == "tem") {
        tem::layer_of(net, a.network);  // a clear error if this is not a TEM network
        for (size_t i = 0; i < a.samples; ++i)
          samples.push_back(tem::chip_raster(net, tem::test_signal(net, a.signal_seed, static_cast<uint32_t>(i))));
      } else {
        const Dataset data = load_dataset(a.data, a.split == "train" ? Split::Train : Split::Test, a.samples, a.data_dir);
        const uint32_t in = net.input_population();
        if (net.populations[in].size != data.rows * data.cols)
          throw InputError(a.network + ": input population has " + std::to_string(net.populations[in].size) +
                           " neurons, " + data.name + " has " + std::to_string(data.rows * data.cols) + " pixels");
        for (size_t i = 0; i < data.size(); ++i)
          samples.push_back(encode(net.encoder, data.image(i), net.populations[in].size, i).steps);
        o.labels.assign(data.labels.begin(), data.labels.end());
      }
    }
    if (a.random && (a.signal != "none" || a.clamp != "none"))
      throw InputError("--learning-signal and --clamp go with a network file, not --random");
    o.net = &net;
    o.signal = parse_learning_signal(a.signal, net, "--learning-signal");
    o.clamp_label = a.clamp == "label";
    const ChipImage chip = build_chip_image(net, hw, source);
    if (o.systemc) l2::preflight(chip);
    if (!a.rtl.empty()) {
      if (!o.rtl) throw InputError("--rtl checks your core at L3: add rtl to --levels");
      if (a.top.empty()) throw InputError("--rtl needs --top NAME: the core's module name");
      if (o.fault != l3::Fault::None) throw InputError("--fault is a hook of nmx's own core: not with --rtl");
      if (a.rtl_chip == "builtin") throw InputError("--rtl builds a chip around your core: not with --rtl-chip builtin");
      UserCore core{a.rtl, a.top, l3::sized_rtl_limits(chip), a.rtl_build};
      o.chip = build_user_core(core, say_line);
    } else if (!a.top.empty() || !a.rtl_build.empty()) {
      throw InputError("--top and --rtl-build go with --rtl FILE...");
    } else if (o.rtl) {
      o.chip = rtl_chip_for(chip, rtl_chip_choice(a.rtl_chip), say_line);
    }
    Progress progress("check", !a.no_progress);
    o.progress = [&](size_t d, size_t t) { progress(d, t); };
    const CheckRunResult r = run_check(chip, samples, o);
    if (r.failure) {
      std::printf("%s\n", r.failure->line.c_str());
      if (r.failure->last_agreeing_step >= 0)
        std::printf("last agreeing step: %lld (sample %u)\n", static_cast<long long>(r.failure->last_agreeing_step),
                    r.failure->sample);
      else
        std::printf("no step of sample %u agreed\n", r.failure->sample);
    } else {
      std::printf("%llu steps, %llu spikes, %llu words compared, 0 mismatches\n",
                  static_cast<unsigned long long>(r.steps), static_cast<unsigned long long>(r.spikes),
                  static_cast<unsigned long long>(r.words));
      if (o.systemc && o.rtl)
        std::printf("L2 = L3 cycle for cycle: %llu cycles over %llu samples\n",
                    static_cast<unsigned long long>(r.l3_cycles), static_cast<unsigned long long>(r.samples));
    }
    if (!r.trace.empty()) std::printf("waveform: %s\n", r.trace.c_str());
    if (r.failure) throw CheckFailed();
  });
}

}  // namespace nmx::cli
