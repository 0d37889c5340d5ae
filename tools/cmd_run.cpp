#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "core/error.hpp"
#include "data/dataset.hpp"
#include "hw/hw_config.hpp"
#include "json_out.hpp"
#include "levels/timed_level.hpp"
#include "map/chip_image.hpp"
#include "map/target_hw.hpp"
#include "map/mode_cost.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "record/input_rasters.hpp"
#include "record/recording.hpp"
#include "rtl_chip_option.hpp"
#include "rule_options.hpp"
#include "run/runner.hpp"

namespace nmx::cli {
namespace {

struct RunArgs {
  std::string network, level = "fixed", data = "fashion-mnist", split = "test", data_dir, hw, json, rtl_chip = "auto";
  size_t limit = 1000;
  unsigned threads = 0;
  bool no_progress = false, no_l0 = false, estimate = false;
  std::string learning = "on", signal = "none", clamp = "none", save_network;
  // systemc level
  bool state = false;
  std::string trace, trace_steps = "0:9";
  uint32_t trace_sample = 0;
  // own inputs and recording (models/chip/record)
  std::string input, record, record_pops, record_steps, record_out;
  size_t record_samples = 1;
  RuleOptions rules;
};

void print_timing(const nlohmann::json& t) {
  const auto& c = t["core_cycles_per_step"];
  std::printf("  L2 timing at %.0f MHz (SystemC, cycle-accurate)\n", t["clock_mhz"].get<double>());
  std::printf("  %-34s %12.1f  (max %llu)\n", "cycles / timestep", t["cycles_per_step"].get<double>(),
              static_cast<unsigned long long>(t["max_cycles_per_step"].get<uint64_t>()));
  std::printf("  %-34s %12.1f  (closed-form estimate, mean |error| %.1f)\n", "",
              t["estimate"]["cycles_per_step"].get<double>(),
              t["estimate"]["mean_abs_error_cycles_per_step"].get<double>());
  std::printf("  %-34s %12.1f\n", "cycles / sample", t["cycles_per_sample"].get<double>());
  std::printf("  %-34s %12.2f\n", "simulated time / sample [us]", t["simulated_us_per_sample"].get<double>());
  std::printf("  %-34s %12.1f %12.1f %12.1f %12.1f\n", "per core: syn neu wait stall cycles",
              c["synaptic"].get<double>(), c["neuron"].get<double>(), c["barrier_wait"].get<double>(),
              c["route_stall"].get<double>());
  if (c["mode"].get<double>() > 0) std::printf("  %-34s %12.1f\n", "per core: mode phase cycles", c["mode"].get<double>());
  const auto& e = t["energy_nj_per_sample"];
  std::printf("  %-34s %12.1f  (synaptic %.1f, neuron %.1f, routing %.1f; dynamic only)\n",
              "energy / sample [nJ]", e["total"].get<double>(), e["synaptic"].get<double>(),
              e["neuron"].get<double>(), e["routing"].get<double>());
  if (t.contains("lockstep_l1")) {
    const auto& l = t["lockstep_l1"];
    std::printf("  %-34s %llu steps, %llu spikes, %llu words compared, 0 mismatches\n", "lockstep L1 = L2",
                static_cast<unsigned long long>(l["steps"].get<uint64_t>()),
                static_cast<unsigned long long>(l["spikes"].get<uint64_t>()),
                static_cast<unsigned long long>(l["words_compared"].get<uint64_t>()));
  }
}

void print_report(const RunArgs& a, const RunReport& r, const std::string& source) {
  std::printf("nmx run %s  level=%s  data=%s[0:%zu]  threads=%u  %.2f s\n", a.network.c_str(), to_string(r.level),
              source.c_str(), r.samples, r.threads, r.wall_seconds);
  const std::string lv = r.level == Level::SystemC ? "L2" : r.level == Level::Rtl ? "L3" : "L1";
  if (r.compared) {
    std::printf("  %-34s %12s %12s\n", "", "L0 float", (lv + " " + to_string(r.level)).c_str());
    if (r.labelled) std::printf("  %-34s %11.2f%% %11.2f%%\n", "accuracy", 100 * r.accuracy_l0, 100 * r.accuracy);
    std::printf("  %-34s %24.2f%%\n", ("prediction agreement L0/" + lv).c_str(), 100 * r.prediction_agreement);
    std::printf("  %-34s %24.2f%%\n", ("spike agreement L0/" + lv + " (Dice)").c_str(), 100 * r.spike_agreement);
  } else if (r.labelled) {
    std::printf("  %-34s %11.2f%%\n", "accuracy", 100 * r.accuracy);
  }
  if (!r.labelled) std::printf("  %-34s %12s\n", "accuracy", "n/a (no labels)");
  std::printf("  %-34s %12.0f\n", "input spikes / sample", r.input_spikes_per_sample);
  std::printf("  %-34s %12.0f\n", "synaptic events / sample", r.synaptic_events_per_sample);
  if (r.timing_estimated) {
    std::printf("  %-34s %12.0f  (closed form from L1 activity; --level systemc measures it)\n",
                "estimated cycles / sample", r.estimated_cycles_per_sample);
    std::printf("  %-34s %12.1f  (dynamic, event counts x energy_pj)\n", "estimated energy / sample [nJ]",
                r.energy_nj_per_sample);
  }
  if (r.compared) {
    std::printf("  %-12s %12s %12s %14s %14s\n", "population", "spikes L0", ("spikes " + lv).c_str(), "count corr r", "v RMSE [θ]");
    for (const auto& p : r.populations)
      std::printf("  %-12s %12.1f %12.1f %14.4f %14.4f\n", p.name.c_str(), p.spikes_per_sample_l0, p.spikes_per_sample,
                  p.count_correlation, p.membrane_rmse_theta);
  } else {
    std::printf("  %-12s %12s\n", "population", "spikes");
    for (const auto& p : r.populations) std::printf("  %-12s %12.1f\n", p.name.c_str(), p.spikes_per_sample);
  }
}

// The mode units of the chip (docs/chip-spec.md §6): their phase and memory against the
// same recurrence stored densely.
void print_mode_costs(const std::vector<ModeCost>& costs) {
  for (const ModeCost& m : costs) {
    std::printf("  mode unit, core %-3u N=%u P=%u WM=%u: %llu cycles / step; %llu words = %llu bits (+ r %llu bits), "
                "dense W: %llu codes = %llu bits (%llu as synapse rows), %.1fx less\n",
                m.core, m.neurons, m.modes, m.code_bits, static_cast<unsigned long long>(m.cycles_per_step),
                static_cast<unsigned long long>(m.words), static_cast<unsigned long long>(m.bits),
                static_cast<unsigned long long>(m.trace_bits), static_cast<unsigned long long>(m.dense_words),
                static_cast<unsigned long long>(m.dense_bits), static_cast<unsigned long long>(m.dense_row_bits),
                static_cast<double>(m.dense_bits) / static_cast<double>(m.bits));
  }
}

nlohmann::json mode_costs_json(const std::vector<ModeCost>& costs) {
  nlohmann::json j = nlohmann::json::array();
  for (const ModeCost& m : costs)
    j.push_back({{"core", m.core}, {"neurons", m.neurons}, {"modes", m.modes}, {"code_bits", m.code_bits},
                 {"cycles_per_step", m.cycles_per_step}, {"words", m.words}, {"bits", m.bits},
                 {"trace_bits", m.trace_bits}, {"dense_words", m.dense_words}, {"dense_bits", m.dense_bits},
                 {"dense_row_bits", m.dense_row_bits}});
  return j;
}

}  // namespace

void add_run(CLI::App& app) {
  static RunArgs a;
  auto* sub = app.add_subcommand("run", "run a network over a dataset at one level");
  sub->add_option("network", a.network, "network file (.h5)")->required();
  sub->add_option("--level", a.level,
                  "float (L0), fixed (L1), systemc (L2, checked against L1 every step) or rtl (L3, the Verilated "
                  "chip); the chip levels also run L0 and report the agreement")
      ->check(CLI::IsMember({"float", "fixed", "systemc", "rtl"}));
  sub->add_option("--data", a.data, "dataset")->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  sub->add_option("--split", a.split, "train or test")->check(CLI::IsMember({"train", "test"}));
  sub->add_option("--limit", a.limit, "first K samples (0 = all)")->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--data-dir", a.data_dir, "dataset directory (default: the installed one)");
  sub->add_option("--hw", a.hw, "hardware configuration JSON (default: the one the network was quantised for, else built-in)");
  sub->add_option("--threads,-j", a.threads, "worker threads (0 = every core); results do not depend on it")
      ->check(CLI::Range(0u, 1024u));
  add_json_option(sub, a.json, "write the results as JSON");
  add_rtl_chip_option(sub, a.rtl_chip);
  sub->add_flag("--no-progress", a.no_progress, "no progress bar");
  add_rule_options(sub, a.rules);
  sub->add_flag("--estimate", a.estimate,
                "fixed: estimate cycles (closed form) and dynamic energy per sample from L1's activity");
  sub->add_flag("--no-l0", a.no_l0, "chip levels: do not run L0 beside (measures the chip level alone)");
  sub->add_option("--learning", a.learning,
                  "on: a network with plasticity rules learns while it runs (one thread; weights carry over samples); "
                  "off: its weights stay fixed")
      ->check(CLI::IsMember({"on", "off"}));
  sub->add_option("--learning-signal", a.signal,
                  "l of the learning neurons: none, reward:V (host, every neuron), neuron:POPULATION:N:A (A while that "
                  "neuron has spiked since the last epoch), label:A (A on the readout neuron of the sample's label)");
  sub->add_option("--clamp", a.clamp,
                  "none; label: teacher forcing, each sample clamps the readout neuron of its label to spike every step "
                  "and the other readout neurons silent (the accuracy printed is then the teacher's)")
      ->check(CLI::IsMember({"none", "label"}));
  sub->add_option("--save-network", a.save_network, "write the network with the weights learned at the run's level")
      ->check(OutputFile);
  sub->add_flag("--state", a.state, "systemc: also compare u, v, ref, lfsr of every neuron with L1 every step");
  sub->add_option("--trace", a.trace, "systemc: write a VCD of the core and router interfaces; rtl: an FST of "
                                      "the whole chip (GTKWave)")
      ->check(OutputFile);
  sub->add_option("--trace-steps", a.trace_steps, "systemc, rtl: timesteps traced, FIRST:LAST");
  sub->add_option("--trace-sample", a.trace_sample, "systemc, rtl: which sample is traced")->check(CLI::Range(0u, 59999u));
  sub->add_option("--input", a.input, "run these input spike rasters (HDF5 spikes[samples][steps][inputs]) instead of --data");
  sub->add_option("--record", a.record, "record per step: any of spikes,v,u (needs --record-out)");
  sub->add_option("--record-pops", a.record_pops, "populations recorded, comma-separated (default: all)");
  sub->add_option("--record-steps", a.record_steps, "steps recorded, FIRST:LAST or one step (default: all)");
  sub->add_option("--record-samples", a.record_samples, "record the first K samples")
      ->check(CLI::Range(size_t{1}, size_t{60000}));
  sub->add_option("--record-out", a.record_out, "recording file to write (HDF5)")->check(OutputFile);
  sub->callback([] {
    const Level level = parse_level(a.level);
    Network net = read_network(a.network);
    apply_rule_options(net, a.rules, a.network);
    if (a.record.empty() != a.record_out.empty()) throw InputError("--record and --record-out go together");
    std::optional<Dataset> data;
    InputRasters own;
    std::string source;
    if (!a.input.empty()) {
      const Population& in = net.populations[net.input_population()];
      own = read_input_rasters(a.input, in.size, a.network + " input population '" + in.name + "'");
      source = a.input;
    } else {
      data = load_dataset(a.data, a.split == "train" ? Split::Train : Split::Test, a.limit, a.data_dir);
      source = data->name + " " + data->split;
    }
    const size_t total = data ? data->size() : own.samples.size();
    const uint32_t steps = data ? net.encoder.steps : own.steps;
    if (!a.save_network.empty() && (!has_plasticity(net) || a.learning == "off"))
      throw InputError("--save-network: nothing learns (" +
                       std::string(has_plasticity(net) ? "--learning off" : a.network + " has no plasticity rule") + ")");
    std::optional<ChipImage> chip;
    if (is_chip_level(level)) chip = build_chip_image(net, target_hw(net, a.network, a.hw), a.network);
    RunOptions opt;
    opt.learning = a.learning == "on";
    opt.signal = parse_learning_signal(a.signal, net, "--learning-signal");
    opt.clamp_label = a.clamp == "label";
    opt.keep_learned = !a.save_network.empty();
    opt.level = level;
    opt.threads = a.threads;
    opt.compare_with_l0 = !a.no_l0;
    opt.estimate_timing = a.estimate;
    TimedLevelOptions to;
    to.state = a.state;
    to.trace = a.trace;
    to.trace_sample = a.trace_sample;
    parse_step_window(a.trace_steps, to.trace_first, to.trace_last);
    if (level == Level::Rtl) to.rtl_chip = rtl_chip_for(*chip, rtl_chip_choice(a.rtl_chip), say_line);
    const TimedLevel timed = use_timed_level(level, chip ? &*chip : nullptr, to, opt);
    std::optional<Recorder> recorder;
    if (!a.record.empty()) {
      recorder.emplace(net, parse_record_spec(net, a.record, a.record_pops, a.record_steps, a.record_samples, steps, total),
                       to_string(level), is_chip_level(level));
      opt.observe = [&](size_t sample, uint32_t t, const std::vector<uint32_t>& in, const LevelModel& m,
                        const PopulationSpikes& s) { recorder->record(sample, t, in, m, s); };
    }
    Progress progress("run", !a.no_progress);
    opt.progress = [&](size_t d, size_t t) { progress(d, t); };
    const RunReport r = data ? run_dataset(net, chip ? &*chip : nullptr, *data, opt)
                             : run_rasters(net, chip ? &*chip : nullptr, own.samples, own.labels, opt);
    print_report(a, r, source);
    const std::vector<ModeCost> modes = chip ? mode_costs(*chip) : std::vector<ModeCost>{};
    print_mode_costs(modes);
    if (r.learned_run) std::printf("  %-34s %12s\n", "learning (signal)", r.signal.c_str());
    if (r.clamp_label) std::printf("  %-34s %12s\n", "readout clamped to the label", "yes (accuracy is the teacher's)");
    if (r.learned) {
      write_network(*r.learned, a.save_network);
      std::printf("  %-34s %12llu  -> %s\n", "learned weights changed", static_cast<unsigned long long>(r.weights_changed),
                  a.save_network.c_str());
    }
    if (recorder) {
      recorder->write(a.record_out, a.network, a.input.empty() ? source : a.input);
      std::printf("  recording: %s (%zu samples, steps %u:%u)\n", a.record_out.c_str(), recorder->spec().samples,
                  recorder->spec().first_step, recorder->spec().last_step);
    }
    const nlohmann::json timing = chip ? timed.finish(*chip) : nlohmann::json();
    if (!timing.is_null()) print_timing(timing);
    if (!a.trace.empty()) std::printf("  trace: %s (steps %s of sample %u)\n", a.trace.c_str(), a.trace_steps.c_str(), a.trace_sample);
    if (!a.json.empty()) {
      nlohmann::json j = to_json(r);
      if (!timing.is_null()) j["l2"] = timing;
      if (!modes.empty()) j["mode_units"] = mode_costs_json(modes);
      j["network"] = a.network;
      if (data) j["dataset"] = {{"name", data->name}, {"split", data->split}, {"samples", data->size()}};
      else j["input"] = {{"file", a.input}, {"samples", own.samples.size()}, {"steps", own.steps}};
      write_json(a.json, j);
    }
  });
}

}  // namespace nmx::cli
